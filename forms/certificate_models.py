"""采纳证书 and 感谢信 once issued: one row per adopted opinion and kind, with the verification code
printed on the paper (forms/certificates.py issues them, lazily, the first time one is asked for)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: the code is read off paper and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ≈ 2**59: not guessable, even without the rate limit


class IssuedDocument(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("采纳证书")
        LETTER = "letter", _("感谢信")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    opinion = models.ForeignKey(
        "forms.Opinion",
        verbose_name=_("意见建议"),
        on_delete=models.CASCADE,  # opinions are never deleted (Opinion.delete)
        related_name="issued_documents",
    )
    # The point the certificate is made out to (certificates only): a page of the role
    # core.plugins.POINT_PAGE, named by id as everywhere in the opinions plugin.
    point = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("联系点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.CharField(_("验证码"), max_length=CODE_LENGTH, unique=True, editable=False)
    issued_at = models.DateTimeField(_("发放时间"), default=timezone.now, editable=False)
    revoked = models.BooleanField(
        _("已作废"),
        default=False,
        help_text=_("作废后，验证页面显示该证书无效，也不能再下载。"),
    )

    class Meta:
        verbose_name = _("采纳证书")
        verbose_name_plural = _("采纳证书")
        ordering = ["-issued_at", "-id"]
        # Issued by forms/certificates.py only, never added or deleted by hand.
        default_permissions = ("view",)
        constraints = [
            # Two clicks at once, a reload: the index decides, one document per opinion and kind.
            models.UniqueConstraint(fields=["kind", "opinion"], name="forms_issued_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.display_code}"

    @property
    def display_code(self) -> str:
        """``ABCD-EFGH-JKMN``: in groups of four, as printed."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

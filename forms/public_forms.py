"""Public forms: the opinion form (drafts and articles), the form-page base, the status lookup."""

from __future__ import annotations

import copy
import re
import secrets
import unicodedata

import filetype
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _

from core.interfaces import as_commentable, submission_kind
from core.spam import SPAM_FIELDS, SpamProtectedForm
from core.uploads import inspect_image, reencode_image
from core.visible_text import is_invisible, visible_text  # noqa: F401 - used by forms.api
from core.widgets import PhoneInput, never_cut

from . import kept_uploads
from .models import MAX_TEXT_LENGTH, Category, PublishConsent
from .receipts import normalise, normalise_contact

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
# extension → MIME types the content must sniff as (filetype reads the magic bytes).
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED_ATTACHMENTS = {
    "pdf": {"application/pdf"},
    "docx": {DOCX_MIME, "application/zip"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "heic": {"image/heic", "image/heif"},
}

phone_validator = RegexValidator(r"^\+?[0-9][0-9 \-]{5,19}$", _("请输入有效的电话号码。"))


class PhoneField(forms.CharField):
    """A phone number as typed on any keyboard: full-width digits, ＋ and － (a Chinese input
    method's default) are read as the ordinary ones (NFKC) before the number is checked."""

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFKC", value).strip() if value else value


def check_attachment(upload) -> str:
    """Validate one upload by size, extension and content; return its sniffed MIME type."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_ATTACHMENTS:
        raise ValidationError(_("“%(name)s”：只接受 PDF、DOCX 或图片文件。"), params={"name": name})
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("“%(name)s”超过 %(max)s。"),
            params={"name": name, "max": filesizeformat(MAX_ATTACHMENT_SIZE)},
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_ATTACHMENTS[ext]:
        raise ValidationError(_("“%(name)s”的内容与文件类型不符。"), params={"name": name})
    if ext == "docx" and mime == "application/zip":
        upload.seek(0)
        import zipfile

        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" not in archive.namelist():
                    raise ValidationError(
                        _("“%(name)s”不是有效的 Word 文档。"), params={"name": name}
                    )
        except zipfile.BadZipFile as exc:
            raise ValidationError(
                _("“%(name)s”不是有效的 Word 文档。"), params={"name": name}
            ) from exc
        upload.seek(0)
        mime = DOCX_MIME
    return mime


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("最多上传 %(n)s 个附件。"), params={"n": MAX_ATTACHMENTS})
        errors, cleaned = [], []
        for upload in files:
            try:
                mime = check_attachment(upload)
                if mime.startswith("image/"):
                    # Header only (size, frames): the costly re-encoding waits until the whole
                    # submission is otherwise valid (``process_attachments``).
                    inspect_image(upload, mime)
                upload.lb_content_type = mime
                cleaned.append(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def process_attachments(uploads) -> list:
    """Images re-encoded by Pillow (no EXIF — GPS position —, nothing after the pixels); other
    files as they are. Called only for a submission that is valid in every other respect, so a
    refused one never costs image processing."""
    processed = []
    for upload in uploads:
        mime = getattr(upload, "lb_content_type", "")
        if mime.startswith("image/"):
            upload = reencode_image(upload, mime)
        processed.append(upload)
    return processed


class OpinionTextField(forms.CharField):
    """Text that must say something: whitespace and zero-width characters alone are refused."""

    def to_python(self, value):
        typed = value if isinstance(value, str) else ""
        value = visible_text(super().to_python(value))
        self.only_invisible = bool(typed) and not value
        return value

    def validate(self, value):
        if not value and getattr(self, "only_invisible", False):
            raise ValidationError(
                _("请填写意见内容：只有空格或不可见字符的内容无法提交。"), code="invisible"
            )
        super().validate(value)


SUBMISSION_TOKEN = re.compile(r"[0-9a-f]{32}")


def new_submission_token() -> str:
    return secrets.token_hex(16)


class ContactFieldsMixin(SpamProtectedForm):
    """Fields every opinion has besides its text: who (optional), how to reach them, consent
    (and the spam defence's honeypot, timestamp and, when asked for, CAPTCHA)."""

    category = forms.ChoiceField(
        label=_("您的身份"),
        choices=Category.choices,
        initial=Category.PUBLIC,
        error_messages={"required": _("请选择您的身份。")},
    )
    name = forms.CharField(label=_("姓名（可不填，匿名提交）"), max_length=100, required=False)
    phone = PhoneField(
        label=_("手机号码"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=PhoneInput(),
        help_text=_("选填。留下电话或邮箱，才能收到答复通知并查询办理情况。"),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("请填写有效的电子邮箱地址。")},
    )
    region = forms.CharField(label=_("所在地区/社区"), max_length=100, required=False)
    publish_consent = forms.ChoiceField(
        label=_("是否同意公开您的意见"),
        choices=PublishConsent.choices,
        initial=PublishConsent.NONE,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择是否同意公开您的意见。")},
    )
    privacy_consent = forms.BooleanField(
        label=_("我已阅读并同意隐私说明：个人信息仅用于答复和联系，不会公开。"),
        required=True,
        error_messages={"required": _("请阅读并同意隐私说明后再提交。")},
    )
    # Single-use token put in the form when it is shown: the same form posted twice (a double
    # tap, the back button) finds the opinion of the first post (``intake.replayed``).
    submission_token = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput, initial=new_submission_token
    )

    def clean_submission_token(self):
        token = self.cleaned_data.get("submission_token") or ""
        return token if SUBMISSION_TOKEN.fullmatch(token) else ""


def _length_help():
    # Formatted when rendered: the field is built at import time, in no visitor's language.
    return _("最多 %(n)s 字。") % {"n": MAX_TEXT_LENGTH}


def text_field(required=True):
    return OpinionTextField(
        label=_("意见内容"),
        max_length=MAX_TEXT_LENGTH,
        required=required,
        strip=True,
        widget=forms.Textarea(
            attrs={"rows": 8, "maxlength": MAX_TEXT_LENGTH, "data-counter": "true"}
        ),
        help_text=lazy(_length_help, str)(),
        error_messages={
            "required": _("请填写意见内容。"),
            "max_length": _("意见内容最多 %(limit_value)d 字（当前 %(show_value)d 字）。"),
        },
    )


class OpinionForm(ContactFieldsMixin):
    """The comment form of a commentable page (a draft): whole page or one article."""

    text = text_field()
    article = forms.CharField(label=_("针对的条文"), required=False, widget=forms.Select)
    attachments = MultipleFileField(
        label=_("附件（可选）"),
        required=False,
        help_text=_("PDF、DOCX 或图片，最多 3 个，每个不超过 10 MB。"),
    )

    # Attachments of an earlier, refused submission of this form (see kept_uploads).
    kept_attachments = forms.CharField(widget=forms.HiddenInput, required=False)
    drop_kept = forms.BooleanField(label=_("不再附上已保留的附件"), required=False)

    keeps_uploads = True  # core.spam.guard: no "choose your files again" note

    # Asked first, and required, only when the page's SubmissionKind has a ``subject_label``
    # (建议项目名称 of a project proposal); removed otherwise.
    subject = forms.CharField(
        max_length=200,
        strip=True,
        error_messages={"max_length": _("最多 %(limit_value)d 字（当前 %(show_value)d 字）。")},
    )

    field_order = [
        "subject",
        "article",
        "text",
        "attachments",
        "drop_kept",
        "kept_attachments",
        "category",
        "name",
        "phone",
        "email",
        "region",
        "publish_consent",
        "privacy_consent",
        "submission_token",
    ]

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.commentable = as_commentable(page)
        kind = submission_kind(page)
        if kind.target_label:
            self.fields["article"].label = kind.target_label
        label = kind.subject_label
        if label:
            self.fields["subject"].label = label
            self.fields["subject"].error_messages = {
                **self.fields["subject"].error_messages,
                "required": _("请填写“%(label)s”。") % {"label": label},
            }
        else:
            del self.fields["subject"]
        self._use_kind_words(kind)
        # The choice list needs only each article's number: the full targets (text, version,
        # permalink) are built when a submission is checked, not for every reader of the form.
        labels = self.commentable.current_article_labels() if self.commentable else {}
        if labels:
            whole = kind.whole_label or _("草案整体")
            self.fields["article"].widget.choices = [("", whole), *labels.items()]
        else:
            self.fields["article"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        token = self.data.get(self.add_prefix("kept_attachments"), "") if self.is_bound else ""
        items, self.missing_kept = kept_uploads.unsign(token)
        self.not_kept: list[str] = []
        self._show_kept(items)

    def _use_kind_words(self, kind) -> None:
        """A page that is not a draft names the text box and the consent in its own words (a
        proposal's 立法的必要性和主要内容, 公开您的建议); a draft keeps the fields as declared."""
        if kind.text_label:
            text = self.fields["text"]
            text.label = kind.text_label
            text.error_messages = {
                **text.error_messages,
                "required": _("请填写“%(label)s”。") % {"label": kind.text_label},
                "max_length": _("最多 %(limit_value)d 字（当前 %(show_value)d 字）。"),
            }
        if kind.noun:
            consent = self.fields["publish_consent"]
            consent.label = _("是否同意公开您的%(noun)s") % {"noun": kind.noun}
            consent.error_messages = {
                **consent.error_messages,
                "required": _("请选择是否同意公开您的%(noun)s。") % {"noun": kind.noun},
            }

    def _show_kept(self, items: list[dict]) -> None:
        self.kept_items = items
        notes = []
        if items:
            names = "、".join(item["name"] for item in items)
            notes.append(_("已保留您上次选择的附件：%(names)s，无需重新选择。") % {"names": names})
        else:
            self.fields.pop("drop_kept", None)
        if self.not_kept:
            notes.append(
                _("附件%(names)s未能保留，提交时请重新选择。")
                % {"names": "、".join(f"“{name}”" for name in self.not_kept)}
            )
        if notes:
            self.fields["attachments"].help_text = " ".join(str(note) for note in notes)
            self._bound_fields_cache.pop("attachments", None)  # a BoundField copies its help text

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("attachments")
        self.new_uploads = new or []
        dropping = cleaned.get("drop_kept")
        kept = [] if dropping else self.kept_items
        if self.missing_kept and not dropping:
            # Said, not silently dropped: the visitor believes these files go with the opinion.
            self.add_error(
                "attachments",
                ValidationError(
                    _("已保留的附件%(names)s已过期删除，请重新选择后再提交。"),
                    params={"names": "、".join(f"“{name}”" for name in self.missing_kept)},
                    code="kept_gone",
                ),
            )
        if new is not None:
            if len(new) + len(kept) > MAX_ATTACHMENTS:
                self.add_error(
                    "attachments",
                    ValidationError(_("最多上传 %(n)s 个附件。"), params={"n": MAX_ATTACHMENTS}),
                )
            elif not self.errors:
                # Everything else is valid: only now are the images re-encoded.
                try:
                    files = process_attachments([*map(kept_uploads.KeptFile, kept), *new])
                except ValidationError as exc:
                    self.add_error("attachments", exc)
                else:
                    self.used_kept = kept
                    cleaned["attachments"] = files
        return cleaned

    def keep_for_retry(self, request, keep_new: bool = True) -> None:
        """The form is being shown again: store the attachments that passed their checks and
        carry them in the hidden field, so the visitor need not choose them again. Nothing new
        is stored when ``keep_new`` is false (a submission refused as a likely bot) or over the
        quotas (``kept_uploads.keep``); the visitor is then told to choose those files again."""
        if not hasattr(self, "cleaned_data"):
            return  # never validated (e.g. refused by the hard rate limit): nothing to keep
        kept = self.kept_items
        if self.cleaned_data.get("drop_kept"):
            kept_uploads.discard(kept)
            kept = []
        room = max(MAX_ATTACHMENTS - len(kept), 0)
        fresh = getattr(self, "new_uploads", [])[:room]
        if keep_new:
            stored, self.not_kept = kept_uploads.keep(fresh, request)
        else:
            stored, self.not_kept = [], [upload.name for upload in fresh]
        items = kept + stored
        self.data = self.data.copy()
        self.data[self.add_prefix("kept_attachments")] = kept_uploads.sign(items)
        self.data.pop(self.add_prefix("drop_kept"), None)
        if items and "drop_kept" not in self.fields:
            self.fields["drop_kept"] = copy.deepcopy(self.base_fields["drop_kept"])
            self.order_fields(self.field_order)
        self._show_kept(items)

    @cached_property
    def targets(self) -> dict:
        """The page's current articles by key, as comment targets."""
        targets = self.commentable.get_comment_targets() if self.commentable else []
        return {t.key: t for t in targets}

    def clean_article(self):
        key = (self.cleaned_data.get("article") or "").strip()
        if not key:
            return None
        target = self.targets.get(key)
        if target is None and self.commentable is not None:
            target = self.commentable.get_comment_target(key)
        if target is None:
            raise ValidationError(_("所选条文不存在，请重新选择。"), code="unknown_article")
        return target


class OpinionFormPageBaseForm(ContactFieldsMixin):
    """Standard fields mixed into an ``OpinionFormPage``'s editor-built form."""

    text = text_field()

    def __init__(self, *args, require_text=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = require_text
        standard = ["text", "category", "name", "phone", "email", "region"]
        consent = ["publish_consent", "privacy_consent"]
        spam = [name for name in (*SPAM_FIELDS, "submission_token") if name in self.fields]
        custom = [name for name in self.fields if name not in standard + consent + spam]
        self.order_fields([standard[0], *custom, *standard[1:], *consent, *spam])
        self.custom_field_names = custom
        for name in custom:
            # An editor-built field says which answer is missing, not "this field is required".
            field = self.fields[name]
            # (A new dict: a copied field shares its error_messages with the class's field.)
            required = _("请填写“%(label)s”。") % {"label": field.label}
            field.error_messages = {**field.error_messages, "required": required}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class StatusLookupForm(forms.Form):
    """Receipt code + proof: the last four digits of the phone (a box that opens the number pad)
    or, for an opinion left with an e-mail only, the e-mail (a box of its own). Both boxes are
    always there, so nothing depends on JavaScript."""

    code = forms.CharField(
        label=_("回执码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=_("提交意见后获得，例如 LB-7K3Q-9XPM。"),
        error_messages={"required": _("请填写回执码。")},
    )
    phone_last4 = forms.CharField(
        label=_("手机号后四位"),
        max_length=30,
        required=False,
        # The number pad on a phone. Not autocomplete: it would offer the whole saved number.
        # The pattern is a hint (the form is novalidate): full-width digits typed with a Chinese
        # input method, or a whole number, are read by the server.
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "pattern": "[0-9]{4}",
                "autocomplete": "off",
                "class": "phone-last4",
            }
        ),
        help_text=_("提交时留了手机号的，请填写手机号的最后 4 位数字。"),
    )
    email = forms.CharField(
        label=_("或：电子邮箱"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
        ),
        help_text=_("只留了邮箱的，请填写完整的邮箱地址。"),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_contact(data), *args, **kwargs)
        never_cut(self)  # a code or address is refused with a message, never cut
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_code(self):
        code = normalise(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("回执码格式不正确，应为 LB-XXXX-XXXX。"))
        return code

    def clean_phone_last4(self):
        digits = normalise_contact(self.cleaned_data.get("phone_last4") or "")
        if digits and not (digits.isascii() and digits.isdigit()):
            raise ValidationError(_("手机号后四位只能填写数字，例如 5678。"), code="digits")
        if digits and len(digits) < 4:
            raise ValidationError(_("请填写手机号的最后 4 位数字。"), code="short")
        return digits

    def clean_email(self):
        email = normalise_contact(self.cleaned_data.get("email") or "")
        if email and "@" not in email:
            raise ValidationError(_("请填写完整的邮箱地址，例如 name@example.com。"), code="email")
        return email

    def clean(self):
        cleaned = super().clean()
        # What ``find_opinion`` is given, in order: the phone digits first, then the e-mail.
        cleaned["contacts"] = [
            value for value in (cleaned.get("phone_last4"), cleaned.get("email")) if value
        ]
        return cleaned


def with_contact(data):
    """Form data with a single ``contact`` (one value for either proof, as the API takes it) put
    in the box it belongs to: an e-mail in ``email``, anything else in ``phone_last4``."""
    if data is None or "contact" not in data:
        return data
    data = data.copy()
    contact = data.pop("contact")
    contact = contact[-1] if isinstance(contact, list) else contact
    contact = contact if isinstance(contact, str) else ""
    box = "email" if "@" in normalise_contact(contact) else "phone_last4"
    if not data.get(box):
        data[box] = contact
    return data


class WithdrawForm(StatusLookupForm):
    """撤回意见: receipt code + contact (as for the status lookup), and a confirmation."""

    reason = forms.CharField(
        label=_("撤回原因（可不填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("我确认撤回这条意见。撤回后意见不再公开、不再统计和报送，联系方式将被删除。"),
        required=True,
        error_messages={"required": _("请勾选确认后再撤回。")},
    )

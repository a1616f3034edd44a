"""Which articles of a newer version took up an adopted opinion ("您说了，我们改了").

An editor recording an adoption (or afterwards, on the opinion's page) names the articles of the
current version that absorbed it. The link is kept as the commentable page's own version id and
article key (``core.interfaces.CommentTarget``), never as a foreign key into the drafts' tables:
the page resolves them through ``Commentable.get_comment_target(key, version_id=...)``.

Readers: the draft page and its versions ("本条吸收了 N 条公众意见", through ``forms.feedback``),
the submitter's status page (their wording beside the new one) and other plugins' reports, through
``adopted_into`` and ``adoptions_by_article`` below, one query each for the whole page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.interfaces import CommentTarget, as_commentable

from .workflow import Status, TransitionError

# Only these outcomes can have been taken up into a new wording.
ADOPTING = (Status.ADOPTED, Status.PARTLY_ADOPTED)


class AdoptedInto(models.Model):
    """One article of a newer version that takes up an adopted opinion."""

    opinion = models.ForeignKey(
        "forms.Opinion", on_delete=models.CASCADE, related_name="adopted_into"
    )
    # The commentable page's version id (``CommentTarget.version_id``) and article key, as the
    # page gives them; the label is the article's number in that version, kept for lists.
    version_id = models.PositiveIntegerField(_("版本标识"))
    article_key = models.CharField(_("条文标识"), max_length=64)
    article_label = models.CharField(_("条文"), max_length=100, blank=True)
    version_label = models.CharField(_("版本"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("关联时间"), default=timezone.now)

    class Meta:
        ordering = ["opinion", "version_id", "id"]
        verbose_name = _("吸收到的新条文")
        verbose_name_plural = _("吸收到的新条文")
        default_permissions = ("view",)  # written by set_adopted_into only
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "version_id", "article_key"], name="forms_adopted_once"
            )
        ]
        indexes = [models.Index(fields=["version_id", "article_key"], name="forms_adopted_art")]

    def __str__(self):
        return f"{self.opinion_id} → {self.article_label or self.article_key}"


def _opinions_of(page):
    """Adoption rows of the opinions on ``page`` or any translation of it (opinions live on the
    source page, ``intake.source_page``)."""
    return AdoptedInto.objects.filter(
        opinion__page__translation_key=page.translation_key, opinion__status__in=ADOPTING
    )


def adopted_into(page) -> dict[int, list[tuple[int, str]]]:
    """Opinion id → ``[(version_id, article_key)]`` of the articles that took it up, for every
    adopted opinion on ``page``, in one query."""
    found: dict[int, list[tuple[int, str]]] = {}
    rows = _opinions_of(page).order_by("opinion_id", "version_id", "pk")
    for opinion_id, version_id, key in rows.values_list("opinion_id", "version_id", "article_key"):
        found.setdefault(opinion_id, []).append((version_id, key))
    return found


def current_version_id(page) -> int | None:
    """The id of the version the page's current text is (None for a page without versions)."""
    commentable = as_commentable(page)
    targets = commentable.get_comment_targets() if commentable else []
    return targets[0].version_id if targets else None


def adoptions_by_article(page, version_id: int | None = None) -> dict[str, list[int]]:
    """Article key → ids of the adopted opinions it takes up, in version ``version_id`` (the
    current version if None), in one query."""
    if version_id is None:
        version_id = current_version_id(page)
        if version_id is None:
            return {}
    found: dict[str, list[int]] = {}
    rows = _opinions_of(page).filter(version_id=version_id).order_by("article_key", "opinion_id")
    for key, opinion_id in rows.values_list("article_key", "opinion_id"):
        found.setdefault(key, []).append(opinion_id)
    return found


def newer_targets(opinion) -> list[CommentTarget]:
    """The articles of the current version the editor may name for ``opinion``: none when the
    page has no versions, or when the opinion was written on the current version itself."""
    commentable = as_commentable(opinion.page) if opinion.page_id else None
    if commentable is None:
        return []
    targets = commentable.get_comment_targets()
    if not targets or targets[0].version_id is None:
        return []
    current = targets[0].version_id
    if opinion.article_version_id is not None:
        return targets if opinion.article_version_id != current else []
    # A whole-page opinion: the version in force when it was written. An article that existed
    # then resolves to that version; one new in the current version would fall back to it, so a
    # few are asked.
    for target in targets[:3]:
        then = commentable.get_comment_target(target.key, at=opinion.submit_time)
        if then is not None and then.version_id != current:
            return targets
    return []


def adoption_note(rows: Iterable[AdoptedInto]) -> str:
    labels = "、".join(
        f"{row.article_label}（{row.version_label}）" if row.version_label else row.article_label
        for row in rows
    )
    return gettext("吸收到新版本条文：%(articles)s") % {"articles": labels or gettext("无")}


def set_adopted_into(opinion, keys: Iterable[str], *, user=None) -> bool:
    """Name the articles of the current version that take up ``opinion`` (replacing any named
    before for that version). Refused with a translated TransitionError for an opinion that is
    not (partly) adopted, a page without a newer version, or a key that is not an article of it.
    Recorded in the opinion's history. Returns whether anything changed."""
    from .models import StatusChange

    keys = list(dict.fromkeys(str(key) for key in keys if key))
    if opinion.status not in ADOPTING:
        raise TransitionError(_("只有已采纳或部分采纳的意见才能关联新版本条文。"))
    targets = newer_targets(opinion)
    if not targets:
        if not keys:
            return False
        raise TransitionError(_("这部草案还没有比意见所据版本更新的版本。"))
    by_key = {target.key: target for target in targets}
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        raise TransitionError(_("所选条文不在当前版本中，请刷新页面后重新选择。"))
    version_id = targets[0].version_id
    order = {target.key: index for index, target in enumerate(targets)}
    keys.sort(key=order.__getitem__)
    with transaction.atomic():
        existing = AdoptedInto.objects.select_for_update().filter(
            opinion=opinion, version_id=version_id
        )
        if sorted(existing.values_list("article_key", flat=True)) == sorted(keys):
            return False
        existing.delete()
        rows = AdoptedInto.objects.bulk_create(
            AdoptedInto(
                opinion=opinion,
                version_id=version_id,
                article_key=key,
                article_label=by_key[key].label[:100],
                version_label=by_key[key].version_label[:50],
                created_by=user,
            )
            for key in keys
        )
        # The history says who linked what: a record that keeps the status as it is.
        StatusChange.objects.create(
            opinion=opinion,
            from_status=opinion.status,
            to_status=opinion.status,
            note=adoption_note(rows),
            user=user,
        )
    return True


def adopted_wordings(opinion, page=None) -> dict | None:
    """For the submitter's status page: the article as they commented on it, and each article
    of the newer version that took their opinion up, as ``CommentTarget`` (label, text, link).
    ``page`` is the translation they read (the opinion's own page if None). None when the
    opinion was not taken up into any article."""
    if opinion.status not in ADOPTING:
        return None
    rows = list(opinion.adopted_into.all())
    if not rows:
        return None
    page = page if page is not None else (opinion.page if opinion.page_id else None)
    commentable = as_commentable(page) if page is not None else None
    into = []
    for row in rows:
        target = (
            commentable.get_comment_target(row.article_key, version_id=row.version_id)
            if commentable is not None
            else None
        )
        if target is None or target.version_id != row.version_id:
            # The page no longer has that version: what was recorded, without the text.
            target = CommentTarget(
                key=row.article_key,
                label=row.article_label,
                text="",
                version_id=row.version_id,
                version_label=row.version_label,
            )
        into.append(target)
    commented = None
    if opinion.article_key:
        then = None
        if commentable is not None:
            then = commentable.get_comment_target(
                opinion.article_key,
                version_id=opinion.article_version_id,
                at=None if opinion.article_version_id else opinion.submit_time,
            )
        commented = CommentTarget(
            key=opinion.article_key,
            label=opinion.article_label or (then.label if then else ""),
            # The text they read, as kept with the opinion; else as the page gives it.
            text=opinion.article_text or (then.text if then else ""),
            url=(then.version_url or then.url) if then else "",
            version_id=opinion.article_version_id,
            version_label=opinion.article_version or (then.version_label if then else ""),
        )
    return {
        "into": into,
        "commented": commented,
        "summary": gettext("、").join(
            gettext("%(label)s（%(version)s）") % {"label": t.label, "version": t.version_label}
            if t.version_label
            else t.label
            for t in into
        ),
    }

"""One way in for every opinion — the HTML form, the JSON API, editor-built form pages and
offline entry all end here, so validation, receipt codes, the history and the receipt email are
the same whichever door an opinion came through."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.interfaces import CommentTarget, as_commentable

from .models import Channel, Opinion, OpinionAttachment, OpinionGroup, StatusChange
from .receipts import save_with_unique_code
from .workflow import Status


class CommentsClosed(Exception):
    """The page does not take opinions now (window closed, or not commentable)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Submission:
    text: str
    category: str = "public"
    subject: str = ""  # the SubmissionKind's subject (建议项目名称), when the page asks for one
    target: CommentTarget | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    region: str = ""
    privacy_consent: bool = True
    publish_consent: str = "none"
    form_data: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)
    idempotency_key: str = ""  # see ``idempotency_key()``


def idempotency_key(scope: str, value: str) -> str:
    """The stored key for a client-chosen ``value`` (a form's single-use token, an API
    ``Idempotency-Key``) within ``scope`` (channel and page, or the API client): hashed, so any
    length and character is fine and one scope can never replay another's opinion."""
    if not value:
        return ""
    return f"{scope}:{hashlib.sha256(value.encode('utf-8', 'surrogatepass')).hexdigest()}"[:100]


def replayed(key: str) -> Opinion | None:
    """The opinion already stored under ``key`` (a second post of one form or request)."""
    if not key:
        return None
    return Opinion.objects.filter(idempotency_key=key).first()


def source_page(page):
    """The page an opinion belongs to: the translation in the site's main language, whichever
    translation the visitor read (``Opinion.language`` keeps theirs). So the office sees one
    draft with one count, one list and one batch, and English or traditional-Chinese opinions
    are handled like any other. Article keys are block ids, the same in every translation."""
    page = getattr(page, "specific", page)
    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return page
    if getattr(page, "locale_id", default.pk) == default.pk:
        return page
    source = page.get_translation_or_none(default)
    return source.specific if source is not None else page


def check_open(page) -> None:
    commentable = as_commentable(page)
    if commentable is None:
        raise CommentsClosed(_("此页面不接受意见。"))
    if not page.live:
        raise CommentsClosed(_("此页面未发布。"))
    if not commentable.accepts_comments():
        raise CommentsClosed(
            _("意见征集已截止，感谢您的关注。") + " " + str(commentable.comment_window_message())
        )


def _ordinal(page, target: CommentTarget | None) -> int:
    if target is None:
        return 0
    commentable = as_commentable(page)
    for index, candidate in enumerate(commentable.get_comment_targets() if commentable else []):
        if candidate.key == target.key:
            return index + 1
    return 0


def create_opinion(
    page,
    data: Submission,
    *,
    channel: str,
    language: str | None = None,
    point=None,
    event=None,
    entered_by=None,
    check_window: bool = True,
    submit_time=None,
    source=None,
) -> Opinion:
    """Store one opinion with a fresh receipt code and its first history entry.

    Raises CommentsClosed when ``check_window`` and the page does not take opinions now. With an
    ``idempotency_key`` already used (the same form posted twice at once) nothing is stored and the
    first opinion is returned, marked ``replayed``.

    ``source`` (a ``core.plugins.CollectionSource``) records where the opinion came from and,
    when no ``point`` is given, credits its point: a resident's opinion sent through a point's
    card counts for that point."""
    page = getattr(page, "specific", page)
    if check_window:
        check_open(page)
    target = data.target
    main = source_page(page)
    if main is not page:
        page = main
        commentable = as_commentable(page)
        if target is not None and commentable is not None:
            target = commentable.get_comment_target(target.key) or target
    opinion = Opinion(
        page=page,
        page_title=page.title,
        article_key=target.key if target else "",
        article_label=target.label if target else "",
        article_ordinal=_ordinal(page, target),
        article_version_id=target.version_id if target else None,
        article_version=target.version_label[:50] if target else "",
        article_text=target.text if target else "",
        text=data.text,
        subject=data.subject[:200],
        category=data.category,
        channel=channel,
        point_id=point.pk if point is not None else (source.point_id if source else None),
        source_kind=source.kind if source else "",
        source_label=source.label[:200] if source else "",
        source_code=source.code[:8] if source else "",
        event=event,
        language=language if language is not None else (translation.get_language() or ""),
        name=data.name.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        region=data.region.strip(),
        privacy_consent=data.privacy_consent,
        publish_consent=data.publish_consent,
        form_data=data.form_data,
        idempotency_key=data.idempotency_key,
        entered_by=entered_by,
        submit_time=submit_time or timezone.now(),
    )
    try:
        _store(opinion, data, channel, entered_by)
    except IntegrityError:
        first = replayed(data.idempotency_key)
        if first is None:
            raise
        first.replayed = True
        return first
    opinion.replayed = False
    return opinion


def _store(opinion: Opinion, data: Submission, channel: str, entered_by) -> None:
    with transaction.atomic():
        save_with_unique_code(opinion)
        StatusChange.objects.create(
            opinion=opinion,
            from_status="",
            to_status=Status.RECEIVED,
            user=entered_by,
            note=Channel(channel).label,
        )
        for upload in data.attachments:
            OpinionAttachment.objects.create(
                opinion=opinion,
                file=upload,
                original_name=upload.name[:255],
                content_type=getattr(upload, "lb_content_type", "") or "",
                size=upload.size,
            )
        join_identical_group(opinion)
        if opinion.email:
            from .tasks import send_receipt

            pk = opinion.pk
            transaction.on_commit(lambda: send_receipt.enqueue(pk))


def join_identical_group(opinion: Opinion) -> None:
    """A copy of an earlier opinion (same normalised text, same article) joins its group at once;
    near-identical ones are found by the grouping job (``dedupe.group_duplicates``)."""
    twin = (
        Opinion.objects.filter(
            page_id=opinion.page_id,
            article_key=opinion.article_key,
            fingerprint=opinion.fingerprint,
        )
        .exclude(pk=opinion.pk)
        .exclude(status=Status.INVALID)
        # Taken out of its group by a person (forms/grouping.py): it stands alone.
        .exclude(group_pinned=True, group_id=None)
        .order_by("pk")
        .only("pk", "group_id")
        # Copies arriving at once all lock the same (first) twin, so only the first creates the
        # group and the others, reading the twin again once it is free, join it.
        .select_for_update(of=("self",))
        .first()
    )
    if twin is None:
        return
    if twin.group_id is None:
        group = OpinionGroup.objects.create(
            page_id=opinion.page_id, article_key=opinion.article_key, representative_id=twin.pk
        )
        Opinion.objects.filter(pk=twin.pk).update(group=group)
        twin.group_id = group.pk
    opinion.group_id = twin.group_id
    Opinion.objects.filter(pk=opinion.pk).update(group_id=twin.group_id)
    OpinionGroup.objects.filter(pk=twin.group_id).update(
        size=Opinion.objects.filter(group_id=twin.group_id).count()
    )


def submit_from_form_page(
    page, form, *, channel: str = Channel.FORM, idempotency_key: str = "", source=None
) -> Opinion:
    """An ``OpinionFormPage`` submission (its page, or the API): standard fields on the Opinion,
    the editor's own fields in ``form_data`` (keyed by their readable clean names)."""
    cleaned = form.cleaned_data
    custom = {name: cleaned.get(name) for name in getattr(form, "custom_field_names", [])}
    text = cleaned.get("text") or ""
    if not text:
        labels = {f.clean_name: f.label for f in page.get_form_fields()}
        lines = []
        for name, value in custom.items():
            if isinstance(value, list):
                value = "、".join(str(v) for v in value)
            lines.append(f"{labels.get(name, name)}：{value}")
        text = "\n".join(lines)[:5000]
    data = Submission(
        text=text,
        category=cleaned.get("category") or "public",
        name=cleaned.get("name") or "",
        phone=cleaned.get("phone") or "",
        email=cleaned.get("email") or "",
        region=cleaned.get("region") or "",
        privacy_consent=bool(cleaned.get("privacy_consent")),
        publish_consent=cleaned.get("publish_consent") or "none",
        form_data=custom,
        idempotency_key=idempotency_key,
    )
    opinion = create_opinion(page, data, channel=channel, source=source)
    if page.to_address and not opinion.replayed:
        from .tasks import send_form_page_mail

        pk = opinion.pk
        transaction.on_commit(lambda: send_form_page_mail.enqueue(pk))
    return opinion

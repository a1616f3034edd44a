"""The words of a page's ``SubmissionKind`` (core.interfaces): what it calls a submission and how
its three decisions read. A call for project proposals takes 建议 answered 列入计划 / 列入调研 /
暂不列入; a draft takes 意见 answered 采纳 / 部分采纳 / 未采纳. One workflow underneath: only the
labels change, and every place that shows a status or a decision asks here.

Lists label many opinions at once with ``StatusLabels`` (one query per page type that declares
a kind, none for pages that do not)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Page

from core.interfaces import OPINION, SubmissionKind, submission_kind

from .workflow import DECISIONS, Status

__all__ = [
    "StatusLabels",
    "decision_choices",
    "kind_for",
    "kind_of",
    "noun",
    "status_label",
]


def kind_of(page) -> SubmissionKind:
    return submission_kind(page) if page is not None else OPINION


def kind_for(opinion) -> SubmissionKind:
    """The kind of the page the opinion was sent to (``OPINION`` when the page is gone)."""
    cached = getattr(opinion, "_submission_kind", None)
    if cached is None:
        cached = kind_of(opinion.page) if opinion.page_id else OPINION
        opinion._submission_kind = cached
    return cached


def status_label(status: str, kind: SubmissionKind = OPINION) -> str:
    """A status as this kind says it: its decision label, or the workflow's own."""
    if status in DECISIONS and kind.decision_labels.get(str(status)):
        return str(kind.decision_labels[str(status)])
    try:
        return str(Status(status).label)
    except ValueError:
        return str(status)


def decision_choices(kind: SubmissionKind = OPINION) -> list[tuple[str, str]]:
    """The three decisions in the order the office reads them, in this kind's words."""
    return [
        (s, status_label(s, kind))
        for s in (Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED)
    ]


def noun(kind: SubmissionKind = OPINION) -> str:
    return str(kind.noun) if kind.noun else _("意见")


def _declares_kind(model) -> bool:
    return model is not None and callable(getattr(model, "submission_kind", None))


class StatusLabels:
    """Kinds for many opinions' pages at once: ``labels.decorate(opinions)`` sets each opinion's
    kind, loading only pages whose type declares one."""

    def __init__(self):
        self._kinds: dict[int, SubmissionKind] = {}

    def decorate(self, opinions):
        opinions = list(opinions)
        wanted = {o.page_id for o in opinions if o.page_id} - set(self._kinds)
        if wanted:
            from django.contrib.contenttypes.models import ContentType

            rows = list(Page.objects.filter(pk__in=wanted).values_list("pk", "content_type_id"))
            declaring = {
                ct: ContentType.objects.get_for_id(ct).model_class()
                for ct in {ct for _pk, ct in rows}
            }
            load = [pk for pk, ct in rows if _declares_kind(declaring.get(ct))]
            for page in Page.objects.filter(pk__in=load).specific() if load else []:
                self._kinds[page.pk] = kind_of(page)
            for pk in wanted - set(self._kinds):
                self._kinds[pk] = OPINION
        for opinion in opinions:
            opinion._submission_kind = self._kinds.get(opinion.page_id, OPINION)
        return opinions

    def labels_for_page(self, page_id) -> dict[str, str]:
        """The decision labels a page declares, by status value ({} for ordinary pages)."""
        if page_id is None:
            return {}
        probe = type("_Probe", (), {"page_id": page_id})()
        self.decorate([probe])
        kind = probe._submission_kind
        return {s: status_label(s, kind) for s in DECISIONS if kind.decision_labels.get(str(s))}

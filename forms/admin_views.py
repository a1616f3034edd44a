"""Editor-side views in the Wagtail admin: handling an opinion, answering a group, batches,
offline entry, statistics, protected downloads."""

from __future__ import annotations

import copy
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page, get_page_models

from core.interfaces import OPINION, as_commentable
from core.params import bounded_int
from core.plugins import (
    POINT_PAGE,
    CollectionSource,
    collection_source,
    page_models_for,
    point_sources,
    points_for_user,
)

from . import offline
from .intake import Submission, create_opinion
from .models import Batch, Category, Channel, Opinion, OpinionAttachment, OpinionGroup
from .workflow import (
    DECISIONS,
    UNCOUNTED_STATUSES,
    Publication,
    Status,
    TransitionError,
    allowed_transitions,
    decide_publication,
    transition,
    transition_many,
)

HANDLE_PERMISSION = "forms.change_opinion"
EXPORT_PERMISSION = "forms.export_opinions"
OFFLINE_PERMISSION = "forms.enter_offline_opinions"
PERSONAL_PERMISSION = "forms.view_personal_data"


def opinions_index_url(**filters) -> str:
    url = reverse("wagtailsnippets_forms_opinion:list")
    return f"{url}?{urlencode(filters)}" if filters else url


def channel_label(opinion) -> str:
    """The channel, and for offline opinions gathered after the window closed, that they were."""
    label = opinion.get_channel_display()
    if opinion.collected_late:
        return _("%(channel)s（截止后收集）") % {"channel": label}
    return label


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


# --- Page choices ------------------------------------------------------------------------


def commentable_page_models() -> list[type]:
    names = ("accepts_comments", "get_comment_targets", "get_comment_target", "get_reply_deadline")
    return [m for m in get_page_models() if all(hasattr(m, n) for n in names)]


def commentable_pages():
    """Pages opinions can belong to, in the default language only: an opinion sent from a
    translation belongs to its source page, so a translation in a chooser would be a second,
    always empty, copy of the same draft."""
    models = commentable_page_models()
    if not models:
        return Page.objects.none()
    return (
        Page.objects.type(*models)
        .filter(locale=Locale.get_default())
        .order_by("-first_published_at")
    )


def offline_pages():
    """Drafts offered for offline entry: live, open or recently closed (forms/offline.py)."""
    return offline.pages_open_for_entry(commentable_pages())


def point_page_models() -> list[type]:
    # The page type a plugin declares as a liaison point (not a search facet's name).
    return page_models_for(POINT_PAGE)


def points_available_to(user):
    """Liaison points this user may enter offline opinions for. The permission says *whether*
    they may use the offline form; ``liaison_points`` says *for which points* (a point's staff:
    their own; office editors with rights over the whole tree: all). Superusers: every point."""
    if user.is_superuser:
        models = point_page_models()
        points = list(Page.objects.type(*models).order_by("title")) if models else []
    elif user.has_perm(OFFLINE_PERMISSION):
        points = list(points_for_user(user))
    else:
        points = []
    return _one_per_point(points)


def _one_per_point(points):
    """A point and its translations are one point: offer (and count opinions against) the page in
    the default language, or the first translation where a point has none."""
    chosen = {}
    for point in points:
        current = chosen.get(point.translation_key)
        if current is None or point.locale.language_code == settings.LANGUAGE_CODE:
            chosen[point.translation_key] = point
    return sorted(chosen.values(), key=lambda page: page.title)


# --- One opinion: transitions ------------------------------------------------------------


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("改为"))
    note = forms.CharField(
        label=gettext_lazy("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply = forms.CharField(
        label=gettext_lazy("答复（采纳结果必填，将通知提交人）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    duplicate_of = forms.CharField(
        label=gettext_lazy("重复于（回执码）"), required=False, max_length=20
    )

    adopted_into = forms.MultipleChoiceField(
        label=gettext_lazy("吸收到新版本条文"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "采纳或部分采纳时可选：新版本中吸收了这条意见的条文，会显示在草案页面和提交人的查询页面上。"
        ),
    )

    def __init__(self, *args, current_status, targets=(), kind=OPINION, **kwargs):
        super().__init__(*args, **kwargs)
        from .submission_kinds import status_label

        # 转办 has its own form (a department to choose): forms/referral_admin.py.
        self.fields["to_status"].choices = [
            (s, status_label(s, kind))
            for s in allowed_transitions(current_status)
            if s != Status.REFERRED
        ]
        # Only offered when an adoption is possible and the page has a newer version.
        if targets and ADOPTING_TRANSITIONS & set(allowed_transitions(current_status)):
            self.fields["adopted_into"].choices = article_choices(targets)
        else:
            del self.fields["adopted_into"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("adopted_into") and cleaned.get("to_status") not in ADOPTING_TRANSITIONS:
            self.add_error("adopted_into", _("只有采纳或部分采纳时才能选择吸收到的新版本条文。"))
        return cleaned

    def clean_duplicate_of(self):
        from .receipts import normalise

        value = self.cleaned_data.get("duplicate_of")
        if not value:
            return None
        opinion = Opinion.objects.filter(receipt_code=normalise(value)).first()
        if opinion is None:
            raise forms.ValidationError(_("没有这个回执码。"))
        return opinion


ADOPTING_TRANSITIONS = {Status.ADOPTED.value, Status.PARTLY_ADOPTED.value}


def article_choices(targets) -> list[tuple[str, str]]:
    """An article as an editor recognises it: its number and the first words of its text."""
    choices = []
    for target in targets:
        text = " ".join(target.text.split())
        words = text if len(text) <= 40 else text[:40] + "…"
        choices.append((target.key, f"{target.label}　{words}" if words else target.label))
    return choices


def transition_form_for(opinion, data=None) -> TransitionForm:
    from .adoptions import newer_targets

    targets = []
    if ADOPTING_TRANSITIONS & set(allowed_transitions(opinion.status)):
        targets = newer_targets(opinion)
    from .submission_kinds import kind_for

    return TransitionForm(
        data, current_status=opinion.status, targets=targets, kind=kind_for(opinion)
    )


def _inspect_again(request, pk, **forms_kept):
    """The inspect page again, with what was typed kept and the errors shown (a redirect would
    lose both). OpinionInspectView picks the bound forms up from the request."""
    for name, form in forms_kept.items():
        setattr(request, name, form)
    request.method = "GET"
    return Opinion.snippet_viewset.inspect_view(request, pk=pk)


@require_POST
def transition_view(request, pk):
    from .adoptions import set_adopted_into

    _require(request, HANDLE_PERMISSION)
    opinion = get_object_or_404(Opinion, pk=pk)
    form = transition_form_for(opinion, request.POST)
    inspect_url = reverse("wagtailsnippets_forms_opinion:inspect", args=[pk])
    if not form.is_valid():
        messages.error(
            request,
            _("无法更改状态：%(errors)s")
            % {"errors": "; ".join(" ".join(v) for v in form.errors.values())},
        )
        return _inspect_again(request, pk, transition_form=form)
    try:
        # The decision and the articles that took it up are stored together or not at all.
        with transaction.atomic():
            transition(
                opinion,
                form.cleaned_data["to_status"],
                user=request.user,
                note=form.cleaned_data["note"],
                reply=form.cleaned_data["reply"],
                duplicate_of=form.cleaned_data["duplicate_of"],
            )
            if form.cleaned_data.get("adopted_into"):
                set_adopted_into(opinion, form.cleaned_data["adopted_into"], user=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        opinion.refresh_from_db()
        return _inspect_again(request, pk, transition_form=form)
    else:
        messages.success(request, _("已改为“%(status)s”。") % {"status": opinion.status_display})
    return redirect(inspect_url)


# --- One adopted opinion: the articles of the new version that took it up -------------------


class AdoptionForm(forms.Form):
    adopted_into = forms.MultipleChoiceField(
        label=gettext_lazy("吸收到新版本条文"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_into"].choices = article_choices(targets)


def adoption_context(request, opinion) -> dict:
    """For the inspect page: the articles an adopted opinion was taken up into, and the form to
    change them for whoever may record decisions."""
    from .adoptions import ADOPTING, newer_targets

    if opinion.status not in ADOPTING:
        return {}
    rows = list(opinion.adopted_into.all())
    form = getattr(request, "adoption_form", None)
    if form is None and request.user.has_perm(HANDLE_PERMISSION):
        targets = newer_targets(opinion)
        if targets:
            version = targets[0].version_id
            form = AdoptionForm(
                targets=targets,
                initial={"adopted_into": [r.article_key for r in rows if r.version_id == version]},
            )
    return {"adopted_rows": rows, "adoption_form": form, "shows_adoption": bool(rows or form)}


@require_POST
def adoption_view(request, pk):
    """关联新条文: change the articles of the new version an adopted opinion was taken up into."""
    from .adoptions import newer_targets, set_adopted_into
    from .point_scope import check_can_see

    _require(request, HANDLE_PERMISSION)
    opinion = check_can_see(request.user, get_object_or_404(Opinion, pk=pk))
    form = AdoptionForm(request.POST, targets=newer_targets(opinion))
    if not form.is_valid():
        messages.error(request, _("吸收到的新版本条文未保存，请重新选择。"))
        return _inspect_again(request, pk, adoption_form=form)
    try:
        changed = set_adopted_into(opinion, form.cleaned_data["adopted_into"], user=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return _inspect_again(request, pk, adoption_form=form)
    if changed:
        messages.success(request, _("已保存吸收到的新版本条文。"))
    else:
        messages.info(request, _("吸收到的新版本条文没有变化。"))
    return redirect(reverse("wagtailsnippets_forms_opinion:inspect", args=[pk]))


class PublicationForm(forms.Form):
    """公开审核: what the public may read of the opinion's text."""

    decision = forms.ChoiceField(
        label=gettext_lazy("公开审核"),
        widget=forms.RadioSelect,
        choices=[(c.value, c.label) for c in Publication if c != Publication.PENDING],
    )
    public_text = forms.CharField(
        label=gettext_lazy("公开的文本（选择“公开编辑后的文本”时填写；原文不会改变）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    note = forms.CharField(
        label=gettext_lazy("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == Publication.EDITED
            and not (cleaned.get("public_text") or "").strip()
        ):
            self.add_error("public_text", _("请填写公开的文本。"))
        return cleaned


@require_POST
def publication_view(request, pk):
    """The 公开审核 step, by someone of the office with the personal-data right (two-step
    sign-in is required for them by core.two_factor). Releasing the original text unmasked is
    audit-logged."""
    from core.audit import log_access

    from .point_scope import sees_every_opinion

    _require(request, PERSONAL_PERMISSION)
    if not sees_every_opinion(request.user):
        raise PermissionDenied
    opinion = get_object_or_404(Opinion, pk=pk)
    form = PublicationForm(request.POST)
    inspect_url = reverse("wagtailsnippets_forms_opinion:inspect", args=[pk])
    if not form.is_valid():
        # The inspect page again, with what was typed kept and the errors shown (a redirect
        # would lose both). OpinionInspectView picks the bound form up from the request.
        messages.error(request, _("公开审核未保存，请检查填写的内容。"))
        request.publication_form = form
        request.method = "GET"
        return Opinion.snippet_viewset.inspect_view(request, pk=pk)
    decision = form.cleaned_data["decision"]
    try:
        decide_publication(
            opinion,
            decision,
            user=request.user,
            note=form.cleaned_data["note"],
            public_text=form.cleaned_data["public_text"],
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect(inspect_url)
    if decision == Publication.RELEASED:
        log_access(
            request, "view", Opinion, [opinion.pk], note="公开审核：公开原文（未隐去个人信息）"
        )
    messages.success(
        request, _("公开审核：%(decision)s。") % {"decision": opinion.get_publication_display()}
    )
    return redirect(inspect_url)


def download_attachment(request, pk):
    """Attachments may carry personal data: only with the permission, audit-logged, always as a
    download (never rendered by the browser), never sniffed into another type."""
    from core.audit import log_access

    from .point_scope import check_can_see

    _require(request, PERSONAL_PERMISSION)
    attachment = get_object_or_404(OpinionAttachment, pk=pk)
    check_can_see(request.user, attachment.opinion)
    log_access(request, "download", Opinion, [attachment.opinion_id], note=f"attachment {pk}")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Groups -------------------------------------------------------------------------------


class GroupAnswerForm(TransitionForm):
    """Only transitions legal for at least one member are offered, with how many they fit;
    重复 is left out (it needs a twin per opinion)."""

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, current_status=Status.RECEIVED, **kwargs)
        counts = dict(group.members.values_list("status").annotate(n=Count("pk")).order_by())
        fits = {
            to: sum(n for status, n in counts.items() if to in allowed_transitions(status))
            for to in Status.values
            if to not in (Status.DUPLICATE, Status.REFERRED)
        }
        self.fields["to_status"].choices = [
            (to, _("%(status)s（%(n)s 条可改）") % {"status": Status(to).label, "n": n})
            for to, n in fits.items()
            if n
        ]
        # The articles of the new version, as offered for the group's representative: members
        # written on the same article take it up alike (each is still checked when linked).
        if any(fits.get(to) for to in ADOPTING_TRANSITIONS):
            from .adoptions import newer_targets

            representative = group.representative or group.members.order_by("pk").first()
            targets = newer_targets(representative) if representative is not None else []
            if targets:
                field = copy.deepcopy(self.base_fields["adopted_into"])
                field.choices = article_choices(targets)
                self.fields["adopted_into"] = field


@require_POST
def group_transition_view(request, pk):
    """Answer a group once: the transition (and reply) is applied to every member it fits."""
    _require(request, HANDLE_PERMISSION)
    group = get_object_or_404(OpinionGroup, pk=pk)
    form = GroupAnswerForm(request.POST, group=group)
    back = reverse("wagtailsnippets_forms_opiniongroup:inspect", args=[pk])
    if not form.is_valid():
        messages.error(
            request,
            _("无法更改状态：%(errors)s")
            % {"errors": "; ".join(" ".join(v) for v in form.errors.values())},
        )
        return redirect(back)
    members = list(group.members.exclude(status=form.cleaned_data["to_status"]))
    with transaction.atomic():
        done, errors = transition_many(
            members,
            form.cleaned_data["to_status"],
            user=request.user,
            note=form.cleaned_data["note"] or _("按组处理（组 #%(id)s）") % {"id": group.pk},
            reply=form.cleaned_data["reply"],
        )
        if form.cleaned_data.get("adopted_into"):
            errors += _link_group(members, form, request.user)
    messages.success(request, _("已处理 %(n)s 条意见。") % {"n": done})
    if errors:
        messages.warning(
            request,
            _("%(n)s 条未改变（状态不允许）：%(list)s")
            % {"n": len(errors), "list": "；".join(errors[:10])},
        )
    return redirect(back)


def _link_group(members, form, user) -> list[str]:
    """The articles of the new version, for each member the decision was just recorded on."""
    from .adoptions import set_adopted_into

    errors = []
    for opinion in members:
        if opinion.status != form.cleaned_data["to_status"]:
            continue
        try:
            set_adopted_into(opinion, form.cleaned_data["adopted_into"], user=user)
        except TransitionError as exc:
            errors.append(f"{opinion.receipt_code}: {exc}")
    return errors


# --- Batches ------------------------------------------------------------------------------


@require_POST
def batch_export_view(request, pk):
    _require(request, EXPORT_PERMISSION)
    batch = get_object_or_404(Batch, pk=pk)
    send = request.POST.get("send") == "1"
    from .tasks import export_batch

    export_batch.enqueue(batch.pk, send, request.user.pk)
    if send:
        messages.success(request, _("正在生成并报送，完成后状态变为“已报送”。"))
    else:
        messages.success(request, _("正在生成汇总表和报告，完成后可下载。"))
    return redirect(reverse("wagtailsnippets_forms_batch:inspect", args=[pk]))


def batch_download_view(request, pk, kind):
    """The committee files of a batch, from private storage, to holders of the export right."""
    from .exports import export_storage

    _require(request, EXPORT_PERMISSION)
    batch = get_object_or_404(Batch, pk=pk)
    name = {"xlsx": batch.xlsx_file, "docx": batch.docx_file}.get(kind)
    if not name:
        raise Http404
    try:
        handle = export_storage().open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"{batch.title}.{kind}"
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


def add_to_batch(opinions, batch: Batch) -> int:
    """Add opinions to a batch; a grouped opinion brings its whole group. Withdrawn opinions
    are never sent."""
    ids = {o.pk for o in opinions if o.status != Status.WITHDRAWN}
    group_ids = set(
        Opinion.objects.filter(pk__in=ids).exclude(group_id=None).values_list("group_id", flat=True)
    )
    if group_ids:
        ids |= set(
            Opinion.objects.filter(group_id__in=group_ids)
            .exclude(status=Status.WITHDRAWN)
            .values_list("pk", flat=True)
        )
    through = Opinion.batches.through
    existing = set(
        through.objects.filter(batch=batch, opinion_id__in=ids).values_list("opinion_id", flat=True)
    )
    through.objects.bulk_create(
        [through(batch=batch, opinion_id=i) for i in ids - existing], batch_size=1000
    )
    return len(ids - existing)


# --- Offline entry ------------------------------------------------------------------------


class OfflineHeaderForm(forms.Form):
    page = forms.ModelChoiceField(
        label=gettext_lazy("草案"),
        queryset=Page.objects.none(),
        error_messages={
            "invalid_choice": gettext_lazy(
                "这份草案不能录入线下意见：它未发布，或不在征求意见期内（截止后 %(days)s 天内仍可录入）。"
            )
        },
    )
    point = forms.ModelChoiceField(
        label=gettext_lazy("联系点"),
        queryset=Page.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("只能为您所在的联系点录入。")},
    )
    event = forms.ModelChoiceField(
        label=gettext_lazy("活动（板凳会、立法赶集等，可选）"),
        queryset=Page.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("只能选择您所在联系点已发布的活动。")},
    )
    source = forms.ChoiceField(
        label=gettext_lazy("来源（谁收集的）"),
        required=False,
        help_text=gettext_lazy(
            "联系点本身、信息采集点、社区网格、人大代表或专项活动；不选则记为联系点。"
        ),
        error_messages={"invalid_choice": gettext_lazy("只能选择本联系点的来源。")},
    )
    collected_on = forms.DateField(
        label=gettext_lazy("收集日期"),
        # <input type="date"> only accepts ISO dates: a localised value (2026/11/22) is dropped.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, pages=None, points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages if pages is not None else offline_pages()
        message = self.fields["page"].error_messages["invalid_choice"]
        self.fields["page"].error_messages["invalid_choice"] = str(message) % {
            "days": offline.GRACE_DAYS
        }
        points = points if points is not None else points_available_to(user)
        self.fields["point"].queryset = Page.objects.filter(pk__in=[p.pk for p in points]).order_by(
            "title"
        )
        self.fields["event"].queryset = offline.events_of(points)
        # Each point's own sources, under its name; the token says which point it belongs to.
        self.fields["source"].choices = [("", "—")] + [
            (point.title, [(s.token, s.label) for s in point_sources(point)]) for point in points
        ]
        today = timezone.localdate()
        self.fields["collected_on"].widget.attrs.update(
            min=offline.EARLIEST.isoformat(), max=today.isoformat()
        )

    def clean_collected_on(self):
        day = self.cleaned_data["collected_on"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(_("收集日期不能晚于今天。"))
        if day < offline.EARLIEST:
            raise forms.ValidationError(
                _("收集日期不能早于 %(date)s。") % {"date": offline.EARLIEST.isoformat()}
            )
        return day

    def clean(self):
        cleaned = super().clean()
        page, point, event = cleaned.get("page"), cleaned.get("point"), cleaned.get("event")
        if event is not None and point is not None and not offline.is_event_of(event, point):
            self.add_error("event", _("所选活动不是这个联系点组织的。"))
        token = cleaned.get("source")
        cleaned["collection_source"] = collection_source(token) if token else None
        if not token and point is not None:  # entered for the point itself
            cleaned["collection_source"] = CollectionSource(point.pk, "point", point.title[:200])
        found = cleaned["collection_source"]
        if token and (found is None or point is None or found.point_id != point.pk):
            self.add_error("source", _("所选来源不属于这个联系点。"))
        day = cleaned.get("collected_on")
        if page is not None and day is not None:
            first = day - timedelta(days=offline.GRACE_DAYS)
            last = day + timedelta(days=offline.LEAD_DAYS)
            if not offline.was_open(page.specific, first, last):
                self.add_error(
                    "collected_on",
                    _(
                        "收集日期不在这份草案的征求意见期内（开始前 %(lead)s 天至截止后 %(grace)s 天）。"
                    )
                    % {"lead": offline.LEAD_DAYS, "grace": offline.GRACE_DAYS},
                )
        return cleaned


class OfflineOpinionForm(forms.Form):
    article = forms.ChoiceField(label=gettext_lazy("条文"), required=False)
    text = forms.CharField(
        label=gettext_lazy("意见内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(
        label=gettext_lazy("提出人类别"), choices=Category.choices, initial=Category.PUBLIC
    )
    name = forms.CharField(label=gettext_lazy("姓名（可不填）"), required=False, max_length=100)
    phone = forms.CharField(label=gettext_lazy("电话（可不填）"), required=False, max_length=30)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [("", _("草案整体")), *[(t.key, t.label) for t in targets]]


OfflineFormSet = forms.formset_factory(OfflineOpinionForm, extra=5, max_num=50, validate_max=True)


def offline_entry_view(request):
    """Point staff record opinions gathered at a 板凳会 or 立法赶集, several at once."""
    points = points_available_to(request.user)
    if not points:
        raise PermissionDenied
    pages = offline_pages()
    page_id = bounded_int(request.POST.get("page") or request.GET.get("page"))
    page = pages.filter(pk=page_id).first() if page_id else None
    page = page.specific if page is not None else None
    targets = as_commentable(page).get_comment_targets() if page is not None else []
    initial = {"collected_on": timezone.localdate(), "page": page}
    if len(points) == 1:
        initial["point"] = points[0]
    header = OfflineHeaderForm(
        request.POST or None, user=request.user, pages=pages, points=points, initial=initial
    )
    formset = None
    if page is not None:
        formset = OfflineFormSet(
            request.POST if "save" in request.POST else None,
            form_kwargs={"targets": targets},
            prefix="op",
        )
    saving = request.method == "POST" and "save" in request.POST and page is not None
    if saving and header.is_valid() and formset.is_valid():
        by_key = {t.key: t for t in targets}
        when = timezone.make_aware(
            timezone.datetime.combine(
                header.cleaned_data["collected_on"], timezone.datetime.min.time()
            )
        )
        created = []
        with transaction.atomic():
            for form in formset:
                if not form.has_changed() or not form.cleaned_data.get("text"):
                    continue
                data = Submission(
                    text=form.cleaned_data["text"],
                    category=form.cleaned_data["category"],
                    target=by_key.get(form.cleaned_data.get("article") or ""),
                    name=form.cleaned_data.get("name") or "",
                    phone=form.cleaned_data.get("phone") or "",
                    privacy_consent=True,
                )
                created.append(
                    create_opinion(
                        page,
                        data,
                        channel=Channel.OFFLINE,
                        point=header.cleaned_data["point"],
                        event=header.cleaned_data["event"],
                        entered_by=request.user,
                        check_window=False,
                        submit_time=when,
                        source=header.cleaned_data.get("collection_source"),
                    )
                )
            late = offline.collected_after_close(page, header.cleaned_data["collected_on"])
            if late and created:
                Opinion.objects.filter(pk__in=[o.pk for o in created]).update(collected_late=True)
        messages.success(
            request,
            _("已录入 %(n)s 条线下意见：%(codes)s")
            % {"n": len(created), "codes": "、".join(o.receipt_code for o in created)},
        )
        if late and created:
            messages.warning(
                request, _("收集日期在征求意见截止之后：这些意见已标记为“截止后收集”。")
            )
        return redirect(f"{reverse('forms_offline_entry')}?page={page.pk}")
    return TemplateResponse(
        request,
        "forms/admin/offline_entry.html",
        {
            "header": header,
            "formset": formset,
            "page": page,
            "targets": targets,
            "page_title": _("录入线下意见"),
        },
    )


# --- Statistics -----------------------------------------------------------------------------


def _bars(rows, label_key, labels=None):
    top = max((row["n"] for row in rows), default=0) or 1
    return [
        {
            "label": (labels or {}).get(row[label_key], row[label_key]) or "—",
            "n": row["n"],
            "pct": round(100 * row["n"] / top),
        }
        for row in rows
    ]


def referral_statistics() -> dict:
    from .referral_admin import statistics_context

    return statistics_context()


def statistics_view(request):
    _require(request, HANDLE_PERMISSION)
    base = Opinion.objects.exclude(status__in=UNCOUNTED_STATUSES)
    per_page = base.values("page_title").annotate(n=Count("pk")).order_by("-n")[:20]
    per_point = (
        base.exclude(point=None).values("point__title").annotate(n=Count("pk")).order_by("-n")[:20]
    )
    per_category = base.values("category").annotate(n=Count("pk")).order_by("-n")
    per_month = (
        base.annotate(month=TruncMonth("submit_time"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    totals = base.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(status__in=DECISIONS)),
        adopted=Count("pk", filter=Q(status__in=[Status.ADOPTED, Status.PARTLY_ADOPTED])),
    )
    rate = round(100 * totals["adopted"] / totals["answered"]) if totals["answered"] else None
    months = [
        {"month": r["month"].strftime("%Y-%m") if r["month"] else "—", "n": r["n"]}
        for r in per_month
    ]
    return TemplateResponse(
        request,
        "forms/admin/statistics.html",
        {
            "page_title": _("意见统计"),
            "totals": totals,
            "rate": rate,
            "per_page": _bars(list(per_page), "page_title"),
            "per_point": _bars(list(per_point), "point__title"),
            "per_category": _bars(list(per_category), "category", dict(Category.choices)),
            "per_month": _bars(months, "month"),
            **referral_statistics(),
        },
    )

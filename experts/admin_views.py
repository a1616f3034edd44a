"""Admin screens: the expert pool (专家智库) with its fields of expertise, and 定向征集 campaigns.

Every screen is the office's (``manage_experts``) or, read only, a holder of the clear-contacts
right; anyone else gets a 404. Phones and e-mails are masked unless the user holds
``view_expert_contacts``; each list or page showing them in clear is written to the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core.audit import log_access
from core.plugins import source_counts

from . import access, sending
from .admin_forms import CampaignForm, ExpertFilter, ExpertForm, FieldForm
from .models import Campaign, Expert, ExpertiseField, Invitation
from .sending import link_for


def _contacts(request, experts, action="view") -> dict[int, tuple[str, str]]:
    """``{expert id: (phone, email)}`` as this user may see them; a clear view is logged."""
    experts = list(experts)
    if not access.clear_contacts(request.user):
        return {e.pk: (e.masked_phone, e.masked_email) for e in experts}
    if experts:
        log_access(request, action, Expert, [e.pk for e in experts])
    return {e.pk: (e.phone, e.email) for e in experts}


def _int_or_404(pk) -> int:
    """An id from the path: ASCII digits within the column's range, else 404 (``int`` would take
    full-width digits, and a 40-digit id overflows the database)."""
    if not isinstance(pk, str) or not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
        raise Http404
    return int(pk)


# --- the pool -------------------------------------------------------------------------------


def expert_index(request):
    access.require_read(request)
    show = request.GET.get("show", "active")
    queryset = Expert.objects.prefetch_related("fields")
    if show != "all":
        queryset = queryset.filter(active=True)
    filters = ExpertFilter(request.GET or None)
    experts = list(filters.filter(queryset)[:500])
    contacts = _contacts(request, experts)
    return TemplateResponse(
        request,
        "experts/admin/expert_index.html",
        {
            "page_title": _("专家智库"),
            "rows": [(e, *contacts[e.pk]) for e in experts],
            "filters": filters,
            "show": show,
            "manage": access.can_manage(request.user),
            "clear": access.clear_contacts(request.user),
        },
    )


def expert_form(request, pk=None):
    access.require_manage(request)
    expert = get_object_or_404(Expert, pk=_int_or_404(pk)) if pk is not None else None
    clear = access.clear_contacts(request.user)
    form = ExpertForm(request.POST or None, instance=expert, clear=clear)
    if request.method == "POST" and form.is_valid():
        expert = form.save()
        messages.success(request, _("已保存：%(name)s") % {"name": expert.name})
        return redirect("experts_index")
    if expert is not None and clear and request.method == "GET":
        log_access(request, "view", Expert, [expert.pk])
    return TemplateResponse(
        request,
        "experts/admin/form.html",
        {
            "form": form,
            "page_title": _("修改专家信息") if expert else _("添加专家或机构"),
            "back": "experts_index",
        },
    )


def field_index(request):
    access.require_manage(request)
    fields = ExpertiseField.objects.annotate(
        n=Count("experts", filter=Q(experts__active=True))
    ).order_by("sort_order", "name")
    return TemplateResponse(
        request,
        "experts/admin/field_index.html",
        {"page_title": _("专业领域"), "fields": fields},
    )


def field_form(request, pk=None):
    access.require_manage(request)
    field = get_object_or_404(ExpertiseField, pk=_int_or_404(pk)) if pk is not None else None
    form = FieldForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("专业领域已保存。"))
        return redirect("experts_fields")
    return TemplateResponse(
        request,
        "experts/admin/form.html",
        {
            "form": form,
            "page_title": _("修改专业领域") if field else _("添加专业领域"),
            "back": "experts_fields",
        },
    )


# --- 定向征集 ----------------------------------------------------------------------------------


def campaign_index(request):
    access.require_read(request)
    campaigns = Campaign.objects.select_related("page").annotate(
        invited=Count("invitations"),
        opened=Count("invitations", filter=Q(invitations__opened_at__isnull=False)),
        unsent=Count("invitations", filter=Q(invitations__sent=False)),
    )[:200]
    return TemplateResponse(
        request,
        "experts/admin/campaign_index.html",
        {
            "page_title": pgettext("campaigns", "定向征集"),
            "campaigns": campaigns,
            "manage": access.can_manage(request.user),
        },
    )


def campaign_create(request):
    """One form: the filters (by field, kind, name) re-show the list of experts without losing
    what was typed or ticked; experts ticked under another filter stay listed and ticked."""
    access.require_manage(request)
    posted = request.method == "POST"
    filters = ExpertFilter((request.POST if posted else request.GET) or None)
    ticked = [pk for pk in request.POST.getlist("experts") if pk.isascii() and pk.isdigit()]
    ticked = [int(pk) for pk in ticked if len(pk) <= 18]
    pool = Expert.objects.filter(active=True)
    shown = pool.filter(
        Q(pk__in=filters.filter(pool).values("pk")) | Q(pk__in=ticked)
    ).prefetch_related("fields")
    if posted and request.POST.get("action") != "filter":
        # The posted ids are checked against the whole pool, not only the experts shown now.
        form = CampaignForm(request.POST, experts=pool.prefetch_related("fields"))
        if form.is_valid():
            data = form.cleaned_data
            campaign = sending.create_campaign(
                title=data["title"],
                page=form.page,
                message=data["message"],
                reply_by=data["reply_by"],
                experts=list(data["experts"]),
                user=request.user,
            )
            messages.success(
                request,
                _("已向 %(n)s 位专家或机构发出邀请。") % {"n": len(data["experts"])},
            )
            return redirect("experts_campaign", campaign.pk)
        form.fields["experts"].queryset = shown
    else:
        initial = {"experts": ticked}
        if posted:
            for name in ("title", "page_id", "message", "reply_by"):
                initial[name] = request.POST.get(name, "")
        form = CampaignForm(initial=initial, experts=shown)
    return TemplateResponse(
        request,
        "experts/admin/campaign_form.html",
        {
            "form": form,
            "filters": filters,
            "page_title": _("新建定向征集"),
            "no_drafts": not form.drafts,
        },
    )


def _campaign(request, pk) -> Campaign:
    access.require_read(request)
    return get_object_or_404(Campaign.objects.select_related("page"), pk=_int_or_404(pk))


def answered(campaign) -> dict[str, int]:
    """Opinions counted per personal code on the campaign's draft, in one call for all invitees
    (the opinions plugin leaves out those it did not accept)."""
    return {c.code: c.count for c in source_counts(campaign.page) if c.kind == "expert" and c.code}


def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    invitations = list(
        campaign.invitations.select_related("expert").prefetch_related(Prefetch("expert__fields"))
    )
    contacts = _contacts(request, [i.expert for i in invitations])
    counts = answered(campaign)
    rows = [
        {
            "invitation": i,
            "phone": contacts[i.expert_id][0],
            "email": contacts[i.expert_id][1],
            "answered": counts.get(i.code, 0),
            "link": link_for(i),
        }
        for i in invitations
    ]
    summary = {
        "invited": len(rows),
        "sent": sum(1 for r in rows if r["invitation"].sent),
        "unsent": sum(1 for r in rows if r["invitation"].sent is False),
        "opened": sum(1 for r in rows if r["invitation"].opened_at),
        "answered": sum(1 for r in rows if r["answered"]),
    }
    return TemplateResponse(
        request,
        "experts/admin/campaign.html",
        {
            "page_title": campaign.title,
            "campaign": campaign,
            "rows": rows,
            "summary": summary,
            "manage": access.can_manage(request.user),
            "open": campaign.reply_by >= timezone.localdate(),
        },
    )


@require_POST
def resend(request, pk):
    access.require_manage(request)
    invitation = get_object_or_404(
        Invitation.objects.select_related("campaign"), pk=_int_or_404(pk), active=True
    )
    transaction.on_commit(lambda: sending.enqueue([invitation.pk]))
    messages.success(request, _("已重新发送邀请。"))
    return redirect("experts_campaign", invitation.campaign_id)


@require_POST
def remind(request, pk):
    access.require_manage(request)
    campaign = get_object_or_404(Campaign, pk=_int_or_404(pk))
    counts = answered(campaign)
    waiting = [
        i.pk
        for i in campaign.invitations.filter(active=True, expert__active=True)
        if not counts.get(i.code)
    ]
    if waiting:
        transaction.on_commit(lambda: sending.enqueue(waiting, reminder=True))
        messages.success(request, _("已向 %(n)s 位尚未反馈的专家发送提醒。") % {"n": len(waiting)})
    else:
        messages.info(request, _("所有受邀专家都已反馈，无需提醒。"))
    return redirect("experts_campaign", campaign.pk)

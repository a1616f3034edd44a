"""The admin's 采纳证书: the office lists, downloads and prints in bulk the certificates and thank-you
letters of adopted opinions; a point's staff see only their own point's certificates.

The right is ``forms.view_issueddocument`` (the office's roles get it in the migration, point staff
through ``FormsConfig.point_staff_permissions``); *which* documents follow the opinions the user may
see (``point_scope``). Letters name a resident only where they chose to publish their name; each
download or print of such a letter is written to the personal-data audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from core.audit import log_access
from core.params import bounded_int

from . import certificates
from .certificate_models import IssuedDocument
from .masking import mask_name
from .models import Opinion
from .point_scope import acts_for_points, sees_every_opinion, visible_opinions

VIEW_PERMISSION = "forms.view_issueddocument"
PER_PAGE = 50
Kind = IssuedDocument.Kind


def can_use(user) -> bool:
    if not (user and user.is_authenticated and user.has_perm(VIEW_PERMISSION)):
        return False
    return sees_every_opinion(user) or acts_for_points(user)


def _require(request):
    if not can_use(request.user):
        raise PermissionDenied


def kinds_for(user) -> list[str]:
    # Letters are the residents': a point's staff print their point's certificates only.
    return [Kind.CERTIFICATE, Kind.LETTER] if sees_every_opinion(user) else [Kind.CERTIFICATE]


def visible_documents(user):
    opinions = visible_opinions(user, Opinion.objects.all())
    return IssuedDocument.objects.filter(
        kind__in=kinds_for(user), opinion__in=opinions.values("pk")
    ).select_related("opinion", "point")


def _filtered(request, params):
    documents = visible_documents(request.user)
    kind = params.get("kind", "")
    if kind in kinds_for(request.user):
        documents = documents.filter(kind=kind)
    page_id = bounded_int(params.get("page_id"))
    if page_id:
        documents = documents.filter(opinion__page_id=page_id)
    if params.get("valid") == "1":
        documents = documents.filter(revoked=False, opinion__status__in=certificates.ADOPTED)
    return documents


def _log_named_letters(request, documents):
    named = [d.opinion_id for d in documents if certificates.names_resident(d)]
    if named:
        log_access(request, "download", Opinion, named, note=_("感谢信（含提出人姓名）"))


def _row(document):
    facts = certificates.public_facts(document)
    recipient = facts["point_name"]
    if document.kind == Kind.LETTER:
        # The list never shows a name in clear: the printed letter does, and is audit-logged.
        recipient = mask_name(facts["name"]) if facts["name"] else _("尊敬的市民")
    return {"document": document, "facts": facts, "recipient": recipient,
            "valid": certificates.is_valid(document)}  # fmt: skip


def index_view(request):
    _require(request)
    # Issued lazily: every adopted opinion this user may see gets its documents now, once.
    opinions = visible_opinions(request.user, Opinion.objects.all())
    for kind in kinds_for(request.user):
        certificates.issue_missing(opinions, kind)
    documents = _filtered(request, request.GET).order_by("-opinion__page_id", "kind", "opinion_id")
    paginator = Paginator(documents, PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    commented_pages = (
        visible_documents(request.user)
        .order_by("opinion__page_title")
        .values_list("opinion__page_id", "opinion__page_title")
        .distinct()
    )
    filters = {k: request.GET.get(k, "") for k in ("kind", "page_id", "valid")}
    return TemplateResponse(
        request,
        "forms/admin/certificates.html",
        {
            "page_title": _("采纳证书"),
            "rows": [_row(d) for d in page.object_list],
            "page_obj": page,
            "total": paginator.count,
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "kinds": [(k, Kind(k).label) for k in kinds_for(request.user)],
            "commented_pages": [(pk, title) for pk, title in commented_pages if pk],
            "max_bulk": certificates.MAX_BULK,
        },
    )


def _pdf(request, documents):
    from .views import _pdf_response

    try:
        content = certificates.render(documents, request=request)
    except certificates.PdfUnavailable:
        messages.error(request, _("暂时无法生成 PDF（字体或排版组件不可用），请联系管理员。"))
        return redirect(reverse("forms_certificates"))
    _log_named_letters(request, documents)
    return _pdf_response(content, certificates.filename(documents))


def download_view(request, pk: int):
    _require(request)
    document = visible_documents(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404
    if not certificates.is_valid(document):
        messages.error(request, _("这份证书已作废，不能下载。"))
        return redirect(reverse("forms_certificates"))
    return _pdf(request, [document])


@require_POST
def print_view(request):
    """批量打印: the ticked documents, or with ``all`` every valid one the filters select; one
    PDF, one page each, in the list's order."""
    _require(request)
    documents = _filtered(request, request.POST).filter(
        revoked=False, opinion__status__in=certificates.ADOPTED
    )
    # Back to the same filtered list; rebuilt from the filters, never a string the form carried.
    filters = {k: request.POST.get(k, "")[:20] for k in ("kind", "page_id", "valid")}
    back = reverse("forms_certificates") + "?" + urlencode({k: v for k, v in filters.items() if v})
    if request.POST.get("all") != "1":
        ids = [i for i in map(bounded_int, request.POST.getlist("ids")) if i]
        documents = documents.filter(pk__in=ids)
    documents = list(
        documents.order_by("-opinion__page_id", "kind", "opinion_id")[: certificates.MAX_BULK + 1]
    )
    if not documents:
        messages.error(request, _("请先勾选要打印的有效证书或感谢信。"))
        return redirect(back)
    if len(documents) > certificates.MAX_BULK:
        messages.error(
            request,
            _("一次最多打印 %(max)s 份，请按草案或类型筛选后分批打印。")
            % {"max": certificates.MAX_BULK},
        )
        return redirect(back)
    return _pdf(request, documents)


def menu_item() -> MenuItem:
    from .admin_menu import PermissionMenuItem

    return PermissionMenuItem(
        _("采纳证书"),
        reverse("forms_certificates"),
        icon_name="doc-full",
        order=254,
        check=can_use,
    )

"""征集码 in the admin: a point's staff list, make and print the codes of their own point; the
office does so for any point.

- ``/admin/points/codes/``: the points the user may print for (straight to the one if only one);
- ``/admin/points/<id>/codes/``: that point's codes, a form for new ones (one draft, one article
  or every article), switching a code off, and the printable PDFs;
- ``/admin/points/<id>/codes/print/<layout>/``: 连心卡 (ten to an A4 sheet, with cut lines),
  poster (A4) or table card (A5 tent, folded along the middle of an A4 sheet).

Another point's id is a 404 for a point's staff, whatever they type: the point's existence is
none of their business (as for opinions, ``forms/point_scope.py``)."""

from __future__ import annotations

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page, get_page_models

from core import pdf
from core.interfaces import Commentable, as_commentable
from core.params import bounded_int
from core.plugins import QUESTIONNAIRE_PAGE, page_models_for

from . import codes
from .models import (
    CollectionCode,
    CollectionSite,
    CommunityGrid,
    LiaisonPointPage,
    SourceKind,
)
from .sources import create_code
from .staff import points_for_user

OFFICE_PERMISSION = "liaison_points.add_collectioncode"
LAYOUTS = {
    "card": gettext_lazy("连心卡"),
    "poster": gettext_lazy("海报"),
    "table": gettext_lazy("桌牌"),
}
MAX_PER_PRINT = 200  # a 20-sheet run of cards; more is several runs


def manageable_points(user):
    """The points ``user`` may make and print codes for (default-language pages)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return LiaisonPointPage.objects.none()
    default = Locale.get_default()
    if user.is_superuser or user.has_perm(OFFICE_PERMISSION):
        return LiaisonPointPage.objects.filter(locale=default).order_by("district", "path")
    keys = [p.translation_key for p in points_for_user(user)]
    return LiaisonPointPage.objects.filter(locale=default, translation_key__in=keys).order_by(
        "district", "path"
    )


def can_use(user) -> bool:
    return manageable_points(user).exists()


def _point_or_404(user, point_id):
    point_id = bounded_int(point_id)
    point = manageable_points(user).filter(pk=point_id).first() if point_id else None
    if point is None:
        raise Http404(_("没有这个联系点，或您不能为它制作征集码。"))
    return point


def commentable_pages():
    """Live commentable pages in the site's main language (the opinions are counted there)."""
    models = [m for m in get_page_models() if issubclass(m, Commentable)]
    if not models:
        return Page.objects.none()
    return (
        Page.objects.type(*models)
        .live()
        .filter(locale=Locale.get_default())
        .order_by("-first_published_at")
    )


def code_target_pages():
    """What a code may lead to: the commentable pages, and the questionnaires (pages playing
    ``QUESTIONNAIRE_PAGE``: the reply is credited to the code's source, as an opinion is)."""
    models = [m for m in get_page_models() if issubclass(m, Commentable)]
    models += page_models_for(QUESTIONNAIRE_PAGE)
    if not models:
        return Page.objects.none()
    return (
        Page.objects.type(*models)
        .live()
        .filter(locale=Locale.get_default())
        .order_by("-first_published_at")
    )


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(_("名称中有无法保存的字符，请重新输入。"))
    return " ".join(value.split())


class CodeForm(forms.Form):
    page = forms.ModelChoiceField(
        label=gettext_lazy("草案或问卷"),
        queryset=Page.objects.none(),
        error_messages={
            "invalid_choice": gettext_lazy(
                "只能为已发布、可以提意见的草案或正在进行的问卷制作征集码。"
            )
        },
    )
    article = forms.ChoiceField(label=gettext_lazy("条文"), required=False)
    every_article = forms.BooleanField(
        label=gettext_lazy("为每一条各制作一个码"),
        required=False,
        help_text=gettext_lazy("桌牌和海报可以只讲一条：居民扫码直接到这一条。"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("谁来发放"), choices=SourceKind.choices, initial=SourceKind.POINT
    )
    site = forms.ModelChoiceField(
        label=gettext_lazy("信息采集点"),
        queryset=CollectionSite.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("只能选择本联系点的信息采集点。")},
    )
    grid = forms.ModelChoiceField(
        label=gettext_lazy("社区网格"),
        queryset=CommunityGrid.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("只能选择本联系点的社区网格。")},
        help_text=gettext_lazy("网格在联系点页面的“社区网格”中添加。"),
    )
    label = forms.CharField(
        label=gettext_lazy("代表姓名或活动名称"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "发放人是人大代表时填代表的姓名（只填公开的姓名）；专项活动填活动名称，如“立法赶集”。"
        ),
    )

    def __init__(self, *args, point, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.point = point
        self.fields["page"].queryset = code_target_pages()
        self.fields["site"].queryset = CollectionSite.objects.filter(point=point)
        self.fields["grid"].queryset = CommunityGrid.objects.filter(point=point)
        self.targets = {}
        commentable = as_commentable(page) if page is not None else None
        if commentable is not None:
            self.targets = {t.key: t for t in commentable.get_comment_targets()}
        self.fields["article"].choices = [
            ("", _("草案整体")),
            *[(key, t.label) for key, t in self.targets.items()],
        ]

    def clean_label(self):
        return _clean_text(self.cleaned_data.get("label") or "")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == SourceKind.SITE and not cleaned.get("site"):
            self.add_error("site", _("请选择信息采集点。"))
        if kind == SourceKind.GRID and not cleaned.get("grid"):
            self.add_error("grid", _("请选择社区网格。"))
        if kind in (SourceKind.DEPUTY, SourceKind.CAMPAIGN) and not cleaned.get("label"):
            self.add_error("label", _("请填写代表姓名或活动名称。"))
        if cleaned.get("every_article") and not self.targets:
            self.add_error("every_article", _("这份草案没有分条，只能为整体制作一个码。"))
        return cleaned


def index_view(request):
    points = list(
        manageable_points(request.user).annotate(
            codes=Count("collection_codes", filter=Q(collection_codes__active=True))
        )
    )
    if not points:
        raise PermissionDenied
    if len(points) == 1:
        return redirect("liaison_points_codes", points[0].pk)
    return TemplateResponse(
        request,
        "liaison_points/codes/admin_index.html",
        {
            "points": points,
            # The office watches where each open call's opinions come from.
            "maps": list(commentable_pages().only("id", "title")[:20]),
            "page_title": _("征集码"),
        },
    )


def point_view(request, point_id):
    point = _point_or_404(request.user, point_id)
    page_id = bounded_int(request.POST.get("page") or request.GET.get("page"))
    page = code_target_pages().filter(pk=page_id).first() if page_id else None
    page = page.specific if page is not None else None
    form = CodeForm(
        request.POST if "create" in request.POST else None,
        point=point,
        page=page,
        initial={"page": page},
    )
    if request.method == "POST" and "create" in request.POST and form.is_valid():
        data = form.cleaned_data
        chosen = data["page"].specific
        if data["every_article"]:
            targets = list(form.targets.values())
        else:
            targets = [form.targets.get(data.get("article") or "")]
        made = [
            create_code(
                point,
                chosen,
                kind=data["kind"],
                site=data.get("site"),
                grid=data.get("grid"),
                label=data.get("label") or "",
                target=target,
                user=request.user,
            )
            for target in targets
        ]
        messages.success(
            request,
            _("已制作 %(n)s 个征集码：%(codes)s")
            % {"n": len(made), "codes": "、".join(c.code for c in made[:10])},
        )
        return redirect(f"{reverse('liaison_points_codes', args=[point.pk])}?page={chosen.pk}")
    listed = (
        CollectionCode.objects.filter(point=point)
        .select_related("page", "site", "grid")
        .order_by("-active", "page_id", "article_key", "-created_at")
    )
    drafts = {}
    for code in listed:
        drafts.setdefault(code.page_id, {"page": code.page, "codes": []})["codes"].append(code)
    return TemplateResponse(
        request,
        "liaison_points/codes/admin_point.html",
        {
            "point": point,
            "form": form,
            "chosen": page,
            "groups": list(drafts.values()),
            "layouts": LAYOUTS,
            "page_title": _("征集码：%(point)s") % {"point": point.title},
        },
    )


@require_POST
def toggle_view(request, point_id, code_id):
    point = _point_or_404(request.user, point_id)
    code = CollectionCode.objects.filter(point=point, pk=bounded_int(code_id) or 0).first()
    if code is None:
        raise Http404
    code.active = not code.active
    code.save(update_fields=["active"])
    if code.active:
        messages.success(request, _("征集码 %(code)s 已重新启用。") % {"code": code.code})
    else:
        messages.success(
            request,
            _("征集码 %(code)s 已停用：扫码会提示找不到，已收到的意见不受影响。")
            % {"code": code.code},
        )
    return redirect("liaison_points_codes", point.pk)


def public_code_url(code: str) -> str:
    # Absolute, like the links in e-mails: the paper is read away from any request. The
    # site's main language has no prefix, so the printed address is the short one.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("collection_code", args=[code])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def entry_url() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("collection_code_entry")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _qr_data_uri(url: str) -> str:
    # PNG, as on the certificates: every print driver shows a bitmap the same way.
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=1)
    return pdf.data_uri(buffer.getvalue(), "image/png")


def card_context(code: CollectionCode) -> dict:
    url = public_code_url(code.code)
    return {
        "code": code,
        "pretty": codes.pretty(code.code),
        "qr": _qr_data_uri(url),
        "url": url,
        "source": code.describe_source(),
    }


def sheets_of(layout: str, cards: list[dict]) -> list[list[dict]]:
    """The A4 sheets a print run fills: business cards ten to a sheet, any other layout one."""
    per_sheet = 10 if layout == "card" else 1
    return [cards[i : i + per_sheet] for i in range(0, len(cards), per_sheet)]


def print_view(request, point_id, layout):
    point = _point_or_404(request.user, point_id)
    if layout not in LAYOUTS:
        raise Http404
    chosen = CollectionCode.objects.filter(point=point, active=True).select_related(
        "page", "site", "grid"
    )
    wanted = [c for c in (codes.normalise(v) for v in request.GET.getlist("code")) if c]
    if wanted:
        chosen = chosen.filter(code__in=wanted[:MAX_PER_PRINT])
    page_id = bounded_int(request.GET.get("page"))
    if page_id:
        chosen = chosen.filter(page_id=page_id)
    chosen = list(chosen.order_by("page_id", "created_at")[:MAX_PER_PRINT])
    if not chosen:
        messages.warning(request, _("没有可以打印的征集码：先制作一个，或重新启用已停用的。"))
        return redirect("liaison_points_codes", point.pk)
    sheets = sheets_of(layout, [card_context(code) for code in chosen])
    content = pdf.render_pdf(
        f"liaison_points/pdf/{layout}.html",
        {"point": point, "sheets": sheets, "entry_url": entry_url(), "layout": LAYOUTS[layout]},
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"collection-codes-{layout}-{point.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

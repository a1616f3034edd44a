"""Open data API under ``/api/open-data/`` (GET only, no key): the published opinions
(forms/open_data.py decides which, and what of them) as a paginated JSON read API, as streamed
CSV and JSON downloads, and a draft's per-article figures.

Errors are JSON ``{"message": str, "errors": {}}`` like the rest of ``/api/``: a bad parameter is
400, an unknown, unpublished or private page 404, a client over the download limit 429.

Every answer is in the language the caller asks for (``api_language``: ``?lang=``, else
Accept-Language): outcome labels, messages and the schema's help texts. The keys, the CSV's
column names and the ``outcome`` codes are the same in every language.
"""

from __future__ import annotations

import csv
import json
from datetime import date

from django.conf import settings
from django.http import HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from core import ratelimit
from core.spreadsheets import safe_cell

from . import open_data
from .api_language import answered_in, fallback_language, request_language

# As in forms/api.py (which loads this module by name, so this one cannot import it back): a
# database integer, larger ids are a 400, not an overflow.
MAX_PAGE_ID = 2**31 - 1
MAX_LIMIT = 500  # rows per page of the read API; the downloads are for everything
MAX_OFFSET = 100_000  # beyond this, offsets cost the database more than a download does
ROWS_PER_CHUNK = 500  # rows per streamed chunk: few writes, little memory
DOWNLOAD_LIMIT = "open_data_download"  # settings.LAWBRIDGE_RATELIMITS

router = Router(tags=["open-data"])


# The schema's help texts are lazy: /api/openapi.json renders them in the caller's language.
class Language(Schema):
    lang: str | None = Field(
        None,
        # No max_length: any value not a site language is our translated 400 (_in_language).
        description=gettext_lazy(
            "回答的语言：zh-hans（简体中文）、zh-hant（繁體中文）或 en（English）；"
            "不填时按请求头 Accept-Language。仅影响文字说明，代码和字段名不变"
        ),
    )


class Filters(Language):
    page_id: int | None = Field(
        None,
        ge=1,
        le=MAX_PAGE_ID,
        description=gettext_lazy("草案的页面 ID；不填为所有公开的草案"),
    )
    date_from: date | None = Field(None, description=gettext_lazy("提交日期起（含），YYYY-MM-DD"))
    date_to: date | None = Field(None, description=gettext_lazy("提交日期止（含），YYYY-MM-DD"))


class PageFilters(Filters):
    limit: int = Field(
        100,
        ge=1,
        le=MAX_LIMIT,
        description=format_lazy(gettext_lazy("每页条数，最多 {n}"), n=MAX_LIMIT),
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=gettext_lazy("跳过的条数"))


class OpenOpinion(Schema):
    draft_id: int
    draft_title: str
    draft_url: str
    article_key: str = Field(description=gettext_lazy("条文标识；空为草案整体"))
    article_label: str = Field(description=gettext_lazy("提意见时的条文序号，如“第三条”"))
    date: str = Field(description=gettext_lazy("提交日期 YYYY-MM-DD"))
    outcome: str = Field(
        description=gettext_lazy(
            "办理结果代码，各种语言相同：adopted / partly / not_adopted / processing"
        )
    )
    outcome_label: str = Field(description=gettext_lazy("办理结果的名称，按回答的语言"))
    name: str = Field(description=gettext_lazy("姓名：仅当提出人同意公开姓名时，否则为空"))
    text: str = Field(description=gettext_lazy("公开文本（隐去个人信息或经审核的文本）"))
    reply: str = Field(description=gettext_lazy("答复（已作出采纳决定时）"))


class OpinionPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[OpenOpinion]


class ArticleFigures(Schema):
    key: str
    label: str
    received: int
    adopted: int
    partly: int
    not_adopted: int
    processing: int


class Totals(Schema):
    received: int
    adopted: int
    partly: int
    not_adopted: int
    processing: int


class Figures(Schema):
    draft_id: int
    draft_title: str
    totals: Totals
    articles: list[ArticleFigures]


class OpenDataError(Schema):
    message: str
    errors: dict[str, list[str]] = {}


ERRORS = {400: OpenDataError, 404: OpenDataError}


def _error(status: int, message: str):
    return JsonResponse({"message": message, "errors": {}}, status=status)


def _selection(filters: Filters):
    """The pages and the queryset of a request, or an error response."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        return None, None, _error(400, _("开始日期不能晚于结束日期。"))
    pages = open_data.public_pages(filters.page_id)
    if filters.page_id is not None and not pages:
        return None, None, _error(404, _("没有找到这个公开的草案。"))
    queryset = open_data.rows_queryset(pages, filters.date_from, filters.date_to)
    return pages, queryset, None


def _in_language(request, answer, response: HttpResponse | None = None):
    """``answer()`` in the language the request asks for; a 400 if ``?lang=`` names none of
    the site's. ``response``: ninja's response for a view that returns data, not a response."""
    language = request_language(request)
    if language is None:
        language = fallback_language(request)
        with translation.override(language):
            codes = "、".join(code for code, _name in settings.LANGUAGES)
            return answered_in(
                _error(400, _("不支持的语言，lang 可以是：%(codes)s。") % {"codes": codes}),
                language,
            )
    with translation.override(language):
        result = answer()
    answered_in(result if isinstance(result, HttpResponseBase) else response, language)
    return result


@router.get(
    "/opinions",
    response={200: OpinionPage, **ERRORS},
    summary=gettext_lazy("公开的意见（分页）"),
    description=gettext_lazy(
        "提出人同意公开、并经公开审核的意见：采纳情况、答复、条文、草案和日期。"
        "不含任何联系方式；姓名仅在提出人同意公开姓名时给出。"
    ),
)
def list_opinions(request, response: HttpResponse, filters: Query[PageFilters]):
    return _in_language(request, lambda: _opinion_page(request, filters), response)


def _opinion_page(request, filters: PageFilters):
    pages, queryset, error = _selection(filters)
    if error:
        return error
    chunk = queryset[filters.offset : filters.offset + filters.limit]
    urls = {pk: page.get_full_url(request) or "" for pk, page in pages.items()}
    labels = open_data.outcome_labels()
    return {
        "count": queryset.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "results": [
            open_data.row(values, pages[values["page_id"]], urls[values["page_id"]], labels)
            for values in chunk
        ],
    }


class _Echo:
    """csv.writer's file: hands each formatted line back instead of storing it."""

    def write(self, value):
        return value


def _csv_chunks(rows):
    writer = csv.writer(_Echo())
    # The BOM makes Excel read the file as UTF-8 (it guesses GBK otherwise).
    yield "\ufeff" + writer.writerow(open_data.COLUMNS)
    lines = []
    for row in rows:
        lines.append(writer.writerow([safe_cell(row[column]) for column in open_data.COLUMNS]))
        if len(lines) >= ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _json_chunks(rows):
    yield "["
    separator = ""
    lines = []
    for row in rows:
        lines.append(separator + json.dumps(row, ensure_ascii=False))
        separator = ",\n"
        if len(lines) >= ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines) + "]\n"


FORMATS = {
    "csv": ("text/csv; charset=utf-8", _csv_chunks),
    "json": ("application/json; charset=utf-8", _json_chunks),
}


def _download(request, filters: Filters, kind: str):
    if ratelimit.limited(request, DOWNLOAD_LIMIT):
        return _error(429, str(ratelimit.TOO_MANY))
    pages, queryset, error = _selection(filters)
    if error:
        return error
    content_type, chunks = FORMATS[kind]
    response = StreamingHttpResponse(
        chunks(open_data.opinion_rows(queryset, pages, request)), content_type=content_type
    )
    name = f"opinions-{filters.page_id}" if filters.page_id else "opinions"
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


DOWNLOAD_DESCRIPTION = gettext_lazy(
    "全部公开的意见，流式下载（字段同分页接口）。CSV 带 BOM，以 = + - @ 开头的单元格前加单引号；"
    "CSV 的列名是固定的英文字段名，各种语言相同。按客户端地址限速，超过返回 429。"
)


@router.get(
    "/opinions.csv",
    response={200: None, **ERRORS, 429: OpenDataError},
    summary=gettext_lazy("公开的意见（CSV 下载）"),
    description=DOWNLOAD_DESCRIPTION,
)
def download_csv(request, filters: Query[Filters]):
    return _in_language(request, lambda: _download(request, filters, "csv"))


@router.get(
    "/opinions.json",
    response={200: list[OpenOpinion], **ERRORS, 429: OpenDataError},
    summary=gettext_lazy("公开的意见（JSON 下载）"),
    description=DOWNLOAD_DESCRIPTION,
)
def download_json(request, filters: Query[Filters]):
    return _in_language(request, lambda: _download(request, filters, "json"))


@router.get(
    "/drafts/{page_id}/figures",
    response={200: Figures, **ERRORS},
    summary=gettext_lazy("草案各条文的意见数和采纳情况"),
    description=gettext_lazy("与草案页面公布的采纳情况反馈相同的数字；尚未公布时返回 404。"),
)
def draft_figures(request, response: HttpResponse, page_id: str, params: Query[Language]):
    return _in_language(request, lambda: _figures(page_id), response)


def _figures(page_id: str):
    # The id is read as text: a path that is not a number is our JSON 400, not the site's 404.
    if not (page_id.isascii() and page_id.isdigit() and len(page_id) <= 10) or not (
        1 <= int(page_id) <= MAX_PAGE_ID
    ):
        return _error(400, _("页面 ID 应为正整数。"))
    page = open_data.public_pages(int(page_id)).get(int(page_id))
    if page is None:
        return _error(404, _("没有找到这个公开的草案。"))
    data = open_data.figures(page)
    if data is None:
        return _error(404, _("这个草案尚未公布意见采纳情况。"))
    return data

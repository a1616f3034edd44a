"""An opinion follows its article, not the number it had: after a second version renumbers the
draft, every place the office and the public read shows the article's current number, with the
number (and version) it had when commented. Built on a small draft made here, not the demo's.

征求意见稿                      二审稿
第一条 立法目的                  第一条 立法目的
                                第二条 实施部门            (new)
第二条 适用范围          →       第三条 适用范围            (renumbered)
第三条 文明养犬          →       第四条 文明养犬            (renumbered)
第四条 遛犬牵绳          ×                                (deleted)
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from forms.article_refs import CurrentArticles, fill_commented_versions
from forms.exports import export_storage
from forms.intake import Submission, create_opinion
from forms.models import Batch, Channel, Opinion, PageOpinionSettings
from forms.tasks import export_batch
from forms.workflow import Status, transition
from tests.factories import UserFactory
from tests.forms.conftest import needs_drafts
from tests.signin import login_with_2fa

pytestmark = [pytest.mark.django_db, needs_drafts]

PURPOSE = "第一条 为了规范养犬行为，维护公共秩序，制定本条例。"
SCOPE = "本条例适用于本市行政区域内的养犬及其管理活动。"
CIVIL = "养犬人应当文明养犬，不得干扰他人正常生活。"
LEASH = "携犬出户的，应当为犬只束犬链，犬链长度不超过一点五米。"
V1 = "\n".join(
    ["某市养犬管理条例（草案）", PURPOSE, f"第二条 {SCOPE}", f"第三条 {CIVIL}", f"第四条 {LEASH}"]
)
V2 = "\n".join(
    [
        "某市养犬管理条例（草案）",
        PURPOSE,
        "第二条 市公安机关负责本条例的组织实施，农业农村、城市管理等部门按照职责做好相关工作。",
        f"第三条 {SCOPE}",
        f"第四条 {CIVIL}",
    ]
)


@pytest.fixture
def renumbered(home_page, tmp_path, settings):
    """The draft in its 征求意见稿 with opinions, then its 二审稿 published, then one more."""
    from core.legal_text import parse_draft
    from drafts.models import DraftIndexPage
    from drafts.services import add_version, create_draft

    settings.MEDIA_ROOT = tmp_path
    index = DraftIndexPage.objects.get(slug="drafts", locale=home_page.locale)
    now = timezone.now()
    page = create_draft(
        index,
        parse_draft(V1),
        slug="yangquan-renumbered",
        publish=True,
        date=timezone.localdate() - dt.timedelta(days=20),
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=30),
    ).page
    page = page.__class__.objects.get(pk=page.pk)
    first = {t.label: t for t in page.get_comment_targets()}
    old = {
        "civil": create_opinion(
            page,
            Submission(text="建议明确“文明养犬”的具体要求。", target=first["第三条"]),
            channel=Channel.WEB,
        ),
        "leash": create_opinion(
            page,
            Submission(text="犬链长度一点五米太短。", target=first["第四条"]),
            channel=Channel.WEB,
        ),
        "whole": create_opinion(page, Submission(text="总体赞成。"), channel=Channel.WEB),
    }
    add_version(page, parse_draft(V2), label="二审稿", publish=True)
    page = page.__class__.objects.get(pk=page.pk)
    second = {t.label: t for t in page.get_comment_targets()}
    old["civil_again"] = create_opinion(
        page,
        Submission(text="第四条还应规定夜间遛犬的要求。", target=second["第四条"]),
        channel=Channel.API,
    )
    return page, old


def office_user(name: str, username: str):
    return UserFactory(username=username, groups=[name])


def test_intake_keeps_the_version_and_text_commented_on(renumbered):
    page, opinions = renumbered
    civil = Opinion.objects.get(pk=opinions["civil"].pk)
    assert (civil.article_label, civil.article_version) == ("第三条", "征求意见稿")
    assert civil.article_text == CIVIL
    assert civil.article_version_id == page.versions().first().pk
    again = Opinion.objects.get(pk=opinions["civil_again"].pk)
    assert (again.article_label, again.article_version) == ("第四条", "二审稿")
    assert again.article_key == civil.article_key  # the same article throughout


def test_every_opinion_reads_its_article_as_it_is_now(renumbered):
    _page, opinions = renumbered
    refs = {
        name: Opinion.objects.get(pk=opinion.pk).article_reference
        for name, opinion in opinions.items()
    }
    assert refs == {
        "civil": "第四条（征求意见稿第三条）",
        "leash": "征求意见稿第四条（现已删除）",
        "whole": "草案整体",
        "civil_again": "第四条",
    }


def test_admin_list_and_filter_as_the_handling_role(client, renumbered):
    page, opinions = renumbered
    client.force_login(office_user("意见办理员", "handler"))
    url = reverse("wagtailsnippets_forms_opinion:list")
    html = client.get(url, {"page": page.pk}).content.decode()
    assert "第四条（征求意见稿第三条）" in html
    assert "征求意见稿第四条（现已删除）" in html
    # The current 第四条 finds both opinions on it, not the one on the deleted old 第四条.
    for params in ({"page": page.pk, "article_label": "第四条"}, {"article_label": " 第四条 "}):
        html = client.get(url, params).content.decode()
        codes = {name for name, o in opinions.items() if o.receipt_code in html}
        assert codes == {"civil", "civil_again"}, params
    html = client.get(url, {"page": page.pk, "article_label": "第三条"}).content.decode()
    assert not any(o.receipt_code in html for o in opinions.values())
    for hostile in ("\x00", "第" * 500, "=HYPERLINK(1)", "<b>第四条</b>", "１"):
        assert client.get(url, {"article_label": hostile}).status_code in (200, 400)


def test_admin_list_costs_no_query_per_row(client, renumbered):
    page, opinions = renumbered
    client.force_login(office_user("意见办理员", "handler"))
    url = reverse("wagtailsnippets_forms_opinion:list")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"page": page.pk}).status_code == 200
        return len(captured)

    before = queries()
    target = page.get_comment_targets()[2]
    for n in range(15):
        create_opinion(page, Submission(text=f"意见{n}", target=target), channel=Channel.WEB)
    assert queries() == before


def test_inspect_page_shows_the_article_as_commented(client, renumbered):
    page, opinions = renumbered
    client.force_login(office_user("意见办理员", "handler"))
    civil = opinions["civil"]
    html = client.get(
        reverse("wagtailsnippets_forms_opinion:inspect", args=[civil.pk])
    ).content.decode()
    assert "第四条（征求意见稿第三条）" in html
    assert CIVIL in html and "征求意见稿 · 第三条" in html
    # The article as it read in that version, which says where it is now (drafts.permalinks).
    link = f"{page.url}versions/1/articles/3/"
    assert link in html
    then = client.get(link)
    assert then.status_code == 200 and CIVIL in then.content.decode()
    assert "本条在二审稿中为第四条" in then.content.decode()


def test_public_feedback_table_uses_current_numbers(client, renumbered):
    page, opinions = renumbered
    for name in ("civil", "civil_again"):
        opinion = Opinion.objects.get(pk=opinions[name].pk)
        transition(opinion, Status.REVIEWING)
        transition(opinion, Status.FORWARDED)
        transition(opinion, Status.ADOPTED, reply="已采纳。")
    PageOpinionSettings.objects.create(page=page, feedback_published=True)
    html = client.get(page.url).content.decode()
    section = html[html.index("opinion-feedback") :]
    rows = section[section.index("按条文统计") : section.index("</table>")]
    # One row for the article, under its number now, both opinions counted there.
    assert rows.count('<th scope="row">第四条</th>') == 1 and "第三条" not in rows
    assert '<th scope="row">第四条</th><td>2</td><td>2</td>' in rows
    assert '<th scope="row">征求意见稿第四条（现已删除）</th><td>1</td>' in rows


def test_reply_email_names_the_article_now_and_then(renumbered, django_capture_on_commit_callbacks):
    _page, opinions = renumbered
    opinion = Opinion.objects.get(pk=opinions["civil"].pk)
    opinion.email = "resident@example.com"
    opinion.save(update_fields=["email"])
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transition(opinion, Status.ADOPTED, reply="已在第四条中增加相关规定。")
    assert mail.outbox and "条文：第四条（征求意见稿第三条）" in mail.outbox[-1].body


def test_old_opinions_are_placed_in_the_version_of_their_day(renumbered):
    page, opinions = renumbered
    civil = opinions["civil"]
    Opinion.objects.filter(pk=civil.pk).update(
        article_version="", article_version_id=None, article_text="",
        submit_time=timezone.now() - dt.timedelta(days=10),
    )  # fmt: skip
    assert fill_commented_versions(Opinion.objects.filter(pk=civil.pk)) == 1
    civil = Opinion.objects.get(pk=civil.pk)
    assert (civil.article_version, civil.article_text) == ("征求意见稿", CIVIL)
    assert civil.article_version_id == page.versions().first().pk


def test_current_articles_loads_each_page_once(renumbered, django_assert_max_num_queries):
    page, opinions = renumbered
    rows = list(Opinion.objects.filter(page=page))
    with django_assert_max_num_queries(4):
        refs = {o.pk: o.article_reference for o in CurrentArticles().decorate(rows)}
    assert refs[opinions["civil"].pk] == "第四条（征求意见稿第三条）"


# --- Exports people can use -------------------------------------------------------------------


def _read_xlsx(batch):
    return load_workbook(io.BytesIO(export_storage().open(batch.xlsx_file, "rb").read()))


def test_committee_summary_table_shape(renumbered):
    page, opinions = renumbered
    noon_utc = dt.datetime(2026, 3, 1, 4, 30, tzinfo=dt.UTC)  # 12:30 in Shanghai
    Opinion.objects.filter(pk=opinions["civil"].pk).update(submit_time=noon_utc)
    batch = Batch.objects.create(title="养犬条例第一批")
    batch.opinions.add(*[o.pk for o in opinions.values()])
    export_batch.enqueue(batch.pk, False)
    batch.refresh_from_db()
    sheet = _read_xlsx(batch).worksheets[0]

    header = [c.value for c in sheet[4]]
    assert header[:7] == ["序号", "条文", "条文原文", "修改意见", "理由", "采纳情况", "答复"]
    assert "二审稿" in sheet["A2"].value  # the numbers' version is named
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the default, left out of the file), as many pages long as needed.
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0

    rows = {r[3]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[3]}
    civil = rows["建议明确“文明养犬”的具体要求。"]
    assert civil[1] == "第四条（征求意见稿第三条）" and civil[2] == CIVIL
    assert civil[5] == "已接收"
    assert civil[13] == dt.datetime(2026, 3, 1, 12, 30)  # local time, not UTC
    assert rows["第四条还应规定夜间遛犬的要求。"][1] == "第四条"
    assert rows["犬链长度一点五米太短。"][1] == "征求意见稿第四条（现已删除）"
    # Current text order: the whole draft, then 第四条, then what a later version deleted.
    order = [r[3] for r in sheet.iter_rows(min_row=5, values_only=True) if r[3]]
    assert order[0] == "总体赞成。" and order[-1] == "犬链长度一点五米太短。"

    by_article = {r[1]: r[2] for r in _read_xlsx(batch).worksheets[1].iter_rows(values_only=True)}
    assert by_article["第四条"] == 2 and "第三条" not in by_article


def test_docx_heads_opinions_with_current_numbers(renumbered):
    from docx import Document

    _page, opinions = renumbered
    batch = Batch.objects.create(title="养犬条例第一批")
    batch.opinions.add(*[o.pk for o in opinions.values()])
    export_batch.enqueue(batch.pk, False)
    batch.refresh_from_db()
    document = Document(export_storage().open(batch.docx_file, "rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "某市养犬管理条例（草案） 第四条（2）" in text
    assert "二审稿" in text


def test_list_export_has_labels_and_local_times(client, renumbered):
    _page, opinions = renumbered
    noon_utc = dt.datetime(2026, 3, 1, 4, 30, tzinfo=dt.UTC)
    Opinion.objects.filter(pk=opinions["civil"].pk).update(submit_time=noon_utc)
    client.force_login(office_user("法工委联络员", "liaison"))
    url = reverse("wagtailsnippets_forms_opinion:list")
    response = client.get(url, {"export": "csv", "q": opinions["civil"].receipt_code})
    assert response.status_code == 200
    csv = b"".join(response.streaming_content).decode()
    line = next(row for row in csv.splitlines() if opinions["civil"].receipt_code in row)
    assert "已接收" in line and "received" not in line
    assert "网站" in line and ",web," not in line
    assert "2026-03-01 12:30:00" in line
    assert "第四条（征求意见稿第三条）" in line

    response = client.get(url, {"export": "xlsx", "q": opinions["civil"].receipt_code})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["状态"] == "已接收" and row["类别"] == "群众"
    assert row["提交时间"] == dt.datetime(2026, 3, 1, 12, 30)
    assert row["条文"] == "第四条（征求意见稿第三条）"


def test_personal_data_officer_reads_the_same_references(client, renumbered):
    _page, opinions = renumbered
    user = office_user("个人信息管理员", "pii")
    login_with_2fa(client, user)
    html = client.get(
        reverse("wagtailsnippets_forms_opinion:inspect", args=[opinions["civil"].pk])
    ).content.decode()
    assert "第四条（征求意见稿第三条）" in html

"""The closing report of a consultation (forms/closing_report.py, report_views.py): 404 until the
feedback is published, the figures the draft page shows, themes with published examples only,
what changed with links into the version comparison, DOCX and PDF, the office's preview, bounded
queries, and bad input."""

from __future__ import annotations

import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from core.legal_text import parse_draft
from drafts.services import add_version
from forms import report_views
from forms.adoptions import set_adopted_into
from forms.analysis_models import Theme
from forms.closing_report import closing_report
from forms.models import Opinion, PageOpinionSettings
from forms.workflow import Publication, Status, transition
from tests.factories import DraftFactory, OpinionFactory, UserFactory, draft_text
from tests.signin import login_with_2fa

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
CHANGED = "第二条 关于第2项事务，有关部门应当依法履行职责，并在三十日内公开办理情况和理由。"


def decide(opinion, status, reply="已研究。", publication=Publication.MASKED):
    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step)
    if status != Status.FORWARDED:
        transition(opinion, status, reply=reply, notify=False)
    Opinion.objects.filter(pk=opinion.pk).update(publication=publication)
    opinion.refresh_from_db()
    return opinion


def second_version(page, articles=5):
    """A 二审稿 that rewrites 第二条 (same key) and leaves the others as they were."""
    lines = draft_text(articles).splitlines()
    lines[3] = CHANGED
    add_version(page, parse_draft("\n".join(lines)), label="二审稿", publish=True)
    return type(page).objects.get(pk=page.pk)


def consultation(opinions_per_article=1, articles=5, publish=True, spread=False):
    """A closed draft of ``articles`` articles, opinions on each, decided; a 二审稿 whose 第二条
    took up the adopted opinions (``spread``: also the article each was written on); feedback
    published unless ``publish`` is False."""
    page = DraftFactory(articles=articles, open=False)
    made = []
    for article in range(1, articles + 1):
        for n in range(opinions_per_article):
            made.append(
                OpinionFactory(
                    page=page,
                    article=article,
                    text=f"建议第{article}条明确办理时限（{n}），电话 {PHONE}",
                    phone=f"1390000{article:02d}{n:02d}",
                    name="李四",
                    publish_consent="full" if n == 0 else "anonymous",
                )
            )
    for index, opinion in enumerate(made):
        decide(opinion, [Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED][index % 3])
    page = second_version(page, articles)
    targets = page.get_comment_targets()
    for opinion in made:
        if opinion.status in (Status.ADOPTED, Status.PARTLY_ADOPTED):
            own = [t.key for t in targets if t.label == opinion.article_label] if spread else []
            set_adopted_into(opinion, [targets[1].key, *own])
    PageOpinionSettings.objects.create(
        page=page, show_public_opinions=True, feedback_published=publish,
        feedback_intro="感谢各界的意见建议。",
    )  # fmt: skip
    return page, made


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


def report_url(page, suffix="report/"):
    return f"/opinions/{page.pk}/{suffix}"


# --- The public page -------------------------------------------------------------------------


def test_not_public_until_the_feedback_is_published(client):
    page, _made = consultation(publish=False)
    for suffix in ("report/", "report.docx", "report.pdf"):
        assert client.get(report_url(page, suffix)).status_code == 404
    PageOpinionSettings.objects.filter(page=page).update(feedback_published=True)
    assert client.get(report_url(page)).status_code == 200


def test_a_private_or_unpublished_draft_has_no_public_report(client):
    page, _made = consultation()
    page.unpublish()
    assert client.get(report_url(page)).status_code == 404


def test_figures_per_article_and_people(client):
    page, made = consultation(opinions_per_article=2)
    # Two opinions from one telephone number are one person; one without contact is one more.
    OpinionFactory(page=page, article=1, phone=made[0].phone, text="同一个人的第二条意见")
    OpinionFactory(page=page, article=1, phone="", email="", text="没有留联系方式的意见")
    report = closing_report(page)
    totals = report.said["totals"]
    assert totals["received"] == 12
    assert (totals["adopted"], totals["partly"], totals["not_adopted"]) == (4, 3, 3)
    assert totals["processing"] == 2
    assert report.said["people"] == 11
    assert [a["label"] for a in report.said["articles"]] == [
        "第一条", "第二条", "第三条", "第四条", "第五条",
    ]  # fmt: skip
    assert report.said["articles"][0]["received"] == 4
    assert report.said["by_channel"] == [{"label": "网站", "count": 12}]

    body = text_of(client.get(report_url(page)))
    for heading in ("我们问了", "您说了", "我们改了", "答复", "按条文统计"):
        assert heading in body
    assert "共收到意见建议 12 条，约 11 人参与" in body
    assert "感谢各界的意见建议。" in body


def test_phone_first_table_keeps_a_label_on_every_figure(client):
    page, _made = consultation()
    html = soup(client.get(report_url(page)))
    cells = html.select(".report-table tbody td")
    assert cells and all(cell.get("data-label") for cell in cells)
    assert html.select_one("link[href$='forms/report.css']") is not None


def test_themes_show_counts_and_published_text_only(client):
    page, made = consultation(opinions_per_article=2)
    theme = Theme.objects.create(page=page, name="办理时限")
    other = Theme.objects.create(page=page, name="无人标注的主题")
    unpublished = OpinionFactory(page=page, article=3, text="尚未公开审核的意见原文", name="王五")
    withheld = decide(
        OpinionFactory(page=page, article=3, text="不予公开的意见", publish_consent="full"),
        Status.NOT_ADOPTED,
        publication=Publication.WITHHELD,
    )
    theme.opinions.add(made[0], made[1], unpublished, withheld)
    report = closing_report(page)
    themes = report.said["themes"]
    assert [t["name"] for t in themes] == ["办理时限"] and other.name not in str(themes)
    assert themes[0]["count"] == 4
    examples = themes[0]["examples"]
    assert len(examples) == 2
    texts = " ".join(e["text"] for e in examples)
    assert "尚未公开审核" not in texts and "不予公开" not in texts
    assert PHONE not in texts and "*" in texts  # masked as the 公开审核 step published it
    # A name only where its author chose to publish it.
    assert {e["author"] for e in examples} == {"李四", ""}
    body = client.get(report_url(page)).content.decode()
    assert "办理时限" in body and PHONE not in body and "王五" not in body


# --- 我们改了 ----------------------------------------------------------------------------------


def test_changed_articles_link_into_the_version_comparison(client):
    page, made = consultation()
    first, second = page.version_rows
    key = page.get_comment_targets()[1].key
    report = closing_report(page)
    assert len(report.changed) == 1
    change = report.changed[0]
    adopted = [o for o in made if o.status in (Status.ADOPTED, Status.PARTLY_ADOPTED)]
    assert change["label"] == "第二条" and change["version"] == "二审稿"
    assert change["count"] == len(adopted)
    assert "三十日内公开办理情况和理由" in change["text"]
    assert change["url"].endswith(
        f"versions/compare/?from={first.pk}&to={second.pk}&all=1#change-{key}"
    )
    # The link lands on that article's row of the comparison.
    compare = client.get(change["url"].split("#")[0])
    assert soup(compare).find(id=f"change-{key}") is not None
    body = soup(client.get(report_url(page)))
    assert body.select_one(f"#change-{key} a")["href"] == "http://testserver" + change["url"]


def test_no_what_changed_section_without_links(client):
    page = DraftFactory(articles=3, open=False)
    decide(OpinionFactory(page=page, article=1), Status.ADOPTED)
    PageOpinionSettings.objects.create(page=page, feedback_published=True)
    assert closing_report(page).changed == []
    response = client.get(report_url(page))
    assert response.status_code == 200
    assert "我们改了" not in text_of(response)


def test_a_group_answered_alike_is_one_reply_and_other_outcomes_stay(client):
    from forms.models import OpinionGroup

    page = DraftFactory(articles=3, open=False)
    copies = [OpinionFactory(page=page, article=1, text="同一段倡议文字") for _n in range(4)]
    for opinion, status in zip(copies, [Status.ADOPTED] * 3 + [Status.PARTLY_ADOPTED], strict=True):
        decide(opinion, status, reply="已吸收。")
    group = OpinionGroup.objects.create(page=page, article_key=copies[0].article_key)
    Opinion.objects.filter(pk__in=[o.pk for o in copies]).update(group=group)
    PageOpinionSettings.objects.create(page=page, feedback_published=True)
    replies = closing_report(page).replies
    assert [(r["outcome"], r["similar"]) for r in replies] == [("已采纳", 2), ("部分采纳", 0)]


# --- The downloads -----------------------------------------------------------------------------


def test_docx_is_a4_with_headings_and_a_repeating_header_row(client):
    from docx import Document

    page, _made = consultation()
    response = client.get(report_url(page, "report.docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("我们问了", "您说了", "按条文统计", "我们改了", "答复"):
        assert heading in headings
    articles = next(t for t in document.tables if t.rows[0].cells[0].text == "条文")
    assert [row.cells[0].text for row in articles.rows[1:]][:2] == ["第一条", "第二条"]
    assert "w:tblHeader" in articles.rows[0]._tr.xml
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/_rels/document.xml.rels")
    assert b"versions/compare/" in xml  # the link into the comparison
    assert PHONE.encode() not in zipfile.ZipFile(io.BytesIO(response.content)).read(
        "word/document.xml"
    )


def test_pdf_is_a4_with_the_report_text(client):
    import pypdf

    from core import pdf

    if not pdf.installed_cjk_font():
        pytest.skip("no CJK font installed")
    page, _made = consultation()
    response = client.get(report_url(page, "report.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    assert "征求意见情况报告" in text and "我们改了" in text and PHONE not in text


def test_a_file_is_rendered_once_until_the_report_changes(client, monkeypatch):
    page, made = consultation()
    calls = []
    real = report_views._render
    monkeypatch.setattr(report_views, "_render", lambda *args: calls.append(args[1]) or real(*args))
    for _n in range(3):
        assert client.get(report_url(page, "report.docx")).status_code == 200
    assert calls == ["docx"]
    Opinion.objects.filter(pk=made[2].pk).update(reply="修改后的答复")
    assert client.get(report_url(page, "report.docx")).status_code == 200
    assert calls == ["docx", "docx"]


def test_a_file_that_cannot_be_rendered_is_a_clear_503(client, monkeypatch):
    page, _made = consultation()

    def broken(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(report_views, "render_pdf", broken)
    response = client.get(report_url(page, "report.pdf"))
    assert response.status_code == 503
    assert "文件暂时无法生成" in response.content.decode()


# --- The office's preview ----------------------------------------------------------------------


def test_preview_before_publication_for_whoever_may_publish(client):
    page, _made = consultation(publish=False)
    url = f"/admin/opinions/report/{page.pk}/"
    handler = UserFactory(groups=["意见办理员"])
    login_with_2fa(client, handler)
    refused = client.get(url)
    assert refused.status_code in (302, 403) and "征求意见情况报告" not in refused.content.decode()
    client.logout()
    liaison = UserFactory(groups=["法工委联络员"])
    login_with_2fa(client, liaison)
    response = client.get(url)
    assert response.status_code == 200
    assert "尚未发布" in text_of(response)
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    docx = client.get(f"/admin/opinions/report/{page.pk}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get(f"/admin/opinions/report/{page.pk}/exe/").status_code == 404


def test_preview_link_in_the_feedback_settings_form(client):
    page, _made = consultation(publish=False)
    settings = PageOpinionSettings.objects.get(page=page)
    login_with_2fa(client, UserFactory(groups=["法工委联络员"]))
    response = client.get(f"/admin/opinions/settings/edit/{settings.pk}/")
    assert f"/admin/opinions/report/{page.pk}/" in response.content.decode()


# --- Links, languages, bad input ---------------------------------------------------------------


def test_the_draft_page_links_to_the_report(client):
    page, _made = consultation()
    html = client.get(page.url).content.decode()
    assert f'href="/opinions/{page.pk}/report/"' in html
    assert f'href="/opinions/{page.pk}/report.pdf"' in html


@override_settings(LANGUAGE_CODE="zh-hans")
def test_english_page(client):
    page, _made = consultation()
    body = text_of(client.get(f"/en{report_url(page)}"))
    assert "We asked" in body and "You said" in body and "We changed" in body


@pytest.mark.parametrize(
    "path",
    [
        "/opinions/99999999/report/",
        "/opinions/123456789012345678901234567890/report/",
        "/opinions/1/report/",  # the root page: not commentable
        "/opinions/1/report.exe",
    ],
)
def test_unknown_pages_are_404(client, path):
    assert client.get(path).status_code == 404


def test_html_and_control_characters_in_a_reply_are_harmless(client):
    from django.db import connection

    page, made = consultation()
    # PostgreSQL cannot hold a NUL in text at all; SQLite can (an old row, a raw import).
    nul = "" if connection.vendor == "postgresql" else "\x00"
    Opinion.objects.filter(pk=made[0].pk).update(
        reply=f'<script>alert(1)</script>=HYPERLINK("x"){nul}\x07\x1b 😀'
    )
    html = client.get(report_url(page)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    response = client.get(report_url(page, "report.docx"))
    assert response.status_code == 200
    assert "😀".encode() in zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml")


# --- Bounded queries ---------------------------------------------------------------------------


def _queries(page) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = type(page).objects.get(pk=page.pk)
    with CaptureQueriesContext(connection) as captured:
        closing_report(page)
    return len(captured)


def test_queries_do_not_grow_with_articles_opinions_or_themes():
    small, small_made = consultation(opinions_per_article=1, articles=3)
    large, large_made = consultation(opinions_per_article=3, articles=6, spread=True)
    for page, made, names in ((small, small_made, ["甲"]), (large, large_made, ["甲", "乙", "丙"])):
        for name in names:
            Theme.objects.create(page=page, name=name).opinions.add(*made)
    assert len(closing_report(large).changed) > len(closing_report(small).changed)
    assert _queries(small) == _queries(large)

"""Each 普法 block renders what editors typed, escaped, and refuses inconsistent input."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from law_education.blocks import (
    ArticleStreamBlock,
    AudioBlock,
    CaseBlock,
    KeyPointsBlock,
    LeafletBlock,
    LegalQuoteBlock,
    QABlock,
    QuizQuestionBlock,
    VideoBlock,
    score_quiz,
)

EVIL = '<script>alert("x")</script>'


def render(block, raw):
    value = block.to_python(raw)
    return block.render(value, context={})


def soup(html):
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def document(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(filename, title=EVIL):
        Document = get_document_model()
        doc = Document(title=title)
        doc.file.save(filename, ContentFile(b"0" * 2048), save=False)
        doc.save()
        return doc

    return make


def test_case_block_renders_facts_question_analysis_basis_and_escapes_plain_text():
    html = render(
        CaseBlock(),
        {
            "title": f"案例{EVIL}",
            "facts": "<p>事实<b>加粗</b></p>",
            "question": f"焦点{EVIL}",
            "analysis": "<p>分析</p>",
            "legal_basis": f"民法典{EVIL}\n第二行",
        },
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>加粗</b>" in html  # rich text stays rich
    headings = [h.get_text() for h in soup(html).find_all("h4")]
    assert headings == ["基本案情", "争议焦点", "以案释法", "法律依据"]
    assert "民法典" in html and "<br>第二行" in html


def test_legal_quote_without_draft_has_no_link_and_escapes():
    html = render(
        LegalQuoteBlock(),
        {"law_name": f"民法典{EVIL}", "article_number": "第一条", "text": f"条文{EVIL}"},
    )
    assert "<script>" not in html
    assert "——《民法典&lt;script&gt;" in html
    assert soup(html).find("a") is None


def test_legal_quote_links_to_the_article_anchor_of_the_draft(home_page):
    draft = home_page.get_children().get(slug="about")  # any page stands in for a draft here
    block = LegalQuoteBlock()
    value = block.to_python(
        {
            "law_name": "停车条例",
            "article_number": "第十二条",
            "text": "条文",
            "draft_page": draft.pk,
            "article_ordinal": 12,
        }
    )
    html = block.render(value, context={})
    assert soup(html).find("a")["href"] == "/about/#article-12"


def test_legal_quote_ordinal_needs_a_draft():
    block = LegalQuoteBlock()
    value = block.to_python(
        {"law_name": "条例", "article_number": "第一条", "text": "x", "article_ordinal": 3}
    )
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.skipif(not apps.is_installed("drafts"), reason="needs the drafts plugin")
def test_legal_quote_refuses_a_page_that_is_not_a_draft(home_page):
    block = LegalQuoteBlock()
    about = home_page.get_children().get(slug="about")
    value = block.to_python(
        {"law_name": "条例", "article_number": "第一条", "text": "x", "draft_page": about.pk}
    )
    with pytest.raises(ValidationError):
        block.clean(value)


def test_qa_block_renders_question_and_answer_pairs():
    html = render(
        QABlock(),
        {
            "title": "问答",
            "items": [
                {"question": f"问一{EVIL}", "answer": "<p>答一</p>"},
                {"question": "问二", "answer": "<p>答二</p>"},
            ],
        },
    )
    dts = [dt.get_text() for dt in soup(html).find_all("dt")]
    assert dts == [f"问问一{EVIL}", "问问二"]
    assert "<script>" not in html
    assert len(soup(html).find_all("dd")) == 2


def test_key_points_block_is_an_ordered_list():
    html = render(KeyPointsBlock(), {"title": "划重点", "points": ["一", EVIL, "三"]})
    items = [li.get_text() for li in soup(html).find_all("li")]
    assert items == ["一", EVIL, "三"]
    assert "<script>" not in html


def test_video_block_plays_an_uploaded_file_with_transcript(document):
    doc = document("clip.mp4")
    block = VideoBlock()
    value = block.to_python(
        {"title": f"视频{EVIL}", "document": doc.pk, "embed": "", "transcript": f"字幕{EVIL}"}
    )
    block.clean(value)
    html = block.render(value, context={})
    video = soup(html).find("video")
    assert video["src"] == doc.url and video.has_attr("controls")
    assert soup(html).find("details").find("summary").get_text() == "文字稿"
    assert "<script>" not in html


def test_audio_block_plays_an_uploaded_file(document):
    doc = document("talk.wav")
    block = AudioBlock()
    value = block.to_python({"title": "音频", "document": doc.pk, "embed": "", "transcript": ""})
    block.clean(value)
    html = block.render(value, context={})
    assert soup(html).find("audio")["src"] == doc.url


def test_media_block_embed_option_uses_the_cached_embed(db):
    url = "https://video.example.cn/v/1"
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        max_width=None,
        type="video",
        html='<iframe src="https://video.example.cn/embed/1" title="v"></iframe>',
        title="v",
        width=640,
        height=360,
        thumbnail_url="",
    )
    block = VideoBlock()
    value = block.to_python({"title": "嵌入", "document": None, "embed": url, "transcript": ""})
    block.clean(value)
    html = block.render(value, context={})
    assert soup(html).find("iframe")["src"] == "https://video.example.cn/embed/1"
    assert soup(html).find("video") is None


@pytest.mark.parametrize("case", ["neither", "both", "wrong-kind"])
def test_media_block_needs_exactly_one_source_of_the_right_kind(document, case):
    block = VideoBlock()
    doc = document("leaflet.docx" if case == "wrong-kind" else "clip.mp4")
    raw = {"title": "", "document": doc.pk, "embed": "", "transcript": ""}
    if case == "neither":
        raw["document"] = None
    if case == "both":
        raw["embed"] = "https://video.example.cn/v/1"
    with pytest.raises(ValidationError):
        block.clean(block.to_python(raw))


def test_leaflet_block_links_the_download_and_escapes(document):
    doc = document("mingbaizhi.docx")
    html = render(
        LeafletBlock(), {"title": f"明白纸{EVIL}", "document": doc.pk, "description": "张贴"}
    )
    link = soup(html).find("a")
    assert link["href"] == doc.url and link.has_attr("download")
    assert "DOCX" in link.get_text() and "2.0\xa0KB" in link.get_text()
    assert "<script>" not in html


def test_quiz_question_correct_answer_must_be_one_of_the_options():
    block = QuizQuestionBlock()
    value = block.to_python(
        {"question": "?", "options": ["甲", "乙"], "correct": 3, "explanation": "x"}
    )
    with pytest.raises(ValidationError):
        block.clean(value)


QUIZ = {
    "title": "知识问答",
    "questions": [
        {"question": "一", "options": ["a", "b", "c"], "correct": 2, "explanation": "e1"},
        {"question": "二", "options": ["a", "b"], "correct": 1, "explanation": "e2"},
    ],
}


@pytest.mark.parametrize(
    ("answers", "score", "chosen"),
    [
        ({"q0": "2", "q1": "1"}, 2, [2, 1]),
        ({"q0": "1", "q1": "1"}, 1, [1, 1]),
        ({}, 0, [None, None]),  # nothing answered
        ({"q0": "99", "q1": "-1"}, 0, [None, None]),  # out of range
        ({"q0": "二", "q1": "1.0"}, 0, [None, None]),  # not a number
        ({"q0": "2", "q7": "1", "correct": "1"}, 1, [2, None]),  # unknown keys ignored
    ],
)
def test_quiz_scoring(answers, score, chosen):
    value = ArticleStreamBlock().child_blocks["quiz"].to_python(QUIZ)
    result = score_quiz(value, answers)
    assert result["score"] == score
    assert result["total"] == 2
    assert [row["chosen"] for row in result["rows"]] == chosen


def test_quiz_block_does_not_reveal_the_answer_before_scoring(index):
    page = Page.objects.get(
        slug="wuye-fei-gai-bu-gai-jiao", locale__language_code="zh-hans"
    ).specific
    from django.test import Client

    html = Client().get(page.url).content.decode()
    quiz = soup(html).find("section", class_="le-quiz")
    assert quiz is not None
    assert "正确答案" not in quiz.get_text()
    assert quiz.find(class_="le-correct") is None

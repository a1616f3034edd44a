"""Open data in every site language: ``?lang=`` or Accept-Language picks the labels, messages and
the OpenAPI help texts; codes, keys and the CSV's column names are the same in every language."""

import csv
import io
import json

import pytest

from forms.models import Opinion, PageOpinionSettings
from forms.workflow import Publication, Status
from tests.factories import DraftFactory, OpinionFactory

pytestmark = pytest.mark.django_db

LABELS = {
    "zh-hans": {"adopted": "已采纳", "not_adopted": "未采纳", "processing": "处理中"},
    "zh-hant": {"adopted": "已採納", "not_adopted": "未採納", "processing": "處理中"},
    "en": {"adopted": "Adopted", "not_adopted": "Not adopted", "processing": "In progress"},
}


@pytest.fixture
def draft():
    draft = DraftFactory(articles=3)
    for status, article in [
        (Status.ADOPTED, 1),
        (Status.NOT_ADOPTED, 2),
        (Status.REVIEWING, 3),
    ]:
        opinion = OpinionFactory(page=draft, article=article, text=f"意见 {status}")
        Opinion.objects.filter(pk=opinion.pk).update(
            status=status, publication=Publication.MASKED, reply="答复。"
        )
    return draft


def _outcomes(rows) -> dict[str, str]:
    return {row["outcome"]: row["outcome_label"] for row in rows}


def _json(response):
    return json.loads(b"".join(response.streaming_content))


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_lang_parameter_translates_the_labels_of_every_endpoint(client, draft, language):
    query = f"page_id={draft.pk}&lang={language}"
    page = client.get(f"/api/open-data/opinions?{query}")
    assert page.status_code == 200
    assert page["Content-Language"] == language
    assert _outcomes(page.json()["results"]) == LABELS[language]
    streamed = client.get(f"/api/open-data/opinions.json?{query}")
    assert streamed["Content-Language"] == language
    assert _outcomes(_json(streamed)) == LABELS[language]
    rows = _csv(client.get(f"/api/open-data/opinions.csv?{query}"))
    assert _outcomes(rows) == LABELS[language]
    # The column names are field names, not words: the same in every language.
    assert list(rows[0]) == [
        "draft_id", "draft_title", "draft_url", "article_key", "article_label", "date",
        "outcome", "outcome_label", "name", "text", "reply",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "language"),
    [("en-GB,en;q=0.9", "en"), ("zh-TW", "zh-hant"), ("zh-Hant-HK", "zh-hant"), ("fr", "zh-hans")],
)
def test_accept_language_picks_the_language_when_lang_is_not_given(client, draft, header, language):
    response = client.get(
        f"/api/open-data/opinions.json?page_id={draft.pk}", HTTP_ACCEPT_LANGUAGE=header
    )
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    assert _outcomes(_json(response)) == LABELS[language]


def test_codes_are_identical_across_languages(client, draft):
    """Everything but outcome_label is the same whatever the language."""
    answers = {
        language: client.get(f"/api/open-data/opinions?page_id={draft.pk}&lang={language}").json()
        for language in LABELS
    }
    stripped = {
        language: [{k: v for k, v in row.items() if k != "outcome_label"} for row in a["results"]]
        for language, a in answers.items()
    }
    assert stripped["en"] == stripped["zh-hant"] == stripped["zh-hans"]
    assert {row["outcome"] for row in stripped["en"]} == {"adopted", "not_adopted", "processing"}


@pytest.mark.parametrize("lang", ["zh_Hant", "ZH-HANT", "zh-TW"])
def test_lang_is_read_leniently(client, draft, lang):
    response = client.get(f"/api/open-data/opinions?page_id={draft.pk}&lang={lang}")
    assert response["Content-Language"] == "zh-hant"


@pytest.mark.parametrize("lang", ["fr", "x" * 30, "中文", "=HYPERLINK(1)", "en😀"])
def test_an_unknown_lang_is_a_translated_json_400(client, draft, lang):
    response = client.get(
        f"/api/open-data/opinions.csv?page_id={draft.pk}&lang={lang}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("Unsupported language: lang may be")


def test_a_nul_byte_in_lang_is_refused_before_the_view(client, draft):
    response = client.get(f"/api/open-data/opinions.csv?page_id={draft.pk}&lang=en%00")
    assert response.status_code == 400


def test_unsupported_lang_message_is_said_in_the_callers_language(client, draft):
    response = client.get(
        f"/api/open-data/opinions.json?page_id={draft.pk}&lang=fr", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Unsupported language: lang may be zh-hans、zh-hant、en."
    zh = client.get(f"/api/open-data/opinions.json?page_id={draft.pk}&lang=fr")
    assert zh.json()["message"] == "不支持的语言，lang 可以是：zh-hans、zh-hant、en。"


def test_errors_and_figures_follow_the_language(client, draft):
    missing = client.get("/api/open-data/drafts/999999/figures?lang=en")
    assert missing.status_code == 404
    assert missing["Content-Language"] == "en"
    assert missing.json()["message"] != "没有找到这个公开的草案。"
    PageOpinionSettings.objects.update_or_create(page=draft, defaults={"feedback_published": True})
    figures = client.get(f"/api/open-data/drafts/{draft.pk}/figures?lang=zh-hant")
    assert figures.status_code == 200
    assert figures["Content-Language"] == "zh-hant"
    assert figures.json()["totals"]["adopted"] == 1


def test_openapi_help_texts_follow_the_language_and_field_names_do_not(client):
    def schema(**headers):
        return client.get("/api/openapi.json", **headers).json()

    zh, en = schema(), schema(HTTP_ACCEPT_LANGUAGE="en")
    hant = client.get("/api/openapi.json?lang=zh-hant").json()
    path = "/api/open-data/opinions"
    assert zh["paths"][path]["get"]["summary"] == "公开的意见（分页）"
    assert en["paths"][path]["get"]["summary"] == "Published opinions (paginated)"
    assert hant["paths"][path]["get"]["summary"] == "公開的意見（分頁）"
    fields = {
        name: schema["components"]["schemas"]["OpenOpinion"]["properties"]
        for name, schema in (("zh", zh), ("en", en), ("hant", hant))
    }
    assert list(fields["zh"]) == list(fields["en"]) == list(fields["hant"])
    assert fields["en"]["outcome"]["description"].startswith("Outcome code, the same in every")
    assert fields["hant"]["outcome_label"]["description"] == "辦理結果的名稱，按回答的語言"
    parameters = {p["name"] for p in en["paths"][path]["get"]["parameters"]}
    assert {"lang", "page_id", "limit", "offset"} <= parameters

"""Open data (/api/open-data/): only opinions whose authors consented and that the 公开审核 step
passed, with their public text, outcome and reply; never a contact; streamed downloads."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.test import override_settings
from django.utils import timezone, translation

from forms.models import Opinion, PageOpinionSettings
from forms.workflow import Publication, Status
from tests.factories import DraftFactory, OpinionFactory

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
EMAIL = "li.si@example.com"


def publish(opinion, status=Status.REVIEWING, publication=Publication.MASKED, **fields):
    Opinion.objects.filter(pk=opinion.pk).update(status=status, publication=publication, **fields)
    opinion.refresh_from_db()
    return opinion


@pytest.fixture
def draft():
    return DraftFactory(articles=5)


@pytest.fixture
def opinions(draft):
    """One of each kind that matters on ``draft``."""
    return {
        "adopted_full": publish(
            OpinionFactory(
                page=draft, article=2, name="王五", publish_consent="full",
                text=f"建议明确处罚标准，联系我 {PHONE}", phone=PHONE, email=EMAIL,
            ),
            status=Status.ADOPTED, reply="已在修改稿第二条中采纳。",
        ),
        "edited_anonymous": publish(
            OpinionFactory(page=draft, article=3, name="赵六", text="原文含地址：幸福路8号"),
            publication=Publication.EDITED, published_text="经编辑的公开文本",
        ),
        "not_passed": OpinionFactory(page=draft, article=3, text="尚未公开审核的意见"),
        "withheld": publish(
            OpinionFactory(page=draft, text="不予公开的意见"), publication=Publication.WITHHELD
        ),
        "no_consent": publish(
            OpinionFactory(page=draft, text="不同意公开的意见", publish_consent="none")
        ),
        "withdrawn": publish(OpinionFactory(page=draft, text="已撤回的意见"), Status.WITHDRAWN),
        "invalid": publish(OpinionFactory(page=draft, text="无效的垃圾意见"), Status.INVALID),
    }  # fmt: skip


def download(client, url):
    return json.loads(b"".join(client.get(url).streaming_content))


def drafts_in_download(client):
    return {row["draft_id"] for row in download(client, "/api/open-data/opinions.json")}


def texts(rows):
    return {row["text"] for row in rows}


def test_only_consented_and_passed_opinions_with_their_public_text(client, draft, opinions):
    body = client.get(f"/api/open-data/opinions?page_id={draft.pk}").json()
    assert body["count"] == 2
    rows = {row["article_label"]: row for row in body["results"]}
    assert texts(body["results"]) == {"建议明确处罚标准，联系我 ***********", "经编辑的公开文本"}
    adopted = rows["第二条"]
    assert adopted["outcome"] == "adopted" and adopted["reply"] == "已在修改稿第二条中采纳。"
    assert adopted["draft_title"] == draft.title and adopted["draft_url"].endswith(draft.url)
    assert adopted["date"] == timezone.localdate().isoformat()
    assert rows["第三条"]["outcome"] == "processing" and rows["第三条"]["reply"] == ""


def test_name_only_with_full_consent(client, draft, opinions):
    rows = client.get(f"/api/open-data/opinions?page_id={draft.pk}").json()["results"]
    names = {row["article_label"]: row["name"] for row in rows}
    assert names == {"第二条": "王五", "第三条": ""}


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_downloads_stream_the_same_rows_and_never_a_contact(client, draft, opinions, kind):
    response = client.get(f"/api/open-data/opinions.{kind}?page_id={draft.pk}")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode()
    for secret in [PHONE, EMAIL, "赵六", "幸福路8号", *(o.receipt_code for o in opinions.values())]:
        assert secret not in body
    for hidden in ["尚未公开审核", "不予公开", "不同意公开", "已撤回", "无效的垃圾"]:
        assert hidden not in body
    if kind == "csv":
        assert body.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    else:
        rows = json.loads(body)
    assert len(rows) == 2 and texts(rows) >= {"经编辑的公开文本"}
    for row in rows:
        assert set(row) == {
            "draft_id", "draft_title", "draft_url", "article_key", "article_label", "date",
            "outcome", "outcome_label", "name", "text", "reply",
        }  # fmt: skip


def test_csv_neutralises_formulas(client, draft):
    publish(
        OpinionFactory(page=draft, text='=HYPERLINK("http://evil.example","点此")'),
        publication=Publication.RELEASED,
    )
    response = client.get(f"/api/open-data/opinions.csv?page_id={draft.pk}")
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:]))
    assert row["text"] == '\'=HYPERLINK("http://evil.example","点此")'


def test_all_public_drafts_and_date_range(client, draft, opinions):
    other = DraftFactory(articles=2)
    publish(OpinionFactory(page=other, text="另一草案的意见"))
    rows = download(client, "/api/open-data/opinions.json")
    ours = [row for row in rows if row["draft_id"] in {draft.pk, other.pk}]
    assert "另一草案的意见" in texts(ours) and len(ours) == 3
    today = timezone.localdate()
    later = today.replace(year=today.year + 1).isoformat()
    body = client.get(f"/api/open-data/opinions?date_from={later}").json()
    assert body["count"] == 0
    url = f"/api/open-data/opinions?page_id={draft.pk}&date_to={today.isoformat()}&limit=1"
    body = client.get(url).json()
    assert body["count"] == 2 and len(body["results"]) == 1


def test_unpublished_or_private_page_is_404(client, draft, opinions):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for url in [
        f"/api/open-data/opinions?page_id={draft.pk}",
        f"/api/open-data/opinions.csv?page_id={draft.pk}",
        f"/api/open-data/drafts/{draft.pk}/figures",
    ]:
        response = client.get(url)
        assert response.status_code == 404 and response.json()["message"], url
    assert draft.pk not in drafts_in_download(client)
    restriction.delete()
    assert draft.pk in drafts_in_download(client)
    draft.unpublish()
    response = client.get(f"/api/open-data/opinions.json?page_id={draft.pk}")
    assert response.status_code == 404
    assert draft.pk not in drafts_in_download(client)


def test_figures_add_up_once_feedback_is_published(client, draft, opinions):
    url = f"/api/open-data/drafts/{draft.pk}/figures"
    assert client.get(url).status_code == 404  # the office has not published its feedback
    PageOpinionSettings.objects.update_or_create(page=draft, defaults={"feedback_published": True})
    data = client.get(url).json()
    totals = data["totals"]
    # Counted: everything but withdrawn and invalid (as on the draft page).
    assert totals["received"] == 5 and totals["adopted"] == 1
    for field in ("received", "adopted", "partly", "not_adopted", "processing"):
        assert sum(article[field] for article in data["articles"]) == totals[field]
    for article in data["articles"]:
        decided = article["adopted"] + article["partly"] + article["not_adopted"]
        assert decided + article["processing"] == article["received"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/open-data/opinions?page_id=99999999999999999999999",
        "/api/open-data/opinions?page_id=abc",
        "/api/open-data/opinions?page_id=1%00",
        "/api/open-data/opinions?page_id=１２",
        "/api/open-data/opinions?limit=100000",
        "/api/open-data/opinions?offset=-1",
        "/api/open-data/opinions.csv?date_from=2026-13-40",
        "/api/open-data/opinions.json?date_from=2026-05-02&date_to=2026-05-01",
        "/api/open-data/drafts/abc/figures",
        "/api/open-data/drafts/" + "9" * 5000 + "/figures",
        "/api/open-data/drafts/0/figures",
    ],
)
def test_bad_input_is_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


def test_unknown_page_is_a_translated_json_404(client):
    # /api/ is outside the language prefixes: it answers in the site's language (zh-hans).
    response = client.get("/api/open-data/drafts/987654/figures")
    assert response.status_code == 404
    message = response.json()["message"]
    assert message == "没有找到这个公开的草案。"
    with translation.override("en"):
        assert translation.gettext(message) == "No public draft with this id."
    with translation.override("zh-hant"):
        assert translation.gettext(message) == "沒有找到這個公開的草案。"


@override_settings(RATELIMIT_ENABLE=True, LAWBRIDGE_RATELIMITS={"open_data_download": "1/h"})
def test_downloads_are_rate_limited(client, draft):
    assert client.get("/api/open-data/opinions.csv").status_code == 200
    response = client.get("/api/open-data/opinions.json")
    assert response.status_code == 429 and response.json()["message"]


@override_settings(RATELIMIT_ENABLE=True, LAWBRIDGE_RATELIMITS={"open_data_download": "1/h"})
def test_a_limits_store_outage_degrades_to_counting_per_process(client, draft, monkeypatch):
    from core import caches, ratelimit

    def unreachable(*args, **kwargs):
        raise ConnectionError("limits store down")

    monkeypatch.setattr(ratelimit, "get_usage", unreachable)
    caches.reset()
    try:
        assert client.get(f"/api/open-data/opinions.csv?page_id={draft.pk}").status_code == 200
        assert client.get(f"/api/open-data/opinions.csv?page_id={draft.pk}").status_code == 429
    finally:
        caches.reset()


def test_openapi_schema_lists_the_get_operations_without_contacts(client):
    schema = client.get("/api/openapi.json").json()
    for path in [
        "/api/open-data/opinions",
        "/api/open-data/opinions.csv",
        "/api/open-data/opinions.json",
        "/api/open-data/drafts/{page_id}/figures",
    ]:
        assert list(schema["paths"][path]) == ["get"], path
    fields = set(schema["components"]["schemas"]["OpenOpinion"]["properties"])
    assert not fields & {"phone", "email", "region", "receipt_code", "id", "user", "point"}

"""The JSON API for mini-program clients: same validation as the HTML form, errors as JSON."""

import json

import pytest

from forms import api_keys
from forms.models import ApiClient, Channel, Opinion

from .conftest import valid_post


def register_client(name="小程序") -> str:
    """A registered API client; returns its key."""
    client = ApiClient(name=name)
    key = api_keys.issue(client)
    client.save()
    return key


@pytest.fixture(autouse=True)
def api_key(request, db):
    """Requests of this module's tests carry a registered client's key (unless a test asks for
    ``keyless``)."""
    key = register_client()
    if "client" in request.fixturenames:
        request.getfixturevalue("client").defaults["HTTP_X_API_KEY"] = key
    return key


def post(client, url, payload, **extra):
    return client.post(url, json.dumps(payload), content_type="application/json", **extra)


def api_payload(page, **overrides):
    data = valid_post()
    data.pop("article")
    data.update({"page_id": page.pk, "privacy_consent": True})
    data.update(overrides)
    return data


def test_openapi_schema_documents_both_endpoints(client, db):
    schema = client.get("/api/openapi.json").json()
    assert "/api/opinions/" in schema["paths"]
    assert "/api/opinions/status" in schema["paths"]
    assert (
        "multipart/form-data"
        in schema["paths"]["/api/opinions/with-attachments"]["post"]["requestBody"]["content"]
    )
    assert schema["info"]["title"] == "LawBridge opinions API"


def test_submit_to_an_article_returns_a_receipt(client, draft, article3):
    response = post(client, "/api/opinions/", api_payload(draft, article=article3.key))
    assert response.status_code == 201, response.content
    body = response.json()
    opinion = Opinion.objects.get(receipt_code=body["receipt_code"])
    assert opinion.channel == Channel.API and opinion.article_key == article3.key
    assert body["article_label"] == article3.label and body["status"] == "received"


def test_csrf_is_not_required(draft, api_key):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_X_API_KEY=api_key)
    assert post(client, "/api/opinions/", api_payload(draft)).status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "长" * 5001}, "text"),
        ({"text": 12345}, "text"),
        ({"privacy_consent": False}, "privacy_consent"),
        ({"privacy_consent": "maybe"}, "privacy_consent"),
        ({"category": "hacker"}, "category"),
        ({"article": "forged"}, "article"),
        ({"page_id": "abc"}, "page_id"),
        ({"email": "nobody@"}, "email"),
    ],
)
def test_bad_input_is_a_json_error_with_a_message(client, draft, overrides, field):
    before = Opinion.objects.count()
    response = post(client, "/api/opinions/", api_payload(draft, **overrides))
    assert response.status_code == 400
    body = response.json()
    assert body["message"]
    assert field in body["errors"]
    assert Opinion.objects.count() == before


def test_not_json_at_all(client, db):
    response = client.post("/api/opinions/", "text=hello", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


def test_unknown_draft_and_closed_window(client, draft, closed_draft):
    response = post(client, "/api/opinions/", api_payload(draft, page_id=999999))
    assert response.status_code == 404 and response.json()["message"]
    response = post(client, "/api/opinions/", api_payload(closed_draft))
    assert response.status_code == 409
    assert "截止" in response.json()["message"]


def test_status_lookup(client, draft):
    code = post(client, "/api/opinions/", api_payload(draft)).json()["receipt_code"]
    response = post(
        client, "/api/opinions/status", {"code": code.lower().replace("-", ""), "contact": "5678"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["receipt_code"] == code and body["history"][0]["status"] == "received"
    response = post(client, "/api/opinions/status", {"code": code, "contact": "0000"})
    assert response.status_code == 404
    assert "text" not in response.json()
    response = post(client, "/api/opinions/status", {"code": "nonsense"})
    assert response.status_code == 400


# --- multipart with attachments --------------------------------------------------------------


def _multipart(page, **overrides):
    data = api_payload(page, **overrides)
    data["privacy_consent"] = "true"
    return data


def test_submit_with_attachments_as_multipart(client, draft, article3):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    data = {**_multipart(draft, article=article3.key), "attachments": [pdf]}
    response = client.post("/api/opinions/with-attachments", data)
    assert response.status_code == 201, response.content
    opinion = Opinion.objects.get(receipt_code=response.json()["receipt_code"])
    assert opinion.article_key == article3.key
    assert list(opinion.attachments.values_list("original_name", flat=True)) == ["材料.pdf"]


def test_multipart_attachments_get_the_forms_checks(client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        "/api/opinions/with-attachments", {**_multipart(draft), "attachments": [fake]}
    )
    assert response.status_code == 400
    body = response.json()
    assert "attachments" in body["errors"] and body["message"] == body["errors"]["attachments"][0]
    many = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n%%EOF\n") for i in range(4)]
    response = client.post(
        "/api/opinions/with-attachments", {**_multipart(draft), "attachments": many}
    )
    assert response.status_code == 400 and "最多上传 3 个附件" in response.json()["message"]


def test_multipart_without_attachments_and_with_bad_fields(client, draft):
    response = client.post("/api/opinions/with-attachments", _multipart(draft))
    assert response.status_code == 201
    response = client.post("/api/opinions/with-attachments", _multipart(draft, text=""))
    assert response.status_code == 400 and "text" in response.json()["errors"]


def test_field_errors_are_said_in_the_callers_language(client, draft):
    """pydantic's own words ("Field required", "Input should be…") never reach a resident."""
    body = {"page_id": draft.pk, "text": 12, "privacy_consent": "perhaps"}
    response = client.post("/api/opinions/", body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["privacy_consent"] == ["应为 true 或 false。"]
    assert all("Input should" not in m and "Field required" not in m
               for messages in errors.values() for m in messages)  # fmt: skip

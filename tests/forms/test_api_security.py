"""The opinions API's defences: only registered clients submit, only JSON (multipart where
documented), no foreign browser origin, questionnaires validated by their own form, retries with
an ``Idempotency-Key`` stored once, and every malformed body answered in the JSON contract."""

import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from forms.models import ApiClient, Channel, Opinion

from .conftest import valid_post
from .test_api import register_client

SUBMIT = "/api/opinions/"


def payload(page, **overrides):
    data = valid_post()
    data.pop("article")
    data.update({"page_id": page.pk, "privacy_consent": True, **overrides})
    return data


def send(client, body, key=None, content_type="application/json", url=SUBMIT, **headers):
    if key:
        headers["HTTP_X_API_KEY"] = key
    raw = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.generic("POST", url, raw, content_type=content_type, **headers)


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


# --- who may submit ---------------------------------------------------------------------------


def test_keyless_wrong_or_inactive_keys_are_refused(client, draft):
    key = register_client()
    before = Opinion.objects.count()
    assert_json_error(send(client, payload(draft)), 401)
    assert_json_error(send(client, payload(draft), key="lbk_guessed"), 401)
    ApiClient.objects.update(active=False)
    assert_json_error(send(client, payload(draft), key=key), 401)
    assert Opinion.objects.count() == before
    ApiClient.objects.update(active=True)
    # A mini-program sends no Origin; the site's own pages are same-origin: both pass.
    assert send(client, payload(draft), key=key).status_code == 201
    same = send(
        client,
        payload(draft),
        key=key,
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert same.status_code == 201
    assert ApiClient.objects.get().last_used_at is not None
    # Status lookups need no key: the receipt code and contact are the proof.
    code = same.json()["receipt_code"]
    lookup = send(client, {"code": code, "contact": "5678"}, url="/api/opinions/status")
    assert lookup.status_code == 200


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_only_json_bodies_are_accepted(client, draft, content_type):
    """text/plain and form-encoded bodies are what another site's page can send without a CORS
    preflight: refused before the body is read, even when it is JSON."""
    before = Opinion.objects.count()
    response = send(client, payload(draft), key=register_client(), content_type=content_type)
    assert_json_error(response, 415)
    assert Opinion.objects.count() == before


def test_multipart_endpoint_refuses_form_encoded(client, draft):
    from urllib.parse import urlencode

    body = urlencode({**payload(draft), "privacy_consent": "true"})
    response = send(
        client,
        body,
        key=register_client(),
        content_type="application/x-www-form-urlencoded",
        url="/api/opinions/with-attachments",
    )
    assert_json_error(response, 415)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_foreign_browser_origins_are_refused(client, draft, headers):
    key = register_client()
    before = Opinion.objects.count()
    assert_json_error(send(client, payload(draft), key=key, **headers), 403)
    status = send(client, {"code": "LB-2222-3333"}, url="/api/opinions/status", **headers)
    assert_json_error(status, 403)
    assert Opinion.objects.count() == before


def test_schema_documents_the_key_and_the_refusals(client, db):
    schema = client.get("/api/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("in") == "header" and s.get("name") == "X-Api-Key" for s in schemes.values())
    submit = schema["paths"]["/api/opinions/"]["post"]
    assert submit["security"] and {"401", "403", "415"} <= set(submit["responses"])
    assert "Idempotency-Key" in submit["description"]
    assert "security" not in schema["paths"]["/api/opinions/status"]["post"] or not any(
        schema["paths"]["/api/opinions/status"]["post"]["security"][0].values()
    )


# --- API clients in the admin ----------------------------------------------------------------


@pytest.fixture
def client_admin(db):
    """An administrator who may manage API clients, and nothing else of the opinions."""
    group = Group.objects.create(name="接口管理员")
    group.permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "add_apiclient", "change_apiclient", "view_apiclient"]
        )
    )
    user = get_user_model().objects.create_user("keys", "keys@example.com", "pw")
    user.groups.add(group)
    return user


def test_key_is_shown_once_and_only_its_hash_is_stored(client, draft, client_admin, editor):
    from tests.forms.conftest import login_with_2fa

    login_with_2fa(client, editor)  # no right over API clients
    assert client.get("/admin/api_clients/new/").status_code in (302, 403)
    login_with_2fa(client, client_admin)
    form = client.get("/admin/api_clients/new/").content.decode()
    assert 'name="key_hash"' not in form and 'name="last_used_at"' not in form
    response = client.post(
        "/admin/api_clients/new/",
        {"name": "微信小程序", "notes": "", "active": "on", "key_hash": "0" * 64},
    )
    assert response.status_code == 200
    html = response.content.decode()
    created = ApiClient.objects.get(name="微信小程序")
    key = html.split('id="api-key" type="text" readonly value="')[1].split('"')[0]
    assert key.startswith("lbk_") and len(key) > 40
    assert created.key_hash == hashlib.sha256(key.encode()).hexdigest() != "0" * 64
    assert key not in json.dumps(list(ApiClient.objects.values()), default=str)
    edit = client.get(f"/admin/api_clients/edit/{created.pk}/").content.decode()
    assert key not in edit and created.key_hash not in edit
    client.logout()
    response = send(client, payload(draft), key=key)
    assert response.status_code == 201
    assert Opinion.objects.get(receipt_code=response.json()["receipt_code"]).channel == Channel.API


# --- questionnaires (editor-built form pages) --------------------------------------------------


def test_questionnaire_through_the_api_uses_its_own_form(client, form_page):
    key = register_client()
    before = Opinion.objects.count()
    missing = send(client, payload(form_page, text="建议制定电动自行车管理条例。"), key=key)
    assert_json_error(missing, 400)
    assert {"建议立法项目名称", "所属领域"} <= set(missing.json()["errors"])
    assert Opinion.objects.count() == before
    answers = {"建议立法项目名称": "电动自行车管理条例", "所属领域": "城市管理"}
    body = payload(form_page, text="", answers=answers)
    form_page.require_opinion_text = False
    form_page.save_revision().publish()
    ok = send(client, body, key=key, HTTP_IDEMPOTENCY_KEY="q-1")
    assert ok.status_code == 201, ok.content
    retried = send(client, body, key=key, HTTP_IDEMPOTENCY_KEY="q-1")
    assert retried.status_code == 201 and retried.json() == ok.json()
    opinion = Opinion.objects.get(receipt_code=ok.json()["receipt_code"])
    assert opinion.form_data == answers and opinion.channel == Channel.API
    wrong = send(client, payload(form_page, answers={**answers, "所属领域": "外星"}), key=key)
    assert_json_error(wrong, 400)
    multipart = client.post(
        "/api/opinions/with-attachments",
        {**payload(form_page), "privacy_consent": "true"},
        HTTP_X_API_KEY=key,
    )
    assert_json_error(multipart, 400)
    assert Opinion.objects.count() == before + 1


# --- retries and invisible text -------------------------------------------------------------------


def test_idempotency_key_gives_the_same_receipt_and_stores_once(client, draft):
    key = register_client()
    before = Opinion.objects.count()
    first = send(client, payload(draft), key=key, HTTP_IDEMPOTENCY_KEY="retry-1")
    again = send(client, payload(draft), key=key, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Opinion.objects.count() == before + 1
    # The same key for something else is a conflict, not a silent receipt of another opinion.
    other = send(
        client, payload(draft, text="另一条意见。"), key=key, HTTP_IDEMPOTENCY_KEY="retry-1"
    )
    assert_json_error(other, 409)
    # Keys are per client: another client's "retry-1" is its own.
    mine = send(
        client, payload(draft), key=register_client("另一客户端"), HTTP_IDEMPOTENCY_KEY="retry-1"
    )
    assert mine.status_code == 201 and mine.json()["receipt_code"] != first.json()["receipt_code"]
    assert_json_error(send(client, payload(draft), key=key, HTTP_IDEMPOTENCY_KEY="x" * 201), 400)
    assert Opinion.objects.count() == before + 2


@pytest.mark.parametrize(
    "text", ["\u200b\u200c\u200d", "\ufeff", "\u00ad\u2060", "\u3000 \u3000", "\u200b \n\u200b"]
)
def test_invisible_only_text_is_refused(client, draft, text):
    before = Opinion.objects.count()
    response = send(client, payload(draft, text=text), key=register_client())
    assert_json_error(response, 400)
    assert "不可见字符" in response.json()["errors"]["text"][0]
    assert Opinion.objects.count() == before


# --- malformed bodies: JSON errors, never a 500 or an HTML page --------------------------------


# Invalid JSON, a JSON list or string, bytes that are not UTF-8, NUL bytes in strings, too long
# texts and wrong types were already answered 400 in JSON: checked against the code before this
# change, so they are not repeated here.
@pytest.mark.parametrize(
    ("body", "status"), [("HUGE_ID", 400), ("NEGATIVE_ID", 400), ("OVERSIZE", 413)]
)
def test_malformed_json_bodies(client, draft, settings, body, status):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200_000
    bodies = {
        "HUGE_ID": payload(draft, page_id=10**30),
        "NEGATIVE_ID": payload(draft, page_id=-1),
        "OVERSIZE": payload(draft, text="x" * 300_000),
    }
    body = bodies[body]
    before = Opinion.objects.count()
    assert_json_error(send(client, body, key=register_client()), status)
    assert Opinion.objects.count() == before


def test_malformed_multipart_and_status_bodies(client, draft, settings):
    key = register_client()
    no_boundary = send(
        client,
        b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--x--\r\n',
        key=key,
        content_type="multipart/form-data",
        url="/api/opinions/with-attachments",
    )
    assert_json_error(no_boundary, 400)
    for body in ({"code": "LB-\x00"}, {"code": "x" * 100_000}, {"code": 12}, [1]):
        assert_json_error(send(client, body, url="/api/opinions/status"), 400)

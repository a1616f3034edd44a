"""A Redis outage degrades the site, it does not take it down.

A real ``redis-server`` of the test's own (its own free port; the shared one on 6379 is never
touched) backs the three caches as in production. The test reads pages, submits opinions through
the real form and the API, kills that Redis mid-run, keeps submitting, starts it again, and checks
that every accepted opinion is stored exactly once, nothing is lost, nothing answers 500, and
``/healthz`` names Redis while it is gone. Then the same with Redis down from the start.

redis-server is required in CI (CI=true): there a missing binary fails instead of skipping.
"""

import logging
import os
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from captcha.models import CaptchaStore
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from core import caches, page_cache, ratelimit
from core.spam import started_token
from forms.models import Opinion
from home.models import StandardPage
from lawbridge.settings.base import _redis_cache, _redis_database
from tests.forms.conftest import valid_post

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_key() -> str:
    """A registered mini-program client's key: the API takes opinions only from those."""
    from forms import api_keys
    from forms.models import ApiClient

    client, _created = ApiClient.objects.get_or_create(name="小程序（测试）")
    key = api_keys.issue(client)
    client.save()
    return key


class RedisServer:
    """A throw-away redis-server: no persistence, killed with SIGKILL like a crashed one."""

    def __init__(self, binary, directory):
        self.binary, self.directory = binary, directory
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


@pytest.fixture
def draft(demo_site):
    """The open demo draft: its opinion form and the API accept opinions."""
    drafts = pytest.importorskip("drafts.models")
    return drafts.RegulationDraftPage.objects.live().get(
        slug="wenming", locale__language_code="zh-hans"
    )


@pytest.fixture
def redis_binary():
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is required in CI (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    return binary


@pytest.fixture
def redis_server(redis_binary, tmp_path):
    server = RedisServer(redis_binary, tmp_path)
    server.start()
    yield server
    server.kill()


def _production_caches(url):
    """The CACHES production builds from REDIS_URL (lawbridge/settings/base.py)."""
    prefix = f"lb-outage-{uuid.uuid4().hex[:6]}"
    return {
        "default": _redis_cache(url, prefix, IGNORE_EXCEPTIONS=True),
        "pages": _redis_cache(url, f"{prefix}-pages"),
        "limits": _redis_cache(_redis_database(url, 1), f"{prefix}-limits"),
    }


@pytest.fixture
def defences(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 300
    settings.RATELIMIT_ENABLE = True
    settings.SPAM_DEFENCE = True
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "lawbridge.cache.default"
    settings.LAWBRIDGE_RATELIMITS = {
        **settings.LAWBRIDGE_RATELIMITS,
        "opinion_submit": "100/h",
        "opinion_submit_hard": "300/h",
        "api_opinion_submit": "100/h",
    }
    monkeypatch.setattr(caches, "RETRY_SECONDS", 0.5)
    caches.reset()
    yield
    caches.reset()


class Run:
    """Submits opinions as people and mini-programs do, and remembers what was accepted."""

    def __init__(self, page):
        self.page = page
        self.accepted: list[str] = []  # texts of accepted opinions (each unique)
        self.responses = []
        self.reader = Client()  # never signs in, keeps no cookie: the cached public

    def _note(self, response):
        self.responses.append(response)
        assert response.status_code < 500, response.content[:500]
        return response

    def read(self, path="/about/"):
        response = self._note(self.reader.get(path))
        assert response.status_code == 200
        return response

    def form(self, label):
        text = f"建议增设社区法律服务站。（{label} {uuid.uuid4().hex[:8]}）"
        data = valid_post(text=text, form_started=started_token(time.time() - 10), website="")
        client = Client()
        url = reverse("opinions_new", args=[self.page.pk])
        response = self._note(client.post(url, data))
        if response.status_code == 400:  # the CAPTCHA is asked: what was typed comes back
            html = response.content.decode()
            assert text in html and 'name="captcha_0"' in html, html[:2000]
            key = html.split('name="captcha_0" value="', 1)[1].split('"', 1)[0]
            answer = CaptchaStore.objects.get(hashkey=key).response
            response = self._note(client.post(url, {**data, "captcha_0": key, "captcha_1": answer}))
        assert response.status_code == 302, response.content[:2000]
        assert "/opinions/receipt/" in response["Location"]
        self.accepted.append(text)
        return response

    def api(self, label):
        text = f"建议公开听证会记录。（{label} {uuid.uuid4().hex[:8]}）"
        data = valid_post(text=text)
        data.pop("article")
        data.update({"page_id": self.page.pk, "privacy_consent": True})
        response = self._note(
            Client(HTTP_X_API_KEY=api_key()).post(
                "/api/opinions/", data, content_type="application/json"
            )
        )
        assert response.status_code == 201, response.content
        assert response.json()["receipt_code"]
        self.accepted.append(text)
        return response

    def healthz(self):
        response = Client().get("/healthz")  # 503 is its answer for "Redis is down"
        assert response.status_code in (200, 503) and response.json()["checks"]
        return response

    def check_stored_once(self, before):
        assert Opinion.objects.count() == before + len(self.accepted)
        for text in self.accepted:
            assert Opinion.objects.filter(text=text).count() == 1, text


def test_opinions_keep_coming_in_while_redis_dies_and_comes_back(
    draft, defences, redis_server, caplog
):
    run = Run(draft)
    before = Opinion.objects.count()
    url = redis_server.url
    with override_settings(REDIS_URL=url, CACHES=_production_caches(url)):
        # Up: pages are cached, forms and API accept, health is fine.
        assert run.read()[page_cache.HEADER] == "miss"
        assert run.read()[page_cache.HEADER] == "hit"
        assert run.healthz().json()["checks"] == {"database": "ok", "redis": "ok"}
        run.form("before")
        run.api("before")

        redis_server.kill()
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="lawbridge.cache"):
            for round_ in range(3):
                assert run.read()[page_cache.HEADER] == "unavailable"
                assert run.read("/events/").status_code == 200
                run.form(f"down {round_}")
                run.api(f"down {round_}")
                time.sleep(caches.RETRY_SECONDS)  # the next round tries Redis again
            health = run.healthz()
            assert health.status_code == 503
            assert health.json()["checks"] == {"database": "ok", "redis": "down"}
        logged = " ".join(record.getMessage() for record in caplog.records)
        assert "cache limits unreachable" in logged and "count per process" in logged
        assert "cache pages unreachable" in logged

        redis_server.start()
        deadline = time.monotonic() + 10
        while run.read()[page_cache.HEADER] not in ("miss", "hit"):
            assert time.monotonic() < deadline, "the page cache never came back"
            time.sleep(0.2)
        assert run.read()[page_cache.HEADER] == "hit"
        assert run.healthz().status_code == 200
        run.form("after")
        run.api("after")
    assert len(run.accepted) == 10
    run.check_stored_once(before)


def test_redis_down_from_the_start(draft, defences, caplog):
    run = Run(draft)
    before = Opinion.objects.count()
    url = f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there
    with override_settings(REDIS_URL=url, CACHES=_production_caches(url)):
        assert run.read()[page_cache.HEADER] == "unavailable"
        assert run.read("/events/?type=market").status_code == 200
        assert run.read(draft.url).status_code == 200
        for round_ in range(2):
            run.form(f"never up {round_}")
            run.api(f"never up {round_}")
        health = run.healthz()
        assert health.status_code == 503
        assert health.json() == {"status": "down", "checks": {"database": "ok", "redis": "down"}}
        # Editors can still publish (the page cache cannot be dropped: it is unreachable anyway).
        about = StandardPage.objects.get(slug="about", locale__language_code="zh-hans")
        about.title = "关于本平台"
        about.save_revision().publish()
        assert "<h1>关于本平台</h1>" in run.read().content.decode()
        # The API's JSON contract holds for bad input too.
        bad = Client(HTTP_X_API_KEY=api_key()).post(
            "/api/opinions/", {"page_id": draft.pk}, content_type="application/json"
        )
        assert bad.status_code in (400, 422) and bad.json()
        # Limits still hold meanwhile, counted in this process: an outage is no free pass.
        probe = RequestFactory().post("/", REMOTE_ADDR="10.7.7.7")
        with override_settings(LAWBRIDGE_RATELIMITS={"probe": "2/h"}):
            assert [ratelimit.limited(probe, "probe") for _ in range(3)] == [False, False, True]
    assert "count per process" in caplog.text
    run.check_stored_once(before)

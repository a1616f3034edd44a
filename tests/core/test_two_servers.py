"""More than one app server (docs/operations.md, "More than one app server"), for real: two
gunicorn servers with the production settings on different ports, one PostgreSQL database, one
Redis (this test's own, on its own port), and a Varnish in front of each. An opinion sent to one
is found on the other; a page unpublished on one is gone from both servers and both Varnishes.

PostgreSQL only (the production topology): it runs in CI's PostgreSQL pass and is skipped on
SQLite, whose in-memory test database another process cannot open."""

import os
import re
import shutil
import subprocess
import time
from contextlib import ExitStack, contextmanager

import pytest
from django.conf import settings
from django.db import connection

from bench._server import Browser, Site, form_tokens, free_port, psql
from core.management.commands.varnish_vcl import render_vcl

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
RECEIPT = re.compile(r"/opinions/receipt/(LB-[A-Z0-9-]+)/")


def _wait_for(port: int, process) -> None:
    import socket

    for _ in range(150):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited") from None
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


@contextmanager
def _process(args, port):
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        _wait_for(port, process)
        yield process
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def shared_site(tmp_path, django_db_blocker):
    """A copy of this run's test database (migrated, demo loaded) for the servers to share."""
    if connection.vendor != "postgresql":
        pytest.skip("the production topology runs on PostgreSQL (CI's PostgreSQL pass)")
    for program in (VARNISHD, REDIS):
        if not os.path.exists(program):
            pytest.fail(f"{program} is missing")
    name = f"lb_two_servers_{os.getpid()}"
    source = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        connection.close()  # CREATE DATABASE … TEMPLATE needs the source to itself
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    site = Site(name)
    site.env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)  # the demo's pictures
    site.env["TWO_FACTOR_FOR_SUPERUSERS"] = "0"
    try:
        site.manage("collectstatic", "--noinput")
        site.python(
            "from django.contrib.auth import get_user_model; "
            "get_user_model().objects.create_superuser('two-servers', 'x@example.org', "
            "'two-servers-pass-1')"
        )
        yield site
    finally:
        site.drop()


def _page_ids(site) -> tuple[int, str, int]:
    out = site.python(
        "from home.models import StandardPage; from drafts.models import RegulationDraftPage\n"
        "from django.utils import timezone\n"
        "p = StandardPage.objects.live().filter(locale__language_code='zh-hans').first()\n"
        "d = [x for x in RegulationDraftPage.objects.live() if x.accepts_comments()][0]\n"
        "print(p.pk, p.url, d.pk)"
    )
    page_id, url, draft_id = out.split()
    return int(page_id), url, int(draft_id)


def test_two_app_servers_share_opinions_and_a_publish_purges_both(shared_site, tmp_path):
    redis_port, varnish_ports = free_port(), [free_port(), free_port()]
    with ExitStack() as stack:
        stack.enter_context(
            _process(
                [REDIS, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
                redis_port,
            )
        )
        env = {
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "REDIS_LIMITS_URL": f"redis://127.0.0.1:{redis_port}/1",
            "VARNISH_URLS": ",".join(f"http://127.0.0.1:{port}" for port in varnish_ports),
            "RATELIMIT_ENABLE": "0",
            "SPAM_MIN_FILL_SECONDS": "0",
            "PAGE_CACHE_SECONDS": "300",
        }
        servers = [stack.enter_context(shared_site.gunicorn(workers=1, **env)) for _ in range(2)]
        for number, (server, port) in enumerate(zip(servers, varnish_ports, strict=True)):
            vcl = tmp_path / f"server{number}.vcl"
            vcl.write_text(render_vcl(f"127.0.0.1:{server}", []), encoding="utf-8")
            stack.enter_context(
                _process(
                    [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / f"v{number}"),
                     "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,32m"],
                    port,
                )
            )  # fmt: skip
        page_id, page_url, draft_id = _page_ids(shared_site)
        one, other = Browser(servers[0]), Browser(servers[1])

        # An opinion sent to the first server…
        form_path = f"/opinions/new/{draft_id}/"
        _status, html, _r = one.get(form_path)
        fields = {
            **form_tokens(html.decode()),
            "text": "两台服务器：建议明确公示期限。",
            "article": "",
            "category": "public",
            "phone": "13800001234",
            "website": "",
            "publish_consent": "anonymous",
            "privacy_consent": "on",
        }
        status, _data, response = one.post_form(form_path, fields)
        found = RECEIPT.search(response.getheader("Location") or "")
        assert status == 302 and found, (status, _data[:500])
        code = found.group(1)
        # …is found on the second.
        _status, html, _r = other.get("/opinions/status/")
        status, data, _r = other.post_form(
            "/opinions/status/",
            {**form_tokens(html.decode()), "code": code, "phone_last4": "1234"},
        )
        assert status == 200 and code in data.decode()

        # A reading page cached by both Varnishes and both servers' shared page cache…
        readers = [Browser(port) for port in varnish_ports]
        for reader in readers:
            reader.get(page_url)
            status, _data, response = reader.get(page_url)
            assert status == 200 and response.getheader("X-Varnish-Cache") == "hit"
        # …is unpublished by an editor on the first server…
        editor = Browser(servers[0])
        _status, html, _r = editor.get("/admin/login/")
        editor.post_form(
            "/admin/login/",
            {
                **form_tokens(html.decode()),
                "username": "two-servers",
                "password": "two-servers-pass-1",
                "next": "/admin/",
            },
        )
        unpublish = f"/admin/pages/{page_id}/unpublish/"
        _status, html, _r = editor.get(unpublish)
        status, _data, _r = editor.post_form(unpublish, form_tokens(html.decode()))
        assert status == 302, status
        # …and is gone everywhere: both Varnishes, and the second server itself.
        for reader in readers:
            status, _data, _r = reader.get(page_url)
            assert status == 404, status
        status, _data, _r = Browser(servers[1]).get(page_url)
        assert status == 404

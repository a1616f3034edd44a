"""Varnish in front (deploy/varnish.vcl through ``manage.py varnish_vcl``), for real: this test
starts its own ``varnishd`` on its own port in front of a live server. A reading page is served by
Varnish the second time; forms, the admin, search and signed-in visitors never are; a publish
purges it (through wagtail.contrib.frontend_cache) and the next reader sees the change; a Varnish
that is down costs a publish nothing. Set LAWBRIDGE_REQUIRE_VARNISH=1 (CI does) to fail instead of
skip where varnishd is missing."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from urllib.error import HTTPError

import pytest
from django.core.management import CommandError
from django.test import override_settings
from wagtail.models import Page, Site

from core.management.commands.varnish_vcl import render_vcl

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
pytestmark = pytest.mark.slow  # a live server and a varnishd per test: not in `make test-fast`


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(tmp_path, live_server, transactional_db):
    from tests.conftest import restore_demo

    if not os.path.exists(VARNISHD):
        if os.environ.get("LAWBRIDGE_REQUIRE_VARNISH"):
            pytest.fail("varnishd is missing (apt-get install varnish)")
        pytest.skip("varnishd is missing (apt-get install varnish)")
    restore_demo()
    backend = live_server.url.removeprefix("http://")
    vcl = tmp_path / "site.vcl"
    vcl.write_text(render_vcl(backend, []), encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 — our own arguments
        [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(tmp_path / "work"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail("varnishd did not start: " + process.stderr.read().decode())
            time.sleep(0.1)
    frontend = {"varnish": {"BACKEND": "core.frontend_cache.VarnishBackend", "LOCATION": url}}
    try:
        with override_settings(PAGE_CACHE_SECONDS=300, WAGTAILFRONTENDCACHE=frontend):
            yield url
    finally:
        process.terminate()
        process.wait(10)


def _host() -> str:
    """The Host the site answers to: what a purge names, and so what readers must send."""
    site = Site.objects.get(is_default_site=True)
    return site.hostname + ("" if site.port in (80, 443) else f":{site.port}")


def _get(url, path, cookie=""):
    request = urllib.request.Request(url + path, headers={"Host": _host()})  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.headers, response.read().decode()
    except HTTPError as error:
        return error.headers, error.read().decode()


def _page():
    return Site.objects.get(is_default_site=True).root_page.specific


def test_a_reading_page_is_served_by_varnish_and_a_publish_purges_it(varnish):
    page = _page()
    path = page.relative_url(Site.objects.get(is_default_site=True))
    first, _ = _get(varnish, path)
    again, body = _get(varnish, path)
    assert first["X-Varnish-Cache"] == "miss"
    assert again["X-Varnish-Cache"] == "hit"
    assert "s-maxage" in again["Cache-Control"]
    # Another reading preference is another copy (not the default look served to it).
    larger, _ = _get(varnish, path, cookie="lb_reading=xlarge.default; csrftoken=abc")
    assert larger["X-Varnish-Cache"] == "miss"
    # Tracking parameters and other cookies do not split the cache.
    tracked, _ = _get(varnish, path + "?utm_source=wechat", cookie="_ga=1")
    assert tracked["X-Varnish-Cache"] == "hit"

    page.title = page.title + " 已更新"
    revision = page.save_revision()
    revision.publish()

    after, body = _get(varnish, path)
    assert after["X-Varnish-Cache"] == "miss"
    assert "已更新" in body
    assert _get(varnish, path)[0]["X-Varnish-Cache"] == "hit"


def test_signed_in_visitors_the_admin_and_uncacheable_pages_pass_through(varnish):
    path = _page().relative_url(Site.objects.get(is_default_site=True))
    _get(varnish, path)
    signed_in, _ = _get(varnish, path, cookie="sessionid=anything")
    assert signed_in["X-Varnish-Cache"] == "miss"
    for private in ("/admin/login/", "/search/?q=%E6%9D%A1%E4%BE%8B"):
        _get(varnish, private)
        headers, _ = _get(varnish, private)
        assert headers["X-Varnish-Cache"] == "miss", private
        assert "s-maxage" not in headers.get("Cache-Control", ""), private


def test_an_application_server_may_purge_and_a_down_varnish_costs_a_publish_nothing(varnish):
    request = urllib.request.Request(  # noqa: S310
        varnish + "/", method="PURGE", headers={"Host": _host()}
    )
    # From 127.0.0.1 (an allowed purger) it is accepted…
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200
    # …and with Varnish gone, publishing still works, quickly.
    closed = f"http://127.0.0.1:{_free_port()}"
    frontend = {"down": {"BACKEND": "core.frontend_cache.VarnishBackend", "LOCATION": closed}}
    page = _page()
    with override_settings(WAGTAILFRONTENDCACHE=frontend):
        started = time.monotonic()
        page.save_revision().publish()
        assert time.monotonic() - started < 10
    assert Page.objects.get(pk=page.pk).live


def test_the_vcl_is_refused_with_a_bad_backend_or_purger():
    with pytest.raises(CommandError):
        render_vcl("no-port", [])
    with pytest.raises(CommandError):
        render_vcl("127.0.0.1:8000", ["not an address"])
    vcl = render_vcl("127.0.0.1:8000", ["10.0.0.0/24", "10.0.1.5"])
    assert '"10.0.0.0"/24;' in vcl and '"10.0.1.5";' in vcl
    assert "@" not in vcl.split("import std;")[1]

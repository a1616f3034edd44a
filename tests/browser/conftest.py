"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright. Never a downloaded
browser. Set LAWBRIDGE_REQUIRE_BROWSER=1 (CI does) to fail instead of skip when it is missing."""

import os
from pathlib import Path

import pytest
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# A walk whose findings do not depend on the database (layout, contrast, CSP) runs in CI's
# SQLite pass only.
sqlite_pass_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="database-independent; walked in the SQLite run"
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("LAWBRIDGE_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# A slower machine than the one a walk was written on: LAWBRIDGE_BROWSER_CPU_THROTTLE=8 makes
# Chromium eight times slower (docs/testing.md), to find what only passes on a fast one.
CPU_THROTTLE = float(os.environ.get("LAWBRIDGE_BROWSER_CPU_THROTTLE") or 1)


@pytest.fixture(scope="session", autouse=True)
def _actions_wait_for_the_page_they_open():
    """A click (or Enter) that leaves the page returns once the next page has started to load,
    not once it is read: what a test asserts next would find the old text, a half-parsed page or
    the page before its script ran, on a slow machine only. So every click and key press on a
    locator waits for the page's load event too (at once when nothing navigated). Playwright's
    public methods, wrapped for this session."""
    from playwright.sync_api import Locator

    patch = pytest.MonkeyPatch()
    for name in ("click", "press"):
        original = getattr(Locator, name)

        def waiting(self, *args, _original=original, **kwargs):
            result = _original(self, *args, **kwargs)
            if not self.page.is_closed():
                self.page.wait_for_load_state()
            return result

        patch.setattr(Locator, name, waiting)
    yield
    patch.undo()


@pytest.fixture
def new_page(browser):
    """Factory: a fresh browser context (own cookies) at the given viewport."""
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
        context.set_default_timeout(15_000 * CPU_THROTTLE)
        contexts.append(context)
        page = context.new_page()
        if CPU_THROTTLE > 1:
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_THROTTLE})
        return page

    yield make
    for context in contexts:
        context.close()


# Pictures are for the person walking the site (LAWBRIDGE_SCREENSHOTS=1), not for the suite: a
# whole-page PNG of a long draft costs Chromium 4–5 s, and nothing in a test reads it.
SCREENSHOTS = bool(os.environ.get("LAWBRIDGE_SCREENSHOTS"))


def screenshot(target, name: str, *, full_page: bool = True) -> None:
    """Keep a picture of what the visitor saw: a page (whole, unless ``full_page`` is False) or
    one element (a locator), as test-artifacts/<name>.png (git-ignored; ``name`` may hold a
    folder). Only with LAWBRIDGE_SCREENSHOTS set."""
    if not SCREENSHOTS:
        return
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    if hasattr(target, "goto"):
        target.screenshot(path=str(path), full_page=full_page)
    else:
        target.screenshot(path=str(path))


@pytest.fixture
def live_demo(live_server, transactional_db):
    """The demo site behind a live server (the demo is restored after the previous test's flush)."""
    from tests.conftest import restore_demo

    restore_demo()
    return live_server


def pytest_collection_modifyitems(config, items):
    # Everything in this folder drives Chromium: ``make test-fast`` (-m "not browser") leaves it.
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.browser)

"""Real headless Chromium from Debian driven by Playwright. Never a downloaded browser. Set
LAWBRIDGE_REQUIRE_BROWSER=1 (CI does) to fail instead of skip when it is missing."""

import os
from pathlib import Path

import pytest
from django.db import connection

# Pictures are for the person walking the site (LAWBRIDGE_SCREENSHOTS=1), not for the suite: a
# whole-page PNG of a long draft costs Chromium 4–5 s, and nothing in a test reads it.
SCREENSHOTS = bool(os.environ.get("LAWBRIDGE_SCREENSHOTS"))
# The browser residents use (package chromium), and the same Chromium build without the browser
# around it (package chromium-headless-shell, what Playwright itself runs headless tests in): the
# same Blink and V8 for about a third of the CPU per page (docs/performance.md), and Chromium is
# most of what a walk costs. The suite walks in the shell when it is installed; pictures for a
# person come from the full browser, and so do the walks that ask for ``new_full_browser_page``.
FULL_CHROMIUM = "/usr/bin/chromium"
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"


def _chromium() -> str:
    if path := os.environ.get("CHROMIUM_PATH"):
        return path
    if not SCREENSHOTS and Path(HEADLESS_SHELL).exists():
        return HEADLESS_SHELL
    return FULL_CHROMIUM


CHROMIUM = _chromium()
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
def playwright_driver():
    """One Playwright per session: a second would start its own event loop in this thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def _launch(playwright, path: str):
    if not Path(path).exists():
        message = f"{path} is missing (apt-get install chromium chromium-headless-shell)"
        if os.environ.get("LAWBRIDGE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = _launch(playwright_driver, CHROMIUM)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def full_browser(playwright_driver, browser):
    """The browser residents use, for the walks that check the shell's findings hold there."""
    if CHROMIUM == FULL_CHROMIUM:
        yield browser
        return
    full = _launch(playwright_driver, FULL_CHROMIUM)
    yield full
    full.close()


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


def _page_factory(browser):
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


@pytest.fixture
def new_page(browser):
    yield from _page_factory(browser)


@pytest.fixture
def new_full_browser_page(full_browser):
    """``new_page`` in the full browser (package chromium)."""
    yield from _page_factory(full_browser)


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

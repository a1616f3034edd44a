"""The admin speaks Chinese and asks no foreign host for anything: as a 普法编辑 (not a
superuser) on the dashboard, an article's edit page and the user menu, every request the browser
makes goes to our own server (no gravatar.com avatar, no CDN); Wagtail's words we override read
as an office writes them. Screenshots of the account screens are kept for the walk."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser]


def _sign_in(live_demo, page, username, password):
    page.goto(live_demo.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()


def _foreign(requests, live_url):
    own = urlsplit(live_url).hostname
    return [
        url
        for url in requests
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(url).hostname not in (own, "localhost", "127.0.0.1")
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_admin_asks_no_foreign_host_and_reads_chinese(live_demo, new_page, viewport):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from law_education.models import LawEducationArticlePage

    user = get_user_model().objects.create_user(
        "puf-editor", "editor@example.cn", "editor-pass-123"
    )
    user.groups.add(Group.objects.get(name="普法编辑"))
    article = LawEducationArticlePage.objects.filter(locale__language_code="zh-hans").first()

    page = new_page(viewport)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    _sign_in(live_demo, page, "puf-editor", "editor-pass-123")
    page.wait_for_url(live_demo.url + "/admin/")
    page.wait_for_load_state("networkidle")
    size = "phone" if viewport is PHONE else "desktop"
    screenshot(page, f"accounts/dashboard-{size}")
    dashboard = page.content()
    assert "Privacy and access" not in dashboard
    assert "gravatar" not in dashboard
    assert "12 Pages" not in dashboard and "editor guide" not in dashboard

    page.goto(f"{live_demo.url}/admin/pages/{article.pk}/edit/")
    page.wait_for_load_state("networkidle")
    screenshot(page, f"accounts/article-edit-{size}")
    edit = page.content()
    assert "Privacy and access" not in edit and ">Saved<" not in edit

    if viewport is PHONE:
        page.get_by_role("button", name="切换侧边栏").first.click()
    page.locator(".sidebar-footer__account").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"accounts/user-menu-{size}")
    page.goto(f"{live_demo.url}/admin/account/")
    page.wait_for_load_state("networkidle")

    assert requests, "the browser made no request at all"
    assert _foreign(requests, live_demo.url) == []


def test_account_screens_walk(live_demo, new_page, settings):
    """Setup with a base32 key, backup codes shown once, the lock-out list (superuser)."""
    from binascii import unhexlify

    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.accounts import remove_devices

    User = get_user_model()
    User.objects.create_superuser("chief", "chief@example.cn", "chief-pass-123")
    AccessAttempt.objects.create(
        username="reviewer",
        ip_address="203.0.113.9",
        user_agent="test",
        attempt_time=timezone.now(),
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/admin/login/",
    )
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(viewport)
        page.goto(live_demo.url + "/admin/2fa/setup/")  # redirected to sign in first
        _sign_in(live_demo, page, "chief", "chief-pass-123")
        page.wait_for_url(live_demo.url + "/admin/")
        page.goto(live_demo.url + "/admin/security/lockouts/")
        screenshot(page, f"accounts/lockouts-{size}")
        assert page.get_by_test_id("locked").is_visible()
        if size == "desktop":
            page.get_by_role("button", name="解除锁定").click()
            page.wait_for_load_state("networkidle")
            screenshot(page, f"accounts/lockouts-cleared-{size}")
            assert "已解除 reviewer（203.0.113.9）的登录锁定" in page.content()
        page.goto(live_demo.url + "/admin/users/")
        screenshot(page, f"accounts/users-{size}")

    # The setup screen is for those who need a second factor: someone with personal data.
    settings.TWO_FACTOR_REQUIRED_PERMISSIONS = ["users.view_user"]
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="测试：个人信息")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_user"),
    )
    user = User.objects.create_user("keeper", "k@example.cn", "keeper-pass-123")
    user.groups.add(group)
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        remove_devices(user)  # authenticator and backup codes: set up afresh at each size
        page = new_page(viewport)
        _sign_in(live_demo, page, "keeper", "keeper-pass-123")
        page.wait_for_url("**/admin/2fa/setup/**")
        screenshot(page, f"accounts/two-factor-setup-{size}")
        key = page.locator("figcaption code").inner_text()
        assert key == key.upper() and all(c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 " for c in key)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        page.fill("#id_token", str(totp(unhexlify(device.key.encode()))).zfill(6))
        page.get_by_role("button", name="确认并登录").click()
        page.wait_for_selector("[data-testid=backup-codes]")
        screenshot(page, f"accounts/backup-codes-{size}")
        assert page.locator("[data-testid=backup-codes] li").count() == 10
        page.get_by_role("link", name="我已保存，继续").click()
        page.goto(live_demo.url + "/admin/account/two-factor/backup-codes/")
        screenshot(page, f"accounts/backup-codes-account-{size}")


def test_roles_walk(live_demo, new_page):
    """As the roles, not a superuser: a 普法编辑 told why they cannot pass their own article at
    初审; an 意见办理员 on the opinions list."""
    # live_demo flushes the database, and with it the office's groups made by a migration.
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from law_education.models import LawEducationArticlePage

    importlib.import_module("forms.migrations.0007_office_roles").office_roles(apps, None)

    User = get_user_model()
    editor = User.objects.create_user("puf-author", "", "author-pass-123")
    editor.groups.add(Group.objects.get(name="普法编辑"))
    handler = User.objects.create_user("yj-handler", "", "handler-pass-123")
    handler.groups.add(Group.objects.get(name="意见办理员"))
    article = LawEducationArticlePage.objects.filter(locale__language_code="zh-hans").first()
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)

    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(viewport)
        _sign_in(live_demo, page, "puf-author", "author-pass-123")
        page.wait_for_url(live_demo.url + "/admin/")
        page.goto(f"{live_demo.url}/admin/pages/{article.pk}/edit/")
        screenshot(page, f"accounts/own-article-at-first-review-{size}")
        assert page.get_by_text("您不能审核通过自己提交或修改的内容").first.is_visible()
        assert page.locator('[data-workflow-action-name="approve"]').count() == 0

        page = new_page(viewport)
        _sign_in(live_demo, page, "yj-handler", "handler-pass-123")
        page.wait_for_url(live_demo.url + "/admin/")
        screenshot(page, f"accounts/opinion-handler-dashboard-{size}")
        page.goto(live_demo.url + "/admin/opinions/opinions/")
        screenshot(page, f"accounts/opinion-handler-opinions-{size}")
        assert page.url.endswith("/admin/opinions/opinions/")

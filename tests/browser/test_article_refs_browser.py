"""Article references in a real browser, as the 意见办理员 role on a phone and a desktop: after a
second version renumbers the draft, the opinion list shows the article's current number with
the one it had, the filter finds it by the current number, and the inspect page shows the text
as commented with its version and a link to it."""

import datetime as dt

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 812}
V1 = "某市养犬管理条例（草案）\n第一条 为了规范养犬行为，制定本条例。\n第二条 养犬人应当文明养犬。"
V2 = (
    "某市养犬管理条例（草案）\n第一条 为了规范养犬行为，制定本条例。\n"
    "第二条 市公安机关负责本条例的组织实施。\n第三条 养犬人应当文明养犬。"
)


def _handler():
    """The 意见办理员 role as forms migration 0007 makes it (the live server's flush removed it)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="意见办理员")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["forms", "wagtailadmin"],
            codename__in=[
                "access_admin", "view_opinion", "change_opinion", "view_statuschange",
                "view_opiniongroup", "change_opiniongroup", "view_batch",
            ],
        )
    )  # fmt: skip
    user = get_user_model().objects.create_user("handler", "h@example.gov.cn", "pw-handler")
    user.groups.add(group)
    return user


def test_renumbered_article_in_the_admin(live_demo, new_page):
    from django.urls import reverse
    from django.utils import timezone

    from core.legal_text import parse_draft
    from drafts.models import DraftIndexPage
    from drafts.services import add_version, create_draft
    from forms.intake import Submission, create_opinion

    index = DraftIndexPage.objects.get(slug="drafts", locale__language_code="zh-hans")
    now = timezone.now()
    page = create_draft(
        index,
        parse_draft(V1),
        slug="yangquan-browser",
        publish=True,
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=30),
    ).page
    page = page.__class__.objects.get(pk=page.pk)
    opinion = create_opinion(
        page,
        Submission(text="建议写明文明养犬的具体要求。", target=page.get_comment_targets()[1]),
        channel="web",
    )
    add_version(page, parse_draft(V2), label="二审稿", publish=True)
    handler = _handler()

    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        staff = new_page(viewport)
        list_url = reverse("wagtailsnippets_forms_opinion:list")
        sign_in_browser(
            staff, live_demo.url, handler, f"{list_url}?page={page.pk}&article_label=第三条"
        )
        row = staff.locator("tr", has_text=opinion.receipt_code)
        assert row.count() == 1
        assert "第三条（征求意见稿第二条）" in row.inner_text()
        screenshot(staff, f"article-refs/list-{name}-filtered-by-current-number")

        row.locator("a", has_text=opinion.receipt_code).first.click()
        staff.wait_for_load_state()
        assert (
            "第三条（征求意见稿第二条）" in staff.locator("[data-article-reference]").inner_text()
        )
        commented = staff.locator("[data-commented-article]")
        assert "征求意见稿 · 第二条" in commented.inner_text()
        assert "养犬人应当文明养犬。" in commented.inner_text()
        link = commented.get_by_role("link", name="查看该版本条文")
        assert "/versions/1/articles/2/" in link.get_attribute("href")
        screenshot(staff, f"article-refs/inspect-{name}-commented-article")

        href = link.get_attribute("href")
        history = new_page(viewport)
        history.goto(live_demo.url + href if href.startswith("/") else href)
        assert history.locator("h1").inner_text().startswith("征求意见稿第二条")
        assert "第三条" in history.locator("[data-article-now]").inner_text()
        screenshot(history, f"article-refs/history-{name}")

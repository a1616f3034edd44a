"""Opinion analysis in a real browser, as an 意见办理员 (no superuser, no personal data), on a phone
and on a desktop: define a theme for the draft, tag an opinion and note on it from its inspect
page, filter the list by the theme, keep a reply template and answer a selection with it, and see
the opinions that could not be answered listed."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 812}


def test_analysis_walk_as_opinion_handler(live_demo, new_page):
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from drafts.models import RegulationDraftPage
    from forms.intake import Submission, create_opinion
    from forms.models import AnalystNote, Channel, Opinion, ReplyTemplate, StatusChange, Theme
    from forms.workflow import Status, transition

    # live_demo flushes the database, and with it the office's groups made by a migration.
    importlib.import_module("forms.migrations.0007_office_roles").office_roles(apps, None)
    handler = get_user_model().objects.create_user("yj-analyst", "", "analyst-pass-123")
    handler.groups.add(Group.objects.get(name="意见办理员"))
    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    base = live_demo.url

    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        opinions = []
        for i in range(3):
            opinion = create_opinion(
                draft,
                Submission(
                    text=f"{size}：建议第{i + 2}条增加罚则。", email=f"{size}{i}@example.com"
                ),
                channel=Channel.WEB,
            )
            transition(opinion, Status.REVIEWING)
            transition(opinion, Status.FORWARDED)
            opinions.append(opinion)
        fresh = create_opinion(
            draft, Submission(text=f"{size}：刚收到的意见。"), channel=Channel.WEB
        )
        page = new_page(viewport)
        # A theme for the draft.
        theme_name = f"处罚标准-{size}"
        sign_in_browser(page, base, handler, reverse("wagtailsnippets_forms_theme:add"))
        page.select_option("#id_page", str(draft.pk))
        page.fill("#id_name", theme_name)
        page.fill("#id_description", "罚款数额、处罚对象")
        screenshot(page, f"analysis/theme-add-{size}")
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url("**/admin/opinions/themes/")
        screenshot(page, f"analysis/themes-list-{size}")
        theme = Theme.objects.get(name=theme_name)

        # Tag one opinion and note on it, from its inspect page.
        page.goto(base + reverse("wagtailsnippets_forms_opinion:inspect", args=[opinions[0].pk]))
        page.get_by_label(theme_name).check()
        page.get_by_role("button", name="保存主题").click()
        page.wait_for_load_state()
        page.fill("textarea[name=text]", "与第八条意见一致，可合并答复。")
        page.get_by_role("button", name="添加备注").click()
        page.wait_for_load_state()
        screenshot(page, f"analysis/inspect-themes-notes-{size}")
        assert page.locator("[data-themes]").text_content().strip() == theme_name
        assert page.locator("[data-notes]").get_by_text("可合并答复").is_visible()
        assert AnalystNote.objects.filter(opinion=opinions[0], author=handler).count() == 1

        # The list filtered by the theme.
        page.goto(base + reverse("wagtailsnippets_forms_opinion:list") + f"?themes={theme.pk}")
        page.wait_for_load_state("networkidle")
        screenshot(page, f"analysis/list-by-theme-{size}")
        assert page.get_by_text(opinions[0].receipt_code).first.is_visible()
        assert page.get_by_text(opinions[1].receipt_code).count() == 0

        # A reply template, then the bulk answer with it.
        page.goto(base + reverse("wagtailsnippets_forms_replytemplate:add"))
        page.fill("#id_name", f"部分采纳-{size}")
        page.select_option("#id_page", str(draft.pk))
        page.fill("#id_text", "您的意见已部分吸收到修改稿中，感谢参与。")
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url("**/admin/opinions/reply-templates/")
        screenshot(page, f"analysis/reply-templates-{size}")
        template = ReplyTemplate.objects.get(name=f"部分采纳-{size}")

        ids = "&".join(f"id={o.pk}" for o in [*opinions, fresh])
        next_url = reverse("wagtailsnippets_forms_opinion:list")
        page.goto(
            base
            + reverse("wagtail_bulk_action", args=["forms", "opinion", "opinions_answer"])
            + f"?{ids}&next={next_url}"
        )
        assert page.locator("[data-blocked]").count() == 1
        page.get_by_label("部分采纳", exact=True).check()
        page.select_option("#id_template", str(template.pk))
        screenshot(page, f"analysis/bulk-answer-confirm-{size}")
        page.get_by_role("button", name="确定").click()
        page.wait_for_url(f"**{next_url}")
        screenshot(page, f"analysis/bulk-answer-done-{size}")
        messages = page.locator(".messages").inner_text()
        assert "已答复 3 条意见" in messages and fresh.receipt_code in messages

        for opinion in opinions:
            opinion.refresh_from_db()
            assert opinion.status == Status.PARTLY_ADOPTED
            assert StatusChange.objects.filter(opinion=opinion, user=handler).exists()
        assert Opinion.objects.get(pk=fresh.pk).status == Status.RECEIVED

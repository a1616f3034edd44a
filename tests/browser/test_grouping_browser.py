"""Opinion grouping in a real browser, as 意见办理员 (not a superuser): from a draft's opinions,
start the near-duplicate grouping, read its summary, open a group, take a wrong member out,
split two off, merge another group in — on a desktop screen and on a phone."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 812}

BASE = "建议将第十二条中“禁止在公共场所随地吐痰”修改为“禁止在公共场所随地吐痰、便溺”，并明确处罚标准为五十元以上二百元以下罚款。"
NEAR = [
    BASE,
    BASE.replace("建议", "我强烈建议"),
    BASE.replace("五十元以上二百元以下", "五十元至二百元"),
    BASE.replace("罚款。", "罚款，由城管部门执法。"),
    BASE.replace("建议将", "希望把"),
]
OTHER = (
    "建议增加对电动自行车在人行道停放的管理规定，明确物业和街道的责任分工，我的电话13612345678。"
)
OTHER_NEAR = [OTHER, OTHER.replace("建议", "强烈建议"), OTHER.replace("明确", "写明")]


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_handler_runs_and_corrects_grouping(live_demo, new_page):
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from drafts.models import RegulationDraftPage
    from forms.intake import Submission, create_opinion
    from forms.models import GroupingRun, Opinion, OpinionGroup

    # live_demo flushes the database, and with it the office's groups made by a migration.
    importlib.import_module("forms.migrations.0007_office_roles").office_roles(apps, None)
    handler = get_user_model().objects.create_user("yj-handler", "", "handler-pass-123")
    handler.groups.add(Group.objects.get(name="意见办理员"))
    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    target = draft.get_comment_targets()[11]
    made = [
        create_opinion(draft, Submission(text=t, target=target), channel="web")
        for t in NEAR + OTHER_NEAR
    ]
    base = live_demo.url

    page = new_page(DESKTOP)
    sign_in_browser(page, base, handler, f"/admin/opinions/opinions/?page={draft.pk}")
    page.get_by_role("link", name="查找相似意见").click()
    page.wait_for_load_state()
    assert page.locator("#id_page").input_value() == str(draft.pk)
    screenshot(page, "grouping/start-desktop")
    page.get_by_role("button", name="开始查找").click()
    page.wait_for_load_state()
    assert page.get_by_text("查找完成。").is_visible()
    run = GroupingRun.objects.get(page=draft)
    assert run.groups_created == 2 and run.opinions_grouped == len(made)
    assert page.locator("[data-groups-created]").inner_text() == "2"
    screenshot(page, "grouping/run-done-desktop")

    page.get_by_role("link", name="查看相似意见组").click()
    page.wait_for_load_state()
    assert "13612345678" not in page.content()  # the list shows representatives masked
    screenshot(page, "grouping/groups-desktop")
    group = OpinionGroup.objects.get(pk=Opinion.objects.get(pk=made[0].pk).group_id)
    other = OpinionGroup.objects.get(pk=Opinion.objects.get(pk=made[-1].pk).group_id)
    page.goto(f"{base}/admin/opinions/groups/inspect/{group.pk}/")
    page.wait_for_load_state()
    screenshot(page, "grouping/group-before-desktop")

    # A wrong member out.
    wrong = made[4]
    page.locator(f"#member-{wrong.pk}").check()
    page.get_by_role("button", name="移出本组").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"已将 1 条意见移出本组：{wrong.receipt_code}").is_visible()
    assert Opinion.objects.get(pk=wrong.pk).group_id is None

    # Two split off into a new group.
    for o in made[2:4]:
        page.locator(f"#member-{o.pk}").check()
    page.get_by_role("button", name="拆分为新组").click()
    page.wait_for_load_state()
    assert page.get_by_text("已拆分为新组").is_visible()
    split_ids = {Opinion.objects.get(pk=o.pk).group_id for o in made[2:4]}
    assert len(split_ids) == 1 and group.pk not in split_ids

    # Another group merged in (the page says which ones it may be).
    page.fill("#id_other", str(other.pk))
    page.get_by_role("button", name="并入本组").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"已将组 #{other.pk} 并入本组").is_visible()
    assert page.locator("[data-group-adjustments] tbody tr").count() == 3
    screenshot(page, "grouping/group-after-desktop")
    # Wagtail scrolls inside <main>: the lower part of the page is kept element by element.
    screenshot(page.locator("[data-group-members]"), "grouping/members-desktop")
    screenshot(page.locator("#merge-heading").locator(".."), "grouping/merge-desktop")
    screenshot(page.locator("[data-group-adjustments]"), "grouping/adjust-desktop")
    group.refresh_from_db()
    assert group.size == 2 + len(OTHER_NEAR)

    # The group form offers only what the members' statuses allow.
    options = page.locator("#id_to_status option").all_inner_texts()
    assert options and all("可改" in o for o in options)
    assert not any(o.startswith(("已采纳", "重复")) for o in options)

    phone = new_page(PHONE)
    sign_in_browser(phone, base, handler, None)
    for name, url in [
        ("start", f"/admin/opinions/groups/regroup/?page={draft.pk}"),
        ("run-done", f"/admin/opinions/groups/runs/{run.pk}/"),
        ("group-after", f"/admin/opinions/groups/inspect/{group.pk}/"),
    ]:
        phone.goto(base + url)
        phone.wait_for_load_state()
        assert _fits(phone), name
        screenshot(phone, f"grouping/{name}-phone")
    screenshot(phone.locator("[data-group-members]"), "grouping/members-phone")

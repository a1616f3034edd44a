"""Collection codes on a phone: a point's staff member makes a collection code for one of the
point's collection sites; a resident scans it (opens /c/<code>), comments; the opinion shows the
point and the site in the admin, and on the draft's collection map."""

import pytest

from tests.browser.conftest import PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]


def _staff_page(new_page, base):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("xinxiyuan", "x@example.com", "pw-xinxiyuan")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    return sign_in_browser(new_page(PHONE), base, user, "/admin/points/codes/")


def test_staff_print_a_code_a_resident_scans_it_and_the_opinion_counts_for_the_point(
    live_demo, new_page
):
    from drafts.models import RegulationDraftPage
    from forms.models import Opinion
    from liaison_points.models import CollectionCode

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    base = live_demo.url

    # The 信息员 makes a code for the 渤海社区 collection site, on a phone.
    staff = _staff_page(new_page, base)
    staff.wait_for_url("**/admin/points/*/codes/")
    staff.get_by_label("草案").select_option(str(draft.pk))
    staff.get_by_role("button", name="下一步").click()
    staff.get_by_label("谁来发放").select_option("site")
    staff.get_by_label("信息采集点").select_option(label="渤海社区信息采集点")
    staff.get_by_role("button", name="制作", exact=True).click()
    staff.get_by_text("已制作 1 个征集码").wait_for()
    code = CollectionCode.objects.filter(page=draft, kind="site").latest("created_at")
    assert code.site.name == "渤海社区信息采集点"
    screenshot(staff, "codes-phone-staff-made")
    with staff.expect_download() as download:
        staff.locator("tr", has_text=code.code).get_by_role("link", name="连心卡").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # A resident scans the card: the QR code holds /c/<code>; typed in lower case it works too.
    visitor = new_page(PHONE)
    visitor.goto(base + f"/c/{code.code.lower()}")
    visitor.wait_for_url("**/opinions/new/**")
    assert "渤海社区信息采集点" in visitor.locator(".opinion-source").inner_text()
    visitor.get_by_label("意见内容").fill("建议在社区公告栏张贴条例全文，方便老年人阅读。")
    visitor.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    screenshot(visitor, "codes-phone-resident-form")
    visitor.get_by_role("button", name="提交意见").click()
    visitor.wait_for_url("**/opinions/receipt/**")
    receipt = visitor.locator("#receipt-code").inner_text().strip()
    opinion = Opinion.objects.get(receipt_code=receipt)
    assert opinion.point_id == code.point_id and opinion.source_code == code.code
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The point's staff see it among their point's opinions, with where it came from.
    staff.goto(base + f"/admin/opinions/opinions/?q={receipt}")
    row = staff.locator("tr", has_text=receipt)
    assert "市中街道基层立法联系点" in row.inner_text()
    assert "渤海社区信息采集点" in row.inner_text()
    screenshot(staff, "codes-phone-staff-list")

    # The collection map counts it for the point and the site (counts only).
    visitor.goto(base + f"/points/collection-map/{draft.pk}/")
    card = visitor.locator(f"#source-point-{code.point_id}")
    assert "渤海社区信息采集点" in card.inner_text()
    assert "张贴条例全文" not in visitor.content()
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(visitor, "codes-phone-map")

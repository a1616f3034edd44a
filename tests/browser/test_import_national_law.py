"""A 草案编辑 (not a superuser) imports a code typed in Word without heading styles: the preview
shows its 编, the draft is published from the page editor, and the reading page shows parts in
the text and the table of contents, with 款/项 anchors, on a phone and on a desktop."""

import pytest
from django.apps import apps

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]

TITLE = "中华人民共和国某某法典（草案）"


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _draft_editor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("caoan-bianji", "", "editor-pass-123")
    user.groups.add(Group.objects.get(name="草案编辑"))
    return user


def test_draft_editor_imports_a_code_and_reads_it_on_phone_and_desktop(
    live_demo, new_page, tmp_path
):
    from drafts.models import RegulationDraftPage
    from tests.drafts.test_national_laws import plain_code_docx

    user = _draft_editor()
    upload = tmp_path / "某某法典.docx"
    upload.write_bytes(plain_code_docx())

    page = sign_in_browser(new_page(DESKTOP), live_demo.url, user, "/admin/drafts/import/")
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="上传并预览").click()
    preview = page.locator(".drafts-preview")
    preview.locator("h2").first.wait_for()  # the preview is a new page: wait for it to arrive
    assert preview.locator("h2").all_inner_texts() == ["第一编 总则", "第二编 物权", "附则"]
    assert "共识别出 4 条" in page.locator("main").inner_text()
    screenshot(page, "import-national-desktop-1-preview")
    page.set_viewport_size(PHONE)
    screenshot(page, "import-national-phone-1-preview")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    assert "请检查后发布" in page.locator(".messages").inner_text()
    screenshot(page, "import-national-desktop-2-editor")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url("**/admin/pages/*/")

    draft = RegulationDraftPage.objects.get(title=TITLE)
    assert draft.live
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        reader = new_page(viewport)
        reader.goto(live_demo.url + draft.url)
        text = reader.locator(".draft-text")
        assert text.locator("h2.draft-part").all_inner_texts() == [
            "第一编 总则",
            "第二编 物权",
            "附则",
        ]
        # On a phone the 目录 is a closed panel (out of the accessibility tree until opened).
        toc = reader.locator("nav#toc")
        assert toc.locator("li.toc-part").first.text_content().strip().startswith("第一编 总则")
        item = reader.locator("#article-2-1-1")
        assert item.inner_text() == "（一）不满八周岁的未成年人；"
        assert _no_horizontal_scroll(reader)
        screenshot(reader, f"import-national-{name}-3-page")
        reader.goto(live_demo.url + draft.url + "#article-2-2")
        assert reader.locator("#article-2-2").is_visible()
        reader.goto(live_demo.url + draft.url + "print/")
        assert reader.locator("h2.draft-part").count() == 3
        assert _no_horizontal_scroll(reader)
        screenshot(reader, f"import-national-{name}-4-print")

"""Decision import in a real browser, as an 意见办理员 (no superuser, no personal data), on a phone
and on a desktop: upload the committee's returned sheet with one bad row, read the preview and its
row-numbered error, upload the corrected sheet, import it, and see the opinions decided. One of them
is in a similar-opinion group: the preview says only the named opinion changes, and the rest of
its group stays forwarded."""

import io

import pytest
from openpyxl import Workbook

from tests.browser.conftest import DESKTOP, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]
PHONE = {"width": 375, "height": 812}


def _sheet(path, rows):
    book = Workbook()
    book.active.append(["回执码", "采纳情况", "答复"])
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return str(path)


def test_decision_file_walk_as_opinion_handler(live_demo, new_page, tmp_path):
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from drafts.models import RegulationDraftPage
    from forms.intake import Submission, create_opinion
    from forms.models import Channel, Opinion, OpinionGroup
    from forms.workflow import Status, transition

    importlib.import_module("forms.migrations.0007_office_roles").office_roles(apps, None)
    handler = get_user_model().objects.create_user("yj-decisions", "", "decisions-pass-123")
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
        group = OpinionGroup.objects.create(page_id=draft.pk, representative=opinions[0], size=2)
        Opinion.objects.filter(pk__in=[opinions[0].pk, opinions[2].pk]).update(group=group)
        codes = [o.receipt_code for o in opinions[:2]]  # the third is only in the group
        page = sign_in_browser(new_page(viewport), base, handler, reverse("forms_decisions"))
        screenshot(page, f"decisions/upload-{size}")
        bad = _sheet(
            tmp_path / f"bad-{size}.xlsx",
            [(codes[0], "采纳", "已吸收到修改稿第三条。"), (codes[1], "部分采纳", "")],
        )
        page.set_input_files("input[type=file]", bad)
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_load_state()
        screenshot(page, f"decisions/preview-errors-{size}")
        errors = page.locator("[data-decision-errors]")
        assert errors.is_visible()
        assert "缺少答复" in errors.text_content() and "3" in errors.text_content()
        assert page.get_by_role("button", name="导入 1 条办理结果").count() == 0

        good = _sheet(
            tmp_path / f"good-{size}.xlsx",
            [(codes[0], "采纳", "已吸收到修改稿第三条。"), (codes[1], "部分采纳", "部分吸收。")],
        )
        page.set_input_files("input[type=file]", good)
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_load_state()
        screenshot(page, f"decisions/preview-{size}")
        assert page.locator("[data-decision-changes]").get_by_text(codes[0]).is_visible()
        grouped = page.locator("[data-decision-grouped]")
        assert grouped.is_visible() and "其中 1 条意见属于相似意见组" in grouped.text_content()
        page.get_by_role("button", name="导入 2 条办理结果").click()
        page.wait_for_load_state()
        screenshot(page, f"decisions/applied-{size}")
        assert page.get_by_text("已导入 2 条意见的办理结果").is_visible()
        statuses = set(
            Opinion.objects.filter(receipt_code__in=codes).values_list("status", flat=True)
        )
        assert statuses == {Status.ADOPTED, Status.PARTLY_ADOPTED}
        assert Opinion.objects.get(pk=opinions[2].pk).status == Status.FORWARDED
        page.close()

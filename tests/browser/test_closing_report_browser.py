"""The closing report in a real browser: the closed demo draft 停车场管理条例 with decided opinions,
one of them taken up by 第二条 of the 二审稿, and its feedback published. A resident opens the
draft page, follows "征求意见情况报告", reads it on a phone without sideways scrolling, follows
"查看修改对照" to that article's row of the comparison, and downloads the PDF and the DOCX."""

from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow

pytestmark = [pytest.mark.browser]


def _consultation():
    from drafts.models import RegulationDraftPage
    from forms.adoptions import set_adopted_into
    from forms.analysis_models import Theme
    from forms.intake import Submission, create_opinion
    from forms.models import Channel, Opinion, PageOpinionSettings
    from forms.workflow import Publication, Status, transition

    draft = RegulationDraftPage.objects.live().get(slug="tingche", locale__language_code="zh-hans")
    first = draft.version_rows[0]
    theme = Theme.objects.create(page=draft, name="收费公示")
    decided = []
    for ordinal, status in (
        (2, Status.ADOPTED),
        (2, Status.PARTLY_ADOPTED),
        (3, Status.NOT_ADOPTED),
    ):
        key = first.articles()[ordinal - 1]["key"]
        opinion = create_opinion(
            draft,
            Submission(
                text=f"建议第{ordinal}条写明停车收费标准应当公示。",
                target=draft.get_comment_target(key, version_id=first.pk),
                publish_consent="anonymous",
            ),
            channel=Channel.WEB,
            check_window=False,
        )
        for step in (Status.REVIEWING, Status.FORWARDED):
            transition(opinion, step)
        transition(opinion, status, reply="感谢您的意见，已研究。", notify=False)
        decided.append(opinion)
    Opinion.objects.filter(pk__in=[o.pk for o in decided]).update(publication=Publication.MASKED)
    theme.opinions.add(*decided)
    target = draft.get_comment_targets()[1]
    for opinion in decided[:2]:
        opinion.refresh_from_db()
        set_adopted_into(opinion, [target.key])
    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True, "feedback_published": True}
    )
    return draft, target


def test_closing_report_walk(live_demo, new_page):
    draft, target = _consultation()
    base = live_demo.url

    page = new_page(DESKTOP)
    page.goto(base + draft.url)
    page.get_by_role("link", name="征求意见情况报告").click()
    page.wait_for_url(f"**/opinions/{draft.pk}/report/")
    assert page.get_by_role("heading", name="我们改了").is_visible()
    screenshot(page, "closing_report/desktop-report")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").first.click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as docx:
        page.get_by_role("link", name="Word 文档（DOCX）").click()
    assert Path(docx.value.path()).read_bytes()[:2] == b"PK"

    phone = new_page(PHONE_812)
    phone.goto(f"{base}/opinions/{draft.pk}/report/")
    assert sideways_overflow(phone) <= 0
    # The per-article table is a stack of small cards: every figure keeps its label beside it.
    row = phone.locator(".report-table tbody tr").first
    assert row.bounding_box()["width"] <= PHONE_812["width"]
    screenshot(phone, "closing_report/phone-report")
    phone.get_by_role("link", name="查看修改对照").first.click()
    phone.wait_for_url("**/versions/compare/**")
    row = phone.locator(f"#change-{target.key}")
    assert row.is_visible() and "二审稿" in phone.locator(".compare-summary").inner_text()
    assert phone.evaluate("location.hash") == f"#change-{target.key}"
    assert row.bounding_box()["y"] < PHONE_812["height"]  # scrolled to that article's row
    screenshot(phone, "closing_report/phone-compare")

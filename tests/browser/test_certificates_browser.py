"""Certificates in a real browser on a phone: a resident whose opinion was adopted checks the
receipt, downloads the 感谢信 (a PDF), and whoever scans its QR code reads 本证书真实有效."""

import io

import pypdf
import pytest

from tests.browser.conftest import screenshot
from tests.browser.phone import PHONE_812, sideways_overflow

pytestmark = [pytest.mark.browser]


@pytest.fixture
def adopted(live_demo):
    from forms.workflow import Status, transition
    from tests.factories import OpinionFactory

    opinion = OpinionFactory(text="建议在集市旁增设公共厕所。", phone="13812345678")
    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step, notify=False)
    transition(opinion, Status.ADOPTED, reply="已在修改稿中体现。", notify=False)
    return opinion


def test_resident_downloads_the_letter_and_its_code_verifies(live_demo, new_page, adopted):
    from core import pdf
    from forms.certificate_models import IssuedDocument

    page = new_page(PHONE_812, accept_downloads=True)
    page.goto(f"{live_demo.url}/opinions/status/?code={adopted.receipt_code}")
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询", exact=True).click()
    button = page.get_by_role("button", name="下载感谢信（PDF）")
    button.scroll_into_view_if_needed()
    assert sideways_overflow(page) <= 0
    screenshot(page, "thank-you-letter-status-phone")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".pdf")
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF-")
    letter = IssuedDocument.objects.get(opinion=adopted, kind="letter")
    if pdf.installed_cjk_font():
        text = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text().replace(" ", "")
        assert "感谢信" in text and letter.display_code in text

    # The QR code's address, typed as printed (with dashes, in lower case).
    response = page.goto(f"{live_demo.url}/opinions/verify/{letter.display_code.lower()}/")
    assert response.status == 200
    assert "本证书真实有效" in page.locator("main, body").first.inner_text()
    assert sideways_overflow(page) <= 0
    screenshot(page, "certificate-verify-phone")
    response = page.goto(f"{live_demo.url}/opinions/verify/ZZZZ-ZZZZ-ZZZZ/")
    assert response.status == 404 and "未找到该编号" in page.content()

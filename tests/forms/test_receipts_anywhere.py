"""A receipt link works in any browser (WeChat, another phone): it asks for the
contact check instead of a 404. And the lookup's phone box opens the number pad, with the
e-mail in a box of its own."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import OpinionFactory

TEXT = "建议在集市旁增设公共厕所，方便老人。"


@pytest.fixture
def opinion(db):
    return OpinionFactory(text=TEXT, phone="13812345678")


def input_tag(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else "\u3000" for ch in text)


def test_the_receipt_link_in_another_browser_asks_for_the_contact(client, opinion):
    url = reverse("opinions_receipt", args=[opinion.receipt_code])
    response = client.get(url)  # no receipt cookie: WeChat's browser, another phone
    html = response.content.decode()
    assert response.status_code == 200
    assert "回执只在提交意见的浏览器里直接显示" in html
    assert f'value="{opinion.receipt_code}"' in input_tag(html, "code")
    assert 'inputmode="numeric"' in input_tag(html, "phone_last4")
    assert TEXT not in html and "13812345678" not in html  # nothing without the check
    assert f'action="{reverse("opinions_status")}"' in html
    # The check it asks for shows the opinion…
    found = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "phone_last4": "5678"}
    )
    assert found.status_code == 200 and TEXT in found.content.decode()
    # …and a wrong answer is explained, in the visitor's language.
    wrong = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "phone_last4": "0000"}
    )
    assert (
        wrong.status_code == 404
        and "没有找到与回执码和联系方式相符的意见" in wrong.content.decode()
    )
    english = client.post(
        "/en" + reverse("opinions_status"), {"code": opinion.receipt_code, "phone_last4": "0000"}
    )
    assert "No opinion matches this receipt code and contact" in english.content.decode()


def test_an_unknown_code_looks_the_same_as_a_known_one(client, db):
    response = client.get(reverse("opinions_receipt", args=["LB-2222-2222"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="LB-2222-2222"' in html and "格式不正确" not in html


def test_the_submitting_browser_still_gets_its_receipt_however_the_code_is_typed(client, opinion):
    from django.core import signing

    from forms.views import RECEIPTS_COOKIE, RECEIPTS_SALT

    signer = signing.get_cookie_signer(salt=RECEIPTS_COOKIE + RECEIPTS_SALT)
    client.cookies[RECEIPTS_COOKIE] = signer.sign(opinion.receipt_code)
    url = reverse("opinions_receipt", args=[opinion.receipt_code])
    shown = client.get(url)
    assert shown.status_code == 200 and TEXT in shown.content.decode()
    typed = reverse("opinions_receipt", args=[full_width(opinion.receipt_code.lower())])
    assert client.get(typed).url == url


@pytest.mark.parametrize(
    "code",
    [
        "LB-" + "A" * 5000,  # huge
        "😀😀😀",  # emoji
        "=HYPERLINK(%22http:evil%22)",
        "%3Cscript%3Ealert(1)%3C%5Cscript%3E",  # HTML
        "ＬＢ－７Ｋ３Ｑ",  # full-width, too short
    ],
)
def test_a_garbled_code_in_the_link_is_explained(client, db, code):
    response = client.get(f"/opinions/receipt/{code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "链接里的回执码不完整或格式不正确" in html
    assert "<script>alert" not in html
    value = re.search(r'value="([^"]*)"', input_tag(html, "code")).group(1)
    assert len(unescape(value)) <= 20  # what is shown back is cut to the box's size


def test_a_nul_in_the_link_is_a_bad_request_not_an_error(client, db):
    response = client.get("/opinions/receipt/LB-%00/")
    assert response.status_code == 400 and "请求有误" in response.content.decode()


def test_a_full_width_code_from_another_browser_is_filled_in_as_read(client, opinion):
    typed = full_width(opinion.receipt_code)
    html = client.get(reverse("opinions_receipt", args=[typed])).content.decode()
    assert f'value="{opinion.receipt_code}"' in input_tag(html, "code")


# --- The lookup's boxes: digits on the number pad, the e-mail apart -------------------------------


def test_the_phone_box_opens_the_number_pad_and_the_email_has_its_own(client, db):
    for url in (reverse("opinions_status"), reverse("opinions_withdraw")):
        html = client.get(url).content.decode()
        phone = input_tag(html, "phone_last4")
        assert 'inputmode="numeric"' in phone and 'pattern="[0-9]{4}"' in phone
        assert 'autocomplete="off"' in phone
        assert 'type="email"' in input_tag(html, "email")
        # The server explains a wrong entry in its words: no browser bubble in its own language.
        assert re.search(r"<form[^>]*novalidate", html)


@pytest.mark.parametrize(
    "typed", ["５６７８", "5678", " 56 78 ", "138-1234-5678", "１３８１２３４５６７８"]
)
def test_the_phone_box_reads_what_a_phone_types(client, opinion, typed):
    response = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "phone_last4": typed}
    )
    assert response.status_code == 200 and TEXT in response.content.decode()


@pytest.mark.parametrize(
    "typed, says",
    [
        ("abcd", "只能填写数字"),
        ("56😀8", "只能填写数字"),
        ("=HYPERLINK(1)", "只能填写数字"),
        ("567", "最后 4 位数字"),
        ("56\x0078", "Null"),
        ("5" * 5000, "30"),
    ],
)
def test_a_wrong_entry_in_the_phone_box_is_explained_and_kept(client, opinion, typed, says):
    response = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "phone_last4": typed}
    )
    html = response.content.decode()
    assert response.status_code == 400 and TEXT not in html
    assert says in html or says.lower() in html.lower() or "空字符" in html
    assert opinion.receipt_code in html  # the code typed is not lost


def test_an_email_only_opinion_is_found_by_its_email_box(client, db):
    opinion = OpinionFactory(text=TEXT, phone="", email="li@example.com")
    found = client.post(
        reverse("opinions_status"),
        {"code": opinion.receipt_code, "phone_last4": "", "email": "ＬＩ@example.com "},
    )
    assert found.status_code == 200 and TEXT in found.content.decode()
    # Both boxes filled, the phone one wrongly: the e-mail still proves it.
    both = client.post(
        reverse("opinions_status"),
        {"code": opinion.receipt_code, "phone_last4": "1234", "email": "li@example.com"},
    )
    assert both.status_code == 200
    not_an_email = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "email": "li.example.com"}
    )
    assert not_an_email.status_code == 400 and "完整的邮箱地址" in not_an_email.content.decode()


def test_the_api_still_takes_one_contact_and_names_its_errors_after_it(client, opinion):
    response = client.post(
        "/api/opinions/status",
        {"code": opinion.receipt_code, "contact": "abcd"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "只能填写数字" in response.json()["errors"]["contact"][0]

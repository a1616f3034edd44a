"""The public status page: receipt code + proof of contact shows history and reply."""

from django.urls import reverse

from forms.intake import Submission, create_opinion
from forms.models import Channel
from forms.views import find_opinion
from forms.workflow import Status, transition
from tests.html_checks import assert_good_page


def make(page, **kwargs):
    data = Submission(text=kwargs.pop("text", "建议增加夜间施工噪音的处罚。"), **kwargs)
    return create_opinion(page, data, channel=Channel.WEB)


def answer(opinion, reply="已采纳，草案第三条已修改。"):
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    transition(opinion, Status.ADOPTED, reply=reply, notify=False)


def test_status_page_shows_history_and_reply(client, draft):
    opinion = make(draft, name="李四", phone="139 0000 4321", email="li@example.com")
    answer(opinion)
    url = reverse("opinions_status")
    assert_good_page(client.get(url).content.decode())
    response = client.post(url, {"code": opinion.receipt_code, "contact": "4321"})
    html = response.content.decode()
    assert response.status_code == 200
    assert_good_page(html)
    assert "已采纳，草案第三条已修改。" in html
    for label in ("已接收", "审核中", "已转交法工委", "已采纳"):
        assert label in html
    assert "李四" not in html and "li@example.com" not in html  # no personal data shown
    # The email is accepted as proof too, case-insensitively.
    assert (
        client.post(url, {"code": opinion.receipt_code, "contact": "LI@example.com"}).status_code
        == 200
    )


def test_wrong_contact_reveals_nothing(client, draft):
    opinion = make(draft, phone="13900004321", text="这是一条不该被别人看到的意见")
    response = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "contact": "1234"}
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert "这是一条不该被别人看到的意见" not in html
    assert "没有找到" in html
    # Same answer for an unknown code: no oracle telling codes that exist from those that don't.
    response = client.post(reverse("opinions_status"), {"code": "LB-2222-2222", "contact": "1234"})
    assert response.status_code == 404


def test_anonymous_opinion_without_contact_needs_only_the_code(draft):
    opinion = make(draft)
    assert find_opinion(opinion.receipt_code, "") == opinion
    assert find_opinion(opinion.receipt_code, "9999") == opinion
    with_phone = make(draft, phone="13812345678")
    assert find_opinion(with_phone.receipt_code, "") is None

"""Honest counts. Once an opinion has a decision it is part of the published
figures (采纳情况反馈), so withdrawing it is refused, with the reason, on the website and the API;
before a decision it can still be withdrawn."""

import pytest
from django.urls import reverse

from forms.feedback import summary
from forms.workflow import Status, transition
from tests.factories import OpinionFactory

TEXT = "建议在集市旁增设公共厕所，方便老人。"


def decided(opinion, to_status=Status.ADOPTED):
    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step, notify=False)
    transition(opinion, to_status, reply="已在修改稿第三条中体现。", notify=False)
    opinion.refresh_from_db()
    return opinion


@pytest.fixture
def opinion(db):
    return OpinionFactory(text=TEXT, phone="13812345678")


def withdraw_post(opinion, **extra):
    return {"code": opinion.receipt_code, "phone_last4": "5678", "confirm": "on", **extra}


@pytest.mark.parametrize("decision", [Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED])
def test_a_decided_opinion_cannot_be_withdrawn_and_the_figures_stay(client, opinion, decision):
    decided(opinion, decision)
    before = summary(opinion.page_id)["totals"]
    response = client.post(reverse("opinions_withdraw"), withdraw_post(opinion))
    html = response.content.decode()
    assert response.status_code == 409
    assert "不能再撤回" in html and "已经公布的数字" in html and "联系联系点" in html
    assert str(Status(decision).label) in html
    opinion.refresh_from_db()
    assert opinion.status == decision and opinion.phone == "13812345678"
    assert summary(opinion.page_id)["totals"] == before


def test_the_status_page_says_why_instead_of_offering_to_withdraw(client, opinion):
    decided(opinion)
    html = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "phone_last4": "5678"}
    ).content.decode()
    assert "撤回这条意见" not in html
    assert "不能再撤回" in html


def test_the_refusal_is_translated(client, opinion):
    decided(opinion)
    response = client.post("/en" + reverse("opinions_withdraw"), withdraw_post(opinion))
    assert response.status_code == 409
    assert "published figures" in response.content.decode()


def test_the_api_refuses_too(client, opinion):
    decided(opinion)
    response = client.post(
        "/api/opinions/withdraw",
        {"code": opinion.receipt_code, "contact": "5678"},
        content_type="application/json",
    )
    assert response.status_code == 409 and "不能再撤回" in response.json()["message"]
    opinion.refresh_from_db()
    assert opinion.status == Status.ADOPTED


def test_before_a_decision_it_can_still_be_withdrawn(client, opinion):
    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step, notify=False)
    response = client.post(reverse("opinions_withdraw"), withdraw_post(opinion))
    assert response.status_code == 200
    opinion.refresh_from_db()
    assert opinion.status == Status.WITHDRAWN and opinion.phone == ""


def test_a_decision_recorded_after_the_lookup_wins(opinion):
    """The resident looked the opinion up before the office decided: the stale copy still refuses."""
    from forms.models import Opinion
    from forms.workflow import TransitionError, withdraw

    stale = Opinion.objects.get(pk=opinion.pk)
    decided(opinion)
    with pytest.raises(TransitionError):
        withdraw(stale)
    assert Opinion.objects.get(pk=opinion.pk).status == Status.ADOPTED

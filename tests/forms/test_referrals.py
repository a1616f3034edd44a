"""转办: a request that is not about law-making is referred to a department;
the office records the department's reply, the resident is told (after commit, through the
notifiers) and rates it once on the status page; reply and satisfaction rates per department and
per point, in the statistics, the public summary and the point indicators; exports carry it."""

import datetime as dt
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forms.intake import Submission, create_opinion
from forms.models import Channel, Department, Opinion, Referral, StatusChange
from forms.referrals import counted, rate, rates, record_reply, refer
from forms.workflow import Status, TransitionError, transition

pytestmark = pytest.mark.usefixtures("demo_site")

INSPECT = "wagtailsnippets_forms_opinion:inspect"
REFER = "wagtailsnippets_forms_opinion:refer"
REPLY = "wagtailsnippets_forms_opinion:referral_reply"
RESEND = "wagtailsnippets_forms_opinion:referral_resend"


def _point(slug="shizhong-jiedao"):
    from liaison_points.models import LiaisonPointPage

    return LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")


def _request(form_page, text="小区门口的路灯坏了，晚上出门不方便。", **contact):
    contact = contact or {"phone": "13912345678"}
    return create_opinion(
        form_page,
        Submission(text=text, **contact),
        channel=Channel.FORM,
        point=_point(),
        check_window=False,
    )


@pytest.fixture
def department(db):
    return Department.objects.create(name="测试区城市管理局", contact_email="cg@example.gov.cn")


def _member(role, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def handler(db):
    return _member("意见办理员", "handler-ref")


def _lookup(opinion, last4="5678"):
    return {"code": opinion.receipt_code, "phone_last4": last4, "email": ""}


# --- Workflow ---------------------------------------------------------------------------------


def test_refer_reply_notify_after_commit_and_rate_once(form_page, department, handler):
    opinion = _request(form_page, email="r@example.com", phone="")
    referral = refer(opinion, department, user=handler, note="请核实")
    opinion.refresh_from_db()
    assert opinion.status == Status.REFERRED and opinion.is_final
    assert StatusChange.objects.filter(opinion=opinion, to_status=Status.REFERRED).count() == 1
    mail.outbox.clear()
    with pytest.raises(TransitionError):
        refer(opinion, department, user=handler)  # not twice
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        record_reply(referral, "已安排维修。", user=handler)
    assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and "已安排维修。" in mail.outbox[0].body
    assert opinion.receipt_code in mail.outbox[0].subject
    referral.refresh_from_db()
    assert referral.notified_at is not None and referral.reply_recorded_by == handler
    with pytest.raises(TransitionError):
        record_reply(referral, "第二次答复")  # the reply the resident read stays
    rate(referral, "fairly")
    with pytest.raises(TransitionError, match="已经评价"):
        rate(referral, "satisfied")
    referral.refresh_from_db()
    assert referral.rating == "fairly" and Referral.objects.filter(opinion=opinion).count() == 1


def test_only_refer_sets_the_status_and_a_replied_referral_cannot_be_taken_back(
    form_page, department
):
    opinion = _request(form_page)
    with pytest.raises(TransitionError):
        transition(opinion, Status.REFERRED)  # a department is needed
    referral = refer(opinion, department)
    transition(opinion, Status.REVIEWING)  # a wrong call, undone before the reply
    referral.refresh_from_db()
    assert referral.cancelled_at is not None
    assert not counted().filter(pk=referral.pk).exists()
    again = refer(opinion, department)
    record_reply(again, "已处理。", notify=False)
    with pytest.raises(TransitionError, match="已经答复"):
        transition(opinion, Status.REVIEWING)


def test_an_inactive_department_is_refused_and_departments_are_never_deleted(form_page):
    closed = Department.objects.create(name="已撤销的单位", active=False)
    with pytest.raises(TransitionError):
        refer(_request(form_page), closed)
    from wagtail.permission_policies import ModelPermissionPolicy  # noqa: F401
    from wagtail.permissions import policy_registry

    superuser = get_user_model().objects.create_superuser("root-ref", "root@example.com", "pw")
    assert not policy_registry.get_by_type(Department).user_has_permission(superuser, "delete")
    assert not policy_registry.get_by_type(Referral).user_has_permission(superuser, "change")


def test_smtp_down_leaves_the_reply_unsent_with_a_resend(
    client, form_page, department, handler, monkeypatch
):
    opinion = _request(form_page, email="r2@example.com", phone="")
    referral = refer(opinion, department, user=handler)

    def down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("forms.notifiers.send_mail", down)
    client.force_login(handler)
    response = client.post(reverse(REPLY, args=[opinion.pk]), {"reply": "已处理。"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.is_replied and referral.notified_at is None
    html = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "未发送" in html and reverse(RESEND, args=[opinion.pk]) in html
    monkeypatch.undo()
    client.post(reverse(RESEND, args=[opinion.pk]))
    referral.refresh_from_db()
    assert referral.notified_at is not None


# --- Permissions --------------------------------------------------------------------------------


def test_the_handler_role_refers_and_records_the_reply_in_the_admin(
    client, form_page, department, handler
):
    opinion = _request(form_page)
    client.force_login(handler)
    html = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "data-refer-form" in html and department.name in html
    assert "139****5678" in html and "13912345678" not in html  # masked, as in the rest of forms
    response = client.post(
        reverse(REFER, args=[opinion.pk]), {"department": department.pk, "note": "请核实"}
    )
    assert response.status_code == 302
    assert Referral.objects.get(opinion=opinion).department == department
    html = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "data-referral-reply-form" in html
    client.post(reverse(REPLY, args=[opinion.pk]), {"reply": "已修好。"})
    assert Referral.objects.get(opinion=opinion).reply == "已修好。"
    # The referral list: the contact masked.
    html = client.get(reverse("wagtailsnippets_forms_referral:list")).content.decode()
    assert opinion.receipt_code in html and "13912345678" not in html


@pytest.mark.parametrize("role", ["草案编辑", "联系点工作人员：市中街道基层立法联系点"])
def test_point_staff_and_draft_editors_cannot_refer(client, form_page, department, role):
    opinion = _request(form_page)
    client.force_login(_member(role, "no-ref"))
    response = client.post(reverse(REFER, args=[opinion.pk]), {"department": department.pk})
    assert response.status_code in (302, 403)
    assert not Referral.objects.filter(opinion=opinion).exists()
    referral = refer(opinion, department)
    client.post(reverse(REPLY, args=[opinion.pk]), {"reply": "伪造"})
    referral.refresh_from_db()
    assert not referral.is_replied


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"department": ""}, "请选择转办单位"),
        ({"department": "999999999"}, "启用中的转办单位"),
        ({"department": "1 OR 1=1"}, "启用中的转办单位"),
        ({"note": "x" * 2001}, "2000"),
        ({"note": "a\x00b"}, ""),
    ],
)
def test_bad_referral_input_is_refused_with_a_message(
    client, form_page, department, handler, data, message
):
    opinion = _request(form_page)
    client.force_login(handler)
    post = {"department": department.pk, "note": "", **data}
    response = client.post(reverse(REFER, args=[opinion.pk]), post)
    assert response.status_code == 200  # the page again, with what was typed
    assert message in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED and not Referral.objects.filter(opinion=opinion)


@pytest.mark.parametrize(
    "reply",
    ["", "   ", "x" * 5001, "a\x00b", "a\x07b"],
)
def test_bad_reply_is_refused_and_kept(client, form_page, department, handler, reply):
    opinion = _request(form_page)
    refer(opinion, department)
    client.force_login(handler)
    response = client.post(reverse(REPLY, args=[opinion.pk]), {"reply": reply})
    assert response.status_code == 200
    assert not Referral.objects.get(opinion=opinion).is_replied


def test_html_and_formulas_are_stored_as_text_and_neutralised_in_exports(
    client, form_page, department, handler
):
    from django.contrib.auth.models import Permission

    opinion = _request(form_page, text="路灯坏了")
    referral = refer(opinion, department)
    record_reply(referral, '=HYPERLINK("http://evil","x")<script>alert(1)</script>', notify=False)
    handler.user_permissions.add(Permission.objects.get(codename="export_opinions"))
    client.force_login(handler)
    html = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    response = client.get(
        reverse("wagtailsnippets_forms_opinion:list"), {"export": "csv", "q": opinion.receipt_code}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert department.name in body and "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body and '"=HYPERLINK' not in body


# --- The resident's status page and rating ------------------------------------------------------


def test_the_resident_sees_the_reply_and_rates_it_once(client, form_page, department):
    opinion = _request(form_page)
    referral = refer(opinion, department)
    html = client.post(reverse("opinions_status"), _lookup(opinion)).content.decode()
    assert "已转办" in html and department.name in html and "data-referral-waiting" in html
    assert "data-rating-form" not in html
    record_reply(referral, "路灯已修好。", notify=False)
    html = client.post(reverse("opinions_status"), _lookup(opinion)).content.decode()
    assert "路灯已修好。" in html and "data-rating-form" in html
    rated = client.post(
        reverse("opinions_rate_referral"), {**_lookup(opinion), "rating": "satisfied"}
    )
    assert rated.status_code == 200 and "感谢您的评价" in rated.content.decode()
    again = client.post(
        reverse("opinions_rate_referral"), {**_lookup(opinion), "rating": "dissatisfied"}
    )
    assert again.status_code == 409 and "已经评价" in again.content.decode()
    referral.refresh_from_db()
    assert referral.rating == "satisfied"


@pytest.mark.parametrize("rating", ["", "great", "满意", "satisfied\x00", "<b>", "=1+1"])
def test_a_rating_not_in_the_choices_is_refused(client, form_page, department, rating):
    opinion = _request(form_page)
    record_reply(refer(opinion, department), "好了", notify=False)
    response = client.post(
        reverse("opinions_rate_referral"), {**_lookup(opinion), "rating": rating}
    )
    assert response.status_code == 400 and "请选择" in response.content.decode()
    assert Referral.objects.get(opinion=opinion).rating == ""


def test_another_users_receipt_code_cannot_rate(client, form_page, department):
    mine = _request(form_page, phone="13900001111")
    theirs = _request(form_page, phone="13900002222")
    record_reply(refer(theirs, department), "好了", notify=False)
    forged = {
        "code": theirs.receipt_code,
        "phone_last4": "1111",
        "email": "",
        "rating": "dissatisfied",
    }
    response = client.post(reverse("opinions_rate_referral"), forged)
    assert response.status_code == 404
    assert mine and Referral.objects.get(opinion=theirs).rating == ""
    assert client.get(reverse("opinions_rate_referral")).status_code == 405


def test_the_submitting_browser_rates_with_its_receipt_cookie(client, form_page, department):
    from forms.views import RECEIPTS_COOKIE, RECEIPTS_SALT

    opinion = _request(form_page)
    record_reply(refer(opinion, department), "好了", notify=False)
    response = client.get(reverse("opinions_status"))
    response.set_signed_cookie(RECEIPTS_COOKIE, opinion.receipt_code, salt=RECEIPTS_SALT)
    client.cookies[RECEIPTS_COOKIE] = response.cookies[RECEIPTS_COOKIE].value
    html = client.get(reverse("opinions_receipt", args=[opinion.receipt_code])).content.decode()
    assert "data-rating-form" in html
    client.post(
        reverse("opinions_rate_referral"), {"code": opinion.receipt_code, "rating": "fairly"}
    )
    assert Referral.objects.get(opinion=opinion).rating == "fairly"


# --- Figures ----------------------------------------------------------------------------------------


def test_reply_and_satisfaction_rates_per_department_point_and_in_public(
    client, form_page, department, handler
):
    from forms.referrals import public_summary, rates_by

    opinions = [_request(form_page, text=f"诉求{i}") for i in range(4)]
    referrals = [refer(o, department) for o in opinions]
    for referral, rating in zip(
        referrals[:3], ["satisfied", "fairly", "dissatisfied"], strict=True
    ):
        record_reply(referral, "已办理", notify=False)
        rate(referral, rating)
    figures = rates_by("department_id")[department.pk]
    assert (figures.referred, figures.replied, figures.rated) == (4, 3, 3)
    assert figures.reply_rate == 75.0 and figures.satisfaction_rate == 66.7
    assert rates(counted().filter(department=department)) == figures
    client.force_login(handler)
    html = client.get(reverse("forms_statistics")).content.decode()
    assert "data-referral-statistics" in html and department.name in html and "66.7%" in html
    html = client.get(reverse("opinions_status")).content.decode()
    assert public_summary() in html and "回复率" in html and "满意度" in html
    assert "诉求0" not in html and department.name not in html  # aggregates only


def test_withdrawn_and_cancelled_referrals_are_not_counted(form_page, department):
    from forms.workflow import withdraw

    before = rates().referred
    opinion = _request(form_page)
    refer(opinion, department)
    assert rates().referred == before + 1
    withdraw(opinion)
    assert rates().referred == before


def test_point_indicators_for_all_points_in_a_fixed_number_of_queries(form_page, department):
    from core.plugins import point_indicators

    today = timezone.localdate()
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    with CaptureQueriesContext(connection) as few:
        point_indicators(start, end)
    for slug in ("shizhong-jiedao", "xiawa-zhen", "huanghe-shequ"):
        opinion = create_opinion(
            form_page, Submission(text=f"{slug}的诉求", phone="13900003333"),
            channel=Channel.FORM, point=_point(slug), check_window=False,
        )  # fmt: skip
        record_reply(refer(opinion, department), "已办理", notify=False)
    with CaptureQueriesContext(connection) as many:
        found = {i.code: i for i in point_indicators(start, end)}
    assert len(many) == len(few)
    xiawa = _point("xiawa-zhen").pk
    assert found["referrals"].values[xiawa] >= 1
    assert found["referral_reply_rate"].values[xiawa] == 100.0
    assert xiawa not in found["referral_satisfaction_rate"].values  # nobody rated there yet


def test_the_demo_has_referrals_in_each_state():
    demo = Referral.objects.filter(
        department__name__in=["区住房和城乡建设局", "区市场监督管理局", "街道办事处"]
    )
    assert demo.filter(rating="satisfied").count() == 1
    assert demo.filter(replied_at__isnull=False, rating="").count() == 1
    assert demo.filter(replied_at__isnull=True).count() == 1
    assert all(r.opinion.status == Status.REFERRED for r in demo)


def test_bulk_referral_of_selected_opinions(client, form_page, department, handler):
    opinions = [_request(form_page, text=f"批量诉求{i}") for i in range(2)]
    already = _request(form_page, text="已转办的")
    refer(already, department)
    client.force_login(handler)
    url = (
        reverse("wagtail_bulk_action", args=["forms", "opinion", "opinions_refer"])
        + "?"
        + "&".join(f"id={o.pk}" for o in [*opinions, already])
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"department": department.pk, "note": "一并转办"})
    assert response.status_code == 302
    from django.contrib.messages import get_messages

    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Referral.objects.filter(opinion__in=opinions, department=department).count() == 2
    assert Referral.objects.filter(opinion=already).count() == 1
    assert already.receipt_code in shown and "2 条意见已转办" in shown  # refused, and said so
    assert Opinion.objects.filter(pk__in=[o.pk for o in opinions], status="referred").count() == 2


def test_a_replied_referral_cannot_be_withdrawn(client, form_page, department):
    from forms.workflow import withdraw

    opinion = _request(form_page)
    referral = refer(opinion, department)
    record_reply(referral, "已办理", notify=False)
    with pytest.raises(TransitionError, match="回复率"):
        withdraw(opinion)
    html = client.post(reverse("opinions_status"), _lookup(opinion)).content.decode()
    assert "不能再撤回" in html and reverse("opinions_withdraw") not in html
    response = client.post(
        reverse("opinions_withdraw"), {**_lookup(opinion), "reason": "", "confirm": "on"}
    )
    assert response.status_code == 409
    opinion.refresh_from_db()
    assert opinion.status == Status.REFERRED and opinion.phone

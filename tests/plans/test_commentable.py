"""A plan takes opinions item by item through the opinions plugin (core.interfaces.Commentable),
and a call for proposals takes 立项建议 on the whole page, answered 列入计划 / 列入调研 / 暂不列入."""

import uuid

from django.urls import reverse
from django.utils import timezone, translation

from core.interfaces import SubmissionKind, as_commentable, submission_kind

from .conftest import make_plan


def _post(**overrides):
    data = {
        "text": "建议把老旧小区停车泊位共享写进条例。",
        "article": "",
        "category": "public",
        "name": "",
        "phone": "",
        "email": "",
        "region": "滨城区",
        "publish_consent": "anonymous",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_the_items_are_the_comment_targets(plan):
    commentable = as_commentable(plan)
    assert commentable is plan
    targets = commentable.get_comment_targets()
    items = list(plan.items.all())
    assert [t.key for t in targets] == [str(item.key) for item in items]
    third = targets[2]
    assert third.label == f"第3项 《{items[2].title}》（废止）"
    assert items[2].title in third.text and "市司法局" in third.text
    assert third.url.endswith(f"{plan.url}#item-3")
    assert commentable.current_article_labels([third.key]) == {third.key: third.label}


def test_a_forged_or_unknown_key_is_no_target(plan):
    assert plan.get_comment_target(str(uuid.uuid4())) is None
    assert plan.get_comment_target("<script>") is None
    assert plan.get_comment_target("") is None
    key = str(plan.items.all()[0].key)
    assert plan.get_comment_target(key.upper()).key == key


def test_the_window_opens_and_closes(plan_index):
    now = timezone.now()
    plan = make_plan(plan_index, opens=-1, closes=1)
    assert plan.accepts_comments()
    assert not plan.accepts_comments(now + timezone.timedelta(days=2))
    assert not plan.accepts_comments(now - timezone.timedelta(days=2))
    assert "将于" in make_plan(plan_index, opens=2, closes=9).comment_window_message()
    unset = make_plan(plan_index, opens=None, closes=None)
    assert not unset.accepts_comments() and unset.comment_window_message()


def test_a_resident_comments_on_item_3_and_the_opinion_names_it(client, plan):
    from forms.models import Opinion

    item = plan.items.all()[2]
    form = reverse("opinions_new", args=[plan.pk])
    page = client.get(f"{form}?article={item.key}")
    assert page.status_code == 200
    assert f"第3项 《{item.title}》" in page.content.decode()
    response = client.post(form, _post(article=str(item.key)))
    assert response.status_code == 302, response.content.decode()[:3000]
    opinion = Opinion.objects.latest("pk")
    assert opinion.page_id == plan.pk
    assert opinion.article_key == str(item.key)
    assert opinion.article_label == f"第3项 《{item.title}》（废止）"
    assert response["Location"] == reverse("opinions_receipt", args=[opinion.receipt_code])
    # Counted under the item on the plan page.
    html = client.get(plan.url).content.decode()
    assert "1 条意见" in html


def test_a_forged_item_key_is_refused_without_storing(client, plan):
    from forms.models import Opinion

    before = Opinion.objects.count()
    response = client.post(
        reverse("opinions_new", args=[plan.pk]), _post(article=str(uuid.uuid4()))
    )
    assert response.status_code == 400
    assert Opinion.objects.count() == before


def test_a_closed_plan_refuses_and_gives_the_text_back(client, plan_index):
    from forms.models import Opinion

    plan = make_plan(plan_index, opens=-20, closes=-1)
    before = Opinion.objects.count()
    response = client.post(reverse("opinions_new", args=[plan.pk]), _post(text="晚到的意见"))
    assert response.status_code == 409
    assert "晚到的意见" in response.content.decode()
    assert Opinion.objects.count() == before


def test_the_call_takes_proposals_on_the_whole_page_only(call):
    assert as_commentable(call) is call
    assert call.get_comment_targets() == []
    assert call.get_comment_target(str(uuid.uuid4())) is None


def test_the_call_declares_what_it_takes_and_how_it_is_answered(call):
    kind = submission_kind(call)
    assert isinstance(kind, SubmissionKind)
    assert kind.noun == "建议" and kind.subject_label == "建议项目名称"
    assert kind.decision_labels == {
        "adopted": "列入计划",
        "partly": "列入调研",
        "not_adopted": "暂不列入",
    }
    with translation.override("en"):
        english = submission_kind(call)
    assert english.decision_labels["adopted"] != "列入计划"
    assert english.subject_label and english.subject_label != "建议项目名称"


def test_a_plan_takes_ordinary_opinions(plan):
    kind = submission_kind(plan)
    # Opinions answered 采纳 / 部分采纳 / 未采纳, no subject; only the form's words are the plan's.
    assert (kind.noun, kind.subject_label, kind.decision_labels) == ("", "", {})
    assert kind.whole_label == "整个计划"


def test_a_resident_sends_a_proposal(client, call):
    from forms.models import Opinion

    html = client.get(call.url).content.decode()
    form = reverse("opinions_new", args=[call.pk])
    assert f'href="{form}"' in html
    # A proposal names its project (the page's SubmissionKind): without it, a clear error and
    # nothing stored; the reasons typed come back.
    before = Opinion.objects.count()
    refused = client.post(form, _post(text="建议制定电动自行车管理条例，理由：……"))
    assert refused.status_code == 400
    assert "建议项目名称" in refused.content.decode()
    assert "理由：……" in refused.content.decode()
    assert Opinion.objects.count() == before
    response = client.post(
        form, _post(text="建议制定电动自行车管理条例，理由：……", subject="电动自行车管理条例")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    opinion = Opinion.objects.latest("pk")
    assert opinion.page_id == call.pk and opinion.article_key == ""
    assert opinion.subject == "电动自行车管理条例"


def test_the_forms_speak_of_the_plan_and_of_proposals(client, plan, call):
    """The comment form says what it is for: a plan's items, not a draft's articles."""
    html = client.get(reverse("opinions_new", args=[plan.pk])).content.decode()
    assert "对立法计划提意见" in html and "针对的项目" in html and "整个计划" in html
    assert "对草案提意见" not in html and "草案整体" not in html
    proposal = client.get(reverse("opinions_new", args=[call.pk])).content.decode()
    assert "提出立法项目建议" in proposal and "对草案提意见" not in proposal


def test_a_proposal_is_spoken_of_as_a_proposal_from_form_to_letter(client, call):
    """Nowhere does a resident sending a proposal read of a draft: not on the form, the receipt,
    the status page once it is 列入计划, nor in the thank-you letter."""
    from forms import certificates
    from forms.models import Opinion
    from forms.workflow import Status, transition

    form = reverse("opinions_new", args=[call.pk])
    html = client.get(form).content.decode()
    assert "立法的必要性和主要内容" in html and "是否同意公开您的建议" in html
    assert "提交建议" in html and "返回建议征集" in html
    assert "正在征集建议" in html
    for draft_word in ("提交意见", "返回草案", "意见内容", "公开您的意见", "正在征求意见"):
        assert draft_word not in html, draft_word
    refused = client.post(form, _post(text="", subject="电动自行车管理条例"))
    assert "请填写“立法的必要性和主要内容”" in refused.content.decode()
    response = client.post(
        form,
        _post(text="充电起火多发，需要立法。", subject="电动自行车管理条例", phone="13812345678"),
    )
    receipt = client.get(response["Location"]).content.decode()
    assert "建议征集" in receipt and "返回建议征集" in receipt
    for draft_word in ("<dt>草案</dt>", "<dt>条文</dt>", "草案整体", "返回草案", "意见内容"):
        assert draft_word not in receipt, draft_word

    opinion = Opinion.objects.latest("pk")
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    transition(opinion, Status.ADOPTED, reply="已列入预备项目。", notify=False)
    lookup = {"code": opinion.receipt_code, "phone_last4": "5678", "email": ""}
    status = client.post(reverse("opinions_status"), lookup).content.decode()
    assert "您的建议办理结果为“列入计划”" in status and "被采纳" not in status
    assert "<dt>条文</dt>" not in status and "立法的必要性和主要内容" in status
    letter = certificates.public_facts(
        certificates.IssuedDocument(opinion=opinion, kind=certificates.Kind.LETTER)
    )
    assert letter["decision_words"] == "列入计划" and letter["outcome"] == "列入计划"
    assert letter["subject"] == "电动自行车管理条例" and letter["noun"] == "建议"


def test_a_plan_item_opinion_keeps_a_plans_words_on_the_receipt(client, plan):
    item = plan.get_comment_targets()[2]
    response = client.post(reverse("opinions_new", args=[plan.pk]), _post(article=item.key))
    receipt = client.get(response["Location"]).content.decode()
    assert "<dt>立法计划</dt>" in receipt and "<dt>针对的项目</dt>" in receipt
    assert item.label in receipt and "返回草案" not in receipt

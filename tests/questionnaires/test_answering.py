"""Answering a questionnaire without an account: validation that keeps what was typed, one reply
per browser, conditions that work without JavaScript, a point credited from its QR link."""

import re
from decimal import Decimal

import pytest

from questionnaires.models import Answer, AnswerCount, Channel, Reply
from questionnaires.views import COOKIE

from .conftest import answers


def reply_token(html: str) -> str:
    return re.search(r'name="reply_token" value="([^"]+)"', html).group(1)


def open_form(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    return reply_token(response.content.decode())


def submit(client, page, token, **overrides):
    return client.post(page.url, {**answers(**overrides), "reply_token": token})


def test_form_is_accessible_and_never_cached(client, questionnaire):
    response = client.get(questionnaire.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert COOKIE in response.cookies
    # Choice groups are fieldsets with the question as legend; a matrix row is one too.
    assert html.count("<fieldset") == 7  # q1, q2, q3, q4 and q8 with its two rows
    assert '<legend class="q-title">1. 禁烧范围' in html
    assert '<legend class="q-row-title">罚款</legend>' in html
    # The conditional question says when it applies, for browsers without JavaScript.
    assert "第 2 题选择“农村”时回答" in html
    assert 'data-show-if-question="q2"' in html


def test_a_reply_is_stored_and_counted(client, questionnaire):
    token = open_form(client, questionnaire)
    response = submit(client, questionnaire, token, q_q5="１２．５", q_q7="建议加强清运 😀")
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].endswith("#q-thanks")
    reply = Reply.objects.get(page=questionnaire)
    assert reply.channel == Channel.WEB and reply.point is None
    stored = {(a.question, a.row, a.option, a.number, a.text) for a in reply.answers.all()}
    assert ("q5", "", "", Decimal("12.5"), "") in stored  # typed in full width
    assert ("q7", "", "", None, "建议加强清运 😀") in stored
    counts = {
        (c.question, c.row, c.option): c.count
        for c in AnswerCount.objects.filter(page=questionnaire)
    }
    assert counts[("", "", "")] == 1
    assert counts[("q1", "", "opt-全市")] == 1 and counts[("q1", "", "")] == 1
    assert counts[("q8", "row-fine", "opt-赞成")] == 1
    # Thanks on the page, and no second form for this browser.
    page = client.get(questionnaire.url).content.decode()
    assert "您的答卷已收到" in page and 'name="reply_token"' not in page


def test_a_double_submit_stores_once(client, questionnaire):
    token = open_form(client, questionnaire)
    assert submit(client, questionnaire, token).status_code == 302
    assert submit(client, questionnaire, token).status_code == 302
    assert Reply.objects.filter(page=questionnaire).count() == 1
    assert AnswerCount.objects.get(page=questionnaire, question="", option="").count == 1


def test_a_browser_without_cookies_still_stores_one_form_once(client, questionnaire):
    token = open_form(client, questionnaire)
    client.cookies.clear()
    assert submit(client, questionnaire, token).status_code == 302
    client.cookies.clear()
    assert submit(client, questionnaire, token).status_code == 302
    assert Reply.objects.filter(page=questionnaire).count() == 1


def test_a_forged_token_is_refused_keeping_what_was_typed(client, questionnaire):
    response = submit(client, questionnaire, "forged", q_q6="王家村")
    assert response.status_code == 400
    html = response.content.decode()
    assert "表单已失效" in html and 'value="王家村"' in html
    assert not Reply.objects.filter(page=questionnaire).exists()
    # The form comes back with a valid token: sending it again works.
    assert submit(client, questionnaire, reply_token(html)).status_code == 302


def test_missing_required_answers_are_named_and_typed_text_kept(client, questionnaire):
    token = open_form(client, questionnaire)
    response = submit(client, questionnaire, token, q_q1=None, q_q7='<b>=HYPERLINK("x")</b>')
    assert response.status_code == 400
    html = response.content.decode()
    assert "请回答这道题。" in html
    assert "&lt;b&gt;=HYPERLINK(&quot;x&quot;)&lt;/b&gt;" in html
    assert not Reply.objects.exists() or not Reply.objects.filter(page=questionnaire).exists()


def test_a_condition_unmet_drops_the_answer_and_is_not_required(client, questionnaire):
    token = open_form(client, questionnaire)
    # 城区 chosen: question 3 (for 农村) answered anyway, as a browser without JavaScript may.
    response = submit(client, questionnaire, token, q_q3=["opt-收储"])
    assert response.status_code == 302
    assert not Answer.objects.filter(reply__page=questionnaire, question="q3").exists()


def test_a_condition_met_makes_the_question_required(client, questionnaire):
    token = open_form(client, questionnaire)
    response = submit(client, questionnaire, token, q_q2="opt-农村")
    assert response.status_code == 400
    assert "请回答这道题。" in response.content.decode()
    response = submit(client, questionnaire, token, q_q2="opt-农村", q_q3=["opt-收储", "opt-补贴"])
    assert response.status_code == 302
    assert Answer.objects.filter(reply__page=questionnaire, question="q3").count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"q_q1": "opt-另一个"}, "所选的不是这道题的选项"),
        ({"q_q4": "6"}, "所选的不是这道题的选项"),
        ({"q_q2": "opt-农村", "q_q3": ["opt-收储", "opt-补贴", "opt-清运"]}, "最多选 2 项"),
        ({"q_q5": "很多"}, "请填写一个数字"),
        ({"q_q5": "1001"}, "不能大于 1000"),
        ({"q_q5": "9" * 40}, "请填写一个数字"),
        ({"q_q6": "村\x00名"}, "空字符"),
        ({"q_q6": "长" * 201}, "最多 200 个字，现在是 201 个字"),
        ({"q_q7": "长" * 2001}, "最多 2000 个字"),
        ({"q_unknown": "x"}, "有的题目已不存在"),
        ({"q_q8__row-other": "opt-赞成"}, "有的题目已不存在"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(client, questionnaire, overrides, message):
    token = open_form(client, questionnaire)
    response = submit(client, questionnaire, token, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reply.objects.filter(page=questionnaire).exists()


def test_long_text_is_never_cut_in_the_browser(client, questionnaire):
    html = client.get(questionnaire.url).content.decode()
    assert 'data-maxlength="2000"' in html and 'maxlength="2000"' not in html.replace(
        'data-maxlength="2000"', ""
    )


def test_a_closed_questionnaire_refuses_and_gives_the_answers_back(client, questionnaire):
    token = open_form(client, questionnaire)
    questionnaire.closes_at = questionnaire.opens_at
    questionnaire.save_revision().publish()
    response = submit(client, questionnaire, token, q_q6="王家村")
    assert response.status_code == 409
    html = response.content.decode()
    assert "不在开放时间" in html and 'value="王家村"' in html
    assert not Reply.objects.filter(page=questionnaire).exists()


def test_a_points_link_credits_the_reply_to_the_point(client, questionnaire, settings):
    from wagtail.models import Page

    settings.PAGE_CACHE_SECONDS = 60  # on, as in production

    from core.plugins import POINT_PAGE, page_models_for

    point = Page.objects.live().type(*page_models_for(POINT_PAGE)).first()
    html = client.get(f"{questionnaire.url}?point={point.pk}").content.decode()
    # The page cache passes on only declared parameters: the form must have seen this one.
    carried = re.search(r'name="point" value="([^"]*)"', html).group(1)
    assert carried == str(point.pk) and point.title in html
    response = submit(client, questionnaire, reply_token(html), point=carried)
    assert response.status_code == 302
    reply = Reply.objects.get(page=questionnaire)
    assert reply.point_id == point.pk and reply.channel == Channel.POINT


@pytest.mark.parametrize("value", ["999999999", "abc", "１", "-1", "1" * 30])
def test_a_bad_point_is_ignored(client, questionnaire, value):
    token = open_form(client, questionnaire, f"?point={value}")
    assert submit(client, questionnaire, token, point=value).status_code == 302
    assert Reply.objects.get(page=questionnaire).point is None


def test_the_rate_limit_asks_for_the_captcha(client, questionnaire, settings):
    settings.RATELIMIT_ENABLE = True
    settings.SPAM_DEFENCE = True
    settings.LAWBRIDGE_RATELIMITS = {
        **settings.LAWBRIDGE_RATELIMITS,
        "questionnaire_submit": "1/h",
        "questionnaire_submit_address": "100/h",
        "questionnaire_submit_hard": "100/h",
    }
    token = open_form(client, questionnaire)
    assert submit(client, questionnaire, token, q_q1=None).status_code == 400
    response = submit(client, questionnaire, token)
    assert response.status_code == 429
    html = response.content.decode()
    assert 'name="captcha_1"' in html
    assert not Reply.objects.filter(page=questionnaire).exists()


def test_progress_is_said_without_javascript_and_stepping_is_the_editors_choice(
    client, questionnaire
):
    html = client.get(questionnaire.url).content.decode()
    # A static count for browsers without scripts; stepping.js turns it into 已答/第 N 题.
    assert '<p class="q-progress-text" id="q-progress-text">共 8 题</p>' in html
    assert "data-one-per-screen" not in html
    assert 'data-text-step="第 {n} 步，共 {total} 步"' in html
    assert '<div class="q-nav" hidden>' in html  # 上一题/下一题 only with the script
    questionnaire.one_per_screen = True
    questionnaire.save_revision().publish()
    html = client.get(questionnaire.url).content.decode()
    assert "data-one-per-screen" in html and "stepping.js" in html
    # Without the script the form is the same one-page form: answering it works as before.
    token = reply_token(html)
    assert submit(client, questionnaire, token).status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        "?point=<script>alert(1)</script>",
        "?point=1&point=2",
        "?point=１２",
        "?point=" + "9" * 5000,
        "?point[]=3&q_q1=opt-全市&reply_token=x",
        "?%FF%FE=%FF",
    ],
)
def test_garbage_in_the_address_is_ignored(client, questionnaire, query):
    response = client.get(questionnaire.url + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert re.search(r'name="point" id="id_point"', html)  # no point credited


def test_a_nul_in_the_address_is_a_bad_request_not_an_error(client, questionnaire):
    # core/bad_input.py answers every page so; the questionnaire never sees it.
    assert client.get(questionnaire.url + "?point=%00").status_code == 400


def test_a_points_translation_is_credited_to_the_point(client, questionnaire):
    from wagtail.models import Locale, Page

    from core.plugins import POINT_PAGE, page_models_for

    point = (
        Page.objects.live()
        .type(*page_models_for(POINT_PAGE))
        .filter(locale__language_code="zh-hans")
        .first()
    )
    locale = Locale.objects.get(language_code="en")
    translated = point.get_translations().filter(locale=locale).first()
    if translated is None:
        translated = point.specific.copy_for_translation(locale, copy_parents=True)
        translated.save_revision().publish()
    token = open_form(client, questionnaire, f"?point={translated.pk}")
    assert submit(client, questionnaire, token, point=str(translated.pk)).status_code == 302
    assert Reply.objects.get(page=questionnaire).point_id == point.pk

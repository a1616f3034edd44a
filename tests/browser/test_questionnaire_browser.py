"""A questionnaire end to end: a resident answers the demo questionnaire on a phone (with and
without JavaScript, at 200 % text), then the office and the public see the results."""

import pytest

from tests.browser.conftest import PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]

SLUG = "wenming-jinshao-wenjuan"


def questionnaire():
    from questionnaires.models import QuestionnairePage

    return QuestionnairePage.objects.get(slug=SLUG, locale__language_code="zh-hans")


def replies():
    from questionnaires.models import Reply

    return Reply.objects.filter(page=questionnaire()).count()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_resident_answers_on_a_phone(live_demo, new_page):
    # All questions on one page with a progress bar (the demo steps one per screen).
    _choose(one_per_screen=False, verify_phone=False)
    before = replies()
    page = new_page(PHONE)
    page.goto(live_demo.url + questionnaire().url)
    assert no_horizontal_scroll(page)
    support = page.locator("fieldset.q-question", has_text="希望政府提供哪些支持")
    # Only for those living in the countryside: hidden until 农村 is chosen.
    assert support.is_hidden()
    residence = page.get_by_role("group", name="2. 您居住在？")
    assert page.locator("#q-progress-text").inner_text() == "已答 0 题，共 6 题"
    residence.get_by_label("农村").check()
    assert support.is_visible()
    # The countryside question now applies: counted; question 2 is answered.
    assert page.locator("#q-progress-text").inner_text() == "已答 1 题，共 7 题"
    # Sent with a required question left empty: the error is listed, what was chosen kept.
    page.get_by_role("button", name="提交答卷").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "请回答这道题" in summary.inner_text()
    assert page.get_by_role("group", name="2. 您居住在？").get_by_label("农村").is_checked()
    page.get_by_role("group", name="1. 您认为禁止露天焚烧秸秆、垃圾的范围应当是？").get_by_label(
        "全市范围"
    ).check()
    page.get_by_label("秸秆收储点").check()
    page.get_by_role("group", name="4. 您对目前身边露天焚烧现象的治理情况打几分？").get_by_label(
        "4"
    ).check()
    page.get_by_role("textbox", name="您家每年大约产生多少亩农作物秸秆？").fill("１２")
    for row in ("祭祀焚烧纸钱应划定集中焚烧点", "违规焚烧应当罚款", "发现焚烧可以向网格员举报"):
        page.get_by_role("group", name=row).get_by_label("赞成").check()
    # 200 % text: still no sideways scrolling.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert no_horizontal_scroll(page)
    page.evaluate("document.documentElement.style.fontSize = ''")
    page.get_by_role("button", name="提交答卷").click()
    page.wait_for_url("**#q-thanks")
    assert page.get_by_text("您的答卷已收到").is_visible()
    screenshot(page, "questionnaire-answered-phone")
    assert replies() == before + 1
    # Published results: a chart and its table, counting this reply.
    results = page.locator("section.q-results")
    assert results.locator("svg.q-chart").count() >= 4
    assert f"共收到 {before + 1} 份答卷" in results.inner_text()
    # The same browser cannot reply again.
    page.goto(live_demo.url + questionnaire().url)
    assert page.get_by_role("button", name="提交答卷").count() == 0


def test_without_javascript_every_question_is_shown(live_demo, new_page):
    from questionnaires.models import Answer

    page = new_page(PHONE, java_script_enabled=False)
    page.goto(live_demo.url + questionnaire().url)
    support = page.locator("fieldset.q-question", has_text="希望政府提供哪些支持")
    assert support.is_visible() and "第 2 题选择“农村”时回答" in support.inner_text()
    page.get_by_role("group", name="1. 您认为禁止露天焚烧秸秆、垃圾的范围应当是？").get_by_label(
        "仅城区"
    ).check()
    page.get_by_role("group", name="2. 您居住在？").get_by_label("城区").check()
    support.get_by_label("清运服务").check()  # not for 城区: dropped by the server
    page.get_by_role("group", name="4. 您对目前身边露天焚烧现象的治理情况打几分？").get_by_label(
        "2"
    ).check()
    for row in ("祭祀焚烧纸钱应划定集中焚烧点", "违规焚烧应当罚款", "发现焚烧可以向网格员举报"):
        page.get_by_role("group", name=row).get_by_label("反对").check()
    page.get_by_role("button", name="提交答卷").click()
    assert page.get_by_text("您的答卷已收到").is_visible()
    from questionnaires.models import Reply

    reply = Reply.objects.filter(page=questionnaire()).latest("created")
    support_id = next(q.id for q in questionnaire().question_list if q.kind == "multiple")
    assert not Answer.objects.filter(reply=reply, question=support_id).exists()


def test_the_office_sees_the_results(live_demo, new_page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("wenjuan", password="pw-12345-abc")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_questionnaire_results"),
    )
    page = sign_in_browser(new_page(), live_demo.url, user)
    page.get_by_role("link", name="问卷结果").first.click()
    page.get_by_role("link", name="禁烧范围问卷调查").click()
    shown = page.locator("p.q-total").first.inner_text()
    assert f"共收到 {replies()} 份答卷" in page.content(), (shown, page.url)
    assert page.locator("svg.q-chart").count() >= 4 and page.locator("table.q-table").count() >= 4
    screenshot(page, "questionnaire-results-admin")


TALL_PHONE = {"width": 375, "height": 812}


def _choose(*, one_per_screen: bool, verify_phone: bool):
    page = questionnaire()
    page.one_per_screen = one_per_screen
    page.verify_phone = verify_phone
    page.save_revision().publish()


def _sms_code() -> str:
    import re

    from core.notify import ConsoleSMSChannel

    return re.search(r"(\d{6})", ConsoleSMSChannel.sent[-1][1]).group(1)


def test_one_question_per_screen_with_a_verified_phone(live_demo, new_page):
    _choose(one_per_screen=True, verify_phone=True)
    before = replies()
    page = new_page(TALL_PHONE)
    page.goto(live_demo.url + questionnaire().url)
    progress = page.locator("#q-progress-text")
    visible = page.locator(".q-form > .q-question:visible")
    # One question on the screen; question 3 (countryside only) is not counted yet.
    assert progress.inner_text() == "第 1 步，共 6 步"
    assert visible.count() == 1
    assert page.get_by_role("button", name="提交答卷").is_hidden()
    assert no_horizontal_scroll(page)
    # 下一题 with a required question unanswered: said there, and the step stays.
    page.get_by_role("button", name="下一题").click()
    assert page.get_by_role("alert").filter(has_text="请回答这道题").is_visible()
    assert progress.inner_text() == "第 1 步，共 6 步"
    page.get_by_label("全市范围").check()
    page.get_by_role("button", name="下一题").click()
    assert progress.inner_text() == "第 2 步，共 6 步"
    assert page.locator("#q-progress-live").inner_text() == "第 2 步，共 6 步"
    page.get_by_label("农村").check()
    assert progress.inner_text() == "第 2 步，共 7 步"  # the countryside question now applies
    page.get_by_role("button", name="下一题").click()
    page.get_by_label("秸秆收储点").check()
    page.get_by_role("button", name="下一题").click()
    assert progress.inner_text() == "第 4 步，共 7 步"
    page.get_by_role("group", name="4. 您对目前身边露天焚烧现象的治理情况打几分？").get_by_label(
        "4"
    ).check()
    page.get_by_role("button", name="下一题").click()
    number = page.get_by_role("textbox", name="您家每年大约产生多少亩农作物秸秆？")
    number.fill("１２")
    number.press("Enter")  # a phone keyboard's "Go": the next question, not an early submit
    assert progress.inner_text() == "第 6 步，共 7 步"
    for row in ("祭祀焚烧纸钱应划定集中焚烧点", "违规焚烧应当罚款", "发现焚烧可以向网格员举报"):
        page.get_by_role("group", name=row).get_by_label("赞成").check()
    page.get_by_role("button", name="下一题").click()
    page.get_by_role("button", name="上一题").click()
    assert progress.inner_text() == "第 6 步，共 7 步"
    page.get_by_role("button", name="下一题").click()
    page.get_by_role("textbox", name="关于禁烧范围").fill("建议分区域逐步推行 😀")
    page.get_by_role("button", name="下一题").click()
    assert progress.inner_text() == "最后一步：验证手机号"
    screenshot(page, "questionnaire-step-verify-phone")
    page.get_by_label("手机号码").fill("+86 １３８ 0013 8000")
    page.get_by_role("button", name="获取验证码").click()
    # Back from the server at the phone step, every answer kept, the code on its way.
    assert page.get_by_text("验证码已发送到 138****8000").is_visible()
    assert progress.inner_text() == "最后一步：验证手机号"
    assert page.get_by_label("农村").is_checked()
    code = page.get_by_label("短信验证码")
    code.fill(_sms_code())
    code.press("Enter")  # sends the answers, not the form's first button (获取验证码)
    page.wait_for_url("**#q-thanks")
    assert page.get_by_text("您的答卷已收到").is_visible()
    assert replies() == before + 1
    # At 200 % text the steps still fit the phone's width.
    second = new_page(TALL_PHONE)
    second.context.add_cookies(
        [{"name": "lb_reading", "value": "xlarge.default", "url": live_demo.url}]
    )
    second.goto(live_demo.url + questionnaire().url)
    assert second.locator("#q-progress-text").inner_text() == "第 1 步，共 6 步"
    assert no_horizontal_scroll(second)
    nav = second.get_by_role("button", name="下一题").bounding_box()
    assert nav["height"] >= 44
    screenshot(second, "questionnaire-step-200")


def test_without_javascript_the_steps_are_one_page_and_the_code_still_works(live_demo, new_page):
    _choose(one_per_screen=True, verify_phone=True)
    before = replies()
    page = new_page(TALL_PHONE, java_script_enabled=False)
    page.goto(live_demo.url + questionnaire().url)
    assert page.locator("#q-progress-text").inner_text() == "共 7 题"
    assert page.locator(".q-form > .q-question:visible").count() == 8  # 7 and the phone
    assert page.get_by_role("button", name="下一题").is_hidden()
    page.get_by_role("group", name="1. 您认为禁止露天焚烧秸秆、垃圾的范围应当是？").get_by_label(
        "仅城区"
    ).check()
    page.get_by_role("group", name="2. 您居住在？").get_by_label("城区").check()
    page.get_by_role("group", name="4. 您对目前身边露天焚烧现象的治理情况打几分？").get_by_label(
        "3"
    ).check()
    for row in ("祭祀焚烧纸钱应划定集中焚烧点", "违规焚烧应当罚款", "发现焚烧可以向网格员举报"):
        page.get_by_role("group", name=row).get_by_label("反对").check()
    page.get_by_label("手机号码").fill("139 0000 1111")
    page.get_by_role("button", name="获取验证码").click()
    assert page.get_by_text("验证码已发送到 139****1111").is_visible()
    assert page.get_by_role("group", name="2. 您居住在？").get_by_label("城区").is_checked()
    page.get_by_label("短信验证码").fill(_sms_code())
    page.get_by_role("button", name="提交答卷").click()
    assert page.get_by_text("您的答卷已收到").is_visible()
    assert replies() == before + 1
    screenshot(page, "questionnaire-nojs-verified")

"""Issue 18 "done means": a resident answers the demo questionnaire on a phone (with and without
JavaScript, at 200 % text), then the office and the public see the results."""

import pytest

from tests.browser.conftest import PHONE, screenshot

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
    before = replies()
    page = new_page(PHONE)
    page.goto(live_demo.url + questionnaire().url)
    assert no_horizontal_scroll(page)
    support = page.locator("fieldset.q-question", has_text="希望政府提供哪些支持")
    # Only for those living in the countryside: hidden until 农村 is chosen.
    assert support.is_hidden()
    residence = page.get_by_role("group", name="2. 您居住在？")
    residence.get_by_label("农村").check()
    assert support.is_visible()
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
    page = new_page()
    page.goto(live_demo.url + "/admin/login/")
    page.fill("#id_username", "wenjuan")
    page.fill("#id_password", "pw-12345-abc")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_demo.url + "/admin/")
    page.get_by_role("link", name="问卷结果").first.click()
    page.get_by_role("link", name="禁烧范围问卷调查").click()
    shown = page.locator("p.q-total").first.inner_text()
    assert f"共收到 {replies()} 份答卷" in page.content(), (shown, page.url)
    assert page.locator("svg.q-chart").count() >= 4 and page.locator("table.q-table").count() >= 4
    screenshot(page, "questionnaire-results-admin")

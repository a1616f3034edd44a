"""A questionnaire end to end, from the editor's side: a 问卷编辑 who is not a superuser builds a
questionnaire in the 问卷调查 section (tied to the open draft's article, with a condition and one
question per screen), publishes it; a resident answers it on a phone; the office sees the
results; the editor publishes them and the public sees them beside the article."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]

PASSWORD = "pw-12345-abc"


def _member(username, group):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def _publish(page):
    """Publish from the editor's footer once Wagtail's autosave has caught up, as an editor who
    pauses before publishing would. Wagtail saves the form 0.5 s after the last change; an
    autosave still in flight when the publish lands saves the page as it was loaded, not live,
    after the publish (Wagtail 8.0's edit view saves a page that was not live in full)."""
    from django.conf import settings

    indicator = "document.getElementById('w-autosave-indicator')"
    # Past the autosave's debounce (Wagtail's default interval is 500 ms).
    page.wait_for_timeout(getattr(settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500) + 100)
    page.wait_for_function(f"!{indicator} || {indicator}.dataset.wAutosaveStateValue !== 'saving'")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state()


def _add_list_item(admin, prefix, k):
    """Append item k to a ListBlock. On a loaded machine the first click on the add button can
    land while the block the editor just inserted is still being set up, and nothing is added;
    click again only when item k is still missing, so an item is never added twice."""
    container = admin.locator(f"#{prefix}-0-value").locator(
        "xpath=ancestor::div[@data-streamfield-list-container][1]"
    )
    item = admin.locator(f"#{prefix}-{k}-value")
    for _attempt in range(3):
        if not item.count():
            container.locator("button[data-streamfield-list-add]").last.click()
        try:
            item.wait_for(state="visible", timeout=5000)
        except PlaywrightTimeout:  # the click added nothing: try again
            pass
        else:
            return
    item.wait_for(state="visible", timeout=1000)


def test_an_editor_builds_a_questionnaire_a_resident_answers_the_office_reads(live_demo, new_page):
    from questionnaires.models import QuestionnaireIndexPage, QuestionnairePage, Reply

    editor = _member("bianji", "问卷编辑")
    liaison = _member("lianluo", "法工委联络员")
    index = QuestionnaireIndexPage.objects.get(locale__language_code="zh-hans")

    admin = new_page()
    sign_in_browser(admin, live_demo.url, editor, f"/admin/pages/{index.pk}/add_subpage/")
    admin.locator("#id_title").fill("网络文明条款问卷")
    admin.get_by_text("选择一个页面 (法规草案)").click()
    modal = admin.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("文明")
    modal.get_by_role("link", name="滨州市文明行为促进条例（草案）").click()
    admin.get_by_role("button", name="保存草稿").click()
    admin.wait_for_url("**/edit/")
    # The article is chosen from the draft's current articles once the draft is saved.
    article = next(
        o
        for o in admin.locator("#id_article_key option").all_inner_texts()
        if o.startswith("第十二条")
    )
    admin.select_option("#id_article_key", label=article)
    questions = admin.locator("[data-contentpath=questions]")
    added = []

    def add(kind, title, options=(), **fields):
        questions.locator("button[title='Insert a block']").last.click()
        admin.get_by_role("option", name=kind, exact=True).click()
        i = len(added)
        added.append(kind)
        admin.locator(f"#questions-{i}-value-title").fill(title)
        for k, label in enumerate(options):
            if k:
                _add_list_item(admin, f"questions-{i}-value-options", k)
            admin.locator(f"#questions-{i}-value-options-{k}-value").fill(label)
        for name, value in fields.items():
            admin.locator(f"#questions-{i}-value-{name}").fill(str(value))

    add("单选题", "您多久在网上发一次帖子或评论？", ["每天", "很少"])
    admin.locator("#questions-0-value-show_beside_article").check()
    add(
        "多选题",
        "您在网上遇到过哪些不文明行为？",
        ["辱骂他人", "散布谣言", "泄露他人隐私"],
        max_choices=2,
        show_if_question=1,
        show_if_option="每天",
    )
    add("评分题", "您对本条规定的认同程度？", scale=5, low_label="不认同", high_label="认同")
    admin.locator("#id_one_per_screen").check()
    _publish(admin)
    assert "已经发布" in admin.locator(".messages").inner_text()
    page = QuestionnairePage.objects.get(title="网络文明条款问卷")
    assert page.live and page.one_per_screen and page.get_parent().pk == index.pk
    assert page.article_target().label == "第十二条"
    assert [q.kind for q in page.question_list] == ["single", "multiple", "rating"]
    assert page.question_list[1].condition is not None

    phone = new_page(PHONE)
    phone.goto(live_demo.url + index.url)
    phone.get_by_role("link", name="网络文明条款问卷").click()
    progress = phone.locator("#q-progress-text")
    assert progress.inner_text() == "第 1 步，共 2 步"
    phone.get_by_label("每天").check()
    assert progress.inner_text() == "第 1 步，共 3 步"
    phone.get_by_role("button", name="下一题").click()
    for label in ("辱骂他人", "散布谣言", "泄露他人隐私"):
        phone.get_by_label(label).check()
    # One more than the editor allows: said on the step, which stays.
    phone.get_by_role("button", name="下一题").click()
    assert phone.get_by_role("alert").filter(has_text="最多选 2 项，您选了 3 项").is_visible()
    assert progress.inner_text() == "第 2 步，共 3 步"
    phone.get_by_label("泄露他人隐私").uncheck()
    phone.get_by_role("button", name="下一题").click()
    phone.get_by_role("group", name="3. 您对本条规定的认同程度？").get_by_label("4").check()
    phone.wait_for_timeout(3000)  # longer than core.spam's minimum time to fill a form
    phone.get_by_role("button", name="提交答卷").click()
    phone.wait_for_url("**#q-thanks")
    screenshot(phone, "questionnaire-editor-built-answered")
    assert Reply.objects.filter(page=page).count() == 1

    office = new_page()
    sign_in_browser(office, live_demo.url, liaison, f"/admin/questionnaires/{page.pk}/results/")
    assert "共收到 1 份答卷" in office.content()
    assert office.get_by_role("link", name="编辑问卷").count() == 0
    office.get_by_role("link", name="交叉分析").click()
    office.select_option("select[name=question]", index=1)
    office.select_option("select[name=by]", label="渠道")
    office.get_by_role("button", name="生成交叉表").click()
    # The table comes with the next page: wait for it (PostgreSQL answers later than SQLite).
    office.locator("table").filter(has_text="网站").first.wait_for()

    admin.goto(live_demo.url + f"/admin/pages/{page.pk}/edit/")
    admin.locator("#id_publish_results").check()
    _publish(admin)
    phone.goto(live_demo.url + page.url)
    assert "共收到 1 份答卷" in phone.locator("section.q-results").inner_text()
    phone.get_by_role("link", name="滨州市文明行为促进条例（草案） 第十二条").click()
    finding = phone.locator(".finding, [class*=finding]").filter(
        has_text="您多久在网上发一次帖子或评论？"
    )
    assert "100% 的受访者选择「每天」" in finding.first.inner_text()

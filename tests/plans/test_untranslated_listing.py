"""A plan or a call for proposals added in Chinese is listed on the English index before anyone
translates it: in Chinese, marked as such (core.untranslated), as drafts are."""

from plans.models import PlanIndexPage

from .conftest import make_call, make_plan


def test_new_chinese_plans_and_calls_show_on_the_english_index(demo_site, client):
    index = PlanIndexPage.objects.get(locale__language_code="zh-hans")
    plan = make_plan(index, title="2029年度立法计划", year=2029)
    call = make_call(plan)  # a call under a plan is listed too
    html = client.get(f"/en{index.url}").content.decode()
    for page in (plan, call):
        assert f'<a href="{page.url}" lang="zh-Hans" hreflang="zh-Hans">' in html
    assert "Chinese only" in html
    assert "badge-original-language" not in client.get(index.url).content.decode()

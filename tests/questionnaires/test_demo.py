"""Issue 18 item 5: the demo's open draft has a questionnaire on one of its articles, with a few
hundred replies and its results published."""

from questionnaires.models import QuestionnairePage
from questionnaires.results import results_for


def test_the_open_draft_has_a_questionnaire_with_published_results(client, demo_site):
    page = QuestionnairePage.objects.get(
        slug="wenming-jinshao-wenjuan", locale__language_code="zh-hans"
    )
    assert page.live and page.publish_results and page.is_open()
    assert page.draft.slug == "wenming"
    assert page.article_target().label == "第八条"
    results = results_for(page)
    assert results.replies >= 200
    assert all(r.answered for r in results.questions if r.question.required)
    html = client.get(page.url).content.decode()
    assert "调查结果" in html and "第八条" in html
    english = client.get("/en" + page.url)
    assert english.status_code == 200
    assert f"{results.replies} replies" in english.content.decode()

"""The demo's open draft has a questionnaire on one of its articles, with a few
hundred replies and its results published."""

from wagtail.models import Locale

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
    english = english.content.decode()
    assert f"{results.replies} replies" in english and "Where do you live?" in english
    # The translation keeps the question and option ids: its conditions still resolve.
    en_page = page.get_translation(Locale.objects.get(language_code="en")).specific
    assert [q.id for q in en_page.question_list] == [q.id for q in page.question_list]
    assert [q.condition for q in en_page.question_list] == [q.condition for q in page.question_list]


def test_the_home_page_lists_open_questionnaires(client, demo_site):
    page = QuestionnairePage.objects.get(
        slug="wenming-jinshao-wenjuan", locale__language_code="zh-hans"
    )
    html = client.get("/").content.decode()
    assert "home-questionnaires-title" in html and f'href="{page.url}"' in html
    page.closes_at = page.opens_at
    page.save_revision().publish()
    assert "home-questionnaires-title" not in client.get("/").content.decode()

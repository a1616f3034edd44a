"""Results come from running totals kept in the reply's transaction: the same numbers as a
recount, multiple choice counted per option, a rating's mean; the office sees them with its
permission, the public only when the editor publishes them."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from questionnaires.answering import Answered
from questionnaires.charts import bar_chart
from questionnaires.models import AnswerCount
from questionnaires.results import results_for
from questionnaires.storage import rebuild_counts, record_reply
from tests.factories import UserFactory


def reply(page, token, q1="opt-全市", q2="opt-城区", q3=(), q4="4", fine="opt-赞成"):
    answers = [Answered("q1", option=q1), Answered("q2", option=q2)]
    answers += [Answered("q3", option=o) for o in q3]
    answers += [Answered("q4", option=q4, number=Decimal(q4))]
    answers += [Answered("q8", row="row-fine", option=fine)]
    return record_reply(page, token, answers)


@pytest.fixture
def answered(questionnaire):
    reply(questionnaire, "a", q2="opt-农村", q3=("opt-收储", "opt-补贴"), q4="5")
    reply(questionnaire, "b", q2="opt-农村", q3=("opt-收储",), q4="2")
    reply(questionnaire, "c", q1="opt-城区", q4="3", fine="opt-反对")
    return questionnaire


def counts(page):
    return {
        (c.question, c.row, c.option): (c.count, c.total)
        for c in AnswerCount.objects.filter(page=page)
    }


def test_running_totals_equal_a_recount(answered):
    before = counts(answered)
    assert rebuild_counts(answered) == 3
    assert counts(answered) == before


def test_multiple_choice_is_counted_per_option_and_rating_has_a_mean(answered):
    results = {r.question.id: r for r in results_for(answered).questions}
    assert results_for(answered).replies == 3
    support = results["q3"]
    assert support.answered == 2
    assert [(o.label, o.count, o.percent) for o in support.options] == [
        ("收储", 2, 100.0),
        ("补贴", 1, 50.0),
        ("清运", 0, 0.0),
    ]
    assert results["q4"].mean == Decimal("3.33")
    scope = results["q1"]
    assert [(o.count, o.percent) for o in scope.options] == [(2, 66.7), (1, 33.3)]
    matrix = results["q8"]
    assert [(o.label, o.count) for o in matrix.rows[0].options] == [("赞成", 2), ("反对", 1)]


def test_results_read_the_totals_in_one_query(answered, django_assert_max_num_queries):
    page = type(answered).objects.select_related("locale").get(pk=answered.pk)
    page.question_list  # noqa: B018 - parsed with the page, not part of what is measured
    with django_assert_max_num_queries(1):
        results_for(page)


def test_chart_is_svg_with_escaped_labels():
    svg = bar_chart("题<目>", [("<script>", 3, 75.0), ("乙", 1, 25.0)])
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "75.0%" in svg


def test_the_office_needs_the_results_permission(client, answered):
    user = UserFactory(username="wenjuan-staff", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = f"/admin/questionnaires/{answered.pk}/results/"
    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    for refused in (client.get(url), client.get("/admin/questionnaires/")):
        assert refused.status_code in (302, 403)
        assert "答卷" not in refused.content.decode()
    user.user_permissions.add(Permission.objects.get(codename="view_questionnaire_results"))
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "共收到 3 份答卷" in html and "<svg" in html and "<table" in html
    index = client.get("/admin/questionnaires/").content.decode()
    assert answered.title in index


def test_public_results_only_when_published(client, answered):
    assert "调查结果" not in client.get(answered.url).content.decode()
    answered.publish_results = True
    answered.save_revision().publish()
    html = client.get(answered.url).content.decode()
    assert "调查结果" in html and "共收到 3 份答卷" in html and "66.7%" in html

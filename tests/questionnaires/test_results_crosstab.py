"""Cross tables: one question broken down by point, region, channel or another single-choice
question, counted with one GROUP BY whatever the number of replies; refused input says why."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from wagtail.models import Page

from core.plugins import POINT_PAGE, page_models_for, point_regions
from questionnaires.answering import Answered
from questionnaires.charts import grouped_bar_chart
from questionnaires.crosstab import CrossTabError, crosstab, dimension_choices, target_choices
from questionnaires.storage import record_reply
from tests.factories import UserFactory


def reply(page, token, q1="opt-全市", q2="opt-城区", q3=(), point=None, fine="opt-赞成"):
    answers = [Answered("q1", option=q1), Answered("q2", option=q2)]
    answers += [Answered("q3", option=o) for o in q3]
    answers += [Answered("q4", option="3", number=Decimal(3))]
    answers += [Answered("q8", row="row-fine", option=fine)]
    return record_reply(page, token, answers, point=point)


@pytest.fixture
def points():
    # Replies are credited to a point's page in the default language (a translation counts for it).
    pages = Page.objects.live().type(*page_models_for(POINT_PAGE))
    found = list(pages.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("pk")[:2])
    assert len(found) == 2, "the demo has liaison points"
    return found


@pytest.fixture
def answered(questionnaire, points):
    a, b = points
    reply(questionnaire, "1", point=a)
    reply(questionnaire, "2", q1="opt-城区", point=a)
    reply(questionnaire, "3", q2="opt-农村", q3=("opt-收储", "opt-补贴"), point=b)
    reply(questionnaire, "4", q2="opt-农村", q3=("opt-收储",), fine="opt-反对")
    reply(questionnaire, "5", q1="opt-城区", q2="opt-农村", q3=("opt-清运",))
    return questionnaire


def table(rows):
    return {row.label: (row.respondents, row.cells) for row in rows}


def test_by_point_counts_and_row_percentages(answered, points):
    a, b = points
    result = crosstab(answered, "q1", "point")
    rows = table(result.rows)
    assert rows[a.title] == (2, [(1, 50.0), (1, 50.0)])
    assert rows[b.title] == (1, [(1, 100.0), (0, 0.0)])
    assert rows["未经联系点"] == (2, [(1, 50.0), (1, 50.0)])
    assert list(rows)[-1] == "未经联系点"
    assert result.total.respondents == 5 and result.total.cells == [(3, 60.0), (2, 40.0)]


def test_by_channel_and_by_another_single_choice_question(answered):
    rows = table(crosstab(answered, "q1", "channel").rows)
    assert rows["网站"] == (2, [(1, 50.0), (1, 50.0)])
    assert rows["联系点二维码"] == (3, [(2, 66.7), (1, 33.3)])
    # 居住地 (q2) as the category: the editor's own question decides the groups.
    by_home = crosstab(answered, "q8:row-fine", "q:q2")
    assert by_home.title == "8. 态度 — 罚款"
    assert table(by_home.rows) == {
        "城区": (2, [(2, 100.0), (0, 0.0)]),
        "农村": (3, [(2, 66.7), (1, 33.3)]),
    }


def test_multiple_choice_counts_each_option_of_each_respondent(answered):
    # q3 is asked only of those living in 农村: conditions dropped it for the others.
    result = crosstab(answered, "q3", "q:q2")
    assert result.multiple
    rows = table(result.rows)
    assert rows["城区"] == (0, [(0, 0.0), (0, 0.0), (0, 0.0)])
    assert rows["农村"] == (3, [(2, 66.7), (1, 33.3), (1, 33.3)])
    assert result.total.respondents == 3
    assert "未回答第 2 题的答卷不计入此表" in result.note


def test_by_region_through_the_point_hook(answered, points):
    regions = point_regions([p.pk for p in points])
    for point in points:
        assert regions[point.pk] == point.specific.district
    rows = table(crosstab(answered, "q1", "region").rows)
    assert sum(n for n, _cells in rows.values()) == 5
    assert rows["未经联系点"][0] == 2
    if regions[points[0].pk] == regions[points[1].pk]:  # two points of one district add up
        assert rows[regions[points[0].pk]][0] == 3
    else:
        assert rows[regions[points[0].pk]][0] == 2 and rows[regions[points[1].pk]][0] == 1
    assert point_regions([]) == {} and point_regions([10**9]) == {}


def test_choices_offer_only_what_can_be_tabulated(questionnaire):
    questions = questionnaire.question_list
    targets = dict(target_choices(questions))
    assert set(targets) == {"q1", "q2", "q3", "q4", "q8:row-fine", "q8:row-report"}
    dimensions = dict(dimension_choices(questions, "q1"))
    assert set(dimensions) == {"point", "region", "channel", "source", "q:q2"}  # not q1


@pytest.mark.parametrize(
    ("target", "dimension"),
    [
        ("q1", "q:q1"),  # by itself
        ("q1", "q:q3"),  # a multiple choice is not a category
        ("q6", "point"),  # a text question
        ("q8", "point"),  # a matrix without its row
        ("q8:nope", "point"),
        ("nope", "point"),
        ("q1", "=HYPERLINK(1)"),
        ("q1\x00", "point"),
        ("", ""),
    ],
)
def test_refused_choices_say_why(questionnaire, target, dimension):
    with pytest.raises(CrossTabError):
        crosstab(questionnaire, target, dimension)


def test_grouped_chart_is_svg_with_escaped_labels():
    svg = grouped_bar_chart("<t>", ["<script>", "乙"], [("甲区", [75.0, 25.0]), ("<b>", [0, 100])])
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "75.0%" in svg and "&lt;b&gt;" in svg


@pytest.fixture
def office(client, db):
    user = UserFactory(username="wenjuan-fenxi", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_questionnaire_results"),
    )
    client.force_login(user)
    return client


def test_the_office_page_works_without_script_and_refuses_bad_input(client, answered, points):
    url = f"/admin/questionnaires/{answered.pk}/crosstab/"
    user = UserFactory(username="no-right", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(url + "?question=q1&by=point").status_code in (302, 403)

    user.user_permissions.add(Permission.objects.get(codename="view_questionnaire_results"))
    client.force_login(type(user).objects.get(pk=user.pk))
    html = client.get(url).content.decode()
    assert '<form method="get"' in html and "生成交叉表" in html
    html = client.get(url, {"question": "q1", "by": "point"}).content.decode()
    assert points[0].title in html and "50.0%" in html and "<svg" in html and "合计" in html
    for bad in ({"question": "q1", "by": "q:q1"}, {"question": "<x>", "by": "=HYPERLINK(1)"}):
        response = client.get(url, bad)
        assert response.status_code == 200
        assert "请选择" in response.content.decode() and "<x>" not in response.content.decode()
    # A NUL never reaches the view: the house refuses it for every address (core.bad_input).
    assert client.get(url, {"question": "q1\x00", "by": "point"}).status_code == 400
    assert client.get(f"/admin/questionnaires/{10**9}/crosstab/").status_code == 404


def test_query_budget_does_not_grow_with_replies(
    office, answered, points, django_assert_max_num_queries
):
    from django.core.cache import cache

    url = f"/admin/questionnaires/{answered.pk}/crosstab/?question=q3&by=region"
    office.get(url)  # warm: session, user, site
    cache.clear()  # counted, not read from the cache
    with django_assert_max_num_queries(18) as few:  # the point directory, the admin menu
        assert office.get(url).status_code == 200
    for n in range(30):
        reply(answered, f"more-{n}", q2="opt-农村", q3=("opt-补贴",), point=points[n % 2])
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert office.get(url).status_code == 200


def test_a_table_is_kept_until_the_next_reply(answered, points, django_assert_num_queries):
    from questionnaires.crosstab import cached_crosstab

    first = cached_crosstab(answered, "q1", "point")
    with django_assert_num_queries(1):  # the reply count only
        again = cached_crosstab(answered, "q1", "point")
    assert table(again.rows) == table(first.rows)
    reply(answered, "later", point=points[1])
    assert table(cached_crosstab(answered, "q1", "point").rows)[points[1].title][0] == 2

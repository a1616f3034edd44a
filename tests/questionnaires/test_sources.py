"""Questionnaire replies credited through collection codes (征集码): a code a point prints for a
questionnaire leads to it with a signed source token, and the reply records the point and the
source; forged tokens credit nobody; ``?point=`` still works; the running totals stay exact with
one upsert per reply."""

import re
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison_points.models import CommunityGrid, LiaisonPointPage, SourceKind
from liaison_points.sources import create_code
from questionnaires.answering import Answered
from questionnaires.models import AnswerCount, Channel, Reply
from questionnaires.storage import rebuild_counts, record_reply
from tests.factories import DraftFactory
from tests.signin import login_with_2fa

from .conftest import answers

pytestmark = pytest.mark.usefixtures("demo_site")


def _point(slug="shizhong-jiedao"):
    return LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")


@pytest.fixture
def grid_code(questionnaire):
    point = _point()
    grid = CommunityGrid.objects.create(point=point, name="幸福里社区网格")
    return create_code(point, questionnaire, kind=SourceKind.GRID, grid=grid)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def _open(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _submit(client, page, html, **overrides):
    data = {
        **answers(),
        "reply_token": _hidden(html, "reply_token"),
        "source": _hidden(html, "source"),
        "point": _hidden(html, "point"),
    }
    data.update(overrides)
    return client.post(page.url, data)


def test_staff_make_a_code_for_a_questionnaire_of_their_own_point(client, questionnaire):
    user = get_user_model().objects.create_user("staff-qcodes", "q@example.com", "pw")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    login_with_2fa(client, user)
    mine = _point()
    url = f"/admin/points/{mine.pk}/codes/"
    form = client.get(url).content.decode()
    assert f'value="{questionnaire.pk}"' in form  # questionnaires are offered beside drafts
    response = client.post(
        f"{url}?page={questionnaire.pk}",
        {"page": questionnaire.pk, "kind": "point", "create": "1"},
    )
    assert response.status_code == 302
    code = mine.collection_codes.get(page=questionnaire)
    assert code.kind == "point" and code.article_key == ""


def test_a_code_leads_to_the_questionnaire_and_credits_point_and_grid(
    client, questionnaire, grid_code, settings
):
    settings.PAGE_CACHE_SECONDS = 60  # on, as in production: it must pass ``source`` on
    response = client.get(f"/c/{grid_code.code.lower()}")
    assert response.status_code == 302
    landing = response["Location"]
    assert landing.startswith(questionnaire.url) and "source=" in landing
    assert grid_code.code not in landing  # a signed token, not the code
    html = _open(client, landing)
    assert _hidden(html, "source")  # carried in the form, so the POST keeps it
    response = _submit(client, questionnaire, html)
    assert response.status_code == 302
    reply = Reply.objects.get(page=questionnaire)
    assert reply.point_id == grid_code.point_id and reply.channel == Channel.CODE
    assert (reply.source_kind, reply.source_label, reply.source_code) == (
        "grid",
        "幸福里社区网格",
        grid_code.code,
    )


def test_a_form_sent_back_with_an_error_keeps_the_source(client, questionnaire, grid_code):
    landing = client.get(f"/c/{grid_code.code}")["Location"]
    html = _open(client, landing)
    response = _submit(client, questionnaire, html, q_q1="")  # a required answer left out
    assert response.status_code == 400
    again = response.content.decode()
    assert _hidden(again, "source") == _hidden(html, "source")
    assert _submit(client, questionnaire, again).status_code == 302
    assert Reply.objects.get(page=questionnaire).source_code == grid_code.code


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + "xx",  # edited signature
        lambda token: signing.Signer(salt="wrong").sign_object({"c": "ABCDEFG"}),
        lambda token: "<script>alert(1)</script>",
        lambda token: "A" * 10_000,
        lambda token: "😀" * 20,
        lambda token: '=HYPERLINK("http://x")',
    ],
)
def test_a_forged_or_edited_token_credits_nobody(client, questionnaire, grid_code, mangle):
    landing = client.get(f"/c/{grid_code.code}")["Location"]
    html = _open(client, landing)
    forged = mangle(_hidden(html, "source"))
    assert client.get(questionnaire.url, {"source": forged}).status_code == 200
    response = _submit(client, questionnaire, html, source=forged)
    assert response.status_code == 302
    reply = Reply.objects.get(page=questionnaire)
    assert reply.point_id is None and reply.source_kind == "" and reply.channel == Channel.WEB


def test_a_code_for_another_page_or_switched_off_credits_nobody(client, questionnaire, grid_code):
    other = create_code(_point(), DraftFactory(articles=2), kind=SourceKind.POINT)
    other_token = client.get(f"/c/{other.code}")["Location"].split("source=")[1]
    html = _open(client, questionnaire.url)
    from urllib.parse import unquote

    assert _submit(client, questionnaire, html, source=unquote(other_token)).status_code == 302
    assert Reply.objects.get(page=questionnaire).point_id is None

    landing = client.get(f"/c/{grid_code.code}")["Location"]
    grid_code.active = False
    grid_code.save()
    client.cookies.clear()
    html = _open(client, landing)
    assert _submit(client, questionnaire, html).status_code == 302
    assert not Reply.objects.filter(page=questionnaire, source_code=grid_code.code).exists()


def test_point_fallback_when_there_is_no_source(client, questionnaire):
    point = _point()
    html = _open(client, f"{questionnaire.url}?point={point.pk}&source=forged")
    assert _hidden(html, "point") == str(point.pk) and _hidden(html, "source") == ""
    assert _submit(client, questionnaire, html, source="forged").status_code == 302
    reply = Reply.objects.get(page=questionnaire)
    assert reply.point_id == point.pk and reply.channel == Channel.POINT
    assert reply.source_kind == ""


# --- running totals: one statement per reply, exact ---------------------------------------------


def _reply_answers(i: int) -> list[Answered]:
    chosen = ["opt-全市", "opt-城区"][i % 2]
    return [
        Answered(question="q1", option=chosen),
        Answered(question="q4", option=str(1 + i % 5), number=Decimal(1 + i % 5)),
        Answered(question="q5", number=Decimal("2.5") * i),
        Answered(question="q3", option="opt-收储"),
        Answered(question="q3", option="opt-补贴" if i % 3 else "opt-清运"),
        Answered(question="q8", row="row-fine", option="opt-赞成"),
    ]


def _counts(page) -> dict:
    return {
        (c.question, c.row, c.option): (c.count, Decimal(c.total))
        for c in AnswerCount.objects.filter(page=page)
    }


def test_totals_are_one_statement_per_reply_and_exact(questionnaire):
    table = AnswerCount._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        record_reply(questionnaire, "t" * 40, _reply_answers(0))
    touching = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    assert len(touching) == 1, touching
    for i in range(1, 40):
        record_reply(questionnaire, f"token-{i:02d}" + "x" * 32, _reply_answers(i))
    live = _counts(questionnaire)
    assert live[("", "", "")][0] == 40
    assert live[("q1", "", "opt-全市")][0] == 20
    assert live[("q5", "", "")] == (40, Decimal("2.5") * sum(range(40)))
    assert live[("q3", "", "")][0] == 40  # two options ticked: one respondent
    assert rebuild_counts(questionnaire) == 40
    assert _counts(questionnaire) == live  # what a full recount finds


@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_lose_no_count(questionnaire):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    errors: list = []

    def replies(offset):
        try:
            for i in range(offset, offset + 15):
                record_reply(questionnaire, f"thread-{i:03d}" + "y" * 32, _reply_answers(i))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=replies, args=(n * 100,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    live = _counts(questionnaire)
    assert live[("", "", "")][0] == 30
    expected = Counter(a.option for i in [*range(15), *range(100, 115)] for a in _reply_answers(i))
    assert live[("q3", "", "opt-收储")][0] == expected["opt-收储"]
    rebuild_counts(questionnaire)
    assert _counts(questionnaire) == live


def test_the_cross_table_groups_by_source(questionnaire, grid_code):
    from liaison_points.sources import source_of_code
    from questionnaires.crosstab import crosstab

    source = source_of_code(grid_code)
    point = _point()
    for i in range(3):
        record_reply(
            questionnaire, f"src-{i}" + "z" * 32, _reply_answers(i), point=point, source=source
        )
    record_reply(questionnaire, "plain" + "z" * 32, _reply_answers(1))
    table = crosstab(questionnaire, "q1", "source")
    rows = {row.label: row.respondents for row in table.rows}
    assert rows == {f"{point.title} · 社区网格 · 幸福里社区网格": 3, "未经征集码": 1}
    assert table.total.respondents == 4

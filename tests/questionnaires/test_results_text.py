"""Written answers: listed for the office only, near-identical ones grouped with the same
algorithm as opinions (core.near_duplicates), paged, each page viewed logged; never public."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from core.models import PersonalDataAccess
from questionnaires.answering import Answered
from questionnaires.storage import record_reply
from questionnaires.text_answers import entry_ids, text_entries
from tests.factories import UserFactory

CAMPAIGN = "建议禁烧范围扩大到全市所有乡镇，并给予农户秸秆收储补贴。"
VARIANTS = [
    CAMPAIGN,
    "建议禁烧范围扩大到全市所有乡镇，并给予农户秸秆收储补贴！！",
    "建议禁燒範圍擴大到全市所有鄉鎮，並給予農戶秸稈收儲補貼。",  # traditional characters
    "建议禁烧范围扩大到全市所有乡镇 并给予农户秸秆收储补贴",
]


def reply(page, token, text="", short=""):
    answers = [Answered("q1", option="opt-全市"), Answered("q2", option="opt-城区")]
    answers += [Answered("q4", option="4", number=Decimal(4))]
    answers += [Answered("q8", row="row-fine", option="opt-赞成")]
    if text:
        answers.append(Answered("q7", text=text))
    if short:
        answers.append(Answered("q6", text=short))
    return record_reply(page, token, answers)


@pytest.fixture
def written(questionnaire):
    for n, text in enumerate(VARIANTS):
        reply(questionnaire, f"v{n}", text)
    reply(questionnaire, "other", "村里缺少秸秆收储点，希望在镇上设一个。")
    reply(questionnaire, "formula", '=HYPERLINK("http://example.com","点此")')
    reply(questionnaire, "html", "<script>alert(1)</script>", short="张村")
    reply(questionnaire, "none")
    return questionnaire


def question(page, qid):
    return next(q for q in page.question_list if q.id == qid)


def test_near_identical_answers_form_one_group_first(written):
    entries = entry_ids(written, question(written, "q7")).items
    assert len(entries) == 4  # one group of four, three single answers
    first, others = entries[0]
    assert len(others) == 3
    shown = text_entries(entries)
    assert shown[0].text == CAMPAIGN and shown[0].similar == 3
    assert len(shown[0].members) == 3  # the variants that read differently
    # Single answers, newest first.
    assert [e.text for e in shown[1:]][0] == "<script>alert(1)</script>"
    assert entry_ids(written, question(written, "q6")).items != []


@pytest.fixture
def office(client, db):
    user = UserFactory(username="wenjuan-wenzi", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_questionnaire_results"),
    )
    client.force_login(user)
    return client


def test_office_list_is_escaped_paged_and_logged(office, written, settings):
    url = f"/admin/questionnaires/{written.pk}/text/q7/"
    before = PersonalDataAccess.objects.count()
    html = office.get(url).content.decode()
    assert "另有 3 份相同/相近回答" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "=HYPERLINK(" in html or "=HYPERLINK(&quot;" in html
    assert PersonalDataAccess.objects.count() == before + 1
    log = PersonalDataAccess.objects.latest("pk")
    assert log.action == "list" and log.count == 4
    # Paging: out-of-range and garbage page numbers show a page, never an error.
    for p in ("99", "abc", "-1", "１"):
        assert office.get(url, {"p": p}).status_code == 200
    # Only text questions of this questionnaire.
    assert office.get(f"/admin/questionnaires/{written.pk}/text/q1/").status_code == 404
    assert office.get(f"/admin/questionnaires/{written.pk}/text/nope/").status_code == 404
    # From the results page.
    results = office.get(f"/admin/questionnaires/{written.pk}/results/").content.decode()
    assert url in results


def test_paging_keeps_groups_whole(office, written, monkeypatch):
    from questionnaires import admin_views

    monkeypatch.setattr(admin_views, "TEXT_PER_PAGE", 2)
    url = f"/admin/questionnaires/{written.pk}/text/q7/"
    first = office.get(url).content.decode()
    assert "另有 3 份相同/相近回答" in first and "第 1 / 2 页" in first
    second = office.get(url, {"p": 2}).content.decode()
    assert "另有" not in second and "=HYPERLINK(" in second.replace("&quot;", '"')


def test_written_answers_need_the_right_and_are_never_public(client, written):
    user = UserFactory(username="no-right-text", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(f"/admin/questionnaires/{written.pk}/text/q7/").status_code in (302, 403)
    client.logout()
    written.publish_results = True
    written.save_revision().publish()
    html = client.get(written.url).content.decode()
    assert "调查结果" in html and "秸秆收储补贴" not in html and "/text/" not in html


def test_a_large_question_is_grouped_in_the_background(office, written, settings, monkeypatch):
    """Beyond INLINE_LIMIT answers the office's request never groups: it shows the last
    grouping (newer answers singly, with a notice) and queues one regrouping."""
    from django_tasks import task_backends

    from questionnaires import text_answers

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]

    def queued():
        return [r for r in backend.results if r.task.func.__name__ == "group_text_answers"]

    monkeypatch.setattr(text_answers, "INLINE_LIMIT", 2)
    url = f"/admin/questionnaires/{written.pk}/text/q7/"

    html = office.get(url).content.decode()
    assert "正在整理相同/相近的答复" in html and "另有" not in html
    assert len(queued()) == 1
    office.get(url)
    assert len(queued()) == 1  # already under way: not queued twice

    # The worker runs it.
    from questionnaires.tasks import group_text_answers

    assert group_text_answers.call(written.pk, "q7") == 1
    html = office.get(url).content.decode()
    assert "另有 3 份相同/相近回答" in html and "正在整理" not in html

    reply(written, "late", VARIANTS[0])
    html = office.get(url).content.decode()
    assert "另有 3 份相同/相近回答" in html and "最新的 1 份答复正在参与分组" in html
    assert len(queued()) == 2
    assert group_text_answers.call(written.pk, "nope") == 0
    assert group_text_answers.call(10**9, "q7") == 0

"""Live results through the public form: an answer a condition drops is neither stored nor
counted, the office sees the new totals at once, the public only once published."""

import pytest
from django.contrib.auth.models import Permission

from questionnaires.models import AnswerCount
from questionnaires.results import results_for
from tests.factories import UserFactory

from .test_answering import open_form, submit


@pytest.fixture
def office(client, db):
    user = UserFactory(username="wenjuan-live", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_questionnaire_results"),
    )
    return user


def test_counts_after_conditions_drop_answers(client, questionnaire, office):
    # Lives in 城区, yet ticked q3 (shown without JavaScript): q3 applies only to 农村.
    submit(client, questionnaire, open_form(client, questionnaire), q_q3=["opt-收储"])
    client.cookies.clear()
    submit(
        client,
        questionnaire,
        open_form(client, questionnaire),
        q_q2="opt-农村",
        q_q3=["opt-收储", "opt-补贴"],
    )
    results = {r.question.id: r for r in results_for(questionnaire).questions}
    assert results_for(questionnaire).replies == 2
    assert results["q3"].answered == 1
    assert [(o.label, o.count, o.percent) for o in results["q3"].options] == [
        ("收储", 1, 100.0),
        ("补贴", 1, 100.0),
        ("清运", 0, 0.0),
    ]
    assert not AnswerCount.objects.filter(page=questionnaire, question="q3", count__gt=1)

    # The office sees it live; the public does not until the editor publishes the results.
    client.force_login(office)
    html = client.get(f"/admin/questionnaires/{questionnaire.pk}/results/").content.decode()
    assert "共收到 2 份答卷" in html and "查看文字答复" in html
    client.logout()
    assert "调查结果" not in client.get(questionnaire.url).content.decode()
    questionnaire.publish_results = True
    questionnaire.save_revision().publish()
    public = client.get(questionnaire.url).content.decode()
    assert "共收到 2 份答卷" in public and "文字答复由工作人员整理" in public

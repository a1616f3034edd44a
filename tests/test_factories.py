"""The factories build working objects: a draft that takes opinions on its articles, an opinion
with its receipt, a user in an office group who may use the back office."""

import pytest

from tests.factories import DraftFactory, OpinionFactory, UserFactory, cn_number, draft_text
from tests.signin import login_with_2fa

pytestmark = pytest.mark.django_db


def test_chinese_article_numbers():
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 23, 99)] == [
        "一", "九", "十", "十一", "二十", "二十三", "九十九",
    ]  # fmt: skip
    assert draft_text(12).count("条 ") == 12


def test_a_draft_with_its_articles_takes_an_opinion_on_one():
    draft = DraftFactory(articles=12)
    assert draft.live and draft.accepts_comments()
    targets = draft.get_comment_targets()
    assert [t.label for t in targets][:3] == ["第一条", "第二条", "第三条"]
    assert len(targets) == 12
    opinion = OpinionFactory(page=draft, article=12)
    assert opinion.receipt_code and opinion.article_key == targets[11].key
    assert opinion.article_label == "第十二条"


def test_a_closed_draft_refuses_comments():
    assert not DraftFactory(open=False).accepts_comments()


def test_an_office_user_with_two_step_sign_in_reaches_the_opinions(client):
    user = UserFactory(groups=["意见办理员"])
    assert user.check_password("pw-12345-abc")
    login_with_2fa(client, user)
    assert client.get("/admin/opinions/opinions/").status_code == 200
    outsider = UserFactory()
    login_with_2fa(client, outsider)
    assert client.get("/admin/opinions/opinions/").status_code in (302, 403)

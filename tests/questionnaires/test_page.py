"""The editor's side: a questionnaire belongs to a draft and, optionally, one of its current
articles (checked on the server), and its conditions name an earlier choice question's option."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from core.interfaces import as_commentable
from core.plugins import DRAFT_PAGE, page_models_for
from questionnaires.questions import ConditionError, parse

from .conftest import questions


@pytest.fixture
def draft(demo_site):
    return (
        Page.objects.live()
        .type(*page_models_for(DRAFT_PAGE))
        .get(slug="wenming", locale__language_code="zh-hans")
        .specific
    )


def test_the_article_must_be_one_of_the_drafts_current_articles(questionnaire, draft):
    article = as_commentable(draft).get_comment_targets()[3]
    questionnaire.draft = draft
    questionnaire.article_key = article.key
    questionnaire.full_clean()
    assert questionnaire.article_target().label == article.label
    questionnaire.article_key = "forged-key"
    with pytest.raises(ValidationError) as error:
        questionnaire.full_clean()
    assert "现行文本" in str(error.value.message_dict["article_key"])


def test_an_article_needs_a_draft_and_the_draft_must_be_one(questionnaire, home_page):
    questionnaire.article_key = "abc"
    with pytest.raises(ValidationError) as error:
        questionnaire.full_clean()
    assert "article_key" in error.value.message_dict
    questionnaire.article_key = ""
    questionnaire.draft = home_page
    with pytest.raises(ValidationError) as error:
        questionnaire.full_clean()
    assert "法规草案" in str(error.value.message_dict["draft"])


def test_the_edit_form_offers_the_drafts_articles(questionnaire, draft):
    from questionnaires.models import QuestionnairePage

    questionnaire.draft = draft
    form_class = QuestionnairePage.get_edit_handler().get_form_class()
    form = form_class(instance=questionnaire, for_user=None)
    choices = dict(form.fields["article_key"].widget.choices)
    target = as_commentable(draft).get_comment_targets()[7]
    assert choices[target.key].startswith(target.label)


@pytest.mark.parametrize(
    ("question", "option", "message"),
    [
        (3, "农村", "前面的题目"),  # itself
        (2, "山区", "没有选项“山区”"),
        (None, "农村", "同时填写"),
    ],
)
def test_conditions_are_checked(question, option, message):
    from wagtail.blocks import StreamValue

    from questionnaires.blocks import QuestionsBlock

    raw = questions()
    raw[2]["value"].update(show_if_question=question, show_if_option=option)
    stream = StreamValue(QuestionsBlock(), raw, is_lazy=True)
    with pytest.raises(ConditionError) as error:
        parse(stream)
    assert message in str(error.value)


def test_question_and_option_ids_are_the_block_ids(questionnaire):
    parsed = {q.id: q for q in questionnaire.question_list}
    assert parsed["q3"].condition == ("q2", "opt-农村")
    assert [o.id for o in parsed["q1"].options] == ["opt-全市", "opt-城区"]
    assert [o.id for o in parsed["q4"].options] == ["1", "2", "3", "4", "5"]
    assert [r.id for r in parsed["q8"].rows] == ["row-fine", "row-report"]

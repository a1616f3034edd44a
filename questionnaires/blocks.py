"""The question blocks of a questionnaire (``QuestionnairePage.questions``).

A question's identity is its StreamField block id and an option's is its list item id: both stay
the same when the editor rewords, reorders or adds questions, so answers and counts already
received keep pointing at the right question and option."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
MAX_SCALE = 10


class QuestionBlock(blocks.StructBlock):
    """What every question has: its text, whether it must be answered, a short explanation
    under it, and an optional condition on an earlier choice question."""

    title = blocks.CharBlock(label=_("题目"), max_length=300)
    required = blocks.BooleanBlock(label=_("必答"), required=False, default=True)
    help_text = blocks.CharBlock(
        label=_("说明"), required=False, max_length=300, help_text=_("显示在题目下方的简短说明。")
    )
    # Editors see positions and option texts, not block ids: the condition names the earlier
    # question by its number and the option by its text, checked on every save of the page.
    show_if_question = blocks.IntegerBlock(
        label=_("显示条件：第几题"),
        required=False,
        min_value=1,
        help_text=_("只在前面某道选择题选了某个选项时才显示本题；不设条件请留空。"),
    )
    show_if_option = blocks.CharBlock(
        label=_("显示条件：选项"), required=False, max_length=200, help_text=_("该题选项的原文。")
    )


def _options():
    return blocks.ListBlock(blocks.CharBlock(label=_("选项"), max_length=200), label=_("选项"))


def _show_beside_article():
    # Read by questionnaires/findings.py: which result a draft shows under the article.
    return blocks.BooleanBlock(
        label=_("在条文旁显示此题结果"),
        required=False,
        default=False,
        help_text=_(
            "公开结果后，在所针对的草案条文下方显示本题得票最多的选项及其比例；"
            "都不勾选时显示第一道单选题。"
        ),
    )


class SingleChoiceBlock(QuestionBlock):
    options = _options()
    show_beside_article = _show_beside_article()

    class Meta:
        label = _("单选题")
        icon = "radio-full"


class MultipleChoiceBlock(QuestionBlock):
    options = _options()
    max_choices = blocks.IntegerBlock(
        label=_("最多选几项"), required=False, min_value=1, help_text=_("留空表示不限。")
    )
    show_beside_article = _show_beside_article()

    class Meta:
        label = _("多选题")
        icon = "tasks"


class RatingBlock(QuestionBlock):
    scale = blocks.IntegerBlock(
        label=_("分值（1 到几分）"), default=5, min_value=2, max_value=MAX_SCALE
    )
    low_label = blocks.CharBlock(label=_("最低分含义"), required=False, max_length=50)
    high_label = blocks.CharBlock(label=_("最高分含义"), required=False, max_length=50)

    class Meta:
        label = _("评分题")
        icon = "pick"


class NumberBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("最小值"), required=False)
    max_value = blocks.DecimalBlock(label=_("最大值"), required=False)

    class Meta:
        label = _("数字题")
        icon = "order"


class ShortTextBlock(QuestionBlock):
    class Meta:
        label = _("简答题（一行）")
        icon = "pilcrow"


class LongTextBlock(QuestionBlock):
    class Meta:
        label = _("问答题（多行）")
        icon = "doc-full"


class MatrixBlock(QuestionBlock):
    rows = blocks.ListBlock(blocks.CharBlock(label=_("行"), max_length=200), label=_("行（小题）"))
    options = blocks.ListBlock(
        blocks.CharBlock(label=_("选项"), max_length=200), label=_("每行的选项")
    )

    class Meta:
        label = _("矩阵题（每行选一项）")
        icon = "table"


class QuestionsBlock(blocks.StreamBlock):
    single = SingleChoiceBlock()
    multiple = MultipleChoiceBlock()
    rating = RatingBlock()
    number = NumberBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    matrix = MatrixBlock()

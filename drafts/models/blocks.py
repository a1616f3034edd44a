"""StreamField blocks of a draft: its text (``DraftBodyBlock``) and its legislative stages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .status import STAGES


class HeadingNumberBlock(blocks.StructBlock):
    number = blocks.CharBlock(required=False, label=_("编号"), help_text=_("如：第一章"))
    title = blocks.CharBlock(required=False, label=_("标题"))


class PartBlock(HeadingNumberBlock):
    """编 or 分编 of a code (a national law): above chapters."""

    number = blocks.CharBlock(required=False, label=_("编号"), help_text=_("如：第一编、第一分编"))

    class Meta:
        icon = "folder"
        label = _("编")


class ChapterBlock(HeadingNumberBlock):
    class Meta:
        icon = "folder-open-inverse"
        label = _("章")


class SectionBlock(HeadingNumberBlock):
    class Meta:
        icon = "folder-inverse"
        label = _("节")


class ArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("条号"), help_text=_("按原文书写，如：第十二条"))
    text = blocks.TextBlock(
        label=_("条文"),
        help_text=_("每款、每项单独一行；项以“（一）”开头，引用时称第几款第（几）项"),
    )

    class Meta:
        icon = "doc-full"
        label = _("条")


class DraftBodyBlock(blocks.StreamBlock):
    part = PartBlock()
    chapter = ChapterBlock()
    section = SectionBlock()
    article = ArticleBlock()
    note = blocks.TextBlock(label=_("说明文字"), icon="info-circle")


class StageBlock(blocks.StructBlock):
    stage = blocks.ChoiceBlock(choices=STAGES, label=_("阶段"))
    date = blocks.DateBlock(required=False, label=_("日期"))
    note = blocks.CharBlock(required=False, label=_("说明"))

    class Meta:
        icon = "date"
        label = _("立法阶段")

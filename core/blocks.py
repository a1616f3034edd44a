"""StreamField blocks shared by several page types (plugins add genre-specific ones of their own)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("二级标题")), ("h3", _("三级标题"))], default="h2", label=_("级别")
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        label = _("小标题")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
    caption = blocks.CharBlock(required=False, label=_("图片说明"))

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        label = _("图片")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4"],
        label=_("段落"),
        template="components/blocks/paragraph.html",
    )
    image = CaptionedImageBlock()
    quote = blocks.BlockQuoteBlock(label=_("引用"))

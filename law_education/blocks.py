"""StreamField blocks of a 普法 article: 以案释法, 法条引用, 问答, 要点, audio/video, leaflet, quiz.

Block definitions end up in migrations, so nothing here depends on whether another plugin is
installed: the legal-text quote may point at any page and is checked in ``clean()`` only when the
drafts plugin is there.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from core.blocks import CaptionedImageBlock, HeadingBlock
from core.interfaces import as_commentable
from core.plugins import DRAFT_PAGE, page_types_for

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]

VIDEO_EXTENSIONS = ("mp4", "webm", "m4v", "ogv")
AUDIO_EXTENSIONS = ("mp3", "m4a", "aac", "wav", "ogg", "oga")


def draft_anchor(page, ordinal) -> str:
    """``<draft url>#article-<ordinal>`` (the anchor convention of core.plugins)."""
    if page is None:
        return ""
    url = page.url or ""
    if url and ordinal:
        return f"{url}#article-{ordinal}"
    return url


def links_to_articles(page) -> bool:
    """Whether ``page`` has articles we can quote and link to: a commentable page (a draft), or
    any page when no plugin provides drafts (then editors may link wherever they like)."""
    if not page_types_for(DRAFT_PAGE):
        return True
    return as_commentable(page.specific) is not None


class CaseBlock(blocks.StructBlock):
    """以案释法: a real or typical case told as facts → question → analysis → legal basis."""

    title = blocks.CharBlock(label=_("案例标题"))
    facts = blocks.RichTextBlock(features=RICH_FEATURES, label=_("基本案情"))
    question = blocks.TextBlock(label=_("争议焦点"))
    analysis = blocks.RichTextBlock(features=RICH_FEATURES, label=_("以案释法"))
    legal_basis = blocks.TextBlock(label=_("法律依据"))

    class Meta:
        icon = "clipboard-list"
        template = "law_education/blocks/case.html"
        label = _("以案释法")


class LegalQuoteBlock(blocks.StructBlock):
    """A quoted article of a law; links to the draft's article when the law is one of our drafts."""

    law_name = blocks.CharBlock(label=_("法律法规名称"), help_text=_("例如：中华人民共和国民法典"))
    article_number = blocks.CharBlock(label=_("条款"), help_text=_("例如：第一千二百五十四条"))
    text = blocks.TextBlock(label=_("条文内容"))
    draft_page = blocks.PageChooserBlock(
        required=False,
        label=_("对应的法规草案"),
        help_text=_("条文出自本站公开的法规草案时选择，读者可直接跳到该条。"),
    )
    article_ordinal = blocks.IntegerBlock(
        required=False,
        min_value=1,
        label=_("草案中的条序号"),
        help_text=_("例如第十二条填 12；链接到草案的该条。"),
    )

    class Meta:
        icon = "openquote"
        template = "law_education/blocks/legal_quote.html"
        label = _("法条引用")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        page = value.get("draft_page")
        if value.get("article_ordinal") and page is None:
            errors["article_ordinal"] = ValidationError(_("填写条序号时请同时选择法规草案。"))
        if page is not None and not links_to_articles(page):
            errors["draft_page"] = ValidationError(_("请选择一部法规草案页面。"))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = value.get("draft_page")
        context["link"] = draft_anchor(page, value.get("article_ordinal")) if page else ""
        return context


class QABlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("标题"), default="问答")
    items = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("question", blocks.CharBlock(label=_("问"))),
                ("answer", blocks.RichTextBlock(features=RICH_FEATURES, label=_("答"))),
            ],
            label=_("一问一答"),
        ),
        min_num=1,
        label=_("问答"),
    )

    class Meta:
        icon = "help"
        template = "law_education/blocks/qa.html"
        label = _("问答")


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("标题"), default="划重点")
    points = blocks.ListBlock(blocks.CharBlock(label=_("要点")), min_num=1, label=_("要点"))

    class Meta:
        icon = "list-ul"
        template = "law_education/blocks/key_points.html"
        label = _("要点")


class MediaBlock(blocks.StructBlock):
    """Uploaded media (a Wagtail document played in <video>/<audio>) or an embed. The upload is the
    primary option: foreign video sites are often unreachable in mainland China."""

    title = blocks.CharBlock(required=False, label=_("标题"))
    document = DocumentChooserBlock(
        required=False, label=_("上传的媒体文件"), help_text=_("在“文档”中上传 mp4/mp3 等文件")
    )
    embed = EmbedBlock(
        required=False,
        label=_("或嵌入链接"),
        help_text=_("境外视频网站在境内可能无法访问，请优先上传文件。"),
    )
    transcript = blocks.TextBlock(
        required=False,
        label=_("文字稿"),
        help_text=_("听障读者和网络不好的读者靠它阅读内容。"),
    )

    extensions: tuple[str, ...] = ()

    def clean(self, value):
        value = super().clean(value)
        document, embed = value.get("document"), value.get("embed")
        if bool(document) == bool(embed):
            raise StructBlockValidationError(
                block_errors={
                    "document": ValidationError(_("请上传文件或填写嵌入链接（二选一）。"))
                }
            )
        if document and document.file_extension.lower() not in self.extensions:
            raise StructBlockValidationError(
                block_errors={
                    "document": ValidationError(
                        _("文件格式应为：%(formats)s") % {"formats": ", ".join(self.extensions)}
                    )
                }
            )
        return value


class VideoBlock(MediaBlock):
    extensions = VIDEO_EXTENSIONS

    class Meta:
        icon = "media"
        template = "law_education/blocks/video.html"
        label = _("视频")


class AudioBlock(MediaBlock):
    extensions = AUDIO_EXTENSIONS

    class Meta:
        icon = "media"
        template = "law_education/blocks/audio.html"
        label = _("音频")


class LeafletBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("名称"))
    document = DocumentChooserBlock(label=_("文件"))
    description = blocks.CharBlock(required=False, label=_("说明"))

    class Meta:
        icon = "doc-full"
        template = "law_education/blocks/leaflet.html"
        label = _("宣传资料下载")


class QuizQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("题目"))
    options = blocks.ListBlock(blocks.CharBlock(label=_("选项")), min_num=2, label=_("选项"))
    correct = blocks.IntegerBlock(
        min_value=1, label=_("正确答案"), help_text=_("第几个选项是正确的（从 1 数起）")
    )
    explanation = blocks.TextBlock(label=_("答案解析"))

    def clean(self, value):
        value = super().clean(value)
        if value["correct"] > len(value["options"]):
            raise StructBlockValidationError(
                block_errors={"correct": ValidationError(_("正确答案超出了选项的数量。"))}
            )
        return value


class QuizBlock(blocks.StructBlock):
    """知识问答: scored on the server (the form posts to the article's ``quiz/<block id>/``)."""

    title = blocks.CharBlock(label=_("标题"), default="知识问答")
    questions = blocks.ListBlock(QuizQuestionBlock(), min_num=1, label=_("题目"))

    class Meta:
        icon = "tasks"
        template = "law_education/blocks/quiz.html"
        label = _("知识问答")


class ArticleStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=[*RICH_FEATURES, "h3", "h4"],
        label=_("段落"),
        template="components/blocks/paragraph.html",
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    case = CaseBlock()
    legal_quote = LegalQuoteBlock()
    qa = QABlock()
    key_points = KeyPointsBlock()
    video = VideoBlock()
    audio = AudioBlock()
    leaflet = LeafletBlock()
    quiz = QuizBlock()


def score_quiz(value, answers) -> dict:
    """Score a quiz block ``value`` against ``answers`` (``{"q0": "2", ...}``, 1-based options).

    Missing, non-numeric or out-of-range answers count as unanswered (wrong)."""
    rows = []
    score = 0
    for index, question in enumerate(value["questions"]):
        raw = answers.get(f"q{index}")
        options = list(question["options"])
        try:
            chosen = int(raw)
        except (TypeError, ValueError):
            chosen = None
        if chosen is not None and not 1 <= chosen <= len(options):
            chosen = None
        ok = chosen == question["correct"]
        score += ok
        rows.append({"chosen": chosen, "correct": question["correct"], "ok": ok})
    return {"score": score, "total": len(rows), "rows": rows}

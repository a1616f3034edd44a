"""问卷: the page editors build, and the replies it receives.

Replies are stored as one ``Reply`` (no personal data: a hash of the browser's token, the point
that brought the person, the channel) and one ``Answer`` row per answered question, option or
matrix row. ``AnswerCount`` keeps the totals per question and option up to date in the same
transaction (storage.py), so results read a few dozen rows whether there are ten replies or
100,000."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.interfaces import as_commentable
from core.models import BasePage
from core.plugins import DRAFT_PAGE, page_models_for, page_types_for

from .blocks import QuestionsBlock
from .questions import ConditionError, parse


class DraftChooserPanel(PageChooserPanel):
    """The chooser offers only the pages playing the draft role (without importing the plugin
    that provides them), resolved when the edit form is built."""

    def get_form_options(self):
        self.page_type = page_models_for(DRAFT_PAGE) or None
        return super().get_form_options()


def draft_articles(draft) -> list[tuple[str, str]]:
    """``[(key, "第八条 …")]``: the current articles of a draft page, through the interface."""
    commentable = as_commentable(draft) if draft is not None else None
    if commentable is None:
        return []
    return [(t.key, f"{t.label} {t.text[:30]}") for t in commentable.get_comment_targets() if t.key]


class QuestionnairePageForm(WagtailAdminPageForm):
    """The article is chosen from the linked draft's current articles (saved with the page:
    choose the draft, save, then the article)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "article_key" not in self.fields:
            return
        from django import forms

        draft = self.instance.draft.specific if self.instance.draft_id else None
        choices = [("", _("整部草案（不针对某一条）"))] + draft_articles(draft)
        current = self.initial.get("article_key") or ""
        if current and current not in dict(choices):
            choices.append((current, _("（已不在现行文本中的条文）")))
        self.fields["article_key"].widget = forms.Select(choices=choices)


class QuestionnairePage(BasePage):
    intro = RichTextField(_("说明"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    draft = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("所属草案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("问卷针对一部法规草案时选择；立法建议征集、年度计划等可留空。"),
    )
    article_key = models.CharField(
        _("所针对的条文"),
        max_length=64,
        blank=True,
        help_text=_("先选择草案并保存，再从其现行条文中选择。"),
    )
    questions = StreamField(QuestionsBlock(), verbose_name=_("题目"), blank=True)
    thank_you_text = models.CharField(_("提交后提示"), max_length=300, blank=True, default="")
    publish_results = models.BooleanField(
        _("公开结果"),
        default=False,
        help_text=_("勾选后，统计结果显示在问卷页面上（调查进行中或结束后均可）。"),
    )
    one_per_screen = models.BooleanField(
        _("手机上逐题显示"),
        default=False,
        help_text=_(
            "勾选后，一屏只显示一道题，用“上一题”“下一题”翻页，并显示进度；"
            "浏览器不支持脚本时仍在一页上显示全部题目。"
        ),
    )
    verify_phone = models.BooleanField(
        _("须验证手机号"),
        default=False,
        help_text=_(
            "勾选后，答题人须输入手机号并填写短信验证码，每个手机号只能提交一份答卷。"
            "系统只保存手机号的加密摘要，不保存号码本身。"
        ),
    )

    template = "questionnaires/questionnaire_page.html"
    # Under a 问卷调查 index (where 问卷编辑 have page rights), or, as before the index existed,
    # under the home page or a standard page (editors with rights there).
    parent_page_types = [
        "questionnaires.QuestionnaireIndexPage",
        "home.HomePage",
        "home.StandardPage",
    ]
    subpage_types: list[str] = []
    base_form_class = QuestionnairePageForm
    search_kind = "page"

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [DraftChooserPanel("draft"), FieldPanel("article_key")], heading=_("所属草案")
        ),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("questions"),
        FieldPanel("thank_you_text"),
        FieldPanel("publish_results"),
        MultiFieldPanel(
            [FieldPanel("one_per_screen"), FieldPanel("verify_phone")], heading=_("答题方式")
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("publish_results"),
    ]

    class Meta:
        verbose_name = _("问卷调查")
        verbose_name_plural = _("问卷调查")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at < self.opens_at:
            errors["closes_at"] = _("截止时间不能早于开始时间。")
        if self.draft_id and page_types_for(DRAFT_PAGE):
            draft = self.draft.specific
            if not isinstance(draft, tuple(page_models_for(DRAFT_PAGE))):
                errors["draft"] = _("请选择一部法规草案页面。")
            elif self.article_key and self.article_key not in dict(draft_articles(draft)):
                errors["article_key"] = _("这一条不在所选草案的现行文本中，请重新选择。")
        elif self.article_key:
            errors["article_key"] = _("选择条文前请先选择草案。")
        try:
            parse(self.questions)
        except ConditionError as exc:
            errors["questions"] = str(exc)
        if errors:
            raise ValidationError(errors)

    @cached_property
    def question_list(self):
        try:
            return parse(self.questions)
        except ConditionError:
            # Saved without clean (a script, an import): every question shown, none conditional.
            return parse(self.questions, conditions=False)

    # The window -------------------------------------------------------------------------------
    # (Named apart from core.interfaces.Commentable on purpose: a questionnaire is not a page
    # the generic opinion form or the opinions API may post to.)
    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        if self.opens_at and at < self.opens_at:
            return False
        return not (self.closes_at and at > self.closes_at)

    def window_message(self) -> str:
        from django.utils.formats import date_format

        now = timezone.now()

        def when(value):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")

        if self.opens_at and now < self.opens_at:
            return _("问卷将于 %(date)s 开始。") % {"date": when(self.opens_at)}
        if self.closes_at and now > self.closes_at:
            return _("问卷已于 %(date)s 结束，感谢关注。") % {"date": when(self.closes_at)}
        if self.closes_at:
            return _("问卷截止时间：%(date)s。") % {"date": when(self.closes_at)}
        return _("长期开放。")

    def article_target(self):
        """The article this questionnaire is about (CommentTarget), or None."""
        if not (self.draft_id and self.article_key):
            return None
        commentable = as_commentable(self.draft.specific)
        return commentable.get_comment_target(self.article_key) if commentable else None

    def serve(self, request, *args, **kwargs):
        from .views import serve_questionnaire

        return serve_questionnaire(self, request)


class QuestionnaireIndexPage(BasePage):
    """问卷调查 (the section): the questionnaires under it, open ones first, then those not yet
    open and those closed. 问卷编辑 get page rights on every such index (roles.py)."""

    intro = models.CharField(_("导语"), max_length=500, blank=True)

    template = "questionnaires/questionnaire_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["questionnaires.QuestionnairePage"]

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("问卷调查栏目")
        verbose_name_plural = _("问卷调查栏目")

    def sections(self, now=None) -> list[tuple[str, str, list]]:
        """``[(key, heading, questionnaires)]``, the empty ones left out. The listing reads the
        window only, not the questions."""
        now = now or timezone.now()
        pages = (
            QuestionnairePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("-first_published_at", "pk")
        )
        groups = {"open": [], "upcoming": [], "closed": []}
        for page in pages:
            if page.opens_at and now < page.opens_at:
                groups["upcoming"].append(page)
            elif page.closes_at and now > page.closes_at:
                groups["closed"].append(page)
            else:
                groups["open"].append(page)
        headings = {
            "open": _("正在进行"),
            "upcoming": _("即将开始"),
            "closed": _("已经结束"),
        }
        return [(key, headings[key], groups[key]) for key in groups if groups[key]]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections()
        return context


class Channel(models.TextChoices):
    WEB = "web", _("网站")
    POINT = "point", _("联系点二维码")
    CODE = "code", _("征集码")


class Reply(models.Model):
    """One person's answers to one questionnaire (always its default-language page)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("问卷")
    )
    # sha256 of the page and the browser's random token: one reply per browser, and a double
    # submit stored once; the token itself is never stored.
    token_hash = models.CharField(max_length=64, editable=False)
    # On a questionnaire that verifies phones: a keyed hash of the verified number
    # (verification.phone_hash), one reply per phone; never the number itself. Empty otherwise.
    phone_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    point = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("联系点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    # Where the person came from when a collection code (征集码) brought them: the source's kind
    # (``core.plugins.SOURCE_KINDS``), its name as the office reads it, and the printed code.
    # Copied from the code's source when the reply is stored, so a site renamed or a code
    # switched off later still reads as it did. Empty for a reply not brought by a code.
    source_kind = models.CharField(_("来源类型"), max_length=10, blank=True, default="")
    source_label = models.CharField(_("来源"), max_length=200, blank=True, default="")
    source_code = models.CharField(_("征集码"), max_length=8, blank=True, default="")
    created = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        constraints = [
            models.UniqueConstraint(fields=["page", "token_hash"], name="questionnaire_one_reply"),
            models.UniqueConstraint(
                fields=["page", "phone_hash"],
                condition=~models.Q(phone_hash=""),
                name="questionnaire_one_reply_per_phone",
            ),
        ]
        permissions = [("view_questionnaire_results", _("查看问卷结果"))]

    def __str__(self):
        return f"{self.page_id}:{self.pk}"


class PhoneCode(models.Model):
    """The SMS code last sent to one phone for one questionnaire (verification.py). Only keyed
    hashes: of the number and of the code. ``attempts`` counts wrong codes; at the limit the
    phone is locked for a while and the code is void."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "phone_hash"], name="questionnaire_phone_code")
        ]

    def __str__(self):
        return f"{self.page_id}:{self.phone_hash[:8]}"


class Answer(models.Model):
    """One answered question (or one chosen option of a multiple choice, one row of a matrix)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=64)  # block id
    row = models.CharField(max_length=64, blank=True)  # matrix row id
    option = models.CharField(max_length=64, blank=True)  # option id, rating value
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return f"{self.question}:{self.row}:{self.option}"


class AnswerCount(models.Model):
    """Running totals of one questionnaire: per (question, row, option) how many chose it. The
    row with an empty option counts the people who answered the question (and sums a number or
    rating); the one with an empty question counts the replies."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=64, blank=True)
    row = models.CharField(max_length=64, blank=True)
    option = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=24, decimal_places=4, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "question", "row", "option"], name="questionnaire_count_key"
            )
        ]

    def __str__(self):
        return f"{self.question}:{self.row}:{self.option}={self.count}"


def source_page(page):
    """The default-language page of ``page``: every translation's replies are counted together."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    from wagtail.models import Page

    source = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    return source or page

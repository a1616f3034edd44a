"""Factories: what a test needs, built in a line, without the demo site.

- ``UserFactory(groups=["意见办理员"])``: a user in the office's groups (created by migrations, so
  they exist without the demo); ``verified=True`` also gives the confirmed TOTP device that the
  back office's two-step sign-in asks for (sign the client in with ``tests.signin``).
- ``DraftFactory(articles=12)``: a published, open draft with that many numbered articles, imported
  through the drafts plugin's own service (so its versions and article keys are real), under the
  site's draft index — created if the database has none.
- ``OpinionFactory(page=draft, article=3)``: an opinion stored through the intake service, as the
  public form would store it (receipt code, article version, fingerprint).

Page factories go through the plugins' services rather than field-by-field ``DjangoModelFactory``
declarations: a draft's body, its versions and its article index must agree, and only the service
knows how."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 as Chinese numerals (第十二条), the way the importer expects article numbers."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def draft_text(articles: int, title: str = "某市测试条例（草案）") -> str:
    lines = [title, "第一章 总则"]
    for n in range(1, articles + 1):
        lines.append(
            f"第{cn_number(n)}条 关于第{n}项事务，有关部门应当依法履行职责并公开办理情况。"
        )
    return "\n".join(lines)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.gov.cn")
    password = factory.django.Password("pw-12345-abc")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or ():
            self.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def verified(self, create, value, **kwargs):
        if value:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            TOTPDevice.objects.create(user=self, name="factory", confirmed=True)


class DraftFactory(factory.Factory):
    """A published draft; ``open=False`` gives one whose window has closed."""

    class Meta:
        model = dict  # built by the drafts service in ``_create``

    articles = 10
    title = factory.Sequence(lambda n: f"某市测试条例（草案{n}）")
    slug = factory.Sequence(lambda n: f"factory-draft-{n}")
    open = True

    @classmethod
    def _create(cls, model_class, *, articles, title, slug, open, **fields):
        from core.legal_text import parse_draft
        from drafts.services import create_draft

        now = timezone.now()
        if open:
            fields.setdefault("opens_at", now - dt.timedelta(days=1))
            fields.setdefault("closes_at", now + dt.timedelta(days=9))
        else:
            fields.setdefault("opens_at", now - dt.timedelta(days=30))
            fields.setdefault("closes_at", now - dt.timedelta(days=1))
        result = create_draft(
            _draft_index(),
            parse_draft(draft_text(articles, title)),
            title=title,
            slug=slug,
            publish=True,
            **fields,
        )
        return type(result.page).objects.get(pk=result.page.pk)


def _draft_index():
    from drafts.models import DraftIndexPage
    from home.site_setup import ensure_site

    home = ensure_site()
    index = DraftIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = home.add_child(instance=DraftIndexPage(title="法规草案", slug="drafts"))
    return index


class OpinionFactory(factory.Factory):
    """An opinion on ``page`` (a draft), on article number ``article`` (1-based) or the whole."""

    class Meta:
        model = dict

    page = factory.SubFactory(DraftFactory)
    article = None
    text = factory.Sequence(lambda n: f"建议第{n}号：增加对公共场所的管理规定。")
    name = "张三"
    phone = "13812345678"
    email = ""
    publish_consent = "anonymous"
    channel = "web"

    @classmethod
    def _create(cls, model_class, *, page, article, channel, **data):
        from forms.intake import Submission, create_opinion

        target = page.get_comment_targets()[article - 1] if article else None
        return create_opinion(
            page, Submission(target=target, **data), channel=channel, check_window=False
        )

"""Traditional Chinese (zh-hant) produced from zh-hans with OpenCC.

The standard is Hong Kong's character forms (OpenCC ``s2hk``: 台, 裏, 着), converted phrase by
phrase (乾淨 not 幹淨, 頭髮 not 頭發, 後面 but 皇后), with mainland vocabulary kept: ``s2twp``
would also reword terms (立法联系点 → 立法聯絡點, 信息 → 資訊), and the names of laws and
institutions must stay the words the legislature used.

Two users of one converter:
- ``OpenCCTranslator``: a wagtail-localize machine translator, so an editor's "machine translate"
  button fills a zh-hant translation that stays reviewable like any other;
- ``translate_object``: the same for one page or snippet, and ``translate_site`` for every
  zh-hans snippet and live page at once (``manage.py translate_zh_hant``, the demo's last step).
"""

from __future__ import annotations

from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

HANS = "zh-hans"
HANT = "zh-hant"
CONFIG = "s2hk"  # see the module docstring; docs/languages.md states it for readers


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # opencc-python-reimplemented: pure Python, no native build

    return OpenCC(CONFIG)


def to_traditional(text: str) -> str:
    return _converter().convert(text) if text else text


@lru_cache(maxsize=256)
def _traditional_cached(text: str) -> str:
    return to_traditional(text)


def in_reader_script(text: str) -> str:
    """``text`` (a site setting written once, in simplified characters: the site's name, the
    office, its address) in the characters of the language being rendered: traditional on the
    zh-hant site, as is everything else there, unchanged in the other languages. Filing numbers
    (ICP, 公安备案) are not passed through it: they must read as registered."""
    if not text or translation.get_language() != HANT:
        return text
    return _traditional_cached(str(text))


def html_to_traditional(html: str) -> str:
    """Convert the text nodes only: tags and attributes (URLs, ids) must stay as they are.

    The text is converted as one string, so that a phrase split by inline markup (头<b>发</b>)
    is still read as a phrase, then cut back into its nodes: OpenCC's simplified → traditional
    tables map each character to one character, so the lengths line up."""
    soup = BeautifulSoup(html, "html.parser")
    nodes = [n for n in soup.descendants if isinstance(n, NavigableString) and n.strip()]
    texts = [str(node) for node in nodes]
    joined = "".join(texts)
    converted = to_traditional(joined)
    if len(converted) != len(joined):  # not one to one: convert node by node instead
        pieces = [to_traditional(text) for text in texts]
    else:
        pieces, start = [], 0
        for text in texts:
            pieces.append(converted[start : start + len(text)])
            start += len(text)
    for node, piece in zip(nodes, pieces, strict=True):
        node.replace_with(piece)
    return str(soup)


class OpenCCTranslator(BaseMachineTranslator):
    display_name = _("OpenCC 简繁转换")

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code == HANS and target_locale.language_code == HANT

    def translate(self, source_locale, target_locale, strings):
        return {string: StringValue(html_to_traditional(string.data)) for string in strings}


def translate_object(instance, user=None, publish=True):
    """Create or refresh the zh-hant translation of a zh-hans page or snippet with OpenCC.

    Segments an editor has already translated by hand are kept; only missing or machine-made ones
    are (re)converted, so re-running after the source changed updates what is out of date."""
    from wagtail.models import DraftStateMixin, Locale
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    target = Locale.objects.get(language_code=HANT)
    with transaction.atomic():
        source, _created = TranslationSource.update_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=target, defaults={"enabled": True}
        )
        manual = set(
            StringTranslation.objects.filter(locale=target, context__object_id=source.object_id)
            .exclude(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
            .values_list("translation_of_id", "context_id")
        )
        for segment in source.stringsegment_set.select_related("string", "context"):
            if (segment.string_id, segment.context_id) in manual:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=target,
                context=segment.context,
                defaults={
                    "data": html_to_traditional(segment.string.data),
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                    "tool_name": str(OpenCCTranslator.display_name),
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
        # wagtail-localize publishes through transaction.on_commit with the revision it holds in
        # memory; inside an outer transaction (load_demo) that stale copy would be saved after
        # the children were added and reset the parent's numchild. Save a draft and publish the
        # fresh latest revision here instead.
        # A snippet without drafts (a draft's topic) has no draft to save: it is saved as is.
        drafts = isinstance(instance, DraftStateMixin)
        translation.save_target(user=user, publish=not drafts)
        target = translation.get_target_instance()
        if publish and drafts:
            target.get_latest_revision().publish(user=user)
            target.refresh_from_db()
    return target


def translatable_snippets() -> list[type]:
    """Models other than pages that exist once per language (a draft's topics, 普法 series)."""
    from django.apps import apps
    from wagtail.models import Page, TranslatableMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, TranslatableMixin) and not issubclass(model, Page)
    ]


def translate_site(*, publish=True, missing_only=False) -> tuple[int, int]:
    """Give every zh-hans snippet and live page its zh-hant translation with OpenCC; with
    ``missing_only`` only those that have none; without ``publish`` pages are saved as drafts
    and snippets, which have no drafts and would show at once, are left alone. Returns
    (snippets, pages) converted.

    Snippets go first: a page translated after them has its foreign keys to them (a 普法
    article's topic) pointed at their copies by wagtail-localize. Many-to-many links (a draft's
    topics) stay as they are; pages show those through ``as_read_in``."""
    from wagtail.models import Locale, Page

    hant, _created = Locale.objects.get_or_create(language_code=HANT)

    def convert(model, rows) -> int:
        done = set()
        if missing_only:
            done = set(model.objects.filter(locale=hant).values_list("translation_key", flat=True))
        todo = [instance for instance in rows if instance.translation_key not in done]
        for instance in todo:
            translate_object(instance, publish=publish)
        return len(todo)

    snippets = sum(
        convert(model, model.objects.filter(locale__language_code=HANS).order_by("pk"))
        for model in (translatable_snippets() if publish else ())
    )
    pages = Page.objects.filter(locale__language_code=HANS, depth__gt=1).live().order_by("path")
    return snippets, convert(Page, pages.specific())


def as_read_in(objects, locale_id: int) -> list:
    """``objects`` (translatable snippets, any mix of models, None kept) as a page in the language
    ``locale_id`` shows them: each one's translation into that language where there is one, else
    the object itself. A translated page keeps its source's links to snippets (Wagtail and
    wagtail-localize copy foreign keys and many-to-many links to them as they are), so without
    this a traditional-Chinese or English page would name its topics in simplified Chinese.
    One query per model that has objects in another language; none when all are in it."""
    objects = list(objects)
    foreign: dict[type, set] = {}
    for obj in objects:
        if obj is not None and obj.locale_id != locale_id:
            foreign.setdefault(type(obj), set()).add(obj.translation_key)
    if not foreign:
        return objects
    found = {
        (model, other.translation_key): other
        for model, keys in foreign.items()
        for other in model.objects.filter(locale_id=locale_id, translation_key__in=keys)
    }
    return [
        obj if obj is None else found.get((type(obj), obj.translation_key), obj) for obj in objects
    ]

"""core/upstream/flat_gettext.py: every message answers as Django's own lookup answers it, with
one dictionary lookup instead of a walk through every app's catalog."""

import gettext as gettext_module

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real


def django_answer(translation_object, message):
    """What Django's own (unflattened) lookup answers."""
    return gettext_module.GNUTranslations.gettext(translation_object, message)


def every_msgid(translation_object):
    found = set()
    link = translation_object
    while link is not None:
        catalog = getattr(link, "_catalog", None)
        if catalog is not None:
            for key in catalog.keys():  # noqa: SIM118 - TranslationCatalog has no __iter__
                found.add(key if isinstance(key, str) else key[0])
        link = getattr(link, "_fallback", None)
    return found


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_message_answers_as_django_does(language):
    flat = trans_real.translation(language)
    assert getattr(flat, "_lawbridge_flat", False)
    messages = every_msgid(flat) | {"首页", "不存在的消息", "草案\x04条文", "Save", ""}
    assert len(messages) > 1000
    different = [m for m in messages if flat.gettext(m) != django_answer(flat, m)]
    assert not different, different[:5]


def test_site_messages_still_translate():
    with translation.override("en"):
        assert translation.gettext("首页") == "Home"
    with translation.override("zh-hant"):
        assert translation.gettext("首页") == "首頁"
    with translation.override("zh-hans"):
        assert translation.gettext("首页") == "首页"
        # Django's and Wagtail's catalogues (admin and form messages) are still read.
        assert translation.gettext("This field is required.") not in ("", "This field is required.")


def test_a_lookup_does_not_walk_the_fallbacks():
    """A zh-hans miss walked every app's catalog and fallback (about 36 µs a message); the flat
    lookup never reaches them."""

    class Tripwire(gettext_module.NullTranslations):
        def gettext(self, message):
            raise AssertionError("walked the fallback chain")

    flat = trans_real.translation("zh-hans")
    flat.add_fallback(Tripwire())  # at the end of the chain, where a miss would arrive
    try:
        assert flat.gettext("没有这条消息") == "没有这条消息"
    finally:
        link = flat
        while not isinstance(link._fallback, Tripwire):
            link = link._fallback
        link._fallback = None

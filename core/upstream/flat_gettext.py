"""One dictionary lookup per translated message, instead of a walk through every app's catalog.

Django builds a language's translations by merging each installed app's catalog. Its
``TranslationCatalog.update`` is meant to merge catalogs with the same plural rule into one
dictionary, but compares a code object with a function (``trans.plural.__code__ ==
self._plurals[0]``), which is never equal: every app's catalog stays a dictionary of its own, and
``gettext`` tries them one by one. Python's ``gettext.translation`` also chains each app's ``zh``
catalog behind its ``zh_Hans`` one, and ``merge`` appends those chains as fallbacks. For zh-hans —
the site's first language, whose own messages are their msgids and so miss every catalog — one
``gettext`` walked about 25 dictionaries and 12 fallbacks: 36 µs, where an English lookup takes 8.
A reading page asks a few hundred times.

``apply()`` wraps ``django.utils.translation.trans_real.translation`` so that each translation
object, once built, gets a ``gettext`` that reads one dictionary holding, for every message any
of its catalogs or fallbacks knows, the answer Django's own lookup order gives. Plural forms
(``ngettext``) keep Django's path: they depend on each catalog's plural rule, and are few.

Relies on Django internals (``trans_real.translation``, ``DjangoTranslation._catalog`` as a
``TranslationCatalog`` with ``_catalogs``/``_plurals``, ``_fallback`` chains); listed in
``core/upstream/internals.py``, and ``tests/core/test_flat_gettext.py`` compares every message
of every catalog with Django's own answer.
"""

from __future__ import annotations

import gettext as gettext_module

from django.utils.translation import trans_real


def _singular_of_plural_entries() -> bool:
    """Whether the running standard library's ``GNUTranslations.gettext`` answers a msgid known
    only from plural entries with its singular form (Python 3.11.7 does; 3.11.2, Debian 12's,
    answers the msgid itself and asks the fallbacks). Asked of the library, not read off its
    version number: the flattened answers must be the ones it would give."""
    msgid = "day"  # a variable, not a literal: makemessages would collect the literal
    probe = gettext_module.GNUTranslations()
    probe._catalog = {(msgid, 0): "天"}
    probe.plural = lambda n: 0
    return probe.gettext(msgid) == "天"


SINGULAR_OF_PLURAL_ENTRIES = _singular_of_plural_entries()


def _chain(translation):
    """The translation object and its fallbacks, in the order ``gettext`` asks them."""
    seen = set()
    while translation is not None and id(translation) not in seen:
        seen.add(id(translation))
        yield translation
        translation = getattr(translation, "_fallback", None)


def _answers(translation) -> dict[str, str] | None:
    """``{msgid: translated}`` as GNUTranslations.gettext would answer for every msgid it can
    find anywhere in the chain; None when a link is of a kind we do not know (then the
    object keeps Django's own gettext)."""
    answers: dict[str, str] = {}
    for link in _chain(translation):
        if type(link) is gettext_module.NullTranslations:
            continue  # answers the msgid itself, or asks its own fallback: the chain goes on
        catalog = getattr(link, "_catalog", None)
        if catalog is None:
            continue
        if isinstance(catalog, trans_real.TranslationCatalog):
            dictionaries = list(zip(catalog._catalogs, catalog._plurals, strict=True))
        elif isinstance(catalog, dict):
            dictionaries = [(catalog, link.plural)]
        else:
            return None
        # GNUTranslations.gettext: the msgid in any of the link's dictionaries, else (where the
        # standard library does so) the singular (``plural(1)``) form of a plural entry, in the
        # same dictionary order.
        own: dict[str, str] = {}
        for dictionary, _plural in reversed(dictionaries):
            own.update((k, v) for k, v in dictionary.items() if isinstance(k, str))
        if SINGULAR_OF_PLURAL_ENTRIES:
            one = link.plural(1)
            for dictionary, _plural in dictionaries:  # the first dictionary's wins
                for key, text in dictionary.items():
                    if isinstance(key, tuple) and key[1] == one:
                        own.setdefault(key[0], text)
        for msgid, text in own.items():
            answers.setdefault(msgid, text)  # an earlier link of the chain wins
    return answers


def flatten(translation) -> None:
    """Give ``translation`` a one-lookup ``gettext`` with the same answers as its own."""
    if getattr(translation, "_lawbridge_flat", False):
        return
    answers = _answers(translation)
    translation._lawbridge_flat = True
    if answers is None:
        return

    def gettext(message):
        return answers.get(message, message)

    translation.gettext = gettext


def apply() -> None:
    original = trans_real.translation
    if getattr(original, "_lawbridge_flat", False):
        return

    def translation(language):
        found = original(language)
        flatten(found)
        return found

    translation._lawbridge_flat = True
    translation.__wrapped__ = original
    trans_real.translation = translation

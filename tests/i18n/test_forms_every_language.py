"""Every form we own speaks the visitor's language: no translated string is formatted at import
time (it would be frozen in zh-hans, the language active then), and no string of our catalogues
shows up untranslated in an English form.

Two guards: the forms' declared strings (labels, help texts, error messages, choices, model fields
behind the admin forms), rendered in English, must differ from their zh-hans rendering; and each
public form page and our admin edit forms, rendered in English, contain no text node that is one
of our zh-hans msgids."""

import importlib
import pkgutil
import re
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from tests.i18n.conftest import needs, translate_into

# The house's apps and every installed optional plugin (the settings' one list of them).
OURS = [
    app
    for app in ("core", "home", "users", *settings.LAWBRIDGE_OPTIONAL_PLUGINS)
    if apps.is_installed(app)
]
HAN = re.compile(r"[\u3400-\u9fff]")
SKIP_MODULES = (".migrations", ".management", ".demo", ".tests")


def _import_everything():
    """Forms live in modules loaded on the first request (admin views): load them all."""
    for app in OURS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part in module.name for part in SKIP_MODULES):
                importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _field_texts(field):
    texts = [field.label, field.help_text, *field.error_messages.values()]
    texts += [field.widget.attrs.get(k) for k in ("placeholder", "title", "aria-label")]
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        texts += [label for _value, label in field.choices if not isinstance(label, list | tuple)]
    return texts


def _panel_strings(panel, where):
    for text in (getattr(panel, "heading", None), getattr(panel, "help_text", None)):
        if text:
            yield where, text
    for child in getattr(panel, "children", None) or []:
        yield from _panel_strings(child, where)


def _block_strings(block, where, seen):
    if id(block) in seen:
        return
    seen.add(id(block))
    for text in (block.label, getattr(block.meta, "help_text", None)):
        if text:
            yield f"{where}:{type(block).__name__}", text
    children = list(getattr(block, "child_blocks", {}).values())
    if hasattr(block, "child_block"):
        children.append(block.child_block)
    for child in children:
        yield from _block_strings(child, where, seen)


def _admin_strings(model):
    """Panel headings and StreamField block labels: built once, when the admin first needs them
    (a system check at start-up), so a heading formatted there is frozen in that language."""
    from wagtail.fields import StreamField
    from wagtail.models import Page

    if issubclass(model, Page):
        yield from _panel_strings(model.get_edit_handler(), model._meta.label)
    for panel in getattr(model, "panels", None) or []:
        yield from _panel_strings(panel, model._meta.label)
    for field in model._meta.get_fields():
        if isinstance(field, StreamField) and field.model is model:
            yield from _block_strings(
                field.stream_block, f"{model._meta.label}.{field.name}", set()
            )


def _declared_strings():
    """(where, lazy string) for every string our forms and models declare at import time."""
    _import_everything()
    for cls in set(_subclasses(forms.BaseForm)):
        if cls.__module__.split(".")[0] not in OURS:
            continue
        for name, field in getattr(cls, "base_fields", {}).items():
            for text in _field_texts(field):
                if text:
                    yield f"{cls.__module__}.{cls.__qualname__}.{name}", text
    for model in apps.get_models():
        if model._meta.app_label not in OURS:
            continue
        yield model._meta.label, model._meta.verbose_name
        yield from _admin_strings(model)
        for field in model._meta.get_fields():
            if getattr(field, "model", None) is not model or not hasattr(field, "verbose_name"):
                continue
            where = f"{model._meta.label}.{field.name}"
            choices = [label for _v, label in field.choices or [] if isinstance(label, str)]
            for text in [field.verbose_name, field.help_text, *choices]:
                if text:
                    yield where, text


def test_no_translated_string_is_frozen_at_import_time():
    frozen = []
    for where, text in _declared_strings():
        with translation.override(settings.LANGUAGE_CODE):
            chinese = str(text)
        with translation.override("en"):
            english = str(text)
        if HAN.search(chinese) and english == chinese:
            frozen.append(f"{where}: {chinese}")
    assert not frozen, "\n".join(sorted(set(frozen)))


# ---------------------------------------------------------------------------------------------
# Rendered forms


def _msgid_patterns():
    """Our zh-hans msgids as full-text patterns (placeholders match anything)."""
    base = Path(settings.BASE_DIR)
    patterns = set()
    for po in [base / "locale/en/LC_MESSAGES/django.po", *base.glob("*/locale/en/LC_MESSAGES/django.po")]:  # fmt: skip
        for entry in polib.pofile(str(po)):
            if entry.obsolete or len(HAN.findall(entry.msgid)) < 2:
                continue  # one character (a weekday) is too short to tell from content
            parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", entry.msgid)
            patterns.add(".+?".join(re.escape(part) for part in parts))
    return re.compile("|".join(f"(?:{p})" for p in sorted(patterns)))


@pytest.fixture(scope="module")
def msgids():
    return _msgid_patterns()


def _form_strings(html, content=()):
    """Text nodes and attribute texts inside the page's forms, minus the page's own content."""
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for form in soup.select("main form, form"):
        for node in form.find_all(string=True):
            if node.parent.name not in ("script", "style", "textarea", "option"):
                out.append(node.strip())
        for tag in form.find_all(True):
            out += [tag.get(a, "") for a in ("placeholder", "title", "aria-label")]
            if tag.name in ("button", "input") and tag.get("type") in ("submit", "button"):
                out.append(tag.get("value", ""))
    return [text.rstrip("：:*（） ").strip() for text in out if text and text not in content]


def _leaks(html, msgids, content=()):
    return sorted({t for t in _form_strings(html, content) if t and msgids.fullmatch(t)})


def _english(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@needs["drafts"]
@needs["forms"]
def test_public_forms_in_english_carry_no_chinese_of_ours(client, english_draft, msgids):
    from drafts.models import RegulationDraftPage

    pages = {
        "opinion form": f"/en/opinions/new/{english_draft.pk}/",
        "draft page with its form": english_draft.url,
        "status lookup": "/en/opinions/status/",
        "withdraw": "/en/opinions/withdraw/",
    }
    if apps.is_installed("search"):
        pages["search"] = "/en/search/?q=%E6%84%8F%E8%A7%81"
    leaks = {}
    for name, url in pages.items():
        # The draft's own text (articles in the form's select) is content, not ours.
        content = {str(english_draft.title)}
        found = _leaks(_english(client, url), msgids, content)
        if found:
            leaks[name] = found
    assert not leaks, leaks
    assert RegulationDraftPage.objects.filter(pk=english_draft.pk).exists()


@needs["forms"]
def test_questionnaire_page_in_english(client, demo_site, msgids):
    from forms.models import OpinionFormPage

    source = OpinionFormPage.objects.live().get(locale__language_code=settings.LANGUAGE_CODE)
    page = OpinionFormPage.objects.live().filter(locale__language_code="en").first()
    page = page or translate_into(source, "en")
    # The editor's questions are content (wagtail-localize translates them), not ours.
    content = set()
    for field in page.specific.form_fields.all():
        content |= {field.label, field.help_text, *field.choices.splitlines()}
    content = {text.strip() for text in content if text}
    assert _leaks(_english(client, page.url), msgids, content) == []


@needs["events"]
def test_event_sign_up_in_english(client, demo_site, msgids):
    from events.models import EventNoticePage

    notice = EventNoticePage.objects.live().filter(
        locale__language_code=settings.LANGUAGE_CODE, registration_open=True
    )
    notice = notice.order_by("-start").first()
    if notice is None:
        pytest.skip("no demo event takes sign-ups")
    english = translate_into(notice, "en")
    html = _english(client, english.url + "?register=1")
    assert "<form" in html
    assert _leaks(html, msgids) == []


def _english_admin(client):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    from tests.signin import login_with_2fa

    user = get_user_model().objects.create_superuser("lang-admin", "lang@example.com", "x")
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language="en"
    )
    login_with_2fa(client, user)
    return client


def test_our_admin_edit_forms_in_english(client, demo_site, msgids):
    """The edit form of one page of each of our page types, in an English-speaking admin."""
    from wagtail.models import Page

    _english_admin(client)
    leaks = {}
    for model in apps.get_models():
        if model._meta.app_label not in OURS or not issubclass(model, Page):
            continue
        page = model.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        if page is None:
            continue
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, model
        html = response.content.decode()
        # Text that is the page's own (its title, its fields' values in widgets) is content.
        found = _leaks(html, msgids, {page.title})
        if found:
            leaks[model._meta.label] = found
    assert not leaks, leaks

import pytest
from django.apps import apps
from django.utils import translation

needs = {
    app: pytest.mark.skipif(not apps.is_installed(app), reason=f"{app} plugin not installed")
    for app in ("drafts", "forms", "events", "law_education")
}


@pytest.fixture(autouse=True)
def chinese_first():
    """A request to /en/ leaves its language active in the test thread; start in Chinese."""
    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


def translate_into(instance, language_code: str):
    """What an editor does in wagtail-localize: submit the page (or snippet) for translation into
    a locale and publish it (segments not yet translated fall back to the source text)."""
    from django.test import TestCase
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    # wagtail-localize publishes once the transaction commits; tests run inside one.
    with TestCase.captureOnCommitCallbacks(execute=True):
        source.create_or_update_translation(locale, publish=True, fallback=True)
    return instance.get_translation(locale)


@pytest.fixture
def draft(demo_site):
    """The open demo draft (文明行为促进条例), in zh-hans."""
    if not apps.is_installed("drafts"):
        pytest.skip("drafts plugin not installed")
    from drafts.models import RegulationDraftPage

    page = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    assert page.accepts_comments()
    return page


@pytest.fixture
def english_draft(draft):
    return translate_into(draft, "en").specific

"""What the office decides on a page's opinion settings reaches its readers at once: the settings
are kept in process until the next publish or settings save (core/published_memo.py), and a save
drops them and the cached pages (forms/apps.py)."""

from tests.forms.conftest import needs_drafts


@needs_drafts
def test_hiding_and_showing_public_opinions_shows_on_the_next_view(client, draft):
    from forms.models import PageOpinionSettings

    settings, _created = PageOpinionSettings.objects.get_or_create(page=draft)
    settings.show_public_opinions = True
    settings.save()
    assert "article-opinions" in client.get(draft.url).content.decode()
    settings.show_public_opinions = False
    settings.save()
    assert "article-opinions" not in client.get(draft.url).content.decode()
    settings.show_public_opinions = True
    settings.save()
    assert "article-opinions" in client.get(draft.url).content.decode()


def test_a_settings_save_raises_the_generation(db, draft):
    from core import page_cache
    from forms.models import PageOpinionSettings

    before = page_cache.current_generation()
    settings, _created = PageOpinionSettings.objects.get_or_create(page=draft)
    settings.save()
    assert page_cache.current_generation() > before

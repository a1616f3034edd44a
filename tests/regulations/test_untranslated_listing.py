"""A regulation added in Chinese is listed on the English and 繁體 indexes before anyone translates
it: in Chinese, marked as such, linking to the Chinese page (core.untranslated), as drafts are."""

import pytest

from regulations.models import RegulationIndexPage


@pytest.mark.parametrize("prefix, badge", [("/en", "Chinese only"), ("/zh-hant", "僅有簡體版")])
def test_a_new_chinese_regulation_shows_on_the_translated_index(
    client, make_regulation, prefix, badge
):
    index = RegulationIndexPage.objects.get(locale__language_code="zh-hans", slug="fagui")
    regulation = make_regulation(index=index, title="某市新近公布的管理条例")
    html = client.get(f"{prefix}{index.url}").content.decode()
    assert f'<a href="{regulation.url}" lang="zh-Hans" hreflang="zh-Hans">' in html
    assert regulation.title in html and badge in html
    assert client.get(index.url).content.decode().count("badge-original-language") == 0

"""A draft page leads to its regulation's whole life story (立法历程), which tells its versions."""

from bs4 import BeautifulSoup


def test_the_draft_links_to_its_life_story(client, demo_draft):
    page = demo_draft("tingche")
    html = client.get(page.url).content.decode()
    link = BeautifulSoup(html, "html.parser").find("a", href=f"/licheng/{page.pk}/")
    assert link is not None and link.get_text(strip=True) == "立法历程"
    story = client.get(f"/licheng/{page.pk}/")
    assert story.status_code == 200
    text = BeautifulSoup(story.content.decode(), "html.parser").get_text()
    for version in page.version_rows:
        assert version.label in text

import pytest
from wagtail.models import Page

from law_education.models import LawEducationArticlePage, LawEducationIndexPage

SHOWCASE = "wuye-fei-gai-bu-gai-jiao"


@pytest.fixture
def index(demo_site) -> LawEducationIndexPage:
    return LawEducationIndexPage.objects.get(slug="law-education", locale__language_code="zh-hans")


@pytest.fixture
def showcase(index) -> LawEducationArticlePage:
    """The demo article that uses every block type."""
    return LawEducationArticlePage.objects.get(slug=SHOWCASE, locale__language_code="zh-hans")


def add_article(parent: Page, slug: str, body=None, publish=True, **fields):
    page = LawEducationArticlePage(
        slug=slug,
        title=fields.pop("title", slug),
        summary=fields.pop("summary", "一句话摘要"),
        body=body or [("paragraph", "<p>正文</p>")],
        live=publish,
        **fields,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page

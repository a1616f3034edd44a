"""Search quality: 40 Chinese queries, each with the pages or articles that must be in the top 5.

The corpus is built from real regulations (tests/fixtures/laws/*.md): one page per regulation and
one page per article (第N条) under it, the shape of a draft with its articles, plus a few
普法 / 活动 / 联系点 pages from tests/fixtures/search/pages.json. Runs on whichever database the
suite runs on; precision@5 is printed in the terminal summary ("search quality")."""

import json

import pytest
from django.db import transaction

from search import service
from tests.search.conftest import QUALITY, SEARCH_FIXTURES, law_articles, make_page

LAW_FILES = [
    "binzhou_daolu_2016.md",
    "binzhou_gongre_2016.md",
    "binzhou_lifa_2016.md",
    "binzhou_tingche_2021.md",
    "jiangmen_wenming_2021.md",
]
CASES = json.loads((SEARCH_FIXTURES / "quality.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """Built once for the module, on top of the demo, inside a transaction that is rolled back
    afterwards. The demo is the session's (``django_db_setup``); only if a transactional test has
    emptied the database first is it copied back from the snapshot."""
    from wagtail.models import Locale, Page, Site

    from tests.conftest import restore_demo

    with django_db_blocker.unblock():
        if not Page.objects.filter(depth__gt=2).exists():
            restore_demo()
    with django_db_blocker.unblock(), transaction.atomic():
        home = Site.objects.get(is_default_site=True).root_page.specific
        for n, filename in enumerate(LAW_FILES):
            title, articles = law_articles(filename)
            law = make_page(
                home,
                title,
                "",
                " ".join(f"{label} {text}" for label, text in articles),
                slug=f"law-{n}",
            )
            for k, (label, text) in enumerate(articles, start=1):
                make_page(law, f"{title} {label}", "", text, slug=f"a{k}")
        for item in json.loads((SEARCH_FIXTURES / "pages.json").read_text(encoding="utf-8")):
            make_page(home, item["title"], item["introduction"], item["body"], slug=item["slug"])
        yield Locale.get_default()
        transaction.set_rollback(True)


@pytest.mark.parametrize("case", CASES, ids=[case["q"] for case in CASES])
def test_expected_result_in_top_5(corpus, case, db):
    result = service.search_site(case["q"], corpus)
    titles = [hit.title for hit in result.hits]
    top5 = titles[:5]
    ranks = [titles.index(t) + 1 for t in case["expect"] if t in titles]
    QUALITY[case["q"]] = {
        "relevant": len(case["expect"]),
        "relevant_in_top5": sum(1 for t in case["expect"] if t in top5),
        "first_rank": min(ranks) if ranks else None,
        "top5": top5,
    }
    assert set(case["expect"]) & set(top5), f"{case['q']!r}: top 5 were {top5}"

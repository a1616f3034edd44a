"""Every page type has a fixed query budget, checked on every page of the demo sitemap in every
language. A new page type must get a budget here; a change that adds queries to a page type (an
N+1 in a template, say) fails this test. Growth with content is tested per plugin (a draft with
120 articles, the events index with many events)."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Pinned at what the demo pages need today, plus a small margin for translations' extra lookups.
BUDGET = {
    "home.homepage": 40,  # open drafts, calls and questionnaires first (each: pages, public(), counts); untranslated fallbacks
    "home.standardpage": 20,
    "drafts.draftindexpage": 27,
    "drafts.regulationdraftpage": 35,  # + what the new version absorbed, the closing report link
    "events.eventindexpage": 30,
    "events.eventnoticepage": 29,
    "forms.opinionformpage": 24,
    "law_education.laweducationindexpage": 32,
    "law_education.laweducationarticlepage": 35,
    "liaison_points.liaisonpointindexpage": 31,
    "liaison_points.liaisonpointpage": 36,
    "questionnaires.questionnairepage": 30,  # questions, the reply token, published results, its index
    "questionnaires.questionnaireindexpage": 21,  # the questionnaires listed, open and closed
    "plans.planindexpage": 21,  # plans and calls listed
    "plans.legislativeplanpage": 24,  # items with their drafts, counts and feedback, open calls
    "plans.projectproposalpage": 20,
    "regulations.regulationindexpage": 20,
    "regulations.regulationpage": 48,  # its life story: a few queries per plugin per round of pages
    "regulations.evaluationpage": 26,  # the regulation's text in force, opinions per article
}


def _language_of(path: str) -> str:
    prefix = path.strip("/").split("/", 1)[0]
    return prefix if prefix in OTHER_LANGUAGES else settings.LANGUAGE_CODE


OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


# One test per language (the sitemap lists each page in every language), so that parallel
# workers share the walk.
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_page_type_keeps_its_query_budget(language, client, demo_site):
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [url.split("localhost", 1)[-1] for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    paths = [path for path in paths if _language_of(path) == language]
    assert paths, f"the sitemap lists no page in {language}"
    over, unbudgeted = [], set()
    for path in paths:
        client.get(path)  # warm per-process caches (site root paths, locales)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        label = response.context["page"]._meta.label_lower
        if label not in BUDGET:
            unbudgeted.add(label)
        elif len(queries) > BUDGET[label]:
            over.append(f"{path} ({label}): {len(queries)} > {BUDGET[label]}")
    assert not unbudgeted, f"page types without a query budget: {sorted(unbudgeted)}"
    assert not over, "\n".join(over)

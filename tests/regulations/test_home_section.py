"""The home page names the evaluations open for comment now (法规实施评估征求意见中), in the reader's
language or in Chinese marked as such; closed and upcoming ones are not there."""

import re

from regulations.models import EvaluationPage


def _section(html: str) -> str:
    found = re.search(r'<section class="home-section home-evaluations".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_open_evaluations_are_on_the_home_page(client, make_regulation, make_evaluation):
    EvaluationPage.objects.all().unpublish()  # the demo's own, so that only ours count
    regulation = make_regulation()
    open_now = make_evaluation(regulation, title="供水条例实施情况评估")
    make_evaluation(regulation, window="closed", title="去年的评估")
    make_evaluation(regulation, window="upcoming", title="明年的评估")

    section = _section(client.get("/").content.decode())
    assert "法规实施评估征求意见中" in section
    assert f'href="{open_now.url}"' in section and "征求意见截止" in section
    assert "去年的评估" not in section and "明年的评估" not in section

    english = _section(client.get("/en/").content.decode())
    assert "Evaluations open for comment" in english and "Comments until" in english
    assert f'href="{open_now.url}" lang="zh-Hans"' in english and "Chinese only" in english


def test_no_section_when_nothing_is_open(client, demo_site):
    EvaluationPage.objects.all().unpublish()
    assert _section(client.get("/").content.decode()) == ""

""" "本条吸收了 N 条公众意见" under each article of the version that took opinions up: on the draft
page, the version's full text, the article's permalink and the version comparison. Every adopted
opinion is counted; only those the public may read are listed, never a contact."""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.drafts.test_permalinks import renumbered, soup  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("forms"), reason="forms plugin not installed"),
]


def adopted(page, first, ordinal, text, *, consent="anonymous", published=True, phone=""):
    from forms.intake import Submission, create_opinion
    from forms.models import Channel
    from forms.workflow import Publication, Status, transition

    key = first.articles()[ordinal - 1]["key"]
    opinion = create_opinion(
        page,
        Submission(
            text=text,
            target=page.get_comment_target(key, version_id=first.pk),
            publish_consent=consent,
            name="王小明",
            phone=phone,
        ),
        channel=Channel.WEB,
        check_window=False,
    )
    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step)
    transition(opinion, Status.ADOPTED, reply="已吸收。", notify=False)
    if published:
        type(opinion).objects.filter(pk=opinion.pk).update(publication=Publication.MASKED)
    return opinion


@pytest.fixture
def absorbing(renumbered):  # noqa: F811
    """Two adopted opinions on 征求意见稿第二条, both taken up by 二审稿第二条 (new) and 第三条 (the
    old 第二条); one published, one whose author did not consent to publication."""
    from forms.adoptions import set_adopted_into
    from forms.models import PageOpinionSettings

    page, first = renumbered
    PageOpinionSettings.objects.create(page=page, show_public_opinions=True)
    shown = adopted(
        page, first, 2, "建议由居民委员会协助宣传，让规定家喻户晓。", phone="13812345678"
    )
    hidden = adopted(page, first, 2, "不愿公开的意见：请写明宣传责任。", consent="none")
    current = page.get_comment_targets()
    for opinion in (shown, hidden):
        set_adopted_into(opinion, [current[1].key, current[2].key])
    return page, first, current


def absorbed_blocks(response):
    return soup(response).select("[data-absorbed]")


def check_block(block, page_html):
    assert block["data-absorbed"] == "2"
    text = " ".join(block.get_text(" ").split())
    assert "本条吸收了 2 条公众意见" in text
    assert "让规定家喻户晓" in text and "不愿公开的意见" not in page_html
    assert "另有 1 条未公开的意见" in text
    # Linked to the article as commented (征求意见稿第二条), never a contact.
    link = block.find("a", string=lambda s: s and "征求意见稿第二条" in s)
    assert link is not None and link["href"].endswith("versions/1/articles/2/")
    assert "13812345678" not in page_html and "王小明" not in page_html


def test_draft_page_shows_absorbed_under_each_article(client, absorbing):
    page, _first, current = absorbing
    response = client.get(page.url)
    html = response.content.decode()
    blocks = absorbed_blocks(response)
    assert len(blocks) == 2
    for block, target in zip(blocks, current[1:3], strict=True):
        assert block.find_parent("article")["aria-label"] == target.label
        check_block(block, html)


def test_version_text_and_article_permalink(client, absorbing):
    page, _first, _current = absorbing
    response = client.get(f"{page.url}versions/2/")
    assert len(absorbed_blocks(response)) == 2
    check_block(absorbed_blocks(response)[0], response.content.decode())
    # The first version took nothing up: nothing shown there.
    assert not absorbed_blocks(client.get(f"{page.url}versions/1/"))
    response = client.get(f"{page.url}versions/2/articles/3/")
    (block,) = absorbed_blocks(response)
    check_block(block, response.content.decode())
    assert not absorbed_blocks(client.get(f"{page.url}versions/2/articles/1/"))


def test_compare_shows_what_each_change_took_up(client, absorbing):
    page, first, _current = absorbing
    response = client.get(f"{page.url}versions/compare/")
    blocks = absorbed_blocks(response)
    assert len(blocks) == 2
    heads = [b.find_parent("li").select_one(".compare-head").get_text(" ") for b in blocks]
    assert "第二条" in heads[0] and "第三条" in heads[1]


def test_nothing_while_the_page_publishes_nothing(client, absorbing):
    from forms.models import PageOpinionSettings

    page, _first, _current = absorbing
    settings = PageOpinionSettings.objects.get(page=page)
    settings.show_public_opinions = False
    settings.save()  # as the office's settings screen does
    assert not absorbed_blocks(client.get(page.url))


def test_one_query_for_every_article(client, absorbing, django_assert_max_num_queries):
    """Asked once per page and version, not once per article."""
    from core.plugins import absorbed_opinions

    page, first, current = absorbing
    version = current[0].version_id

    class Request:
        pass

    request = Request()
    found = absorbed_opinions(request, page, version)
    assert set(found) == {current[1].key, current[2].key}
    with django_assert_max_num_queries(0):
        for target in current:
            absorbed_opinions(request, page, version).get(target.key)

"""The submitter's status page, after the receipt check: "您的意见被吸收到：第X条（二审稿）" with the
new wording beside the one they commented on."""

from bs4 import BeautifulSoup
from django.urls import reverse

from forms.adoptions import set_adopted_into
from forms.intake import Submission, create_opinion
from forms.models import Channel
from forms.workflow import Status, transition
from tests.html_checks import assert_good_page


def adopted_on_first_version(page, ordinal=2, phone="13900004321"):
    first = page.version_rows[0]
    key = first.articles()[ordinal - 1]["key"]
    opinion = create_opinion(
        page,
        Submission(
            text="建议写明收费标准公示。",
            target=page.get_comment_target(key, version_id=first.pk),
            phone=phone,
        ),
        channel=Channel.WEB,
        check_window=False,
    )
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    transition(opinion, Status.ADOPTED, reply="已采纳。", notify=False)
    return opinion


def lookup(client, opinion, contact="4321"):
    return client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "contact": contact}
    )


def test_new_wording_beside_the_old(client, closed_draft):
    opinion = adopted_on_first_version(closed_draft)
    current = closed_draft.get_comment_targets()
    set_adopted_into(opinion, [current[5].key])
    response = lookup(client, opinion)
    html = response.content.decode()
    assert response.status_code == 200
    assert_good_page(html)
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("[data-adopted-into]")
    heading = " ".join(section.h3.get_text().split())
    assert heading == f"您的意见被吸收到：{current[5].label}（二审稿）"
    before = section.select_one("[data-commented-wording]").get_text(" ")
    after = section.select_one(f'[data-new-wording="{current[5].key}"]').get_text(" ")
    assert opinion.article_text[:20] in before and "征求意见稿" in before
    assert " ".join(current[5].text.split())[:20] in " ".join(after.split())
    # The link to the new article in the draft.
    assert section.select_one(f'[data-new-wording="{current[5].key}"] a')["href"] == current[5].url
    # Linking is in the office's history, not a second "已采纳" for the resident.
    statuses = [li.get_text() for li in soup.select(".status-history li")]
    assert sum("已采纳" in s for s in statuses) == 1


def test_nothing_before_the_receipt_check(client, closed_draft):
    opinion = adopted_on_first_version(closed_draft)
    set_adopted_into(opinion, [closed_draft.get_comment_targets()[5].key])
    response = lookup(client, opinion, contact="0000")
    assert response.status_code == 404
    assert "data-adopted-into" not in response.content.decode()


def test_not_linked_shows_nothing(client, closed_draft):
    opinion = adopted_on_first_version(closed_draft)
    html = lookup(client, opinion).content.decode()
    assert "data-adopted-into" not in html and "您的意见被吸收到" not in html

"""What a draft page shows: counts, the comment widget, public opinions and the feedback summary."""

from django.urls import reverse

from core.plugins import opinion_counts, opinion_widget, page_feedback
from forms.intake import Submission, create_opinion
from forms.models import Channel, PageOpinionSettings
from forms.workflow import Publication, Status, decide_publication, transition
from tests.html_checks import assert_good_page


def test_counts_in_one_query(draft, article3, django_assert_num_queries):
    before = opinion_counts(draft).get(article3.key, 0)
    create_opinion(draft, Submission(text="一条", target=article3), channel=Channel.WEB)
    with django_assert_num_queries(1):
        counts = opinion_counts(draft)
    assert counts[article3.key] == before + 1


def test_widget_links_to_the_article_form(rf, draft, article3):
    request = rf.get(draft.url)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = opinion_widget(request, draft, article3)
    assert reverse("opinions_new", args=[draft.pk]) + f"?article={article3.key}" in html
    assert "对本条提意见" in html
    page_html = opinion_widget(request, draft)
    assert f'href="{reverse("opinions_new", args=[draft.pk])}"' in page_html
    assert "<form" not in page_html, "no embedded form: it would make the page uncacheable"


def test_closed_draft_shows_no_comment_links(rf, draft, article3):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    draft.closes_at = timezone.now() - timezone.timedelta(days=1)
    request = rf.get(draft.url)
    request.user = AnonymousUser()
    assert opinion_widget(request, draft) == ""
    assert opinion_widget(request, draft, article3) == ""


def test_draft_page_renders_widgets_and_stays_valid(client, draft):
    html = client.get(draft.url).content.decode()
    assert_good_page(html)
    assert "对本条提意见" in html and "对草案提意见" in html


def test_public_opinions_and_feedback_without_personal_data(
    client, draft, article3, privileged_editor
):
    public = create_opinion(
        draft,
        Submission(
            text="公开的意见",
            target=article3,
            name="王五",
            phone="13800005555",
            publish_consent="anonymous",
        ),
        channel=Channel.WEB,
    )
    private = create_opinion(
        draft,
        Submission(text="不公开的意见", target=article3, publish_consent="none"),
        channel=Channel.WEB,
    )
    unmoderated = create_opinion(
        draft,
        Submission(text="未审核的意见", target=article3, publish_consent="full"),
        channel=Channel.WEB,
    )
    for opinion in (public, private):
        transition(opinion, Status.REVIEWING)
        transition(opinion, Status.FORWARDED)
        transition(opinion, Status.ADOPTED, reply="已采纳并修改。", notify=False)
        decide_publication(opinion, Publication.MASKED, user=privileged_editor)
    PageOpinionSettings.objects.filter(page=draft).delete()  # the demo switched it on
    assert page_feedback(None, draft) == []  # off by default
    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True, "feedback_published": True}
    )
    html = client.get(draft.url).content.decode()
    assert_good_page(html)
    assert "公开的意见" in html and "已采纳并修改。" in html
    assert "不公开的意见" not in html and "未审核的意见" not in html
    assert "王五" not in html and "13800005555" not in html
    assert "采纳情况反馈" in html
    assert unmoderated.pk


def test_article_links_work_out_the_form_once_per_page_and_request(rf, draft):
    """A draft shows a comment link under each of its articles: whether the page takes opinions
    and where its form is are worked out once, not once per article."""
    from unittest.mock import patch

    from django.contrib.auth.models import AnonymousUser

    request = rf.get(draft.url)
    request.user = AnonymousUser()
    targets = draft.get_comment_targets()[:5]
    page_class = type(draft)
    with patch.object(
        page_class, "accepts_comments", autospec=True, side_effect=page_class.accepts_comments
    ) as accepts:
        links = [opinion_widget(request, draft, target) for target in targets]
    assert accepts.call_count == 1
    form = reverse("opinions_new", args=[draft.pk])
    for target, link in zip(targets, links, strict=True):
        assert link == (
            f'<a class="opinion-link" href="{form}?article={target.key}">对本条提意见'
            f'<span class="visually-hidden">（{target.label}）</span></a>\n'
        )

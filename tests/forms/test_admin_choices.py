"""What the office picks from: the opinions waiting for 公开审核, and each draft once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from forms.admin_views import commentable_pages
from forms.intake import Submission, create_opinion
from forms.workflow import Publication
from tests.signin import login_with_2fa


@pytest.fixture
def privacy_officer(client, django_user_model):
    user = django_user_model.objects.create_user("privacy-choices", password="x")
    user.groups.add(Group.objects.get(name="个人信息管理员"))
    login_with_2fa(client, user)
    return user


def test_privacy_officer_lists_what_waits_for_publication_review(client, privacy_officer, draft):
    waiting = create_opinion(draft, Submission(text="等待公开审核的意见"), channel="web")
    decided = create_opinion(draft, Submission(text="已经公开审核过的意见"), channel="web")
    decided.publication = Publication.WITHHELD
    decided.save(update_fields=["publication"])
    url = reverse("wagtailsnippets_forms_opinion:list")
    html = client.get(url, {"publication": Publication.PENDING}).content.decode()
    assert waiting.receipt_code in html and decided.receipt_code not in html


def test_each_draft_is_offered_once_not_once_per_translation(draft):
    pages = list(commentable_pages())
    assert draft.pk in [p.pk for p in pages]
    assert {p.locale_id for p in pages} == {Locale.get_default().pk}
    assert len({p.translation_key for p in pages}) == len(pages)

"""法工委联络员 publish the 采纳情况反馈 of a draft (公开与反馈), without being superusers."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from forms.models import PageOpinionSettings


@pytest.fixture
def liaison(client, django_user_model):
    user = django_user_model.objects.create_user("liaison-feedback", password="x")
    user.groups.add(Group.objects.get(name="法工委联络员"))
    client.force_login(user)
    return user


def test_liaison_publishes_feedback(client, liaison, draft):
    index = reverse("wagtailsnippets_forms_pageopinionsettings:list")
    assert client.get(index).status_code == 200
    PageOpinionSettings.objects.filter(page=draft).update(feedback_published=False)
    existing, _created = PageOpinionSettings.objects.get_or_create(page=draft)
    edit = reverse("wagtailsnippets_forms_pageopinionsettings:edit", args=[existing.pk])
    response = client.post(
        edit,
        {
            "page": draft.pk,
            "show_public_opinions": "on",
            "feedback_published": "on",
            "feedback_intro": "感谢大家的意见。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    settings = PageOpinionSettings.objects.get(page=draft)
    assert settings.feedback_published and settings.feedback_published_at is not None
    listing = client.get(index).content.decode()
    assert "True" not in listing and "False" not in listing  # yes/no, not Python's booleans
    assert "公开与反馈" in listing


def test_settings_are_never_deleted(client, liaison, draft):
    settings, _created = PageOpinionSettings.objects.get_or_create(page=draft)
    url = reverse("wagtailsnippets_forms_pageopinionsettings:delete", args=[settings.pk])
    assert client.post(url).status_code in (302, 403)
    assert PageOpinionSettings.objects.filter(pk=settings.pk).exists()
    assert not liaison.has_perm("forms.delete_pageopinionsettings")

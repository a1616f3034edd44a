"""Snippet choosers and wagtail-localize's snippet listing answer only to a right on the model
(core/upstream/snippet_access.py): a user who may merely open the admin lists no opinions."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.django_db


def _urls(model):
    app, name = model._meta.app_label, model._meta.model_name
    return [
        f"/admin/snippets/choose/{app}/{name}/",
        f"/admin/snippets/choose/{app}/{name}/results/",
        f"/admin/localize/api/snippets/{app}/{name}/",
    ]


@pytest.fixture
def admin_only_user(django_user_model):
    group = Group.objects.create(name="只能进后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("admin-only", password="x-pass-123")
    user.groups.add(group)
    return user


def test_a_user_without_rights_lists_no_snippet(client, admin_only_user):
    client.force_login(admin_only_user)
    models = get_snippet_models()
    assert any(m._meta.model_name == "opinion" for m in models)
    for model in models:
        for url in _urls(model):
            assert client.get(url).status_code == 403, url


def test_records_nobody_picks_have_no_chooser_even_for_a_superuser(admin_client):
    closed = [
        m for m in get_snippet_models() if not getattr(m.snippet_viewset, "chooser_enabled", True)
    ]
    names = {m._meta.model_name for m in closed}
    assert {"opinion", "opiniongroup", "batch", "referral"} <= names
    for model in closed:
        for url in _urls(model):
            assert admin_client.get(url).status_code == 403, url


def test_a_right_on_the_model_still_opens_its_chooser(admin_client):
    model = next(m for m in get_snippet_models() if m._meta.model_name == "drafttopic")
    for url in _urls(model):
        assert admin_client.get(url).status_code == 200, url

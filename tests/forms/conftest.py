import pytest
from django.apps import apps

needs_drafts = pytest.mark.skipif(
    not apps.is_installed("drafts"), reason="drafts plugin not installed"
)


@pytest.fixture
def form_page(demo_site):
    from forms.models import OpinionFormPage

    return OpinionFormPage.objects.get(slug="suggestions", locale__language_code="zh-hans")


@pytest.fixture
def draft(demo_site):
    """The open demo draft (滨州市文明行为促进条例（草案）), with its demo opinions."""
    if not apps.is_installed("drafts"):
        pytest.skip("drafts plugin not installed")
    from drafts.models import RegulationDraftPage

    page = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    assert page.accepts_comments()
    return page


@pytest.fixture
def closed_draft(demo_site):
    if not apps.is_installed("drafts"):
        pytest.skip("drafts plugin not installed")
    from drafts.models import RegulationDraftPage

    page = RegulationDraftPage.objects.live().get(slug="tingche", locale__language_code="zh-hans")
    assert not page.accepts_comments()
    return page


@pytest.fixture
def article3(draft):
    return draft.get_comment_targets()[2]


def valid_post(**overrides):
    data = {
        "text": "建议第三条增加对公共场所吸烟的处罚标准。",
        "article": "",
        "category": "public",
        "name": "张三",
        "phone": "13812345678",
        "email": "",
        "region": "滨城区",
        "publish_consent": "anonymous",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor(db):
    """An editor of the legislative-affairs office: handles opinions, no personal data."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="法工委编辑")
    perms = Permission.objects.filter(
        content_type__app_label__in=["forms", "wagtailadmin"],
        codename__in=["access_admin", "view_opinion", "change_opinion", "view_opiniongroup",
                      "change_opiniongroup", "view_batch", "add_batch", "change_batch"],
    )  # fmt: skip
    group.permissions.set(perms)
    user = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def privileged_editor(editor):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="forms",
            codename__in=["view_personal_data", "export_opinions", "enter_offline_opinions"],
        )
    )
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=editor.pk)


@pytest.fixture(autouse=True)
def default_language():
    """A request to /en/ leaves English active in the test thread; start every test in Chinese."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def login_with_2fa(client, user):
    """Sign in as someone who must use two-factor sign-in (core/two_factor.py): a confirmed TOTP
    device, and the session marked as verified with it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

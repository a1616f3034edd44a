"""Roles out of the box: after ``migrate`` the office's groups exist with exactly their rights
(forms migration 0100, drafts migration 0002), no role may delete what nobody may delete, each
role reaches the admin and its own screens and is turned away elsewhere, and the personal-data
role is asked for the second step."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from drafts.models import DraftIndexPage, RegulationDraftPage
from forms.models import Batch, Opinion

ROLES = {
    "意见办理员": {
        "wagtailadmin.access_admin",
        "forms.view_opinion",
        "forms.change_opinion",
        "forms.view_statuschange",
        "forms.view_opiniongroup",
        "forms.change_opiniongroup",
        "forms.view_batch",
        # 采纳证书 and 感谢信: view, download, print for a ceremony.
        "forms.view_issueddocument",
        # 转办: the list of departments (never deleted: deactivated) and the referrals (0019).
        "forms.add_department",
        "forms.change_department",
        "forms.view_department",
        "forms.view_referral",
    },
    "个人信息管理员": {
        "wagtailadmin.access_admin",
        "forms.view_opinion",
        "forms.view_personal_data",
        "forms.view_statuschange",
    },
    "法工委联络员": {
        "wagtailadmin.access_admin",
        "forms.view_opinion",
        "forms.export_opinions",
        "forms.view_statuschange",
        "forms.view_opiniongroup",
        "forms.view_batch",
        "forms.add_batch",
        "forms.change_batch",
        # They publish the 采纳情况反馈 (公开与反馈); settings are never deleted.
        "forms.add_pageopinionsettings",
        "forms.change_pageopinionsettings",
        "forms.view_pageopinionsettings",
        "forms.view_issueddocument",
        # 征询任务: send tasks to the points, decide 申办, follow the board (consultations 0002).
        "consultations.manage_tasks",
        # 考核评价: the yearly scheme, rules, point status (assessment 0001); no role deletes:
        # a rule is switched off, a scheme kept with its year.
        "assessment.manage_assessment",
        "assessment.add_assessmentscheme",
        "assessment.change_assessmentscheme",
        "assessment.view_assessmentscheme",
        "assessment.add_obligationrule",
        "assessment.change_obligationrule",
        "assessment.view_obligationrule",
        "assessment.add_pointstatuschange",
        "assessment.view_pointstatuschange",
        # Questionnaire results for the committee (questionnaires 0005).
        "questionnaires.view_questionnaire_results",
        # 人员名册: every point's roster, phones masked (roster 0002).
        "roster.view_all_rosters",
        # 专家智库 and 定向征集 (experts 0002); contacts stay masked for the role.
        "experts.manage_experts",
    },
    # Page rights on every 草案征求意见 index (drafts 0002) and 立法计划 index (plans 0002).
    "草案编辑": {"wagtailadmin.access_admin"},
    # Page rights on every 问卷调查 index (questionnaires 0007, questionnaires/roles.py).
    "问卷编辑": {"wagtailadmin.access_admin"},
}


def _perms(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def _member(role, username=None):
    user = get_user_model().objects.create_user(username or f"u-{role}", password="pw-12345678")
    user.groups.add(Group.objects.get(name=role))
    return user


def _refused(response):
    """Wagtail answers a forbidden admin page with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# Wagtail's own images migration lets every group that exists then choose images.
WAGTAIL_GRANTS = {"wagtailimages.choose_image"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_exists_with_exactly_its_permissions(demo_site, role):
    assert _perms(Group.objects.get(name=role)) - WAGTAIL_GRANTS == ROLES[role]
    assert not any(".delete_" in perm for perm in _perms(Group.objects.get(name=role)))


def test_nothing_may_delete_opinions_history_groups_or_the_audit_log(demo_site):
    for app, codename in [
        ("forms", "delete_opinion"),
        ("forms", "add_opinion"),
        ("forms", "delete_statuschange"),
        ("forms", "change_statuschange"),
        ("forms", "delete_opiniongroup"),
        ("core", "delete_personaldataaccess"),
        ("core", "change_personaldataaccess"),
    ]:
        assert not Permission.objects.filter(
            content_type__app_label=app, codename=codename
        ).exists(), codename
    assert not Group.objects.filter(permissions__codename__startswith="delete_opinion").exists()


def test_permission_names_are_chinese(demo_site):
    names = dict(
        Permission.objects.filter(content_type__app_label="forms").values_list("codename", "name")
    )
    assert names["view_opinion"] == "可查看意见建议"
    assert names["change_opinion"] == "可修改意见建议"
    assert names["view_statuschange"] == "可查看状态记录"
    assert names["view_personal_data"] == "可查看提交人个人信息"


def test_opinion_handler_handles_opinions_without_personal_data(client, demo_site):
    user = _member("意见办理员")
    assert not user.has_perm("forms.view_personal_data")
    assert not user.has_perm("forms.export_opinions")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200  # no second step: no personal data
    opinions = client.get(reverse(Opinion.snippet_viewset.get_url_name("list")))
    assert opinions.status_code == 200
    assert _refused(client.get(reverse("wagtailusers_users:index")))
    draft = RegulationDraftPage.objects.filter(locale__language_code="zh-hans").first()
    assert _refused(client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])))
    assert _refused(client.get(reverse(Batch.snippet_viewset.get_url_name("add"))))


def test_committee_liaison_manages_batches(client, demo_site):
    client.force_login(_member("法工委联络员"))
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse(Batch.snippet_viewset.get_url_name("list"))).status_code == 200
    assert client.get(reverse(Batch.snippet_viewset.get_url_name("add"))).status_code == 200
    assert _refused(client.get(reverse("wagtailusers_users:index")))


def test_personal_data_keeper_is_asked_for_the_second_step(client, demo_site):
    from tests.signin import login_with_2fa

    user = _member("个人信息管理员")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")
    login_with_2fa(client, user)
    assert client.get(reverse(Opinion.snippet_viewset.get_url_name("list"))).status_code == 200
    assert _refused(client.get(reverse("wagtailusers_users:index")))


def test_draft_editor_imports_and_edits_drafts_only(client, demo_site):
    from law_education.models import LawEducationIndexPage

    client.force_login(_member("草案编辑"))
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("drafts_admin:import")).status_code == 200
    draft = RegulationDraftPage.objects.filter(locale__language_code="zh-hans").first()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code == 200
    index = DraftIndexPage.objects.filter(locale__language_code="zh-hans").first()
    assert index.permissions_for_user(_member("草案编辑", "u-2")).can_publish_subpage()
    law = LawEducationIndexPage.objects.filter(locale__language_code="zh-hans").first()
    assert _refused(client.get(reverse("wagtailadmin_pages:edit", args=[law.pk])))
    assert _refused(client.get(reverse(Opinion.snippet_viewset.get_url_name("list"))))

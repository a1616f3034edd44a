"""Who sees and keeps which roster: a point's staff their own points only (another point's member
is a 404 on every path, also by a forged point in a form); the office reads every point's roster
with phones masked and cannot change it; nobody may delete; the clear-phone right asks for the
second step."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core.plugins import personal_data_permissions
from roster.models import RosterMember
from tests.factories import UserFactory
from tests.roster.conftest import add_member, staff_of

pytestmark = pytest.mark.django_db


def _refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_another_points_member_is_a_404_everywhere(staff_client, points):
    theirs = add_member(points["shizhong-jiedao"], name="别家的人")
    for name in ("roster_edit", "roster_leave"):
        url = reverse(name, args=[theirs.pk])
        assert staff_client.get(url).status_code == 404, url
        assert staff_client.post(url, {"left": "2026-01-01", "name": "x"}).status_code == 404
    assert staff_client.get(reverse("roster_edit", args=[10**12])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.left is None and theirs.name == "别家的人"
    listing = staff_client.get(reverse("roster_index"), {"point": theirs.point_id}).content.decode()
    assert "别家的人" not in listing


def test_a_forged_point_in_the_form_is_refused_with_words(staff_client, points):
    response = staff_client.post(
        reverse("roster_add"),
        {"point": points["shizhong-jiedao"].pk, "name": "冒名", "role": "informant",
         "phone": "13900007777", "joined": "2025-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not RosterMember.objects.filter(name="冒名").exists()


def test_staff_see_only_their_points_roster_with_phones(staff_client, points):
    page = staff_client.get(reverse("roster_index"), {"state": "all"}).content.decode()
    assert "示例·周丽" in page and "13900000201" in page  # 黄河社区, clear for its staff
    assert "示例·冯军" in page  # left, still on record
    assert "示例·王建国" not in page  # 市中街道


def test_the_office_reads_every_roster_masked_and_changes_nothing(office_client, points):
    page = office_client.get(reverse("roster_index")).content.decode()
    assert "示例·王建国" in page and "示例·周丽" in page
    assert "139****0101" in page and "13900000101" not in page
    member = RosterMember.objects.get(name="示例·周丽")
    assert office_client.get(reverse("roster_edit", args=[member.pk])).status_code == 404
    assert office_client.post(reverse("roster_leave", args=[member.pk]), {}).status_code == 404
    assert _refused(office_client.get(reverse("roster_add")))


def test_the_office_filters_and_counts_per_role(office_client, points):
    huanghe = points["huanghe-shequ"]
    page = office_client.get(reverse("roster_index"), {"point": huanghe.pk, "role": "informant"})
    html = page.content.decode()
    assert "示例·吴刚" in html and "示例·周丽" not in html and "示例·王建国" not in html
    counts = office_client.get(reverse("roster_index")).context["count_rows"]
    by_point = {summary.id: numbers for summary, numbers in counts}
    # liaison, informant, publicist, volunteer, deputy; 孙强 left, so 市中街道 has 3 信息员.
    assert by_point[points["shizhong-jiedao"].pk] == [1, 3, 1, 1, 1]
    assert by_point[huanghe.pk] == [1, 1, 0, 1, 0]
    left = office_client.get(reverse("roster_index"), {"state": "left"}).content.decode()
    assert "示例·孙强" in left and "示例·周丽" not in left


@pytest.mark.parametrize(
    "query", [{"point": "abc"}, {"point": "１２"}, {"role": "<script>"}, {"state": "\x00"},
              {"district": "=HYPERLINK(1)"}, {"point": "9" * 40}],
)  # fmt: skip
def test_hostile_filters_fall_back_to_everything(office_client, query):
    # Core answers a NUL byte anywhere in a request with 400 before any view; the rest list all.
    status = office_client.get(reverse("roster_index"), query).status_code
    assert status == (400 if query.get("state") == "\x00" else 200)


def test_people_without_a_roster_right_are_turned_away(client, points):
    client.force_login(UserFactory(username="editor", groups=["草案编辑"]))
    for url in (reverse("roster_index"), reverse("roster_add"), reverse("roster_export")):
        assert _refused(client.get(url)), url


def test_no_role_may_delete_a_member(demo_site):
    assert not Permission.objects.filter(
        content_type__app_label="roster", codename__startswith="delete_"
    ).exists()
    assert not Group.objects.filter(
        permissions__content_type__app_label="roster", permissions__codename__startswith="delete"
    ).exists()


def test_point_staff_hold_the_clear_phone_right_behind_two_step_sign_in(client, points):
    assert "roster.view_roster_contacts" in personal_data_permissions()
    user = staff_of(points["huanghe-shequ"], "staff-no-2fa")
    assert user.has_perm("roster.manage_roster") and user.has_perm("roster.view_roster_contacts")
    client.force_login(user)
    response = client.get(reverse("roster_index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/")
    office = Group.objects.get(name="法工委联络员")
    assert not office.permissions.filter(codename="view_roster_contacts").exists()

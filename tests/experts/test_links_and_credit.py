"""定向征集 end to end without a browser: a personal link opens the draft's opinion form with a
signed token, the opinion sent is credited to the invitation (kind expert, its code, the
campaign's name and never the person's), and the office sees who opened and who answered."""

import pytest
from django.core import signing

from core.plugins import collection_source
from experts import codes
from experts.models import Invitation
from forms.models import Opinion
from forms.workflow import Status
from tests.forms.conftest import valid_post


def test_codes_are_eight_unambiguous_characters_and_read_back_however_typed():
    drawn = {codes.new_code() for _ in range(300)}
    assert len(drawn) == 300
    for code in drawn:
        assert len(code) == 8 and not set(code) & set("01OIL")
    assert codes.normalise("abcd-2345") == "ABCD2345"
    assert codes.normalise("ＡＢＣＤ２３４５") == "ABCD2345"
    for bad in ("", "ABCD\x002345", "ABCD😀234", "<b>ABCD2345</b>", "A" * 10_000, "ABC2345", None):
        assert codes.normalise(bad) == ""


def _open_and_comment(client, invitation, text):
    response = client.get(f"/i/{invitation.code.lower()}")
    assert response.status_code == 302
    form_url = response["Location"]
    assert f"/opinions/new/{invitation.campaign.page_id}/" in form_url and "source=" in form_url
    assert invitation.code not in form_url  # a signed token, not the code
    page = client.get(form_url)
    said = page.content.decode()
    # The expert is told the opinion counts for the invitation, not for a contact point.
    assert "应邀通过个人链接" in said and "记在该联系点名下" not in said
    token = page.context["source"].token
    response = client.post(
        f"/opinions/new/{invitation.campaign.page_id}/", valid_post(source=token, text=text)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Opinion.objects.get(text=text)


def test_a_personal_link_credits_the_opinion_and_the_office_sees_it_answered(
    client, campaign, office
):
    invitation, other = campaign.invitations.order_by("pk")
    assert invitation.sent is True and invitation.opened_at is None
    opinion = _open_and_comment(client, invitation, "建议第十条明确文明行为志愿服务的激励措施。")
    assert (opinion.source_kind, opinion.source_code) == ("expert", invitation.code)
    assert opinion.point_id is None
    assert opinion.source_label == "定向征集：测试定向征集"
    assert invitation.expert.name not in opinion.source_label
    invitation.refresh_from_db()
    first_opened = invitation.opened_at
    assert first_opened is not None
    client.get(f"/i/{invitation.code}")
    invitation.refresh_from_db()
    assert invitation.opened_at == first_opened  # the first opening is kept

    client.force_login(office)
    response = client.get(f"/admin/experts/campaigns/{campaign.pk}/")
    rows = {row["invitation"].pk: row for row in response.context["rows"]}
    assert rows[invitation.pk]["answered"] == 1
    assert rows[other.pk]["answered"] == 0
    assert response.context["summary"]["answered"] == 1
    assert response.context["summary"]["opened"] == 1


def test_answered_counts_only_accepted_opinions(client, campaign, office):
    invitation = campaign.invitations.order_by("pk").first()
    opinion = _open_and_comment(client, invitation, "建议删去第五条中重复的表述。")
    Opinion.objects.filter(pk=opinion.pk).update(status=Status.INVALID)
    client.force_login(office)
    response = client.get(f"/admin/experts/campaigns/{campaign.pk}/")
    assert {row["answered"] for row in response.context["rows"]} == {0}


def test_answered_counts_come_from_one_query_whatever_the_number_invited(
    client, campaign, office, django_assert_max_num_queries
):
    client.force_login(office)
    client.get(f"/admin/experts/campaigns/{campaign.pk}/")  # warm the session and caches
    with django_assert_max_num_queries(40) as few:
        client.get(f"/admin/experts/campaigns/{campaign.pk}/")
    from experts.sending import _new_invitation
    from tests.experts.conftest import make_expert

    for n in range(6):
        _new_invitation(campaign, make_expert(f"加邀专家{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/admin/experts/campaigns/{campaign.pk}/")


def test_a_forged_or_edited_token_credits_nobody_but_the_opinion_is_kept(client, campaign):
    invitation = campaign.invitations.first()
    genuine = collection_source(codes.sign(invitation.code))
    assert genuine.kind == "expert" and genuine.code == invitation.code
    forged = signing.Signer(salt="wrong").sign_object({"i": invitation.code})
    for token in (forged, codes.sign(invitation.code)[:-2] + "xx", invitation.code):
        assert collection_source(token) is None
    text = "建议第八条增加对噪声扰民的处罚。"
    response = client.post(
        f"/opinions/new/{campaign.page_id}/", valid_post(source=forged, text=text)
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get(text=text)
    assert (opinion.source_kind, opinion.source_code) == ("", "")


def test_a_withdrawn_invitation_credits_nobody_and_its_link_says_so(client, campaign):
    invitation = campaign.invitations.first()
    token = codes.sign(invitation.code)
    Invitation.objects.filter(pk=invitation.pk).update(active=False)
    assert collection_source(token) is None
    response = client.get(f"/i/{invitation.code}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "邀请链接无效" in html and campaign.page.title in html  # pointing to the draft


@pytest.mark.parametrize(
    "path", ["/i/ZZZZZZZZ", "/i/%F0%9F%98%80", "/i/" + "A" * 10_000, "/i/%3Cscript%3E", "/i/ＺＺ"]
)
def test_unknown_links_get_a_translated_page_never_a_500(client, demo_site, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "邀请链接无效" in response.content.decode()
    assert "<script>" not in response.content.decode()
    english = client.get("/en" + path)
    assert english.status_code == 404
    assert "invitation link" in english.content.decode().lower()


def test_wrong_links_are_rate_limited(client, demo_site, settings):
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {**settings.LAWBRIDGE_RATELIMITS, "expert_link_miss": "3/h"}
    statuses = [client.get(f"/i/ZZZZZZZ{c}").status_code for c in "2345"]
    assert statuses == [404, 404, 404, 429]

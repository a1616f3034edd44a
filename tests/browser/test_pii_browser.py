"""Personal data in a real browser: a resident's address and phone number stay masked on the
public draft page (phone and desktop); the 公开审核 step is offered to a user with the personal-data
right after two-step sign-in, and not to a handler without it."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]
HOME = (
    "我家住在黄河五路12号3单元，电话13612345678。楼下人行道天天有人停车，建议第三条写明劝阻责任。"
)


def _staff(name, codenames):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=f"测试-{name}")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["forms", "wagtailadmin"], codename__in=codenames
        )
    )
    user = get_user_model().objects.create_user(name, f"{name}@example.com", f"pw-{name}")
    user.groups.add(group)
    return user


def _sign_in(page, base, user):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", f"pw-{user.username}")
    page.locator("button[type=submit]").click()
    page.wait_for_url(
        lambda url: "/admin/login/" not in url
    )  # signed in, not a load of the old page


def test_masked_opinion_and_publication_step_in_the_browser(live_demo, new_page):
    from django.urls import reverse
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from drafts.models import RegulationDraftPage
    from forms.intake import Submission, create_opinion
    from forms.models import Opinion, PageOpinionSettings
    from forms.workflow import Publication, Status, decide_publication, transition

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    handling = ["access_admin", "view_opinion", "change_opinion", "view_opiniongroup"]
    handler = _staff("handler", handling)
    officer = _staff("officer", [*handling, "view_personal_data"])
    device = TOTPDevice.objects.create(user=officer, name="手机", confirmed=True)

    opinion = create_opinion(
        draft,
        Submission(text=HOME, target=draft.get_comment_targets()[2], publish_consent="full"),
        channel="web",
    )
    transition(opinion, Status.REVIEWING, user=handler)
    decide_publication(opinion, Publication.MASKED, user=officer)
    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True}
    )

    for name, viewport in (("phone", {"width": 375, "height": 812}), ("desktop", DESKTOP)):
        visitor = new_page(viewport)
        visitor.goto(live_demo.url + draft.url)
        # Published opinions are shown in place under their article (第三条), in a disclosure.
        visitor.locator("#article-3 details.article-opinions summary").click()
        card = visitor.locator(
            "#article-3 li.public-opinion", has_text="楼下人行道天天有人停车"
        ).first
        card.scroll_into_view_if_needed()
        text = card.inner_text()
        assert "我家住在" in text and "13612345678" not in text and "12号" not in text
        assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(visitor, f"pii/draft-{name}-masked-opinion")
        screenshot(card, f"pii/draft-{name}-masked-opinion-card")

    inspect = live_demo.url + reverse("wagtailsnippets_forms_opinion:inspect", args=[opinion.pk])

    # A handler without the personal-data right: masked text, no 公开审核 step.
    page = new_page(DESKTOP)
    sign_in_browser(page, live_demo.url, handler, inspect)
    body = page.locator("main").inner_text()
    assert "13612345678" not in page.content() and "我家住在" in body
    assert page.locator("[data-publication-step]").count() == 0
    screenshot(page, "pii/admin-inspect-handler-masked")

    # An officer with the right signs in with a TOTP code and publishes an edited public text.
    page = new_page(DESKTOP)
    _sign_in(page, live_demo.url, officer)
    assert "/admin/2fa/verify/" in page.url
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()
    page.goto(inspect)
    assert "13612345678" in page.locator("[data-opinion-text]").inner_text()
    step = page.locator("[data-publication-step]")
    step.scroll_into_view_if_needed()
    screenshot(page, "pii/admin-inspect-officer-publication-step")
    step.get_by_role("radio", name="公开编辑后的文本").check()
    step.locator("textarea[name=public_text]").fill(
        "楼下人行道天天有人停车，建议第三条写明劝阻责任。"
    )
    step.locator("textarea[name=note]").fill("删去住址和电话")
    step.get_by_role("button", name="保存公开审核").click()
    page.wait_for_load_state()
    assert "公开编辑后的文本" in page.locator("[data-publication]").inner_text()
    screenshot(page, "pii/admin-inspect-officer-after-edited-publication")
    opinion = Opinion.objects.get(pk=opinion.pk)
    assert opinion.text == HOME and opinion.publication == Publication.EDITED

    visitor = new_page({"width": 375, "height": 812})
    visitor.goto(live_demo.url + draft.url)
    visitor.locator("#article-3 details.article-opinions summary").click()
    card = visitor.locator("#article-3 li.public-opinion", has_text="楼下人行道天天有人停车").first
    assert "我家住在" not in card.inner_text()
    card.scroll_into_view_if_needed()
    screenshot(visitor, "pii/draft-phone-edited-public-text")

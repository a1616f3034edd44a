"""Inputs on a phone: phone numbers open the dial pad, the lookup's boxes are not mangled."""

import re

from django.urls import reverse

from .conftest import needs_drafts


def input_tag(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


@needs_drafts
def test_the_opinion_phone_opens_the_dial_pad(client, draft):
    html = client.get(reverse("opinions_new", args=[draft.pk])).content.decode()
    phone = input_tag(html, "phone")
    assert 'type="tel"' in phone and 'autocomplete="tel"' in phone
    assert 'type="email"' in input_tag(html, "email")


def test_the_form_page_phone_opens_the_dial_pad(client, form_page):
    assert 'type="tel"' in input_tag(client.get(form_page.url).content.decode(), "phone")


def test_the_lookup_boxes_are_neither_autofilled_nor_autocorrected(client, demo_site):
    for url in (reverse("opinions_status"), reverse("opinions_withdraw")):
        html = client.get(url).content.decode()
        # The last four digits: the number pad, never the whole saved number offered.
        digits = input_tag(html, "phone_last4")
        assert 'autocomplete="off"' in digits and 'inputmode="numeric"' in digits
        # The e-mail has a box of its own (tests/forms/test_receipts_anywhere.py).
        email = input_tag(html, "email")
        assert 'autocapitalize="none"' in email and 'spellcheck="false"' in email

"""Inputs on a phone: phone numbers open the dial pad, the lookup's contact box is not mangled."""

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


def test_the_lookup_contact_is_neither_autofilled_nor_autocorrected(client, demo_site):
    for url in (reverse("opinions_status"), reverse("opinions_withdraw")):
        contact = input_tag(client.get(url).content.decode(), "contact")
        assert 'autocomplete="off"' in contact
        assert 'autocapitalize="none"' in contact and 'spellcheck="false"' in contact
        # It takes an email too: a digits-only keypad would make that impossible to type.
        assert 'inputmode="numeric"' not in contact

"""A long opinion is never cut: the boxes carry no maxlength (a browser would cut a paste to it
without a word); the server refuses what is too long with the limit and the count, and gives back
every character typed."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from forms.models import MAX_TEXT_LENGTH, Opinion
from tests.forms.conftest import valid_post

pytestmark = pytest.mark.django_db


def _form(client, draft):
    response = client.get(reverse("opinions_new", args=[draft.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_no_box_of_the_opinion_form_has_a_maxlength(client, draft):
    doc = _form(client, draft)
    boxes = doc.select("form[method=post] input, form[method=post] textarea")
    assert boxes
    assert not [box.get("name") for box in boxes if box.has_attr("maxlength")]
    text = doc.select_one("textarea[name=text]")
    assert text["data-maxlength"] == str(MAX_TEXT_LENGTH)


def test_too_long_is_refused_saying_so_and_kept_whole(client, draft):
    long_text = "很长的意见" * (MAX_TEXT_LENGTH // 5) + "最后几个字"
    before = Opinion.objects.count()
    response = client.post(reverse("opinions_new", args=[draft.pk]), valid_post(text=long_text))
    assert response.status_code in (200, 400)
    assert Opinion.objects.count() == before
    html = response.content.decode()
    assert re.search(rf"最多 {MAX_TEXT_LENGTH} 字（当前 {len(long_text)} 字）", html)
    doc = BeautifulSoup(html, "html.parser")
    # (HTML drops the newline Django writes after <textarea>, as a browser does.)
    assert doc.select_one("textarea[name=text]").get_text().removeprefix("\n") == long_text


def test_status_lookup_boxes_have_no_maxlength(client):
    doc = BeautifulSoup(client.get(reverse("opinions_status")).content, "html.parser")
    assert not [
        b.get("name") for b in doc.select("form[method=post] input") if b.has_attr("maxlength")
    ]

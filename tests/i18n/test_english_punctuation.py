"""English pages join a label to its value with ": ", not the full-width "：" of the Chinese
(core/punctuation.py), and bracket an aside with " (…)", not "（…）"."""

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/en/fagui/gongre/", "/en/fagui/gongre/pinggu/", "/en/lifa-jihua/"]


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


@pytest.mark.parametrize("url", PAGES)
def test_no_full_width_colon_or_bracket_after_english_words(client, demo_site, url):
    text = _text(client, url)
    assert not re.findall(r"[A-Za-z.]\s*[：（，]", text), url


def test_chinese_pages_keep_the_full_width_colon(client, demo_site):
    assert "主办单位：" in _text(client, "/")

"""After a refused opinion, an error summary at the top of the form links to each field."""

import re
import time

from django.urls import reverse

from core.spam import started_token

from .conftest import needs_drafts, valid_post


def summary(html):
    match = re.search(r"<div[^>]*data-error-summary[^>]*>.*?</div>", html, re.S)
    return match and match.group(0)


@needs_drafts
def test_a_refused_opinion_has_an_error_summary_linking_to_its_fields(client, draft):
    post = valid_post(text="", publish_consent="", form_started=started_token(time.time() - 10))
    html = client.post(reverse("opinions_new", args=[draft.pk]), post).content.decode()
    found = summary(html)
    assert found, "no error summary"
    assert 'role="alert"' in found and 'tabindex="-1"' in found
    assert "请修改以下问题" in found
    assert '<a href="#id_text">请填写意见内容。</a>' in found
    assert '<a href="#id_publish_consent_0">请选择是否同意公开您的意见。</a>' in found
    assert 'id="id_text"' in html and 'id="id_publish_consent_0"' in html
    # Above the fields, and the script that gives it focus comes with it.
    assert html.index("data-error-summary") < html.index('id="id_text"')
    assert "js/error-summary.js" in html


@needs_drafts
def test_an_english_summary_and_none_before_a_refusal(client, draft):
    url = reverse("opinions_new", args=[draft.pk])
    assert summary(client.get(url).content.decode()) is None
    post = valid_post(text="", form_started=started_token(time.time() - 10))
    assert "Please correct the following" in summary(
        client.post("/en" + url, post).content.decode()
    )

"""A refused opinion says what is missing, in the visitor's language, never "This field is required"."""

import time

import pytest
from django.urls import reverse

from core.spam import started_token

from .conftest import needs_drafts

GENERIC = ("必需字段", "必填字段", "This field is required.")


def empty_opinion():
    return {"website": "", "form_started": started_token(time.time() - 10)}


@needs_drafts
@pytest.mark.parametrize(
    "prefix, expected",
    [
        (
            "",
            ["请填写意见内容。", "请选择是否同意公开您的意见。", "请阅读并同意隐私说明后再提交。"],
        ),
        (
            "/en",
            ["Please write your opinion.", "Please choose whether your opinion may be published."],
        ),
    ],
)
def test_an_empty_opinion_says_what_is_missing(client, draft, prefix, expected):
    response = client.post(prefix + reverse("opinions_new", args=[draft.pk]), empty_opinion())
    html = response.content.decode()
    for message in expected:
        assert message in html
    for generic in GENERIC:
        assert generic not in html


def test_an_empty_form_page_submission_names_the_editor_built_field(client, form_page):
    html = client.post(form_page.url, empty_opinion()).content.decode()
    assert "请填写意见内容。" in html
    assert "请填写“建议立法项目名称”。" in html
    for generic in GENERIC:
        assert generic not in html

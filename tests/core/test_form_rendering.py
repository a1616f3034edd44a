"""Public forms rendered in Python (core/form_rendering.py): the markup readers and assistive
technology rely on, without crispy-forms' per-field templates."""

import re

from django import forms

from core.form_rendering import render_field, render_fields


class SampleForm(forms.Form):
    text = forms.CharField(label="意见内容", widget=forms.Textarea, help_text="最多 5000 字。")
    article = forms.ChoiceField(
        label="针对的条文", required=False, choices=[("", "整体"), ("k1", "第一条")]
    )
    consent = forms.ChoiceField(
        label="是否公开",
        widget=forms.RadioSelect,
        choices=[("yes", "公开"), ("no", "不公开")],
    )
    topics = forms.MultipleChoiceField(
        label="关心的方面",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[("a", "甲"), ("b", "乙")],
    )
    agree = forms.BooleanField(label="我同意")
    phone = forms.CharField(label="电话", required=False, max_length=30)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_fields_carry_labels_help_and_required_marks():
    html = str(render_fields(SampleForm(initial={"article": "k1", "token": "t"})))
    assert (
        '<div id="div_id_text" class="mb-3"><label for="id_text" class="form-label requiredField">'
        in html
    )
    assert 'aria-describedby="id_text_helptext"' in html
    assert '<div id="id_text_helptext" class="form-text">最多 5000 字。</div>' in html
    # The select keeps its choice; optional fields have no asterisk.
    assert '<option value="k1" selected>第一条</option>' in html
    assert '<label for="id_article" class="form-label">针对的条文</label>' in html
    # Radio buttons and checkboxes in a fieldset named by its legend, each with its own label.
    assert re.search(r"<fieldset><legend class=\"form-label requiredField fs-6\">是否公开", html)
    assert (
        '<input type="radio" class="form-check-input" name="consent" value="yes" id="id_consent_0" required>'
        in html
    )
    assert (
        '<input type="checkbox" class="form-check-input" name="topics" value="a" id="id_topics_0">'
        in html
    )
    assert '<label for="id_agree" class="form-check-label requiredField">我同意' in html
    # Hidden inputs stay where they are, bare.
    assert '<input type="hidden" name="token" value="t" id="id_token">' in html
    assert "crispy" not in html


def test_errors_are_announced_and_tied_to_their_field():
    form = SampleForm(data={"text": "", "consent": "maybe", "phone": "x" * 31})
    assert not form.is_valid()
    text = str(render_field(form["text"]))
    assert 'class="textarea form-control is-invalid"' in text
    assert 'aria-invalid="true"' in text
    assert 'aria-describedby="id_text_helptext id_text_error"' in text
    assert (
        '<div id="id_text_error" class="invalid-feedback"><span id="error_1_id_text"><strong>'
        in text
    )
    consent = str(render_field(form["consent"]))
    assert '<fieldset aria-describedby="id_consent_error">' in consent
    assert consent.count('aria-invalid="true"') == 2
    # What the user typed comes back, escaped.
    phone = str(render_field(SampleForm(data={"phone": '"><script>'})["phone"]))
    assert 'value="&quot;&gt;&lt;script&gt;"' in phone


def test_the_opinion_form_reads_only_article_numbers(client, demo_site, monkeypatch):
    """A reader opening the comment form needs each article's number for the choice list, not
    every article's text and permalink (built only when a submission is checked)."""
    import pytest
    from django.apps import apps

    if not apps.is_installed("drafts"):
        pytest.skip("drafts plugin not installed")
    from drafts.models import RegulationDraftPage

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    twelfth = draft.get_comment_targets()[11]

    def refuse(self):
        raise AssertionError("the form built every article to show a choice list")

    monkeypatch.setattr(RegulationDraftPage, "get_comment_targets", refuse)
    response = client.get(f"/opinions/new/{draft.pk}/?article={twelfth.key}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{twelfth.key}" selected>第十二条</option>' in html
    assert '<div id="div_id_text" class="mb-3">' in html


def test_escaping_matches_django():
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    from core.escaping import escape

    for value in ['<a href="x">&\'', 12, "第一条", mark_safe("<b>"), "", "=HYPERLINK(", "\x00"]:
        assert escape(value) == str(conditional_escape(value))

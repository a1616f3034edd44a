"""The editor's translation workflow through wagtail-localize's own admin views: submit a draft
for translation into English, translate one article in the translation editor, publish; when the
source article changes, the editor sees that segment needs translating again. Snippets too."""

import json

import pytest
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from tests.i18n.conftest import needs

ENGLISH_TEXT = "Anyone may discourage uncivil behaviour in a lawful and reasonable way."


@pytest.fixture
def translator(django_user_model, demo_site):
    return django_user_model.objects.create_superuser("translator", "t@example.com", "pw")


@pytest.fixture
def editor_client(client, translator):
    client.force_login(translator)
    return client


def _segment(source, path):
    return StringSegment.objects.select_related("context", "string").get(
        source=source, context__path=path
    )


def _edit_segment(client, translation, segment, value):
    """What the translation editor sends when the editor types a translation."""
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(url, f"value={value}", content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 201), response.content[:300]


@needs["drafts"]
def test_editor_translates_a_draft_article_by_article(
    editor_client, translator, draft, django_capture_on_commit_callbacks
):
    client = editor_client
    en = Locale.objects.get(language_code="en")
    article = draft.get_comment_targets()[2]  # 第三条

    # 1. Submit the draft for translation (the page's "Translate" action).
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[draft.pk]),
        {"locales": [en.pk]},
    )
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=draft.translation_key, target_locale=en)
    english = draft.get_translation(en)
    # Every article is a segment of its own, keyed by its block id.
    text_segment = _segment(translation.source, f"body.{article.key}.text")
    number_segment = _segment(translation.source, f"body.{article.key}.number")
    assert number_segment.string.data == "第三条"

    # 2. Translate that article in the translation editor (English page's edit view).
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert editor.status_code == 200
    assert b"translation-editor" in editor.content or b"w-editor" in editor.content
    _edit_segment(client, translation, text_segment, ENGLISH_TEXT)
    _edit_segment(client, translation, number_segment, "Article 3")

    # 3. Publish from the translation editor (wagtail-localize publishes on commit).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live

    # The English draft shows the article, still addressable as #article-3.
    client.logout()
    html = client.get(english.url).content.decode()
    assert ENGLISH_TEXT in html
    anchor = html.index('id="article-3"')
    assert html.index(ENGLISH_TEXT) > anchor and "Article 3" in html[anchor : anchor + 500]
    assert client.get(english.url + "articles/3/")["Location"].endswith("#article-3")
    assert english.specific.get_comment_target(article.key).url.endswith("#article-3")

    # 4. The source article changes and is published; the editor syncs the translation.
    body = draft.body
    for block in body:
        if block.id == article.key:
            block.value["text"] = "任何人都可以依法劝阻不文明行为，并可以向有关部门举报。"
    draft.body = body
    draft.save_revision().publish()
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[translation.source.pk]), {}
    )
    assert response.status_code == 302
    translation.refresh_from_db()

    # 5. The editor reports that segment out of date: it waits for a new translation, while
    #    the article's number (unchanged at the source) keeps its translation.
    with override("en"):
        assert translation.get_status_display() == "Waiting for translations"
    total, done = translation.get_progress()
    assert done < total
    new_text = _segment(translation.source, f"body.{article.key}.text")
    assert new_text.string.data.startswith("任何人都可以依法劝阻")
    assert not StringTranslation.objects.filter(
        translation_of=new_text.string, context=new_text.context, locale=en
    ).exists()
    assert StringTranslation.objects.filter(
        translation_of=_segment(translation.source, f"body.{article.key}.number").string,
        locale=en,
        data="Article 3",
    ).exists()
    props = editor_props(client, english.pk)
    segment = next(s for s in props["segments"] if s.get("id") == new_text.pk)
    assert segment["source"].startswith("任何人都可以依法劝阻")
    assert not any(t["segment_id"] == new_text.pk for t in props["initialStringTranslations"])


def editor_props(client, page_id) -> dict:
    """The data the translation editor (a React app) is started with."""
    import html as html_lib
    import re

    page = client.get(reverse("wagtailadmin_pages:edit", args=[page_id])).content.decode()
    match = re.search(r'data-props="([^"]+)"', page)
    assert match, "the translation editor is shown"
    return json.loads(html_lib.unescape(match.group(1)))


@needs["law_education"]
def test_law_education_topic_snippet_is_translated(
    editor_client, demo_site, django_capture_on_commit_callbacks
):
    from law_education.models import LawTopic

    client = editor_client
    en = Locale.objects.get(language_code="en")
    hans = Locale.objects.get(language_code="zh-hans")
    topic = LawTopic.objects.create(name="婚姻家庭", slug="hunyin-jiating", locale=hans)
    response = client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["law_education", "lawtopic", topic.pk],
        ),
        {"locales": [en.pk]},
    )
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=topic.translation_key, target_locale=en)
    _edit_segment(client, translation, _segment(translation.source, "name"), "Marriage and family")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)  # the snippet translation editor's "Save"
    english = topic.get_translation(en)
    assert english.name == "Marriage and family"
    assert TranslationSource.objects.filter(object_id=topic.translation_key).count() == 1


@needs["drafts"]
def test_translated_article_numbers_keep_their_anchor():
    """#article-N comes from the article's number, in whichever language it is written."""
    from drafts.models import article_ordinal

    assert article_ordinal("第十二条", 1) == 12
    assert article_ordinal("第十二條", 1) == 12  # zh-hant (OpenCC)
    assert article_ordinal("Article 12", 1) == 12
    assert article_ordinal("附则", 7) == 7

"""Languages: compiled catalogues match their sources, and zh-hant is converted from zh-hans."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.models import Locale, Page

from core.translation import HANT, OpenCCTranslator, html_to_traditional, translate_object
from home.models import StandardPage

CATALOGUES = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_compiled_catalogue_matches_its_source(po_path):
    """A .po edited without recompiling would silently show stale strings."""
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    translated = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries() if e.msgstr}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid and e.msgstr}
    assert compiled == translated


@pytest.mark.parametrize(
    "po_path",
    [p for p in CATALOGUES if "/en/" in p.as_posix()],
    ids=lambda p: str(p.relative_to(settings.BASE_DIR)),
)
def test_location_comments_name_files_that_exist(po_path):
    """``make messages`` writes file-only locations (``--add-location file``): a line number goes
    stale with the next edit, a file name only when the file goes, and then this says so."""
    base = po_path.parents[3]  # the app (or project) folder the locations are relative to
    stale = []
    for entry in polib.pofile(str(po_path)):
        for name, line in entry.occurrences:
            if line or not (base / name).exists():
                stale.append(f"{name}:{line}" if line else name)
    assert stale == [], sorted(set(stale))[:10]


def test_every_english_ui_string_is_translated():
    for po_path in CATALOGUES:
        if po_path.parts[-3] == "en":
            po = polib.pofile(str(po_path))
            assert [e.msgid for e in po.untranslated_entries()] == [], po_path


def test_html_conversion_keeps_markup_and_urls():
    html = '<p>关于<a href="/zh-hans/条例/">物业管理条例</a>的说明</p>'
    assert html_to_traditional(html) == '<p>關於<a href="/zh-hans/条例/">物業管理條例</a>的説明</p>'


def test_machine_translator_only_offers_simplified_to_traditional(db):
    hans = Locale.objects.get(language_code="zh-hans")
    hant, _ = Locale.objects.get_or_create(language_code=HANT)
    en, _ = Locale.objects.get_or_create(language_code="en")
    translator = OpenCCTranslator({})
    assert translator.can_translate(hans, hant)
    assert not translator.can_translate(hans, en)
    assert not translator.can_translate(hant, hans)


def test_traditional_site_is_served_with_converted_content_and_ui(client, demo_site):
    html = client.get("/zh-hant/about/").content.decode()
    assert '<html lang="zh-hant"' in html
    assert "<h1>關於我們</h1>" in html
    assert "閲讀設置（適老化）" in html  # UI string from locale/zh_Hant (Hong Kong forms)
    assert 'href="/zh-hant/about/" lang="zh-hant"' in html  # switcher lists three languages


def test_retranslating_follows_source_changes_but_keeps_manual_edits(demo_site):
    from wagtail_localize.models import StringTranslation

    about = StandardPage.objects.get(slug="about", locale__language_code="zh-hans")
    hant = Locale.objects.get(language_code=HANT)
    target = about.get_translation(hant)
    # An editor corrects the introduction by hand in the translation editor.
    intro = StringTranslation.objects.get(locale=hant, translation_of__data=about.introduction)
    intro.data = "人工校對的摘要。"
    intro.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
    intro.save()
    # Then the source title changes.
    about.title = "关于立法联系点"
    about.save_revision().publish()
    target = translate_object(about)
    assert target.title == "關於立法聯繫點"
    assert target.introduction == "人工校對的摘要。"
    assert Page.objects.filter(translation_key=about.translation_key).count() == 3


def test_page_with_an_empty_optional_embed_can_be_translated(db):
    """Regression: wagtail-localize crashed on an empty EmbedBlock (core/upstream)."""
    from wagtail import blocks
    from wagtail.embeds.blocks import EmbedBlock
    from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

    struct = blocks.StructBlock(
        [("caption", blocks.CharBlock()), ("embed", EmbedBlock(required=False))]
    )
    value = struct.to_python({"caption": "普法视频", "embed": None})
    segments = StreamFieldSegmentExtractor(field=None).handle_block(struct, value)
    assert [segment.render_text() for segment in segments] == ["普法视频"]


def test_upstream_still_needs_the_empty_embed_workaround():
    """When this fails, wagtail-localize handles empty embeds: delete core/upstream/…embed.py."""
    from wagtail.embeds.blocks import EmbedBlock
    from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

    from core.upstream.localize_empty_embed import _original_handle_block

    with pytest.raises(AttributeError):
        _original_handle_block(
            StreamFieldSegmentExtractor(field=None, include_overridables=True),
            EmbedBlock(required=False),
            None,
        )


# The plugins of this repository keep their own catalogues (the settings' one list of them).
PLUGIN_APPS = [
    p for p in settings.LAWBRIDGE_OPTIONAL_PLUGINS if (Path(settings.BASE_DIR) / p).is_dir()
]
NOT_SOURCE = {".venv", ".git", "node_modules", "tests", "locale", "media", "staticfiles",
              "test-artifacts", "__pycache__", *PLUGIN_APPS}  # fmt: skip


def _extracted_msgids(source_dirs: list[Path], workdir: Path, monkeypatch) -> set:
    """What `makemessages -l en` finds in these folders, run on a copy (the work tree is left
    alone): a string added to a template or to Python code without updating the catalogue
    shows up here."""
    import shutil

    from django.core.management import call_command

    for source in source_dirs:
        shutil.copytree(
            source, workdir / source.name, ignore=shutil.ignore_patterns("locale", "*.pyc")
        )
    (workdir / "locale").mkdir()
    monkeypatch.chdir(workdir)
    call_command("makemessages", locale=["en"], verbosity=0)
    po = polib.pofile(str(workdir / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    return {(e.msgctxt, e.msgid) for e in po}


@pytest.mark.slow
@pytest.mark.parametrize("app", [*PLUGIN_APPS, "."])
def test_every_source_string_is_in_its_english_catalogue(app, tmp_path, monkeypatch):
    base = Path(settings.BASE_DIR)
    if app == ".":
        sources = [p for p in base.iterdir() if p.is_dir() and p.name not in NOT_SOURCE]
        sources = [p for p in sources if not p.name.startswith(".")]
    else:
        sources = [base / app]
    catalogue = base / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(catalogue))
    translated = {(e.msgctxt, e.msgid) for e in po.translated_entries() if not e.obsolete}
    missing = _extracted_msgids(sources, tmp_path, monkeypatch) - translated
    assert sorted(msgid for _, msgid in missing) == [], (
        f"run makemessages for {app} and translate the new strings"
    )


@pytest.mark.parametrize("app", [*PLUGIN_APPS, "."])
def test_every_english_catalogue_has_its_traditional_sibling(app):
    """`make_hant_messages` was run: zh_Hant has every msgid of the English catalogue."""
    base = Path(settings.BASE_DIR) / app / "locale"
    english = {(e.msgctxt, e.msgid) for e in polib.pofile(str(base / "en/LC_MESSAGES/django.po"))}
    hant = polib.pofile(str(base / "zh_Hant/LC_MESSAGES/django.po"))
    assert english - {(e.msgctxt, e.msgid) for e in hant.translated_entries()} == set()


def test_the_site_conversion_gives_snippets_their_traditional_copy(demo_site):
    """Snippets first (a translated page then refers to their copies), pages after: what
    ``translate_zh_hant`` and the demo's last step do."""
    from core.translation import translate_site
    from drafts.models import DraftTopic

    hans = Locale.objects.get(language_code="zh-hans")
    topic = DraftTopic.objects.create(name="物业管理", slug="wuye", locale=hans)
    snippets, _pages = translate_site(missing_only=True)
    assert snippets == 1
    assert topic.get_translation(Locale.objects.get(language_code="zh-hant")).name == "物業管理"


def test_the_traditional_site_writes_the_site_settings_in_traditional_characters(client, demo_site):
    """The site's name, the office and its address are typed once, in simplified characters;
    the zh-hant site shows them as it shows everything else. Filing numbers read as filed."""
    from bs4 import BeautifulSoup

    from core.models import SiteSettings

    site_settings = SiteSettings.objects.get()
    assert site_settings.icp_number and "鲁" in site_settings.icp_number
    for prefix, name, office in (
        ("/", "立法连心桥", "委员会"),
        ("/zh-hant/", "立法連心橋", "委員會"),
    ):
        soup = BeautifulSoup(client.get(prefix).content, "html.parser")
        assert soup.select_one(".site-brand").get_text(strip=True) == name
        assert soup.title.get_text().endswith(f" - {name}")
        footer = soup.select_one(".site-footer").get_text()
        assert name in footer and office in footer and site_settings.icp_number in footer


def test_an_english_page_marks_the_site_settings_as_chinese(client, demo_site):
    """A screen reader reads the office's name in a Chinese voice on an English page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    brand = soup.select_one(".site-brand span")
    assert brand.get("lang") == "zh-Hans" and brand.get_text() == "立法连心桥"
    footer = soup.select_one(".site-footer")
    assert footer.select_one("strong").get("lang") == "zh-Hans"
    assert [s.get("lang") for s in footer.select("p > span")][:2] == ["zh-Hans", "zh-Hans"]
    chinese = BeautifulSoup(client.get("/zh-hant/").content, "html.parser")
    assert chinese.select_one(".site-brand span").get("lang") is None

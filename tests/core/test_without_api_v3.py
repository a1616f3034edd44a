"""Wagtail's redirects, snippets, documents and images apps start without the v3 API and still do
the rest of their start-up work (core/upstream/without_api_v3.py)."""

import subprocess
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STARTS = """
import sys
import django
django.setup()
loaded = sorted(m for m in sys.modules if m.startswith(("wagtail.api.v3", "ninja")))
print(",".join(loaded) or "none")
"""


def test_django_starts_without_loading_the_v3_api():
    # A fresh process: this one may have imported anything by now.
    result = subprocess.run(
        [sys.executable, "-c", STARTS],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "lawbridge.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "none"


def test_the_stand_ins_are_gone_once_the_block_ends():
    from core.upstream.without_api_v3 import API, api_v3_left_out

    real = types.ModuleType("lawbridge_test_real")
    sys.modules["lawbridge_test_real"] = real
    try:
        with api_v3_left_out("lawbridge_test_real", "lawbridge_test_absent"):
            assert sys.modules["lawbridge_test_real"] is not real
            sys.modules[API].api.add_router("/x/", None)  # what Wagtail's ready() calls
            sys.modules["lawbridge_test_absent"].register_content_types()
        assert sys.modules["lawbridge_test_real"] is real
        assert "lawbridge_test_absent" not in sys.modules
    finally:
        sys.modules.pop("lawbridge_test_real", None)


def test_the_apps_did_the_rest_of_their_start_up_work():
    from django.apps import apps
    from django.db.models import CASCADE, ForeignKey
    from wagtail.admin.forms.models import registry as form_field_overrides
    from wagtail.images import get_image_model
    from wagtail.snippets.models import get_snippet_models

    from core.upstream import without_api_v3

    for label, config in (
        ("wagtailredirects", without_api_v3.RedirectsConfig),
        ("wagtailsnippets", without_api_v3.SnippetsConfig),
        ("wagtaildocs", without_api_v3.DocumentsConfig),
        ("wagtailimages", without_api_v3.ImagesConfig),
    ):
        assert type(apps.get_app_config(label)) is config
    assert get_snippet_models()  # registered once models were ready (snippets)
    # Image foreign keys get Wagtail's image chooser in admin forms (images).
    override = form_field_overrides.get(ForeignKey(get_image_model(), on_delete=CASCADE))
    assert override and "widget" in override


def test_a_renamed_page_keeps_its_old_address(db, django_capture_on_commit_callbacks):
    """Wagtail's redirects app still listens for slug changes: a link to a draft shared before
    an editor renamed it still arrives."""
    from django.test import Client
    from wagtail.contrib.redirects.models import Redirect

    from tests.factories import DraftFactory

    draft = DraftFactory(articles=2, slug="jiu-mingzi")
    old_url = draft.url
    draft.slug = "xin-mingzi"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals the rename then
        draft.save_revision().publish()
    assert Redirect.objects.filter(redirect_page=draft).exists()
    response = Client().get(old_url)
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/xin-mingzi/")

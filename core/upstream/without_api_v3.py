"""Four of Wagtail's apps without their share of the v3 API, which LawBridge does not serve.

The redirects, snippets, documents and images apps end their ``ready()`` by registering
content types and a router with ``wagtail.api.v3``. Importing that API builds its pydantic
schemas for every page model: about 1.8 s of CPU, half of ``django.setup()``, in every process
that starts Django (each web worker, each management command, each test process). LawBridge
serves the v2 API only (``lawbridge/urls.py``) and does not install ``wagtail.api.v3``, so those
registrations are never read.

Each config below is listed in ``INSTALLED_APPS`` in place of Wagtail's: the same app (name,
label, models, migrations), whose ``ready()`` runs Wagtail's own with the v3 modules it imports
stood in for by empty ones for that call only. Relies on which modules those ``ready()`` methods
import and what they call on them: listed in ``core/upstream/internals.py``, whose test fails
when Wagtail changes them; ``tests/core/test_without_api_v3.py`` checks that no v3 module is
loaded and that the apps' other work is done.
"""

import sys
import types
from contextlib import contextmanager

from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig

API = "wagtail.api.v3.api"


class _NoAPI:
    def add_router(self, prefix, router):
        pass


@contextmanager
def api_v3_left_out(*app_modules: str):
    """While the block runs, ``wagtail.api.v3.api`` and the app's own v3 modules are empty
    stand-ins (an ``api`` that takes routers, a ``router``, a ``register_content_types`` that
    does nothing); afterwards an import finds the real modules again."""
    stand_ins = {API: {"api": _NoAPI()}}
    for name in app_modules:
        stand_ins[name] = {"router": None, "register_content_types": lambda: None}
    before = {name: sys.modules.get(name) for name in stand_ins}
    for name, attributes in stand_ins.items():
        module = types.ModuleType(name)
        module.__dict__.update(attributes)
        sys.modules[name] = module
    try:
        yield
    finally:
        for name, module in before.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


class RedirectsConfig(WagtailRedirectsAppConfig):
    def ready(self):
        with api_v3_left_out("wagtail.contrib.redirects.api.v3"):
            super().ready()


class SnippetsConfig(WagtailSnippetsAppConfig):
    def ready(self):
        with api_v3_left_out("wagtail.snippets.api.v3", "wagtail.snippets.api.v3.router"):
            super().ready()


class DocumentsConfig(WagtailDocsAppConfig):
    def ready(self):
        with api_v3_left_out(
            "wagtail.documents.api.v3.registry", "wagtail.documents.api.v3.router"
        ):
            super().ready()


class ImagesConfig(WagtailImagesAppConfig):
    def ready(self):
        with api_v3_left_out("wagtail.images.api.v3.registry", "wagtail.images.api.v3.router"):
            super().ready()

"""Guard over every admin viewset of the house and its plugins: an edit form is built from explicit
panels (SnippetViewSet ignores ``form_fields`` and would otherwise edit every model field), and no
edit form offers personal data or bookkeeping fields that only the workflow may set."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

# Fields no admin edit form of ours may offer: personal data (shown masked, audit-logged, through
# the inspect views only) and bookkeeping set by the workflow, intake or exports.
DENIED_FIELDS = {
    "phone",
    "email",
    "id_number",
    "address_detail",
    "receipt_code",
    "status",
    "state",
    "sent_at",
    "created_at",
    "created_by",
    "entered_by",
    "submit_time",
    "fingerprint",
    "form_data",
    "privacy_consent",
    "reply",
    "replied_at",
    "ip_address",
}
# Models whose own "name"/"text" are a resident's words or identity.
DENIED_PER_MODEL = {
    "forms.opinion": {"name", "text", "region", "page", "point", "event", "group", "batches"},
}


def _ours(name: str) -> bool:
    ours = set(settings.LAWBRIDGE_REQUIRED_APPS) | set(settings.LAWBRIDGE_OPTIONAL_PLUGINS)
    return name.split(".")[0] in ours


def our_viewsets():
    """Viewsets over our models that we built (``@register_snippet`` builds a SnippetViewSet in
    Wagtail's module for a model of ours; Wagtail's own user admin brings its own forms)."""
    reverse("wagtailadmin_home")  # loads the admin URLconf, which registers every viewset
    found = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and getattr(viewset, "model", None) is not None
        and _ours(viewset.model.__module__)
        and (_ours(type(viewset).__module__) or type(viewset).__name__.endswith("SnippetViewSet"))
    ]
    assert found, "no viewsets found: the guard would pass vacuously"
    return found


def _label(viewset):
    return f"{type(viewset).__name__} ({viewset.model._meta.label_lower})"


def test_every_viewset_edit_form_comes_from_explicit_panels(db):
    for viewset in our_viewsets():
        # ModelViewSet's own lookup: viewset or model ``panels``/``edit_handler``, else None
        # (SnippetViewSet would then fall back to every field of the model).
        explicit = ModelViewSet.get_edit_handler(viewset)
        assert explicit is not None, f"{_label(viewset)} has no explicit panels"


def test_no_edit_form_offers_personal_or_bookkeeping_fields(db):
    checked = set()
    for viewset in our_viewsets():
        form_class = viewset.get_form_class(for_update=True)
        fields = set(form_class.base_fields)
        denied = DENIED_FIELDS | DENIED_PER_MODEL.get(viewset.model._meta.label_lower, set())
        assert not fields & denied, f"{_label(viewset)} edits {sorted(fields & denied)}"
        checked.add(viewset.model._meta.label_lower)
    assert {"forms.opinion", "forms.batch"} <= checked or "forms" not in settings.INSTALLED_APPS


@pytest.mark.parametrize(
    ("label", "allowed"),
    [
        ("forms.opinion", {"category", "publish_consent"}),
        ("forms.batch", {"title", "recipient", "note"}),
    ],
)
def test_workflow_models_edit_exactly_what_the_workflow_allows(db, label, allowed):
    matches = [v for v in our_viewsets() if v.model._meta.label_lower == label]
    if not matches:
        pytest.skip(f"{label} not installed")
    assert set(matches[0].get_form_class(for_update=True).base_fields) == allowed

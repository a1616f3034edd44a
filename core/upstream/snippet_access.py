"""Who may list a snippet model outside its own views.

Wagtail gives every snippet model a chooser (``/admin/snippets/choose/<app>/<model>/``) and
wagtail-localize a JSON listing (``/admin/localize/api/snippets/<app>/<model>/``); neither asks
for a right on the model: any user who may open the admin could list every opinion, group,
batch and referral with its receipt code and text. This middleware puts the model's own
permission policy in front of both:

- a viewset that sets ``chooser_enabled = False`` (records nobody picks in a form: opinions and
  what is made of them) has no chooser and no such listing for anyone;
- any other model needs one of add, change, delete or view on it (a 草案编辑 still picks the
  topics a draft is filed under).

It recognises the two by their URL names (Wagtail's ``wagtailsnippetchoosers_<app>_<model>``
namespace, wagtail-localize's ``snippets_api_*``): ``tests/core/test_snippet_access.py`` asks every
snippet model's chooser and listing as a user without rights, so a renamed URL fails the suite.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied

CHOOSER_NAMESPACE = "wagtailsnippetchoosers_"
LOCALIZE_LISTINGS = {"snippets_api_listing", "snippets_api_detail"}
ANY_RIGHT = {"add", "change", "delete", "view"}


def _chooser_model(match):
    for namespace in match.namespaces:
        if namespace.startswith(CHOOSER_NAMESPACE):
            label = namespace[len(CHOOSER_NAMESPACE) :]
            for model in apps.get_models():
                if f"{model._meta.app_label}_{model._meta.model_name}" == label:
                    return model
    return None


def _listed_model(match):
    if match.url_name in LOCALIZE_LISTINGS and "wagtail_localize" in match.namespaces:
        try:
            return apps.get_model(match.kwargs["app_label"], match.kwargs["model_name"])
        except (KeyError, LookupError):
            return None
    return _chooser_model(match)


def may_list(user, model) -> bool:
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:
        return True  # not a snippet: not ours to guard
    if not getattr(viewset, "chooser_enabled", True):
        return False
    return viewset.permission_policy.user_has_any_permission(user, ANY_RIGHT)


class SnippetListingAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None:
            return None
        model = _listed_model(match)
        if model is not None and not may_list(request.user, model):
            raise PermissionDenied
        return None

from wagtail import hooks
from wagtail.models import Locale, Page

from core.plugins import DEMO_CONTENT_HOOK, PAGE_CACHE_PARAMS_HOOK
from core.translation import HANS, HANT, translate_object


@hooks.register(DEMO_CONTENT_HOOK, order=1000)
def traditional_chinese_demo(demo):
    """Last of all demo steps: give every zh-hans page that lacks one a zh-hant translation."""
    hant, _ = Locale.objects.get_or_create(language_code=HANT)
    pages = Page.objects.filter(locale__language_code=HANS, depth__gt=1).live().order_by("path")
    translated = set(Page.objects.filter(locale=hant).values_list("translation_key", flat=True))
    count = 0
    for page in pages.specific():
        if page.translation_key not in translated:
            translate_object(page)
            count += 1
    demo.log(f"zh-hant: {count} pages converted with OpenCC")


# --- PIPL audit log: read-only, superusers only ------------------------------------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402
from wagtail.admin.panels import FieldPanel  # noqa: E402
from wagtail.admin.viewsets.model import ModelViewSet  # noqa: E402
from wagtail.permission_policies.base import ModelPermissionPolicy  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402

from core.models import PersonalDataAccess  # noqa: E402


class SuperuserReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser and action == "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class PersonalDataAccessViewSet(ModelViewSet):
    model = PersonalDataAccess
    icon = "history"
    menu_label = _("个人信息访问记录")
    add_to_settings_menu = True
    url_prefix = "personal-data-access"
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [FieldPanel("note")]  # required by ModelViewSet; the policy allows no add or edit
    list_display = ["at", "username", "action", "object_type", "count", "ip_address", "path"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "path", "note"]
    inspect_view_fields = [
        "at", "username", "action", "object_type", "object_ids", "count", "path", "ip_address",
        "note",
    ]  # fmt: skip


register_permission_policy(PersonalDataAccess, SuperuserReadOnlyPolicy(PersonalDataAccess))


@hooks.register("register_admin_viewset")
def register_personal_data_access():
    return PersonalDataAccessViewSet("personal_data_access")


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """Django's sitemap pages (?p=2 on a site of more than 50,000 URLs)."""
    from . import cache_params

    return {"p": cache_params.number(maximum=10_000)}

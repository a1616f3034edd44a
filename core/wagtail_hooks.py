from wagtail import hooks

from core.plugins import DEMO_CONTENT_HOOK, PAGE_CACHE_PARAMS_HOOK
from core.translation import translate_site


@hooks.register(DEMO_CONTENT_HOOK, order=1000)
def traditional_chinese_demo(demo):
    """Last of all demo steps: give every zh-hans snippet and page that lacks one a zh-hant
    translation."""
    snippets, pages = translate_site(missing_only=True)
    demo.log(f"zh-hant: {snippets} snippets and {pages} pages converted with OpenCC")


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


# --- Account safety: lock-outs, resetting a second factor, backup codes (core/accounts.py) --------

from django.urls import reverse  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402
from wagtail.admin.widgets.button import Button  # noqa: E402

from core import accounts  # noqa: E402


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return SuperuserMenuItem(
        _("登录锁定"), reverse("lawbridge_lockouts"), icon_name="lock", order=900
    )


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("重置两步验证"),
            reverse("lawbridge_reset_two_factor", args=[user.pk]),
            icon_name="key",
            priority=90,
        )


@hooks.register("register_account_menu_item")
def backup_codes_account_item(request):
    from django_otp import user_has_device

    if user_has_device(request.user, confirmed=True):
        return {
            "url": reverse("two_factor_backup_codes"),
            "label": _("备用验证码"),
            "help_text": _("查看剩余数量，或生成一组新的备用验证码。"),
        }
    return None


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(accounts.RESET_ACTION, _("重置两步验证"), _("两步验证已由管理员重置"))
    actions.register_action(
        accounts.LOCKOUT_CLEARED_ACTION, _("解除登录锁定"), _("登录锁定已由管理员解除")
    )


# --- An autosave in flight never unpublishes (core/upstream/stale_autosave.py) -----------------

from core.upstream import stale_autosave  # noqa: E402

hooks.register("before_edit_page", stale_autosave.note_loaded_page)


# --- Four eyes: nobody approves their own work (core/review.py) ---------------------------------

from django.contrib import messages  # noqa: E402
from django.shortcuts import redirect  # noqa: E402


@hooks.register("before_edit_page")
def refuse_approving_own_work(request, page):
    """The edit page says why "approve" is missing, and refuses a crafted approve."""
    task_state = page.current_workflow_task_state
    task = task_state.task.specific if task_state else None
    message = task.message_for(page, request.user) if hasattr(task, "message_for") else None
    if message is None:
        return None
    if request.method == "POST" and request.POST.get("workflow-action-name") == "approve":
        messages.error(request, message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "GET" and task.user_can_access_editor(page, request.user):
        messages.warning(request, message)
    return None

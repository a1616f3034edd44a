"""API clients in the admin (设置 › API 客户端): name, notes and the active flag are editable; the
key is made by the server and shown once, on the page that follows the creation — never stored,
never in a message cookie or the session. A lost key is replaced by creating a new client and
switching the old one off."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from . import api_keys
from .models import ApiClient


class ApiClientCreateView(CreateView):
    def save_instance(self):
        self.new_key = api_keys.issue(self.form.instance)
        return super().save_instance()

    def save_action(self):
        return TemplateResponse(
            self.request,
            "forms/admin/api_client_key.html",
            {
                "client": self.object,
                "key": self.new_key,
                "header": api_keys.HEADER,
                "index_url": self.get_success_url(),
                "header_title": self.object.name,
                "page_title": _("API 密钥"),
                "header_icon": "key",
            },
        )


class ApiClientViewSet(ModelViewSet):
    model = ApiClient
    icon = "key"
    menu_label = _("API 客户端")
    add_to_settings_menu = True
    add_view_class = ApiClientCreateView
    # Explicit panels: the key hash, its prefix and the last use are never editable.
    panels = [FieldPanel("name"), FieldPanel("notes"), FieldPanel("active")]
    list_display = [
        "name",
        Column("key_prefix", label=_("密钥前缀")),
        Column("active", label=_("启用")),
        DateColumn("last_used_at", label=_("最近使用")),
    ]
    inspect_view_enabled = False

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The house every plugin lives in: users, images, site settings, the plugin contract."""

    name = "core"
    verbose_name = _("站点基础")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished
        from django.db.models.signals import post_delete, post_save, pre_save
        from wagtail.contrib.settings.models import BaseSiteSetting
        from wagtail.models import Locale, Page, Site
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from . import checks, page_cache, plugins  # noqa: F401 - checks registers the deploy checks
        from .upstream import (
            flat_gettext,
            localize_empty_embed,
            stale_autosave,
            wagtail_lookups,
            wagtail_spreadsheet_exports,
        )

        flat_gettext.apply()
        wagtail_lookups.apply()
        localize_empty_embed.apply()
        wagtail_spreadsheet_exports.apply()
        pre_save.connect(stale_autosave.refuse_stale_write, dispatch_uid="stale_autosave")
        request_finished.connect(stale_autosave.forget, dispatch_uid="stale_autosave_forget")

        # Anything that changes what a reader sees drops the anonymous page cache.
        for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
            signal.connect(page_cache.invalidate, dispatch_uid=f"page_cache_{signal}")
        post_delete.connect(page_cache.invalidate, sender=Page, dispatch_uid="page_cache_delete")
        # What plugins declare their readers see besides pages (PluginConfig.page_cache_models).
        for model in plugins.page_cache_models():
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache.invalidate, sender=model, dispatch_uid=f"pc_plugin_{model}_{signal}"
                )
        # Sites, locales and site settings decide which pages a request reaches and what every
        # page shows, and are kept across publishes (core/upstream/wagtail_lookups.py,
        # SiteSettings.for_request): their saves raise the site generation and the page one.
        for model in (Site, Locale, *BaseSiteSetting.__subclasses__()):
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache.invalidate_site, sender=model, dispatch_uid=f"pc_{model}_{signal}"
                )

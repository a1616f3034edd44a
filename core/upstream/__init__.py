"""Workarounds for gaps in upstream packages, one module each, so they can be deleted in one go
when upstream fixes them. Each is applied from ``CoreConfig.ready``, except the app configs of
``without_api_v3``, which ``INSTALLED_APPS`` lists in place of Wagtail's."""

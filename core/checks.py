"""Deploy checks (``manage.py check --deploy``) for settings that only matter in production.

Each says what to set; the production recipe runs ``check --deploy --fail-level WARNING``."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_client_address(app_configs, **kwargs):
    """Without a real client address every visitor behind a proxy shares one rate-limit bucket,
    and anyone can lock any admin user out (django-axes locks user name + address)."""
    if getattr(settings, "TRUSTED_PROXY_COUNT", None) is None:
        return [
            Error(
                "TRUSTED_PROXY_COUNT is not set.",
                hint=(
                    "Set the environment variable TRUSTED_PROXY_COUNT to the number of reverse "
                    "proxies in front of the app that append to X-Forwarded-For (1 for one nginx "
                    "with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), or 0 "
                    "when clients connect to gunicorn directly."
                ),
                id="lawbridge.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_back_office_doors(app_configs, **kwargs):
    problems = []
    if getattr(settings, "DJANGO_ADMIN_ENABLED", False):
        problems.append(
            Error(
                "Django's admin is mounted at /django-admin/.",
                hint="Unset DJANGO_ADMIN_ENABLED in production: the Wagtail admin is the back office.",
                id="lawbridge.E002",
            )
        )
    if not getattr(settings, "TWO_FACTOR_FOR_SUPERUSERS", False):
        problems.append(
            Warning(
                "Superusers sign in without a second step.",
                hint="Unset TWO_FACTOR_FOR_SUPERUSERS (production turns it on by default).",
                id="lawbridge.W001",
            )
        )
    if not getattr(settings, "TWO_FACTOR_IDLE_MINUTES", 0):
        problems.append(
            Warning(
                "Sessions that can see personal data never expire when idle.",
                hint="Set TWO_FACTOR_IDLE_MINUTES (default 30).",
                id="lawbridge.W002",
            )
        )
    return problems


@register(Tags.compatibility, deploy=True)
def check_printable_font(app_configs, **kwargs):
    """Certificates, thank-you letters and closing reports (core/pdf.py) set Chinese in a system
    CJK face; without one every character prints as a blank box."""
    from .pdf import CJK_FONT_FAMILIES, installed_cjk_font

    if installed_cjk_font():
        return []
    return [
        Warning(
            "No Chinese font for printable documents is installed.",
            hint=f"Install Debian's fonts-noto-cjk (any of {', '.join(CJK_FONT_FAMILIES)}).",
            id="lawbridge.W010",
        )
    ]

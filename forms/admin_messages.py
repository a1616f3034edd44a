"""Messages the opinions admin shows after acting on many opinions at once."""

from __future__ import annotations

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

# More than this many refusals are counted, not listed: the message must stay readable.
MAX_LISTED_ERRORS = 30


def report_errors(request, errors):
    """Opinions a bulk action could not act on, each with its reason: listed, never dropped."""
    if not errors:
        return
    shown = errors[:MAX_LISTED_ERRORS]
    more = len(errors) - len(shown)
    messages.warning(
        request,
        format_html(
            "{}<ul>{}</ul>{}",
            _("%(n)s 条意见未处理：") % {"n": len(errors)},
            format_html_join("", "<li>{}</li>", ((e,) for e in shown)),
            _("……另有 %(n)s 条。") % {"n": more} if more else "",
        ),
    )

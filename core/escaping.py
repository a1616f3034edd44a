"""HTML escaping for code that writes many small pieces of markup in Python (a draft's articles,
a select's options).

The same result as Django's ``conditional_escape`` (``&<>"'`` escaped, ``SafeString`` and
anything with ``__html__`` kept as it is), without its lazy-argument wrapper, which cost more
than the escaping on a page writing a few thousand values.
"""

from __future__ import annotations

from html import escape as _escape


def escape(value) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value), quote=True)

"""Our changes to Django's locale formats (FORMAT_MODULE_PATH); anything not set here is Django's.

Templates show dates with format names (``|date:"DATE_FORMAT"``), never hard-coded patterns, so
each language gets its own convention: 2026年11月21日 in Chinese, "Nov. 21, 2026" in English.
"""

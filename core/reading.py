"""Elderly-friendly reading preferences (适老化): text size and colour theme, kept in a cookie.

The cookie is read on the server so that the page is rendered with the right classes from the first
byte (no flash of small text, and it works with JavaScript off).
"""

from dataclasses import dataclass

from django.conf import settings

TEXT_SIZES = ("normal", "large", "xlarge")  # 100 %, 150 %, 200 %
THEMES = ("default", "contrast", "eyecare")


@dataclass(frozen=True)
class ReadingPreferences:
    text: str = "normal"
    theme: str = "default"

    @property
    def html_classes(self) -> str:
        return f"text-{self.text} theme-{self.theme}"

    def to_cookie(self) -> str:
        return f"{self.text}.{self.theme}"

    def with_changes(self, text: str | None = None, theme: str | None = None):
        return ReadingPreferences(
            text=text if text in TEXT_SIZES else self.text,
            theme=theme if theme in THEMES else self.theme,
        )


def parse_cookie(value: str | None) -> ReadingPreferences:
    text, _, theme = (value or "").partition(".")
    return ReadingPreferences().with_changes(text=text, theme=theme)


def preferences_from_request(request) -> ReadingPreferences:
    return parse_cookie(request.COOKIES.get(settings.READING_PREFS_COOKIE))

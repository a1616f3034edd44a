"""Structural checks every public page must pass: valid HTML5, lang, one <h1>, labelled landmarks
and form controls."""

import html5lib
from bs4 import BeautifulSoup


def parse_strict(html: str) -> None:
    """Raise html5lib.html5parser.ParseError on anything the HTML5 parsing algorithm flags."""
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)


def accessibility_problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    root = soup.find("html")
    if root is None or not root.get("lang"):
        problems.append("<html> has no lang attribute")
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"expected exactly one <h1>, found {len(h1s)}")
    if soup.find("main") is None:
        problems.append("no <main> landmark")
    navs = soup.find_all("nav")
    if len(navs) > 1:
        for nav in navs:
            if not (nav.get("aria-label") or nav.get("aria-labelledby")):
                problems.append(f"<nav> without a label: {str(nav)[:80]}")
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.get("type") in {"hidden", "submit", "button"}:
            continue
        control_id = control.get("id")
        labelled = (
            control.get("aria-label")
            or control.get("aria-labelledby")
            or (control_id and soup.find("label", attrs={"for": control_id}))
            or control.find_parent("label")
        )
        if not labelled:
            problems.append(f"form control without a label: {str(control)[:80]}")
    for img in soup.find_all("img"):
        if img.get("alt") is None:
            problems.append(f"<img> without alt: {str(img)[:80]}")
    return problems


def assert_good_page(html: str) -> None:
    parse_strict(html)
    assert accessibility_problems(html) == []

"""Find personal data that residents type into an opinion's text, and mask it.

Pure Python (no Django) so that it can be unit tested against the corpus in
tests/fixtures/pii_corpus.json and reused by every renderer (through ``public_text`` in
forms/masking.py). Found: mobile and landline numbers, ID-card numbers, e-mails, bank-card
numbers, car plates, WeChat/QQ ids and street addresses (路/街/号/单元/室…).

Residents write numbers in many ways, so matching runs on a copy of the text of the same
length (every index still points into the original): full-width characters become ASCII
(１３６ → 136, ＠ → @), and runs of at least five Chinese digits become digits
(一三六一二三四五六七八 → 13612345678). Shorter runs are left alone so that 第十二条, 一室一厅
and 罚款五十元 stay words. Spaces and dashes inside a number are allowed.

The detector prefers masking too much to publishing too little: a span is masked whole, the
kind is kept for the admin (which kinds an opinion contains).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KINDS", "Span", "find", "kinds", "mask", "MASK_CHAR"]

MASK_CHAR = "*"

KINDS = ("mobile", "landline", "id_card", "bank_card", "email", "plate", "account", "address")

_CN_DIGITS = {
    "〇": "0", "零": "0", "○": "0", "Ｏ": "0", "幺": "1", "一": "1", "二": "2", "两": "2",
    "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
}  # fmt: skip
_CN_DIGIT_RUN = re.compile("[%s](?:[ \\-]?[%s]){4,}" % (("".join(_CN_DIGITS),) * 2))


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int


def _halfwidth(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        elif ch in "\u3000\u00a0":
            ch = " "
        elif ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc":
            ch = "-"
        out.append(ch)
    return "".join(out)


def _digits(text: str) -> str:
    """``text`` with long runs of Chinese digits written as ASCII digits (same length)."""
    return _CN_DIGIT_RUN.sub(lambda m: "".join(_CN_DIGITS.get(c, c) for c in m.group()), text)


_SEP = r"[ \-]?"
_EDGE_L, _EDGE_R = r"(?<![\dA-Za-z])", r"(?![\dA-Za-z])"
_NUM_PATTERNS = [
    # 18 characters, the last may be X; spaced as 6-8-4 or any other way.
    ("id_card", re.compile(_EDGE_L + r"\d(?:" + _SEP + r"\d){16}" + _SEP + r"[\dXx]" + _EDGE_R)),
    ("bank_card", re.compile(_EDGE_L + r"\d(?:" + _SEP + r"\d){15,18}" + _EDGE_R)),
    (
        "mobile",
        re.compile(_EDGE_L + r"(?:\+?86" + _SEP + r")?1[3-9]\d(?:" + _SEP + r"\d){8}" + _EDGE_R),
    ),
    (
        "landline",
        re.compile(
            _EDGE_L
            + r"\(?0\d{2,3}\)?"
            + _SEP
            + r"[2-9]\d{2,3}"
            + _SEP
            + r"\d{4}(?:\s?转\d{1,5})?"
            + _EDGE_R
        ),
    ),
    # A local number (no area code) or anything number-like after a word saying it is contact.
    (
        "landline",
        re.compile(
            r"(?:电话|手机|座机|号码|联系方式|联系|致电|打给我|call)[是为：:\s]{0,3}(\d(?:"
            + _SEP
            + r"\d){6,})",
            re.I,
        ),
    ),
]
_TEXT_PATTERNS = [
    (
        "email",
        re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*\s?@\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
    ),
    (
        "plate",
        re.compile(
            r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
            r"[A-HJ-NP-Za-hj-np-z][ ·•\-]?[A-HJ-NP-Za-hj-np-z0-9]{4}[A-HJ-NP-Za-hj-np-z0-9挂学警]"
            r"[A-HJ-NP-Za-hj-np-z0-9]?(?![A-Za-z0-9])"
        ),
    ),
    (
        "account",
        re.compile(
            r"(?:微信号?|QQ号?|qq号?|wechat)[是为：:\s]{0,3}([A-Za-z][A-Za-z0-9_\-]{4,19}|\d{5,12})",
            re.I,
        ),
    ),
]

# Addresses: an optional road, estate or village name followed by house-number parts.
_NUMERAL = r"(?:\d+|[一二三四五六七八九十百零〇两]+)"
_PLACE = r"(?:大道|大街|路|街|巷|胡同|弄|小区|花园|家园|公寓|新村|社区|村|苑|里)"
_PART = r"(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户)"
_STRONG = ("号楼", "号院", "栋", "幢", "单元", "户")
_ADDRESS = re.compile(
    r"(?P<place>[\u4e00-\u9fffA-Za-z0-9]{1,8}?"
    + _PLACE
    + r"(?:[东西南北中]段|[东西南北中])?)?(?P<parts>(?:"
    + _NUMERAL
    + r"(?:[\-之]\d+)?"
    + _PART
    + r"[ \-,，]?){1,6}(?:\d+(?:-\d+)*(?![\d.%元年月日号个]))?)"
)
_PART_RE = re.compile("(" + _NUMERAL + r")(?:[\-之]\d+)?(" + _PART + ")")
# Words that end the lead-in before an address ("我家住在" 黄河五路…).
_LEAD_IN = re.compile(r".*(?:住在|住于|位于|地址|家在|住|在|到|是|于|：|:)")
# Numbers followed by these are not house parts (5号线 a metro line, 3号文件).
_NOT_AFTER = re.compile(r"^(?:线|文|令|公告|通知|台风|选手|球员|病房|窗口|站|门|码头)")


def _address_spans(text: str) -> list[Span]:
    spans = []
    for m in _ADDRESS.finditer(text):
        parts_text = m.group("parts").rstrip(" -,，")
        parts = _PART_RE.findall(parts_text)
        if not parts:
            continue
        start = m.start("parts") if m.group("place") is None else m.start()
        end = m.start("parts") + len(parts_text)
        before = text[max(0, m.start("parts") - 1) : m.start("parts")]
        if m.group("place") is None and before in ("第", "月", "令", "〕", "]", "】", "）"):
            continue
        if _NOT_AFTER.match(text[end:]):
            continue
        strong = any(p in _STRONG for _, p in parts) or any(
            p == "室" and len(n) >= 3 for n, p in parts
        )
        if not (m.group("place") or strong or len(parts) >= 2):
            continue
        if len(parts) == 1 and parts[0][1] in ("楼", "层") and not m.group("place"):
            continue
        if m.group("place"):
            lead = _LEAD_IN.match(text[m.start() : m.start("parts")])
            if lead and lead.end() < m.start("parts") - m.start():
                start = m.start() + lead.end()
        spans.append(Span("address", start, end))
    return spans


def find(text: str) -> list[Span]:
    """Spans of personal data in ``text``, in order, not overlapping (the longest wins)."""
    if not text:
        return []
    plain = _halfwidth(text)
    digits = _digits(plain)
    found: list[Span] = []
    for kind, pattern in _NUM_PATTERNS:
        for m in pattern.finditer(digits):
            group = 1 if pattern.groups else 0
            found.append(Span(kind, m.start(group), m.end(group)))
    for kind, pattern in _TEXT_PATTERNS:
        for m in pattern.finditer(plain):
            group = 1 if pattern.groups else 0
            found.append(Span(kind, m.start(group), m.end(group)))
    found += _address_spans(plain)
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            if span.end > kept[-1].end:
                last = kept.pop()
                kept.append(Span(last.kind, last.start, span.end))
            continue
        kept.append(span)
    return kept


def kinds(text: str) -> list[str]:
    """The kinds of personal data in ``text`` (each once, in ``KINDS`` order)."""
    present = {span.kind for span in find(text)}
    return [kind for kind in KINDS if kind in present]


def mask(text: str, spans: list[Span] | None = None) -> str:
    """``text`` with every character of every span replaced by ``MASK_CHAR`` (spaces too)."""
    if not text:
        return text or ""
    spans = find(text) if spans is None else spans
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(MASK_CHAR * (span.end - span.start))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)

"""One normaliser for Chinese text, used at index time, at query time and for highlighting.

normalise(): NFKC (full-width → half-width), traditional → simplified (OpenCC t2s), lowercase, and
every run of punctuation or symbols → one space. Then jieba segments it into words separated by
spaces, which is what SQLite FTS5 (unicode61) and PostgreSQL (``simple`` config) tokenise on:

- index time: like jieba's ``cut_for_search``, the word *and* every dictionary word inside it
  (住宅物业管理 → 住宅 物业 管理 物业管理), so a query for a part of a compound finds it;
- query time: ``cut`` — the longest words (物业管理); the backend also accepts, for each long
  word, all of its parts (物业 AND 管理) in case the text was cut differently there.

jieba takes about half a second to load its dictionary, so it is loaded once, lazily, in a private
``jieba.Tokenizer`` (the global one is left alone), with the legal terms of ``dict/legal_terms.txt``
and any files listed in ``settings.LAWBRIDGE_SEARCH_USER_DICTS``. Changing a dictionary changes how
text is cut: run ``manage.py update_index`` afterwards.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from pathlib import Path

from django.conf import settings

LEGAL_TERMS = Path(__file__).resolve().parent / "dict" / "legal_terms.txt"

# Anything that is not a letter, a digit or a CJK ideograph separates words.
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)

_lock = threading.Lock()
_tokenizer = None
_converter = None
_triggers: frozenset[str] = frozenset()


def _t2s():
    global _converter, _triggers
    if _converter is None:
        import opencc

        converter = opencc.OpenCC("t2s")
        converter.convert("")  # loads the dictionaries
        _triggers = _changed_characters(converter)
        _converter = converter
    return _converter


def _changed_characters(converter) -> frozenset[str]:
    """Every character t2s can change: at a differing position of an entry whose output differs
    (all of the entry's characters when the lengths differ). A text without any of them comes
    out of t2s unchanged, so fold() skips the (pure Python, slow) conversion for it: most
    simplified text, e.g. 300 result titles per search."""
    changed = set()
    for group in converter._dict_chain_data:
        for _max_len, _min_len, mapping in group:
            for key, value in mapping.items():
                if key == value:
                    continue
                options = value.split(" ")
                if all(len(option) == len(key) for option in options):
                    for option in options:
                        changed.update(a for a, b in zip(key, option, strict=True) if a != b)
                else:
                    changed.update(key)
    return frozenset(changed)


def user_dictionaries() -> list[Path]:
    return [LEGAL_TERMS, *map(Path, getattr(settings, "LAWBRIDGE_SEARCH_USER_DICTS", []))]


def tokenizer():
    """The jieba tokenizer, initialised on first use (thread-safe)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                for path in user_dictionaries():
                    if path.exists():
                        tok.load_userdict(str(path))
                _tokenizer = tok
    return _tokenizer


def reset_tokenizer() -> None:
    """Forget the loaded tokenizer (after the user dictionary changed)."""
    global _tokenizer
    with _lock:
        _tokenizer = None
    _cached_query_words.cache_clear()


def fold(text: str) -> str:
    """NFKC, traditional → simplified, lowercase. Keeps punctuation."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    converter = _t2s()
    if not _triggers.isdisjoint(text):
        text = converter.convert(text)
    return text.lower()


def normalise(text: str) -> str:
    """fold() and punctuation → single spaces."""
    return _SEPARATORS.sub(" ", fold(text)).strip()


def _words(pieces) -> list[str]:
    return [piece for piece in (p.strip() for p in pieces) if piece]


def parts(word: str) -> list[str]:
    """The dictionary words inside ``word`` (shorter than it), left to right.

    jieba's own ``cut_for_search`` only looks at 2- and 3-character pieces, so 物业服务企业 would
    not yield 物业服务; this looks at every length."""
    freq = tokenizer().FREQ
    found = []
    for size in range(2, len(word)):
        for start in range(len(word) - size + 1):
            piece = word[start : start + size]
            if freq.get(piece):
                found.append(piece)
    return found


def index_words(text: str) -> list[str]:
    tok = tokenizer()
    words = []
    for chunk in normalise(text).split():
        for word in _words(tok.cut(chunk)):
            if len(word) > 2:
                words.extend(parts(word))
            words.append(word)
    return words


def query_words(text: str) -> list[str]:
    """The words of a query (jieba ``cut``), cached: a search request segments its query several
    times (the AND search of each source, the OR fallback, highlighting) and people repeat the
    same queries. Cleared by reset_tokenizer()."""
    return list(_cached_query_words(text))


@functools.lru_cache(maxsize=2048)
def _cached_query_words(text: str) -> tuple[str, ...]:
    return tuple(cut_words(text))


def cut_words(text: str) -> list[str]:
    """query_words() without the cache (for bulk work such as building a vocabulary)."""
    tok = tokenizer()
    words = []
    for chunk in normalise(text).split():
        words.extend(_words(tok.cut(chunk)))
    return words


def segment_for_index(text: str) -> str:
    return " ".join(index_words(text))


def segment_for_query(text: str) -> str:
    return " ".join(query_words(text))


# Highlighting -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=20_000)
def _fold_char(char: str) -> str:
    return fold(char)


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it
    came from (folding may change the length: ㈠ → (一))."""
    out: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``text`` (original positions) where any of the
    normalised ``terms`` occurs, longest terms first."""
    folded, offsets = folded_with_offsets(text)
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    taken = [False] * len(folded)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            if not any(taken[start:end]):
                for k in range(start, end):
                    taken[k] = True
                spans.append((offsets[start], offsets[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    return spans


def highlight(text: str, terms: list[str], width: int = 120) -> str:
    """Escaped HTML: a snippet of about ``width`` characters around the first match, every match
    wrapped in <mark>. The whole (shortened) text when nothing matches."""
    from django.utils.html import escape

    text = re.sub(r"\s+", " ", text or "").strip()
    spans = match_spans(text, terms)
    if spans:
        first = spans[0][0]
        begin = max(0, first - width // 3)
    else:
        begin = 0
    end = min(len(text), begin + width)
    if end - begin < width:
        begin = max(0, end - width)
    parts = ["…" if begin > 0 else ""]
    cursor = begin
    for s, e in spans:
        if e <= begin or s >= end:
            continue
        s, e = max(s, begin), min(e, end)
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts)

"""Turn an uploaded legal text — a regulation draft (法规草案) or a regulation in force (现行法规)
— into parts, chapters, sections and articles.

Local regulations go 章 → 节 → 条; national laws and codes add parts on top (编, and in the
Civil Code 分编 inside a 编: 第三编 合同 → 第一分编 通则 → 第一章 …).

Pure Python on purpose: the drafts plugin (admin upload, ``manage.py import_draft``) and the
regulations plugin (importing a regulation in force or an amendment) both build on it, and it
has to be testable without Django. The parser is line based and deliberately
conservative: whatever it cannot place is reported in ``unplaced`` instead of being dropped,
so a person can always check the result against the original document.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

__all__ = [
    "ImportFormatError",
    "ImportLimits",
    "ParsedArticle",
    "ParsedChapter",
    "ParsedDraft",
    "ParsedPart",
    "ParsedSection",
    "cn_to_int",
    "int_to_cn",
    "items_from_parsed",
    "normalize_spaces",
    "parse_draft",
    "read_document",
]


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages; the Django side translates it (``translated``)."""
    return message


class ImportFormatError(ValueError):
    """The file cannot be read. ``str()`` is plain Chinese, fit to show to the uploader;
    ``translated(gettext)`` gives it in the uploader's language."""

    def __init__(self, message: str, **params) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params

    def translated(self, gettext) -> str:
        message = gettext(self.message)
        return message % self.params if self.params else message


@dataclass(frozen=True)
class ImportLimits:
    """Caps checked before anything is parsed. A .docx is a zip of XML: a few hundred KB can
    unpack to gigabytes, and python-docx builds the whole tree in memory (a 552 KB file took
    110 s and 2 GB). Sizes are the ones the zip declares: Python's zipfile never inflates a part
    beyond its declared size (a lying part fails its CRC check and is refused as unreadable).
    The defaults are generous for real drafts — a long code is about 2,000 paragraphs."""

    max_bytes: int = 10 * 1024 * 1024  # the file as uploaded
    max_uncompressed: int = 50 * 1024 * 1024  # all parts of a .docx, unpacked
    max_parts: int = 1000  # files inside a .docx (a real one has 10–50, plus its images)
    max_paragraphs: int = 20_000  # paragraphs of a .docx (any XML part), lines of a text file


# ---------------------------------------------------------------------------
# Numerals and spaces
# ---------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"[零〇○一二两三四五六七八九十百千\d]+"  # \d also covers full-width digits

# Word and web copies are full of U+3000, NBSP and zero-width characters.
_SPACES_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# A space between two non-ASCII characters is layout ("总　则"), not content.
_CJK_GAP_RE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


def normalize_spaces(s: str) -> str:
    """Collapse every kind of whitespace (full-width, NBSP, tabs…) to one space and strip."""
    return _SPACES_RE.sub(" ", s).strip()


def cn_to_int(s: str) -> int:
    """Read a Chinese or Arabic numeral: "十二" → 12, "一百零三" → 103, "12" → 12."""
    s = normalize_spaces(s).replace(" ", "")
    if not s:
        raise ValueError("empty numeral")
    if s.isdecimal():
        return int(s)
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit:  # "一二" is not a number
                raise ValueError(f"invalid Chinese numeral: {s!r}")
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            # A bare unit counts as one of it: "十二" means 12.
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"invalid Chinese numeral: {s!r}")
    return total + (digit or 0)


def int_to_cn(n: int) -> str:
    """Write 0–9999 the way laws number things: 12 → "十二", 103 → "一百零三"."""
    if not 0 <= n <= 9999:
        raise ValueError(f"out of range: {n}")
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"
    out, pending_zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(digits[d] + name)
    text = "".join(out)
    # 10–19 are written "十…", never "一十…".
    return text[1:] if 10 <= n < 20 else text


# ---------------------------------------------------------------------------
# Result structure
# ---------------------------------------------------------------------------


@dataclass
class ParsedArticle:
    number: str  # as written, spaces removed: "第十二条" or "第12条"
    ordinal: int
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def to_dict(self) -> dict:
        return {"number": self.number, "text": self.text}


@dataclass
class ParsedSection:
    number: str
    ordinal: int
    title: str
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedChapter:
    # number/ordinal are None for a bare heading ("总　则") and for the implicit
    # chapter holding articles of a document without chapters.
    number: str | None
    ordinal: int | None
    title: str
    articles: list[ParsedArticle] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)


@dataclass
class ParsedPart:
    """A 编 or 分编. Its chapters are also in ``ParsedDraft.chapters`` (the flat list every
    local regulation uses), so code that knows nothing of parts still sees every article.
    ``number`` is None for a bare top-level heading after the parts ("附　则" of a code)."""

    number: str | None
    ordinal: int | None
    title: str
    start: int  # index in ParsedDraft.chapters of the part's first chapter
    subpart: bool = False  # 分编
    chapters: list[ParsedChapter] = field(default_factory=list)


@dataclass
class ParsedDraft:
    title: str
    preamble: list[str]
    chapters: list[ParsedChapter]
    unplaced: list[str]
    # Human-readable notes about guesses the parser made (not part of to_dict()).
    warnings: list[str] = field(default_factory=list)
    parts: list[ParsedPart] = field(default_factory=list)

    def all_articles(self) -> Iterator[ParsedArticle]:
        for chapter in self.chapters:
            yield from chapter.articles
            for section in chapter.sections:
                yield from section.articles

    def to_dict(self) -> dict:
        data = {
            "title": self.title,
            "preamble": list(self.preamble),
            "chapters": [
                {
                    "number": c.number,
                    "title": c.title,
                    "articles": [a.to_dict() for a in c.articles],
                    "sections": [
                        {
                            "number": s.number,
                            "title": s.title,
                            "articles": [a.to_dict() for a in s.articles],
                        }
                        for s in c.sections
                    ],
                }
                for c in self.chapters
            ],
            "unplaced": list(self.unplaced),
        }
        if self.parts:  # only codes have them; a local regulation's shape stays as it was
            index = {id(c): i for i, c in enumerate(self.chapters)}
            data["parts"] = [
                {
                    "number": p.number,
                    "title": p.title,
                    "subpart": p.subpart,
                    "chapters": [index[id(c)] for c in p.chapters],
                }
                for p in self.parts
            ]
        return data

    def char_count(self) -> int:
        """Non-whitespace characters held by the parse.

        Equals the input's count when nothing was lost (and no title override was used);
        tests rely on this to prove the parser never drops text.
        """
        parts = [self.title, *self.preamble, *self.unplaced]
        for p in self.parts:
            parts += [p.number or "", p.title]
        for c in self.chapters:
            parts += [c.number or "", c.title]
            for s in c.sections:
                parts += [s.number, s.title]
        for a in self.all_articles():
            parts += [a.number, *a.paragraphs]
        return sum(len(_SPACES_RE.sub("", p)) for p in parts)


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------

_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_HEADING_RE = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_MD_QUOTE_RE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
_MD_STRONG_RE = re.compile(r"(\*\*|__)(.+?)\1")
_MD_EM_RE = re.compile(r"(?<![*\\])\*(?![\s*])(.+?)(?<![\s*\\])\*(?!\*)")


def _strip_markdown(text: str) -> str:
    text = _HTML_COMMENT_RE.sub("", text)
    text = _MD_HEADING_RE.sub("", text)
    text = _MD_QUOTE_RE.sub("", text)
    text = _MD_STRONG_RE.sub(r"\2", text)
    return _MD_EM_RE.sub(r"\1", text)


# The first bytes of files people rename to .txt or .md by mistake (a phone photo, a PDF, a
# .doc from an old Word, a zip): said plainly instead of "save it as UTF-8".
_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"\xd0\xcf\x11\xe0",  # .doc, .xls
    b"PK\x03\x04",  # zip (a .docx renamed .txt is read as .docx by its name only)
)


def _decode_text(data: bytes) -> str:
    if data.startswith(_BINARY_SIGNATURES):
        raise ImportFormatError(
            gettext_noop(
                "这个文件不是文本文件（可能是图片、PDF 或压缩包），请上传 .docx、.txt 或 .md 文件"
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        # Chinese government PCs still save .txt as GBK; gb18030 is its superset.
        encodings = ["utf-8-sig", "utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # a binary file that happens to decode is still binary
            return text
    raise ImportFormatError(
        gettext_noop("无法识别文件编码，请将文件另存为 UTF-8 编码的文本后重新上传")
    )


_UNREADABLE_DOCX = gettext_noop("无法读取该 Word 文件，文件可能已损坏或并非 .docx 格式")
_TOO_MANY_PARAGRAPHS = gettext_noop(
    "文件段落过多（超过 %(limit)s 段），请拆分后分别导入或联系管理员"
)
# Start tags in the XML of a .docx: any element (an XML "<" is markup, never text), and
# paragraphs whatever their namespace prefix (<w:p>, <w:p/>, <a:p …>).
_XML_ELEMENT_RE = re.compile(rb"<[^/?!]")
_XML_PARAGRAPH_RE = re.compile(rb"<(?:[^\s<>/:]{1,64}:)?p[\s/>]")
_OVERLAP = 72  # longer than any match of either pattern


def _count(pattern: re.Pattern, window: bytes, tail: bytes) -> int:
    """Matches in ``window`` (= ``tail`` + new data) not already counted in ``tail``."""
    return len(pattern.findall(window)) - len(pattern.findall(tail))


def check_docx(data: bytes, limits: ImportLimits) -> None:
    """Refuse a .docx over ``limits`` from its zip directory and a byte scan of its XML, before
    python-docx parses anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ImportFormatError(_UNREADABLE_DOCX) from exc
    if len(parts) > limits.max_parts:
        raise ImportFormatError(
            gettext_noop("Word 文件内部结构异常（包含 %(n)s 个部件），已拒绝导入"),
            n=len(parts),
        )
    if sum(part.file_size for part in parts) > limits.max_uncompressed:
        raise ImportFormatError(
            gettext_noop("Word 文件解压后超过 %(limit)s MB，请删除图片或拆分后重新上传"),
            limit=limits.max_uncompressed // (1024 * 1024),
        )
    paragraphs = elements = 0
    try:
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels")):
                continue
            tail = b""
            with archive.open(part) as handle:
                while chunk := handle.read(1024 * 1024):
                    window = tail + chunk
                    paragraphs += _count(_XML_PARAGRAPH_RE, window, tail)
                    elements += _count(_XML_ELEMENT_RE, window, tail)
                    tail = window[-_OVERLAP:]
                    # Word writes about ten elements per paragraph (runs, their properties).
                    if paragraphs > limits.max_paragraphs or elements > limits.max_paragraphs * 50:
                        raise ImportFormatError(_TOO_MANY_PARAGRAPHS, limit=limits.max_paragraphs)
    except (
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
        OSError,
        RuntimeError,
    ) as exc:
        raise ImportFormatError(_UNREADABLE_DOCX) from exc


def _read_docx(data: bytes) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        # Walk the body in order so tables stay where they were between paragraphs.
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                # Merged cells repeat. The set holds the lxml elements themselves: that
                # keeps their proxies alive, so identity is stable (an id() could be reused).
                seen = set()
                for row in Table(child, document).rows:
                    cells = []
                    for cell in row.cells:
                        if cell._tc in seen:
                            continue
                        seen.add(cell._tc)
                        cells.extend(p.text for p in cell.paragraphs)
                    # One line per row, cells separated by tabs: parse_draft keeps such
                    # lines as paragraphs of their own instead of gluing cells together.
                    lines.append("\t".join(cells))
    except Exception as exc:  # python-docx raises many unrelated types on bad input
        raise ImportFormatError(_UNREADABLE_DOCX) from exc
    return "\n".join(lines)


def read_document(data: bytes, filename: str, limits: ImportLimits | None = None) -> str:
    """Return the plain text of an uploaded .docx, .txt or .md file within ``limits``
    (``ImportLimits()`` by default): a file over them raises ``ImportFormatError`` before it
    is parsed."""
    limits = limits or ImportLimits()
    ext = PurePath(filename).suffix.lower()
    if len(data) > limits.max_bytes:
        raise ImportFormatError(
            gettext_noop("文件过大，请上传不超过 %(limit)s MB 的文件"),
            limit=limits.max_bytes // (1024 * 1024),
        )
    if ext == ".docx":
        check_docx(data, limits)
        text = _read_docx(data)
    elif ext in (".txt", ".md"):
        if data.count(b"\n") > limits.max_paragraphs:
            raise ImportFormatError(_TOO_MANY_PARAGRAPHS, limit=limits.max_paragraphs)
        text = _decode_text(data)
        if ext == ".md":
            text = _strip_markdown(text)
    elif ext == ".doc":
        raise ImportFormatError(
            gettext_noop("不支持旧版 Word 格式（.doc），请在 Word 中另存为 .docx 后上传")
        )
    else:
        raise ImportFormatError(
            gettext_noop("不支持的文件类型：%(ext)s，请上传 .docx、.txt 或 .md 文件"),
            ext=ext or "—",
        )
    text = re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c]", "\n", text)
    if not text.strip():
        raise ImportFormatError(gettext_noop("文件中没有文字内容"))
    return text


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_ARTICLE_RE = re.compile(rf"^第 ?({_NUM}) ?条(.*)$")
_HEADING_RE = re.compile(rf"^第 ?({_NUM}) ?(分编|[编章节])(.*)$")
# What may follow "第十条" when it is glued to the text: these start a citation
# ("第十条规定的情形…"), not an article.
_CITATION_STARTS = (
    "规定", "的", "之", "第", "、", "，", ",", "和", "与", "或", "及", "以", "至",
    "中", "所", "款", "项", "有关", "关于", "列", "。", "；", "：", ")", "）",
)  # fmt: skip
# No article text begins like this, so "第五条 规定的材料" is a citation despite the space.
_CITED_AFTER_SPACE = ("的", "之", "规定的", "、", "，", ",", "款", "项", "至")
_TERMINATORS = "。；;：:！!？?…．"
_CLOSERS = "”’」』）)》\"'"
_INTERNAL_PUNCT_RE = re.compile(r"[，,。；;：:！!？?]")
_ITEM_RE = re.compile(
    r"^(（[^）]{1,4}）|\([^)]{1,4}\)|\d{1,3}[.、．]|[一二三四五六七八九十]{1,3}、)"
)
_DATE_RE = re.compile(r"\d|[〇零一二三四五六七八九十]+年.*月")
_TITLE_RE = re.compile(
    r"(条例|规定|办法|细则|规则|决定|决议|规范|章程|草案|稿|修正案|法|法典)[)）]?$"
)
_MAX_HEADING = 24  # the longest real bare heading seen is 19 characters


def _is_terminated(paragraph: str) -> bool:
    """Does the paragraph end a sentence (so the next line starts a new paragraph)?"""
    last = paragraph.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _TERMINATORS


def _heading_text(s: str) -> str:
    return _CJK_GAP_RE.sub("", normalize_spaces(s))


def _is_heading_title(rest: str) -> bool:
    """Can the text after "第二章" be its title? Empty is fine (title on the next line)."""
    if rest and not rest.startswith(" ") and rest.startswith(_CITATION_STARTS):
        return False
    text = rest.replace(" ", "")
    return len(text) <= _MAX_HEADING and not _INTERNAL_PUNCT_RE.search(text)


def _looks_like_heading(line: str) -> bool:
    """A short line without punctuation, digits or dates: "总　则", "法律责任"."""
    text = line.replace(" ", "")
    return (
        0 < len(text) <= _MAX_HEADING
        and not _INTERNAL_PUNCT_RE.search(text)
        and not _DATE_RE.search(text)
        and not text.startswith(("（", "(", "【", "[", "《", "“"))
        and not _ITEM_RE.match(text)
    )


def _looks_like_title(line: str, md_heading: bool) -> bool:
    if _ARTICLE_RE.match(line) or _HEADING_RE.match(line):
        return False
    if md_heading:
        return True
    return len(line) <= 60 and not _INTERNAL_PUNCT_RE.search(line) and bool(_TITLE_RE.search(line))


def _join(a: str, b: str) -> str:
    # Chinese needs no space when a sentence was broken across lines; Latin words do.
    sep = " " if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() else ""
    return a + sep + b


@dataclass
class _Line:
    text: str
    md_heading: bool
    table_row: bool  # tab-separated cells: never part of a wrapped sentence


def _split_lines(text: str) -> list[_Line]:
    text = _HTML_COMMENT_RE.sub("", text)
    lines = []
    for raw in re.split(r"\r\n?|\n|[\u2028\u2029]", text):
        md = bool(re.match(r"^[ \t]*#{1,6}[ \t]", raw))
        line = normalize_spaces(re.sub(r"^[ \t]*#{1,6}[ \t]", "", raw))
        if line:
            lines.append(_Line(line, md, "\t" in raw.strip()))
    return lines


class _Parser:
    def __init__(self, lines: list[_Line], title: str | None) -> None:
        self.lines = lines
        self.override = title.strip() if title else None
        self.title: str | None = None
        self.preamble: list[str] = []
        self.chapters: list[ParsedChapter] = []
        self.unplaced: list[str] = []
        self.warnings: list[str] = []
        self.toc_seen = False
        self.parts: list[ParsedPart] = []
        self.part: ParsedPart | None = None
        self.chapter: ParsedChapter | None = None
        self.section: ParsedSection | None = None
        self.article: ParsedArticle | None = None
        self.last_ordinal: int | None = None
        self.last_was_table_row = False
        self.glued_ok = self._glued_style()

    def _glued_style(self) -> bool:
        """Some documents write "第一条为了…" with no space; accept that only if most do."""
        spaced = glued = 0
        for line in self.lines:
            m = _ARTICLE_RE.match(line.text)
            if m:
                rest = m.group(2)
                if not rest or rest.startswith(" "):
                    spaced += 1
                elif not rest.startswith(_CITATION_STARTS):
                    glued += 1
        return glued > spaced

    def match_article(self, line: str, warn: bool = False) -> tuple[str, int, str] | None:
        """(number, ordinal, rest of line) if the line starts a new article here."""
        m = _ARTICLE_RE.match(line)
        if not m:
            return None
        try:
            ordinal = cn_to_int(m.group(1))
        except ValueError:
            return None
        number = f"第{m.group(1).replace(' ', '')}条"
        rest = m.group(2)
        sequential = self.last_ordinal is None or ordinal == self.last_ordinal + 1
        if not rest:
            return number, ordinal, ""  # a number alone on its line is never a citation
        if rest.startswith(" ") and sequential and not rest[1:].startswith(_CITED_AFTER_SPACE):
            return number, ordinal, rest.strip()
        if self.glued_ok and sequential and not rest.startswith(_CITATION_STARTS):
            return number, ordinal, rest
        if warn and not sequential and rest.startswith(" "):
            last = self.last_ordinal
            previous = int_to_cn(last) if last <= 9999 else str(last)
            self.warnings.append(f"“{line[:20]}”条号不连续（上一条为第{previous}条），未作为新条文")
        return None

    def _next_starts_article(self, k: int) -> bool:
        if k + 1 >= len(self.lines):
            return False
        nxt = self.lines[k + 1].text
        m = _HEADING_RE.match(nxt)
        if m and m.group(2) == "节":
            return True
        return self.match_article(nxt) is not None

    def _open_paragraph(self) -> bool:
        """Is the current article's last paragraph an unfinished sentence?"""
        if not (self.article and self.article.paragraphs) or self.last_was_table_row:
            return False
        return not _is_terminated(self.article.paragraphs[-1])

    def _new_chapter(self, number: str | None, ordinal: int | None, title: str) -> None:
        self.chapter = ParsedChapter(number, ordinal, title)
        self.chapters.append(self.chapter)
        if self.part is not None:
            self.part.chapters.append(self.chapter)
        self.section = None
        self.article = None

    def _new_part(self, number: str | None, ordinal: int | None, title: str, sub: bool) -> None:
        self.part = ParsedPart(number, ordinal, title, start=len(self.chapters), subpart=sub)
        self.parts.append(self.part)
        self.chapter = None
        self.section = None
        self.article = None

    def _bare_heading(self, title: str) -> None:
        # After the 编 of a code, an unnumbered heading ("附　则") stands beside the parts, not
        # inside the last one: its articles belong to no part. Without parts, or inside a part
        # whose chapters are themselves unnumbered, it is a chapter as in local regulations.
        if self.part is not None and any(c.number for c in self.part.chapters):
            self._new_part(None, None, title, sub=False)
        else:
            self._new_chapter(None, None, title)

    def _is_heading_line(self, k: int) -> bool:
        """Does line ``k`` open something: an article, or a 编/章/节 heading?"""
        if k >= len(self.lines):
            return False
        text = self.lines[k].text
        m = _HEADING_RE.match(text)
        if m and _is_heading_title(m.group(3)):
            return True
        return self.match_article(text) is not None

    def _continues_title(self, title: str, k: int) -> bool:
        """Is line ``k`` the rest of a heading title wrapped onto a second line?

        ("第四章 市人民代表大会常务委员会\n审议程序"). Only a short heading-like line followed by
        an article or another heading qualifies: body text never sits between a heading and its
        first article, so such a line cannot be anything else."""
        if not title or k >= len(self.lines):
            return False
        text = self.lines[k].text
        return (
            _looks_like_heading(text)
            and not self._is_heading_line(k)
            and len(title) + len(_heading_text(text)) <= 2 * _MAX_HEADING
            and self._is_heading_line(k + 1)
        )

    def run(self) -> ParsedDraft:
        k = 0
        started = False
        while k < len(self.lines):
            line = self.lines[k]
            text = line.text
            heading = _HEADING_RE.match(text)
            heading_title = _heading_text(heading.group(3)) if heading else ""
            if heading and not _is_heading_title(heading.group(3)):
                heading = None  # "第二章规定的…" is a sentence, not a heading
            article = None if heading else self.match_article(text, warn=started)
            # An unfinished sentence swallows the next line even if it looks like a heading:
            # hard-wrapped text ("…处五百元以上\n一千元以下罚款") is more common than a
            # heading after an article that forgot its full stop.
            bare = (
                not heading
                and not article
                and not self._open_paragraph()
                and _looks_like_heading(text)
                and self._next_starts_article(k)
            )
            if not started:
                end = self._table_of_contents_end(k)
                if end is not None:
                    self.preamble += [ln.text for ln in self.lines[k:end]]
                    k = end
                    continue
                if self.title is None and _looks_like_title(text, line.md_heading):
                    self._set_title(text)
                    k += 1
                    continue
                if not (heading or article or bare):
                    self.preamble.append(text)
                    k += 1
                    continue
                started = True

            if heading:
                k = self._heading(heading, heading_title, k)
            elif article:
                self._article(*article)
            elif bare:
                self._bare_heading(_heading_text(text))
            else:
                self._body(text, line.table_row)
            self.last_was_table_row = line.table_row
            k += 1

        return ParsedDraft(
            title=self.override or self.title or "",
            preamble=self.preamble,
            chapters=self.chapters,
            unplaced=self.unplaced,
            warnings=self.warnings,
            parts=self.parts,
        )

    def _table_of_contents_end(self, k: int) -> int | None:
        """Codes print a 目录 of their headings before the text. Its lines are headings
        too, so they would become empty parts and chapters: when line ``k`` is "目录", keep
        everything up to the second appearance of the first entry as preamble."""
        if self.toc_seen or _heading_text(self.lines[k].text) != "目录" or k + 1 >= len(self.lines):
            return None
        self.toc_seen = True  # one look only: a file of "目录" lines must not cost n² steps
        first = _heading_text(self.lines[k + 1].text)
        for j in range(k + 2, len(self.lines)):
            if _heading_text(self.lines[j].text) == first:
                return j
        return None

    def _set_title(self, text: str) -> None:
        self.title = _heading_text(text)
        # With an explicit title the document's own title line must still go somewhere.
        if self.override and self.title.replace(" ", "") != self.override.replace(" ", ""):
            self.preamble.append(text)

    def _heading(self, m: re.Match, title: str, k: int) -> int:
        number = f"第{m.group(1).replace(' ', '')}{m.group(2)}"
        try:
            ordinal = cn_to_int(m.group(1))
        except ValueError:
            ordinal = None
        # "第一章" on one line and "总则" on the next (common in Word documents).
        if not title and k + 1 < len(self.lines):
            nxt = self.lines[k + 1].text
            if _looks_like_heading(nxt) and not self._is_heading_line(k + 1):
                title = _heading_text(nxt)
                k += 1
        # A long title typed over two lines.
        while self._continues_title(title, k + 1):
            title += _heading_text(self.lines[k + 1].text)
            k += 1
        kind = m.group(2)
        if kind in ("编", "分编"):
            self._new_part(number, ordinal, title, sub=kind == "分编")
        elif kind == "章":
            self._new_chapter(number, ordinal, title)
        else:
            if self.chapter is None:
                self._new_chapter(None, None, "")
            self.section = ParsedSection(number, ordinal or 0, title)
            self.chapter.sections.append(self.section)
            self.article = None
        return k

    def _article(self, number: str, ordinal: int, rest: str) -> None:
        if self.chapter is None:
            self._new_chapter(None, None, "")
        self.article = ParsedArticle(number, ordinal, [rest] if rest else [])
        target = self.section.articles if self.section else self.chapter.articles
        target.append(self.article)
        self.last_ordinal = ordinal

    def _body(self, text: str, table_row: bool = False) -> None:
        if self.article is None:
            self.unplaced.append(text)
        elif self._open_paragraph() and not table_row and not _ITEM_RE.match(text):
            self.article.paragraphs[-1] = _join(self.article.paragraphs[-1], text)
        else:
            self.article.paragraphs.append(text)


def parse_draft(text: str, title: str | None = None) -> ParsedDraft:
    """Split draft text into title, preamble, chapters/sections/articles and unplaced text.

    ``title`` overrides the title found in the document.
    """
    return _Parser(_split_lines(text), title).run()


def items_from_parsed(parsed: ParsedDraft) -> list[dict]:
    """The parse as a flat list of items, in document order, without keys (each plugin keys them
    and keeps the keys across versions): ``{"type": "part"|"chapter"|"section", "number",
    "title"}``, ``{"type": "article", "number", "ordinal", "text"}``, ``{"type": "note", "text"}``.

    The preamble (dates of adoption, 通过/批准 lines) opens the text as notes; text the parser
    could not place closes it as notes, so nothing is lost and an editor can move it."""
    items: list[dict] = [{"type": "note", "text": line} for line in parsed.preamble]
    # A part is written just before its first chapter; parts and chapters were both appended
    # in document order, so this is the document's order (an empty part keeps its place too).
    parts_at: dict[int, list] = {}
    for part in parsed.parts:
        parts_at.setdefault(part.start, []).append(part)

    def add_parts(index: int) -> None:
        for part in parts_at.get(index, []):
            items.append({"type": "part", "number": part.number or "", "title": part.title})

    position = 0
    for index, chapter in enumerate(parsed.chapters):
        add_parts(index)
        if chapter.number or chapter.title:
            items.append(
                {"type": "chapter", "number": chapter.number or "", "title": chapter.title}
            )
        groups = [(None, chapter.articles)] + [(s, s.articles) for s in chapter.sections]
        for section, articles in groups:
            if section is not None:
                items.append({"type": "section", "number": section.number, "title": section.title})
            for article in articles:
                position += 1
                items.append(
                    {
                        "type": "article",
                        "number": article.number,
                        "ordinal": article.ordinal,
                        "text": article.text,
                    }
                )
    add_parts(len(parsed.chapters))
    items += [{"type": "note", "text": line, "unplaced": True} for line in parsed.unplaced]
    return items

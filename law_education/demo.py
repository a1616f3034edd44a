"""Demo content of 普法园地 from ``law_education/demo_data/``: topics, audiences, two series, nine
live articles (one with every block type), one scheduled article, one waiting for 法律审核, the
review workflow and an English index.

Media are made at load time (Pillow pictures, a WAV tone, a DOCX leaflet) except a 22 KB MP4
(``demo_media/pufa-xiaoketang.mp4``, 3 s H.264 + AAC) that ships with the app.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db.models import Q
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from core.demo import DemoData, ensure_child, ensure_translation, publish
from core.plugins import DRAFT_PAGE, page_models_for

from .models import (
    Audience,
    DailyReads,
    LawEducationArticlePage,
    LawEducationIndexPage,
    LawTopic,
    RelatedArticle,
    RelatedDraft,
    Series,
)
from .workflow import ensure_review_workflow

DATA = DemoData(__file__)
MEDIA_DIR = Path(__file__).resolve().parent / "demo_media"


# Body blocks ---------------------------------------------------------------------------------


def _rich(text: str) -> str:
    return f"<p>{text}</p>"


def _image(image, alt, caption, decorative=False):
    """ImageBlock's native value is the image itself carrying its alt text for this use."""
    image = type(image).objects.get(pk=image.pk)
    image.decorative = decorative
    image.contextual_alt_text = "" if decorative else alt
    return {"image": image, "caption": caption}


def _block(spec: dict, refs: dict):
    """One StreamField block from a [[body]] table of the data (types: law_education.toml)."""
    kind = spec["type"]
    if kind == "paragraph":
        return kind, _rich(spec["text"])
    if kind == "heading":
        return kind, {"text": spec["text"], "level": "h2"}
    if kind == "image":
        image = refs["pictures"][spec["image"]]
        return kind, _image(image, spec["alt"], spec["caption"], spec.get("decorative", False))
    if kind == "case":
        return kind, {
            "title": spec["title"],
            "facts": _rich(spec["facts"]),
            "question": spec["question"],
            "analysis": _rich(spec["analysis"]),
            "legal_basis": spec["basis"],
        }
    if kind == "legal_quote":
        draft = refs["draft"] if spec.get("link_draft") else None
        return kind, {
            "law_name": spec["law"],
            "article_number": spec["number"],
            "text": spec["text"],
            "draft_page": draft,
            "article_ordinal": 1 if draft is not None else None,
        }
    if kind == "qa":
        items = [{"question": i["question"], "answer": _rich(i["answer"])} for i in spec["items"]]
        return kind, {"title": spec.get("title", "问答"), "items": items}
    if kind == "key_points":
        return kind, {"title": spec.get("title", "划重点"), "points": spec["points"]}
    if kind in ("video", "audio"):
        document = refs["media"][spec["document"]]
        return kind, {
            "title": spec["title"],
            "document": document,
            "embed": None,
            "transcript": spec["transcript"],
        }
    if kind == "leaflet":
        document = refs["media"][spec["document"]]
        return kind, {
            "title": spec["title"],
            "document": document,
            "description": spec["description"],
        }
    if kind == "quiz":
        return kind, {"title": spec["title"], "questions": spec["questions"]}
    raise ValueError(f"unknown block type in law_education demo data: {kind!r}")


def _body(blocks: list[dict], refs: dict) -> list:
    return [_block(spec, refs) for spec in blocks]


# Media ---------------------------------------------------------------------------------------


def _picture(title: str, colour: tuple[int, int, int]):
    from PIL import Image, ImageDraw

    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture = Image.new("RGB", (800, 450), colour)
    draw = ImageDraw.Draw(picture)
    # A simple emblem: scales of justice drawn with shapes (no font needed).
    draw.line((400, 90, 400, 360), fill="white", width=10)
    draw.line((250, 140, 550, 140), fill="white", width=10)
    for x in (250, 550):
        draw.line((x, 140, x - 50, 250), fill="white", width=4)
        draw.line((x, 140, x + 50, 250), fill="white", width=4)
        draw.chord((x - 70, 200, x + 70, 300), 0, 180, fill="white")
    draw.rectangle((320, 360, 480, 380), fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = Image_(
        title=title,
        caption=title,
        credit="立法连心桥",
        file=ImageFile(buffer, name=f"law-education-{colour[2]}.png"),
    )
    image.save()
    return image


def _document(title: str, filename: str, content: bytes):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = Document(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def _wav_bytes(seconds: float = 2.0, rate: int = 8000) -> bytes:
    """A soft two-tone chime (the demo has no voice recording)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = bytearray()
        for i in range(int(seconds * rate)):
            t = i / rate
            freq = 523.25 if t < seconds / 2 else 659.25
            envelope = math.exp(-3 * (t % (seconds / 2)))
            frames += struct.pack("<h", int(8000 * envelope * math.sin(2 * math.pi * freq * t)))
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def _leaflet_bytes(heading: str, lines: list[str]) -> bytes:
    from docx import Document as Docx

    doc = Docx()
    doc.add_heading(heading, level=1)
    for line in lines:
        doc.add_paragraph(line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _ensure_root_collection():
    """Wagtail's migration creates it; a flushed test database (live server tests) has none."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def demo_media(specs: dict) -> dict:
    video, audio, leaflet = specs["video"], specs["audio"], specs["leaflet"]
    return {
        "video": _document(video["title"], video["file"], (MEDIA_DIR / video["file"]).read_bytes()),
        "audio": _document(audio["title"], audio["file"], _wav_bytes()),
        "leaflet": _document(
            leaflet["title"],
            leaflet["file"],
            _leaflet_bytes(leaflet["heading"], leaflet["lines"]),
        ),
    }


# Articles ------------------------------------------------------------------------------------


def _find_demo_draft():
    """A live page of the drafts plugin, when it is installed and has demo drafts."""
    models = page_models_for(DRAFT_PAGE)
    if not models:
        return None
    return Page.objects.live().type(*models).filter(Q(depth__gte=3)).order_by("path").first()


def _taxonomy(model, rows):
    items = {}
    for order, row in enumerate(rows):
        slug = row["slug"]
        obj = model.objects.filter(slug=slug, locale__language_code="zh-hans").first()
        if obj is None:
            obj = model.objects.create(
                slug=slug,
                name=row["name"],
                description=row.get("description", ""),
                sort_order=order,
            )
        items[slug] = obj
    return items


def _translate_taxonomy(items, rows, locale):
    english = {}
    for row in rows:
        source = items[row["slug"]]
        translation = source.get_translation_or_none(locale)
        if translation is None:
            translation = source.copy_for_translation(locale)
            translation.name = row["name_en"]
            translation.save()
        english[row["slug"]] = translation
    return english


def load_law_education_demo(demo):
    data = DATA.toml("law_education.toml")
    articles = {slug: DATA.toml(f"articles/{slug}.toml") for slug in data["articles"]["order"]}
    _ensure_root_collection()
    home = demo.home
    index = ensure_child(
        home,
        LawEducationIndexPage,
        "law-education",
        title=data["index"]["title"],
        intro=data["index"]["intro"],
        show_in_menus=True,
    )
    ensure_review_workflow(index)

    topics = _taxonomy(LawTopic, data["topic"])
    audiences = _taxonomy(Audience, data["audience"])
    series = _taxonomy(Series, data["series"])
    refs = {
        "pictures": {
            key: _picture(picture["title"], tuple(picture["colour"]))
            for key, picture in data["pictures"].items()
        },
        "media": demo_media(data["media"]),
        "draft": _find_demo_draft(),
    }
    draft = refs["draft"]
    reviewer = data["articles"]["reviewer"]

    pages = {}
    for slug, spec in articles.items():
        page = index.get_children().filter(slug=slug).first()
        if page is None:
            series_slug = spec.get("series")
            page = LawEducationArticlePage(
                slug=slug,
                title=spec["title"],
                summary=spec["summary"],
                body=_body(spec["body"], refs),
                topic=topics[spec["topic"]],
                series=series[series_slug] if series_slug else None,
                series_number=spec.get("series_number"),
                reviewer=reviewer,
                reviewed_at=date.today() - timedelta(days=spec["days_ago"] + 1),
                locale=index.locale,
            )
            page.audiences = [audiences[audience] for audience in spec["audiences"]]
            page.tags.add(*spec["tags"])
            if draft is not None and spec.get("related_draft"):
                page.related_drafts = [RelatedDraft(page=draft)]
            index.add_child(instance=page)
            page = publish(page)
            published = timezone.now() - timedelta(days=spec["days_ago"])
            LawEducationArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published
            )
            today = timezone.localdate()
            DailyReads.objects.bulk_create(
                [
                    DailyReads(page=page, day=today - timedelta(days=d), count=spec["reads"] // 3)
                    for d in range(3)
                ]
            )
        pages[slug] = page.specific

    _relate(pages, data["articles"]["related"])
    _scheduled_and_in_review(index, topics, data["scheduled"], data["in_review"])

    en_index = ensure_translation(index, "en", **data["index"]["en"])
    en = Locale.objects.get(language_code="en")
    en_topics = _translate_taxonomy(topics, data["topic"], en)
    _translate_taxonomy(audiences, data["audience"], en)
    _translate_taxonomy(series, data["series"], en)
    for slug, spec in articles.items():
        if "en" not in spec or pages[slug].get_translation_or_none(en) is not None:
            continue
        ensure_translation(
            pages[slug],
            "en",
            title=spec["en"]["title"],
            summary=spec["en"]["summary"],
            topic=en_topics[spec["topic"]],
            body=_body(spec["en"]["body"], refs),
        )
    demo.log(f"law_education: {len(pages)} articles in {index.url} and {en_index.url}")


def _relate(pages, pairs):
    for source_slug, target_slug in pairs:
        source, target = pages[source_slug], pages[target_slug]
        if not RelatedArticle.objects.filter(source=source, article=target).exists():
            RelatedArticle.objects.create(source=source, article=target)


def _unpublished_article(index, topics, spec, **fields):
    return LawEducationArticlePage(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        body=[("paragraph", _rich(spec["body"]))],
        topic=topics[spec["topic"]],
        live=False,
        locale=index.locale,
        **fields,
    )


def _scheduled_and_in_review(index, topics, scheduled, in_review):
    """One article scheduled to go live and one waiting at 法律审核, so that editors see both
    states in the admin listing."""
    if not index.get_children().filter(slug=scheduled["slug"]).exists():
        page = _unpublished_article(
            index,
            topics,
            scheduled,
            go_live_at=timezone.now() + timedelta(days=scheduled["go_live"]),
        )
        index.add_child(instance=page)
        page.save_revision().publish()  # with go_live_at in the future: scheduled, not live
    if not index.get_children().filter(slug=in_review["slug"]).exists():
        page = _unpublished_article(index, topics, in_review)
        index.add_child(instance=page)
        page.save_revision()
        workflow = page.get_workflow()
        if workflow is not None:
            state = workflow.start(page, None)
            state.current_task_state.approve(user=None)  # 初审 passed; waits for 法律审核

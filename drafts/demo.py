"""Demo content from ``drafts/demo_data/drafts.toml``: the drafts index, the topics and three
drafts imported by the importer from real regulations shipped beside it — one open, one closed
with a second version, one passed."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from core.demo import DemoData, days_from, ensure_child, ensure_translation
from core.legal_text import parse_draft, read_document

from .models import DraftIndexPage, DraftTopic, RegulationDraftPage
from .services import add_version, create_draft

DATA = DemoData(__file__)

# Fields of a [[draft]] passed to create_draft as they are, and those that are dates or times
# (days from today or now, or as written).
TEXT_FIELDS = ("title", "label", "summary", "drafting_body", "explanation")
DAY_FIELDS = ("date", "reply_deadline")
TIME_FIELDS = ("opens_at", "closes_at")


def _parse(path: Path):
    return parse_draft(read_document(path.read_bytes(), path.name))


def _stages(stages, today):
    return [
        ("stage", {"stage": stage, "date": days_from(today, day), "note": ""})
        for stage, day in stages
    ]


def _topics(locale, *slugs):
    return list(DraftTopic.objects.filter(locale=locale, slug__in=slugs))


def load_drafts_demo(demo):
    data = DATA.toml("drafts.toml")
    home = demo.home
    index_spec = data["index"]
    index = ensure_child(
        home,
        DraftIndexPage,
        "drafts",
        title=index_spec["title"],
        intro=index_spec["intro"],
        show_in_menus=True,
    )
    if "en" in demo.homes:
        ensure_translation(index, "en", **index_spec["en"])
    english = demo.homes["en"].locale if "en" in demo.homes else None
    for topic in data["topic"]:
        source, _created = DraftTopic.objects.get_or_create(
            locale=home.locale, slug=topic["slug"], defaults={"name": topic["name"]}
        )
        if english is not None and source.get_translation_or_none(english) is None:
            translation = source.copy_for_translation(english)
            translation.name = topic["name_en"]
            translation.save()

    now = timezone.now()
    today = timezone.localdate()
    existing = set(index.get_children().values_list("slug", flat=True))

    for spec in data["draft"]:
        # Resolved before the check for an existing page: a missing source fails every run,
        # not only the first on an empty database.
        source = DATA.path(spec["source"])
        versions = [(DATA.path(version["source"]), version) for version in spec.get("version", [])]
        if spec["slug"] in existing:
            continue
        fields = {name: spec[name] for name in TEXT_FIELDS if name in spec}
        fields.update({name: days_from(today, spec[name]) for name in DAY_FIELDS if name in spec})
        fields.update({name: days_from(now, spec[name]) for name in TIME_FIELDS if name in spec})
        result = create_draft(
            index,
            _parse(source),
            slug=spec["slug"],
            publish=False,
            source_name=source.name,
            timeline=_stages(spec["timeline"], today),
            **fields,
        )
        page = _publish_with_topics(result.page, *spec["topics"])
        for path, version in versions:
            add_version(
                page,
                _parse(path),
                label=version["label"],
                date=days_from(today, version["date"]),
                note=version["note"],
                publish=True,
                source_name=path.name,
            )
        demo.log(f"drafts: {spec['log']}")
    for page in RegulationDraftPage.objects.child_of(index).live().order_by("path"):
        if page.accepts_comments():
            demo.show("Open draft", page, "(comment on any article)")


def _publish_with_topics(page: RegulationDraftPage, *slugs) -> RegulationDraftPage:
    page = RegulationDraftPage.objects.get(pk=page.pk)
    page.topics.set(_topics(page.locale, *slugs))
    page.save_revision().publish()
    return RegulationDraftPage.objects.get(pk=page.pk)

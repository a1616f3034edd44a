"""Demo content from ``demo_data/regulations.toml``: the 现行法规 index, the 供热条例 in force —
imported through ``core.legal_text`` as promulgated, then amended (two versions), linked to the
drafts demo's passed draft when there is one — and its evaluation, open for comment now."""

from __future__ import annotations

from django.utils import timezone

from core.demo import DemoData, days_from, ensure_child, ensure_translation, publish
from core.legal_text import items_from_parsed, parse_draft, read_document
from core.plugins import DRAFT_PAGE, page_models_for

from .models import EvaluationPage, RegulationIndexPage
from .roles import grant_regulation_editors
from .services import add_version, create_regulation

DATA = DemoData(__file__)


def _items(name: str) -> list[dict]:
    path = DATA.path(name)
    return items_from_parsed(parse_draft(read_document(path.read_bytes(), path.name)))


def _source_draft(title_part: str):
    """The passed demo draft, found by role and title: this plugin does not know its model."""
    for model in page_models_for(DRAFT_PAGE):
        draft = model.objects.live().filter(title__contains=title_part).first()
        if draft is not None:
            return draft
    return None


def load_regulations_demo(demo):
    data = DATA.toml("regulations.toml")
    spec = data["index"]
    index = ensure_child(
        demo.home, RegulationIndexPage, spec["slug"], title=spec["title"], intro=spec["intro"],
        show_in_menus=True,
    )  # fmt: skip
    grant_regulation_editors(index)
    if "en" in demo.homes:
        ensure_translation(index, "en", **spec["en"])

    spec = data["regulation"]
    amendments = [(a, _items(a["source"])) for a in spec.get("amendment", [])]
    items = _items(spec["source"])  # resolved first: a missing file fails every run
    regulation = index.get_children().filter(slug=spec["slug"]).specific().first()
    if regulation is None:
        draft = _source_draft(spec["draft_title"])
        regulation = create_regulation(
            index,
            items,
            title=parse_draft(DATA.text(spec["source"])).title,
            slug=spec["slug"],
            source_name=spec["source"],
            summary=spec["summary"],
            promulgated_by=spec["promulgated_by"],
            promulgated_on=spec["promulgated_on"],
            effective_on=spec["effective_on"],
            source_draft=draft,
        )
        regulation = publish(regulation)
        for amendment, amended in amendments:
            add_version(
                regulation,
                amended,
                kind=amendment["kind"],
                label=amendment["label"],
                promulgated_on=amendment["promulgated_on"],
                effective_on=amendment["effective_on"],
                note=amendment["note"],
                source_name=amendment["source"],
            )
        demo.log(f"regulations: {regulation.title} — in force, {1 + len(amendments)} versions")
    if "en" in demo.homes:
        ensure_translation(
            regulation,
            "en",
            title=spec["en_title"],
            summary=spec["en_summary"],
            promulgated_by=spec["en_promulgated_by"],
        )

    spec = data["evaluation"]
    now, today = timezone.now(), timezone.localdate()
    evaluation = ensure_child(
        regulation,
        EvaluationPage,
        spec["slug"],
        title=spec["title"],
        intro=f"<p>{spec['intro']}</p>",
        opens_at=days_from(now, spec["opens_at"]),
        closes_at=days_from(now, spec["closes_at"]),
        reply_deadline=days_from(today, spec["reply_deadline"]),
        questions=[("question", q) for q in spec["questions"]],
    )
    if "en" in demo.homes:
        ensure_translation(evaluation, "en", title=spec["en_title"])
    demo.show(
        "Evaluation", evaluation, "(实施评估: comment on the 供热条例 in force, article by article)"
    )

"""Demo content from ``forms/demo_data/opinions.toml``: a 立法建议征集 form page, and realistic
opinions on the open demo draft."""

from __future__ import annotations

import random

from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from, ensure_child, ensure_translation
from core.interfaces import as_commentable

from .models import Batch, Channel, Opinion, OpinionFormField, OpinionFormPage, PageOpinionSettings

DATA = DemoData(__file__)


def load_demo(demo) -> None:
    data = DATA.toml("opinions.toml")
    spec = data["form_page"]
    home = demo.home
    form_page = ensure_child(
        home,
        OpinionFormPage,
        "suggestions",
        title=spec["title"],
        show_in_menus=True,
        intro=spec["intro"],
        thank_you_text=spec["thank_you_text"],
        reply_deadline=days_from(timezone.localdate(), spec["reply_deadline"]),
    )
    if not form_page.form_fields.exists():
        for order, field in enumerate(spec["field"]):
            OpinionFormField.objects.create(page=form_page, sort_order=order, **field)
        form_page.save_revision().publish()
    if "en" in demo.homes:
        ensure_translation(form_page, "en", **spec["en"])
    demo.log("opinions: form page ready")
    _demo_opinions(demo, data["opinions"])


def _open_draft():
    for page in Page.objects.live().specific().order_by("pk"):
        commentable = as_commentable(page)
        if commentable is None or isinstance(page, OpinionFormPage):
            continue
        if commentable.accepts_comments() and commentable.get_comment_targets():
            return page
    return None


def _demo_opinions(demo, data) -> None:
    draft = _open_draft()
    if draft is None or Opinion.objects.filter(page=draft).exists():
        return
    from .dedupe import group_duplicates
    from .intake import Submission, create_opinion
    from .workflow import Publication, Status, transition

    rng = random.Random(20240601)  # same demo every time
    targets = as_commentable(draft).get_comment_targets()
    campaign_target = targets[min(data["campaign_article"] - 1, len(targets) - 1)]
    start = timezone.now() - timezone.timedelta(days=20)
    created = []
    for i, text in enumerate(data["campaign"] * 3):
        created.append(
            create_opinion(
                draft,
                Submission(
                    text=text,
                    target=campaign_target,
                    category="public",
                    name=rng.choice(data["surnames"]) + rng.choice(data["given_names"]),
                    phone=f"1380000{1000 + i}",
                    publish_consent="anonymous",
                ),
                channel=Channel.WEB,
                check_window=False,
                submit_time=start + timezone.timedelta(hours=i * 7),
            )
        )
    singles = data["singles"]
    for i, text in enumerate(singles * 2):
        target = rng.choice([None, *targets[:8]])
        created.append(
            create_opinion(
                draft,
                Submission(
                    text=text if i < len(singles) else text.replace("建议", "我建议", 1),
                    target=target,
                    category=rng.choice(["public", "deputy", "expert", "lawyer", "company"]),
                    email=f"resident{i}@example.com" if i % 3 == 0 else "",
                    publish_consent=rng.choice(["full", "anonymous", "none"]),
                ),
                channel=rng.choice([Channel.WEB, Channel.WEB, Channel.API]),
                check_window=False,
                submit_time=start + timezone.timedelta(hours=3 + i * 11),
            )
        )
    group_duplicates(draft.pk)
    handling = data["handling"]
    note = handling["note"]
    batch = Batch.objects.create(
        title=handling["batch_title"].format(draft=draft.title), note=handling["batch_note"]
    )
    for opinion in created[:12]:
        transition(opinion, Status.REVIEWING, note=note)
    for opinion in created[:8]:
        transition(opinion, Status.FORWARDED, note=note)
        opinion.batches.add(batch)
    for opinion, status in zip(
        created[:6], [Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED] * 2, strict=True
    ):
        transition(opinion, status, reply=data["reply"], note=note, notify=False)
    transition(created[-1], Status.INVALID, note=handling["invalid_note"])
    # Demo opinions carry no personal data in their text: passed by 公开审核 as if reviewed.
    Opinion.objects.filter(pk__in=[o.pk for o in created[:12]]).update(
        publication=Publication.MASKED
    )
    PageOpinionSettings.objects.get_or_create(page=draft, defaults={"show_public_opinions": True})
    demo.log(f"opinions: {len(created)} demo opinions on {draft.title}")

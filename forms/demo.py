"""Demo content from ``forms/demo_data/opinions.toml``: a 立法建议征集 form page, and realistic
opinions on the open demo draft."""

from __future__ import annotations

import random

from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from, ensure_child, ensure_translation
from core.interfaces import as_commentable
from core.plugins import POINT_PAGE, collection_source, page_models_for

from .demo_decisions import write_decision_file
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
    _closed_draft_opinions(demo, data["closed"], data["closed_feedback"]["intro"])
    _decision_file(demo, data["opinions"]["handling"])
    _referrals(demo, form_page)


def _referrals(demo, form_page) -> None:
    """转办: three departments and three requests that are not about law-making, referred: one
    answered and rated 满意, one answered and not yet rated, one waiting for the department."""
    from .intake import Submission, create_opinion
    from .referral_models import Department, Referral
    from .referrals import rate, record_reply, refer

    data = DATA.toml("referrals.toml")
    departments = {
        spec["name"]: Department.objects.get_or_create(
            name=spec["name"], defaults={"contact_email": spec["email"]}
        )[0]
        for spec in data["departments"]
    }
    if Referral.objects.exists():
        return
    points = _points_by_slug(form_page.locale)
    for spec in data["request"]:
        opinion = create_opinion(
            form_page,
            Submission(text=spec["text"], phone=spec["phone"], publish_consent="none"),
            channel=Channel.FORM,
            point=points.get(spec["point"]),
            check_window=False,
            submit_time=timezone.now() - timezone.timedelta(days=spec["days"]),
        )
        referral = refer(opinion, departments[spec["department"]], note=spec["note"])
        if spec["reply"]:
            record_reply(referral, spec["reply"], notify=False)
        if spec["rating"]:
            rate(referral, spec["rating"])
        # As if handled over the days since it came in: referred the next day, answered (and the
        # resident told) a few days later, rated the day after.
        sent = opinion.submit_time
        Referral.objects.filter(pk=referral.pk).update(
            referred_at=sent + timezone.timedelta(days=1),
            replied_at=sent + timezone.timedelta(days=5) if spec["reply"] else None,
            notified_at=sent + timezone.timedelta(days=5) if spec["reply"] else None,
            rated_at=sent + timezone.timedelta(days=6) if spec["rating"] else None,
        )
    demo.log(f"opinions: {len(data['request'])} requests referred to departments (转办)")


def _open_draft():
    for page in Page.objects.live().specific().order_by("pk"):
        commentable = as_commentable(page)
        if commentable is None or isinstance(page, OpinionFormPage):
            continue
        if commentable.accepts_comments() and commentable.get_comment_targets():
            return page
    return None


def _closed_with_new_version(sent):
    """A closed page whose current text is a newer version than the one in force at ``sent``
    (its comment window): found through the Commentable interface, as any draft with versions."""
    for page in Page.objects.live().specific().order_by("pk"):
        commentable = as_commentable(page)
        if commentable is None or isinstance(page, OpinionFormPage):
            continue
        if commentable.accepts_comments() or not commentable.get_comment_targets():
            continue
        current = commentable.get_comment_targets()
        then = commentable.get_comment_target(current[0].key, at=sent)
        if then is not None and then.version_id not in (None, current[0].version_id):
            return page
    return None


def _decision_file(demo, handling) -> None:
    """The committee's answer to the demo batch, to try 导入办理结果 with (rewritten on every run,
    so a deleted or already-imported copy comes back while opinions still wait)."""
    draft = _open_draft()
    title = handling["batch_title"].format(draft=draft.title) if draft else None
    batch = Batch.objects.filter(title=title).first() if title else None
    if batch is None:
        return
    path, decided = write_decision_file(batch)
    if decided:
        demo.show_file("Decision file", path, f"(导入办理结果: {decided} rows decided)")


def _closed_draft_opinions(demo, specs, feedback: str) -> None:
    """Decided opinions on the closed draft's first version, the adopted ones linked to the
    articles of its newest version that took them up (forms/adoptions.py)."""
    draft = _closed_with_new_version(timezone.now() - timezone.timedelta(days=specs[0]["days"]))
    if draft is None:
        return
    demo.show("Closed draft", draft, "(采纳情况反馈, 情况报告, 采纳证书)")
    if Opinion.objects.filter(page=draft).exists():
        return
    from .adoptions import set_adopted_into
    from .intake import Submission, create_opinion
    from .workflow import Publication, Status, transition

    commentable = as_commentable(draft)
    current = commentable.get_comment_targets()
    points = _points_by_slug(draft.locale)
    now_by_label = {target.label: target for target in current}
    linked = 0
    for spec in specs:
        sent = timezone.now() - timezone.timedelta(days=spec["days"])
        target = None
        if spec["article"]:
            # The article as numbered in the version the sender read (in force that day).
            then = (commentable.get_comment_target(t.key, at=sent) for t in current)
            target = next(
                t
                for t in then
                if t is not None
                and t.version_id != current[0].version_id
                and t.label == spec["article"]
            )
        opinion = create_opinion(
            draft,
            Submission(
                text=spec["text"],
                target=target,
                name=spec.get("name", ""),
                phone=spec.get("phone", ""),
                publish_consent=spec["consent"],
            ),
            channel=Channel.OFFLINE if spec.get("point") else Channel.WEB,
            point=points.get(spec.get("point", "")),
            check_window=False,
            submit_time=sent,
        )
        for step in (Status.REVIEWING, Status.FORWARDED):
            transition(opinion, step, note="演示")
        transition(opinion, Status(spec["status"]), reply=spec["reply"], note="演示", notify=False)
        if spec.get("into"):
            set_adopted_into(opinion, [now_by_label[label].key for label in spec["into"]])
            linked += 1
    Opinion.objects.filter(page=draft).exclude(publish_consent="none").update(
        publication=Publication.MASKED
    )
    PageOpinionSettings.objects.update_or_create(
        page=draft,
        defaults={
            "show_public_opinions": True,
            "feedback_published": True,
            "feedback_intro": feedback,
            "feedback_published_at": timezone.now() - timezone.timedelta(days=7),
        },
    )
    demo.log(f"opinions: {len(specs)} decided opinions on {draft.title}, {linked} taken up")


def _points_by_slug(locale) -> dict:
    """The demo's contact points by slug, found through the page role (no import of the plugin)."""
    points = {}
    for model in page_models_for(POINT_PAGE):
        for point in model.objects.filter(locale=locale):
            points[point.slug] = point
    return points


def _demo_opinions(demo, data) -> None:
    draft = _open_draft()
    if draft is None or Opinion.objects.filter(page=draft).exists():
        return
    from .dedupe import group_duplicates
    from .intake import Submission, create_opinion
    from .workflow import Publication, Status, transition

    rng = random.Random(20240601)  # same demo every time
    targets = as_commentable(draft).get_comment_targets()

    def article(number):
        # Article numbers in the TOML are ordinals in the open draft; 0 is the whole draft.
        return targets[min(number, len(targets)) - 1] if number and targets else None

    start = timezone.now() - timezone.timedelta(days=9)
    hours = iter(range(0, 10_000, 3))

    def submit(text, target, channel=Channel.WEB, point=None, source=None, **fields):
        return create_opinion(
            draft,
            Submission(text=text, target=target, **fields),
            channel=channel,
            point=point,
            source=source,
            check_window=False,
            submit_time=start + timezone.timedelta(hours=next(hours)),
        )

    campaign = [
        submit(
            text,
            article(data["campaign_article"]),
            category="public",
            name=rng.choice(data["surnames"]) + rng.choice(data["given_names"]),
            phone=f"1380000{1000 + i}",
            publish_consent="anonymous",
        )
        for i, text in enumerate(data["campaign"] * 3)
    ]
    singles = []
    for i, (number, text) in enumerate(data["singles"] * 2):
        first_pass = i < len(data["singles"])
        singles.append(
            submit(
                text if first_pass else text.replace("建议", "我建议", 1),
                article(number),
                channel=rng.choice([Channel.WEB, Channel.WEB, Channel.API]),
                category=rng.choice(["public", "public", "deputy", "expert", "lawyer", "company"]),
                email=f"resident{i}@example.com" if i % 3 == 0 else "",
                publish_consent=rng.choice(["full", "anonymous", "anonymous", "none"]),
            )
        )
    points = _points_by_slug(draft.locale)
    collected = [
        submit(
            spec["text"],
            article(spec["article"]),
            channel=Channel.OFFLINE,
            point=points.get(spec["point"]),
            category=spec["category"],
            publish_consent="anonymous",
        )
        for spec in data["collected"]
    ]
    # Sent through a point's printed code: credited to that point and source (no credit when
    # the points plugin is not installed).
    scanned = [
        submit(
            spec["text"],
            article(spec["article"]),
            source=collection_source(spec["code"]),
            category=spec["category"],
            publish_consent="anonymous",
        )
        for spec in data["scanned"]
    ]
    junk = submit(data["junk"], None, publish_consent="none")
    group_duplicates(draft.pk)

    # The office's handling so far: the campaign and the first website opinions were reviewed
    # and sent to the committee in one batch, and some came back decided; the collected ones are
    # under review; the repeats of the website opinions are still waiting.
    handling = data["handling"]
    note = handling["note"]
    batch = Batch.objects.create(
        title=handling["batch_title"].format(draft=draft.title), note=handling["batch_note"]
    )
    reviewed = campaign + singles[: len(data["singles"])]
    for opinion in reviewed + collected:
        transition(opinion, Status.REVIEWING, note=note)
    for opinion in reviewed:
        transition(opinion, Status.FORWARDED, note=note)
        opinion.batches.add(batch)
    for decision in data["decisions"]:
        transition(
            singles[decision["single"] - 1],
            Status(decision["status"]),
            reply=decision["reply"],
            note=note,
            notify=False,
        )
    transition(junk, Status.INVALID, note=handling["invalid_note"])
    # The demo opinions carry no personal data in their text: passed by 公开审核 as if reviewed
    # (each is still shown only as far as its sender consented).
    Opinion.objects.filter(pk__in=[o.pk for o in reviewed + collected]).update(
        publication=Publication.MASKED
    )
    PageOpinionSettings.objects.get_or_create(page=draft, defaults={"show_public_opinions": True})
    total = len(campaign) + len(singles) + len(collected) + len(scanned) + 1
    demo.log(f"opinions: {total} demo opinions on {draft.title}, {len(collected)} from points")

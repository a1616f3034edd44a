"""The demo questionnaire from ``questionnaires/demo_data/questionnaires.toml``: on the open
draft's article about burning straw, with generated replies (a fixed seed, so every load tells
the same story) counted and its results published, and an English translation."""

from __future__ import annotations

import copy
import random
import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from, ensure_child, ensure_translation
from core.interfaces import as_commentable
from core.plugins import DRAFT_PAGE, POINT_PAGE, page_models_for

from .models import Answer, Channel, QuestionnaireIndexPage, QuestionnairePage, Reply
from .roles import grant_questionnaire_editors
from .storage import rebuild_counts, token_hash

DATA = DemoData(__file__)


def _find_draft(slug: str):
    models = page_models_for(DRAFT_PAGE)
    if not models:
        return None
    page = Page.objects.live().type(*models).filter(slug=slug, locale__language_code="zh-hans")
    page = page.first()
    return page.specific if page is not None else None


def _article_key(draft, contains: str) -> str:
    commentable = as_commentable(draft) if draft is not None else None
    if commentable is None:
        return ""
    return next((t.key for t in commentable.get_comment_targets() if contains in t.text), "")


def _items(labels):
    return [{"type": "item", "value": label, "id": str(uuid.uuid4())} for label in labels]


def _block(spec: dict) -> dict:
    value = {
        "title": spec["title"],
        "required": spec.get("required", True),
        "help_text": spec.get("help_text", ""),
        "show_if_question": spec["show_if"][0] if "show_if" in spec else None,
        "show_if_option": spec["show_if"][1] if "show_if" in spec else "",
    }
    kind = spec["type"]
    if kind in ("single", "multiple", "matrix"):
        value["options"] = _items(spec["options"])
    if kind == "multiple":
        value["max_choices"] = spec.get("max_choices")
    if kind == "matrix":
        value["rows"] = _items(spec["rows"])
    if kind == "rating":
        value.update(
            scale=spec["scale"], low_label=spec["low_label"], high_label=spec["high_label"]
        )
    if kind == "number":
        value.update(min_value=spec.get("min_value"), max_value=spec.get("max_value"))
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def load_questionnaires_demo(demo):
    data = DATA.toml("questionnaires.toml")
    spec = data["questionnaire"]
    now = timezone.now()
    draft = _find_draft(spec["draft"])
    article_key = _article_key(draft, spec["article_contains"])
    index_spec = data["index"]
    index = ensure_child(
        demo.home,
        QuestionnaireIndexPage,
        index_spec["slug"],
        title=index_spec["title"],
        intro=index_spec["intro"],
        show_in_menus=True,
    )
    # The migration ran before the index existed: 问卷编辑 get their rights on it here.
    grant_questionnaire_editors(index)
    if "en" in demo.homes:
        ensure_translation(index, "en", **index_spec["en"])
    page = ensure_child(
        index,
        QuestionnairePage,
        spec["slug"],
        title=spec["title"],
        intro=f"<p>{spec['intro']}</p>",
        thank_you_text=spec["thank_you_text"],
        opens_at=days_from(now, spec["opens_at"]),
        closes_at=days_from(now, spec["closes_at"]),
        draft=draft,
        article_key=article_key,
        publish_results=spec["publish_results"],
        one_per_screen=spec["one_per_screen"],
        questions=[_block(q) for q in data["question"]],
    )
    created = 0
    if not Reply.objects.filter(page=page).exists():
        created = _replies(page, data["question"], spec)
    ensure_translation(
        page,
        "en",
        title=spec["en"]["title"],
        intro=f"<p>{spec['en']['intro']}</p>",
        thank_you_text=spec["en"]["thank_you_text"],
        questions=_translated(page, data["question"]),
    )
    demo.show("Questionnaire", page, "(results published)")
    demo.log(
        f"questionnaires: {page.title} on {draft.title if draft else 'no draft'}, {created} replies"
    )


def _translated(page, specs: list[dict]) -> list[dict]:
    """The source's questions with the English text: same block and item ids, so that replies
    in either language are counted together."""
    raw = copy.deepcopy(list(page.questions.raw_data))
    for block, spec in zip(raw, specs, strict=True):
        en = spec["en"]
        value = block["value"]
        for name in ("title", "help_text", "low_label", "high_label"):
            if name in en:
                value[name] = en[name]
        for name in ("options", "rows"):
            if name in en:
                for item, label in zip(value[name], en[name], strict=True):
                    item["value"] = label
        if value.get("show_if_option"):
            # The condition names the option by its text: in English, the English text.
            target = specs[value["show_if_question"] - 1]
            index = target["options"].index(value["show_if_option"])
            value["show_if_option"] = target["en"]["options"][index]
    return raw


def _replies(page, specs: list[dict], spec: dict) -> int:
    """Generated replies, credited to the demo's points now and then, then counted once."""
    rng = random.Random(spec["seed"])
    points = (
        list(Page.objects.live().type(*page_models_for(POINT_PAGE)).filter(locale=page.locale))
        if page_models_for(POINT_PAGE)
        else []
    )
    questions = page.question_list
    replies = []
    for _n in range(spec["replies"]):
        point = rng.choice(points) if points and rng.random() < 0.3 else None
        replies.append(
            Reply(
                page=page,
                token_hash=token_hash(page, secrets.token_urlsafe(32)),
                point=point,
                channel=Channel.POINT if point else Channel.WEB,
                created=timezone.now() - timedelta(minutes=rng.randint(1, 10 * 24 * 60)),
            )
        )
    replies = Reply.objects.bulk_create(replies)
    if not replies or replies[0].pk is None:
        replies = list(Reply.objects.filter(page=page))
    answers = []
    for reply in replies:
        chosen: dict[str, set[str]] = {}
        for question, q_spec in zip(questions, specs, strict=True):
            if question.condition and question.condition[1] not in chosen.get(
                question.condition[0], set()
            ):
                continue
            answers.extend(_answer(rng, reply, question, q_spec, chosen))
    Answer.objects.bulk_create(answers, batch_size=500)
    return rebuild_counts(page)


def _answer(rng, reply, question, spec, chosen) -> list[Answer]:
    kind = question.kind
    weights = spec.get("weights")
    if kind == "single":
        option = rng.choices(question.options, weights)[0]
        chosen[question.id] = {option.id}
        return [Answer(reply=reply, question=question.id, option=option.id)]
    if kind == "multiple":
        picked = {
            o for o, w in zip(question.options, weights, strict=True) if rng.random() < w / 100
        }
        picked = sorted(picked, key=question.options.index)[: question.max_choices or None]
        picked = picked or [rng.choices(question.options, weights)[0]]
        chosen[question.id] = {o.id for o in picked}
        return [Answer(reply=reply, question=question.id, option=o.id) for o in picked]
    if kind == "rating":
        option = rng.choices(question.options, weights)[0]
        return [
            Answer(reply=reply, question=question.id, option=option.id, number=Decimal(option.id))
        ]
    if kind == "number":
        low, high = spec["range"]
        return [Answer(reply=reply, question=question.id, number=Decimal(rng.randint(low, high)))]
    if kind == "matrix":
        return [
            Answer(
                reply=reply,
                question=question.id,
                row=row.id,
                option=rng.choices(question.options, weights)[0].id,
            )
            for row in question.rows
        ]
    if rng.random() < spec.get("answered_share", 1):
        return [Answer(reply=reply, question=question.id, text=rng.choice(spec["answers"]))]
    return []

"""Factories for the regulations tests: an index of their own (the demo's is read-only), a
regulation of ``n`` articles imported through the plugin's own services, an evaluation of it,
and a 草案编辑 who is nothing else."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.legal_text import int_to_cn, items_from_parsed, parse_draft

_serial = itertools.count(1)


def regulation_text(
    n: int, title: str = "某市测试管理条例", chapter_every: int = 10, words=None
) -> str:
    """A regulation of ``n`` articles, a chapter every ``chapter_every``; ``words`` replaces the
    text of some articles ({ordinal: text})."""
    words = words or {}
    lines = [title]
    for i in range(1, n + 1):
        if (i - 1) % chapter_every == 0:
            c = (i - 1) // chapter_every + 1
            lines.append(f"第{int_to_cn(c)}章 第{c}部分规定")
        text = words.get(i, f"关于第{i}项管理事务，有关部门应当依法履行职责并公开办理情况。")
        lines.append(f"第{int_to_cn(i)}条 {text}")
    return "\n".join(lines)


def items_of(text: str) -> list[dict]:
    return items_from_parsed(parse_draft(text))


@pytest.fixture
def reg_index(home_page):
    from regulations.models import RegulationIndexPage
    from regulations.roles import grant_regulation_editors

    index = home_page.add_child(
        instance=RegulationIndexPage(title="测试法规栏目", slug=f"test-fagui-{next(_serial)}")
    )
    index.save_revision().publish()
    grant_regulation_editors(index)
    return index


@pytest.fixture
def make_regulation(reg_index):
    """Factory: a live regulation with ``n`` articles (one version unless amended later)."""
    from regulations.models import RegulationPage
    from regulations.services import create_regulation

    def make(n=10, live=True, index=None, **fields):
        fields.setdefault("promulgated_on", dt.date(2020, 6, 1))
        fields.setdefault("effective_on", dt.date(2020, 9, 1))
        page = create_regulation(
            index or reg_index,
            items_of(regulation_text(n)),
            title=fields.pop("title", f"某市测试管理条例{next(_serial)}"),
            **fields,
        )
        if live:
            page.get_latest_revision().publish()
        return RegulationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_evaluation():
    """Factory: a live evaluation of ``regulation``, open now unless ``window`` says otherwise."""
    from regulations.models import EvaluationPage

    def make(regulation, window="open", **fields):
        now = timezone.now()
        opens, closes = {
            "open": (now - dt.timedelta(days=1), now + dt.timedelta(days=10)),
            "closed": (now - dt.timedelta(days=20), now - dt.timedelta(days=1)),
            "upcoming": (now + dt.timedelta(days=2), now + dt.timedelta(days=20)),
        }[window]
        page = regulation.add_child(
            instance=EvaluationPage(
                title=fields.pop("title", f"实施评估{next(_serial)}"),
                slug=f"pinggu-{next(_serial)}",
                opens_at=opens,
                closes_at=closes,
                **fields,
            )
        )
        page.save_revision().publish()
        return EvaluationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def draft_editor(db):
    """A 草案编辑 and nothing else (no superuser, no other group)."""
    user = get_user_model().objects.create_user(
        f"reg-editor-{next(_serial)}", password="pw-12345-abc"
    )
    user.groups.add(Group.objects.get(name="草案编辑"))
    return user

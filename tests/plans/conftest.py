import uuid

import pytest
from django.utils import timezone

from plans.models import LegislativePlanPage, PlanIndexPage, PlanItem, ProjectProposalPage


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_index(home_page):
    index = PlanIndexPage(title="测试立法计划", slug=f"jihua-{uuid.uuid4().hex[:6]}")
    home_page.add_child(instance=index)
    return publish(index)


def make_plan(index, n_items=3, opens=-1, closes=10, sort_order=True, **fields):
    now = timezone.now()
    actions = ["make", "amend", "repeal"]
    plan = LegislativePlanPage(
        title=fields.pop("title", "2027年度立法计划"),
        slug=f"plan-{uuid.uuid4().hex[:6]}",
        year=fields.pop("year", 2027),
        opens_at=now + timezone.timedelta(days=opens) if opens is not None else None,
        closes_at=now + timezone.timedelta(days=closes) if closes is not None else None,
        items=[
            PlanItem(
                title=f"滨州市测试条例{n}",
                action=actions[(n - 1) % 3],
                drafting_body="市司法局",
                note=f"第{n}个项目的说明",
                # As the editor's inline saves them; False: as items made in code, unordered.
                sort_order=n - 1 if sort_order else None,
            )
            for n in range(1, n_items + 1)
        ],
        **fields,
    )
    index.add_child(instance=plan)
    return publish(plan)


def make_call(parent, opens=-1, closes=10):
    now = timezone.now()
    call = ProjectProposalPage(
        title="立项建议征集",
        slug=f"call-{uuid.uuid4().hex[:6]}",
        intro="<p>欢迎提出立项建议。</p>",
        opens_at=now + timezone.timedelta(days=opens),
        closes_at=now + timezone.timedelta(days=closes),
    )
    parent.add_child(instance=call)
    return publish(call)


@pytest.fixture
def plan_index(home_page):
    return make_index(home_page)


@pytest.fixture
def plan(plan_index):
    return make_plan(plan_index)


@pytest.fixture
def call(plan_index):
    return make_call(plan_index)

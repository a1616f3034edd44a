import datetime as dt

import pytest
from django.utils import timezone

from core.legal_text import int_to_cn, parse_draft

SUBJECTS = [
    "养犬登记",
    "犬只免疫",
    "文明牵引",
    "公共场所",
    "电梯乘坐",
    "粪便清理",
    "噪声扰民",
    "流浪犬收容",
    "宠物诊疗",
    "犬只交易",
    "禁养区域",
    "大型犬只",
]


def draft_text(n: int, title: str = "某市测试条例（草案）", chapter_every: int = 10) -> str:
    """A draft with ``n`` articles, a chapter every ``chapter_every`` articles, and some items."""
    lines = [title]
    for i in range(1, n + 1):
        if (i - 1) % chapter_every == 0:
            c = (i - 1) // chapter_every + 1
            lines.append(f"第{int_to_cn(c)}章 第{c}部分规定")
        subject = SUBJECTS[i % len(SUBJECTS)]
        lines.append(
            f"第{int_to_cn(i)}条 关于{subject}事项编号{i}，有关部门应当依法履行职责并公开办理情况。"
        )
        if i % 3 == 0:
            lines.append(f"（一）{subject}的具体办法由市人民政府制定；")
            lines.append("（二）其他事项按照国家规定执行。")
    return "\n".join(lines)


@pytest.fixture
def drafts_index(home_page):
    from drafts.models import DraftIndexPage

    return DraftIndexPage.objects.get(slug="drafts", locale=home_page.locale)


@pytest.fixture
def make_draft(drafts_index):
    """Factory: a published, open draft with ``n`` articles."""
    from drafts.services import create_draft

    def make(n=10, slug=None, **fields):
        now = timezone.now()
        fields.setdefault("opens_at", now - dt.timedelta(days=1))
        fields.setdefault("closes_at", now + dt.timedelta(days=9))
        result = create_draft(
            drafts_index,
            parse_draft(draft_text(n)),
            slug=slug or f"test-{n}",
            publish=True,
            **fields,
        )
        return result.page.__class__.objects.get(pk=result.page.pk)

    return make


@pytest.fixture
def demo_draft(home_page):
    from drafts.models import RegulationDraftPage

    def get(slug):
        return RegulationDraftPage.objects.get(slug=slug, locale=home_page.locale)

    return get

import time
import uuid

import pytest
from django.utils import timezone

from core.spam import started_token
from questionnaires.models import QuestionnairePage


def items(*labels):
    return [{"type": "item", "value": label, "id": f"opt-{label}"} for label in labels]


def questions():
    """One question of every kind; question 3 is shown only to those who chose 农村 in 2."""
    return [
        {
            "type": "single",
            "id": "q1",
            "value": {"title": "禁烧范围", "required": True, "options": items("全市", "城区")},
        },
        {
            "type": "single",
            "id": "q2",
            "value": {"title": "居住地", "required": True, "options": items("城区", "农村")},
        },
        {
            "type": "multiple",
            "id": "q3",
            "value": {
                "title": "需要的支持",
                "required": True,
                "max_choices": 2,
                "options": items("收储", "补贴", "清运"),
                "show_if_question": 2,
                "show_if_option": "农村",
            },
        },
        {
            "type": "rating",
            "id": "q4",
            "value": {
                "title": "满意度",
                "required": True,
                "scale": 5,
                "low_label": "差",
                "high_label": "好",
            },
        },
        {
            "type": "number",
            "id": "q5",
            "value": {"title": "亩数", "required": False, "min_value": 0, "max_value": 1000},
        },
        {"type": "short_text", "id": "q6", "value": {"title": "村名", "required": False}},
        {"type": "long_text", "id": "q7", "value": {"title": "建议", "required": False}},
        {
            "type": "matrix",
            "id": "q8",
            "value": {
                "title": "态度",
                "required": True,
                "rows": [
                    {"type": "item", "value": "罚款", "id": "row-fine"},
                    {"type": "item", "value": "举报", "id": "row-report"},
                ],
                "options": items("赞成", "反对"),
            },
        },
    ]


@pytest.fixture
def questionnaire(home_page):
    page = QuestionnairePage(
        title="测试问卷",
        slug=f"test-wenjuan-{uuid.uuid4().hex[:6]}",
        questions=questions(),
        opens_at=timezone.now() - timezone.timedelta(days=1),
        closes_at=timezone.now() + timezone.timedelta(days=1),
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def answers(**overrides):
    """A complete reply as a browser posts it."""
    data = {
        "q_q1": "opt-全市",
        "q_q2": "opt-城区",
        "q_q4": "4",
        "q_q5": "",
        "q_q6": "",
        "q_q7": "",
        "q_q8__row-fine": "opt-赞成",
        "q_q8__row-report": "opt-反对",
        "website": "",
        "form_started": started_token(time.time() - 30),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

"""Exports of every reply: XLSX one row per reply and one column per question, long-format CSV
with a BOM; read in chunks (flat memory), formulas kept as text, permission-checked, logged."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Page

from core.models import PersonalDataAccess
from core.plugins import POINT_PAGE, CollectionSource, page_models_for
from questionnaires import exports
from questionnaires.answering import Answered
from questionnaires.storage import record_reply
from tests.factories import UserFactory

FORMULA = '=HYPERLINK("http://example.com","点此核对")'


def reply(page, token, point=None, q3=(), text="", number=None):
    answers = [Answered("q1", option="opt-全市"), Answered("q2", option="opt-农村")]
    answers += [Answered("q3", option=o) for o in q3]
    answers += [Answered("q4", option="5", number=Decimal(5))]
    if number is not None:
        answers.append(Answered("q5", number=Decimal(number)))
    if text:
        answers.append(Answered("q7", text=text))
    answers += [Answered("q8", row="row-fine", option="opt-赞成")]
    answers += [Answered("q8", row="row-report", option="opt-反对")]
    return record_reply(page, token, answers, point=point)


@pytest.fixture
def point():
    return Page.objects.live().type(*page_models_for(POINT_PAGE)).first()


@pytest.fixture
def answered(questionnaire, point):
    reply(questionnaire, "a", q3=("opt-收储", "opt-清运"), text=FORMULA, number="12.5")
    reply(questionnaire, "b", point=point, q3=("opt-补贴",), text="+86 138…, @村委会, -减少")
    reply(questionnaire, "c", q3=("opt-收储",))
    return questionnaire


@pytest.fixture
def office(client, db):
    user = UserFactory(username="wenjuan-daochu", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_questionnaire_results"),
    )
    client.force_login(user)
    return client


def test_xlsx_one_row_per_reply_one_column_per_question(office, answered, point):
    response = office.get(f"/admin/questionnaires/{answered.pk}/export.xlsx")
    assert response.status_code == 200
    assert 'filename="questionnaire-' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    assert head[:7] == ("答卷编号", "提交时间", "渠道", "联系点", "来源类型", "来源", "征集码")
    assert "1. 禁烧范围" in head and "3. 需要的支持" in head and "3. 需要的支持：补贴" in head
    assert "8. 态度：罚款" in head and "8. 态度：举报" in head
    assert len(rows) == 4
    first = dict(zip(head, rows[1], strict=True))
    assert first["1. 禁烧范围"] == "全市" and first["4. 满意度"] == 5
    assert first["3. 需要的支持"] == "收储；清运"
    assert (first["3. 需要的支持：收储"], first["3. 需要的支持：补贴"]) == (1, 0)
    assert first["5. 亩数"] == 12.5 and first["8. 态度：举报"] == "反对"
    assert first["渠道"] == "网站" and first["联系点"] is None
    # Text stays text: the formula is a string cell, exactly as typed.
    cell = sheet.cell(row=2, column=head.index("7. 建议") + 1)
    assert cell.data_type == "s" and cell.value == FORMULA
    second = dict(zip(head, rows[2], strict=True))
    assert second["联系点"] == point.title and second["渠道"] == "联系点二维码"
    third = dict(zip(head, rows[3], strict=True))
    assert third["7. 建议"] is None and third["5. 亩数"] is None


def test_csv_long_format_with_bom_and_neutralised_cells(office, answered):
    response = office.get(f"/admin/questionnaires/{answered.pk}/export.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff答卷编号,")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    head, rows = rows[0], rows[1:]
    assert head[7:] == ["题号", "题目编号", "题目", "行", "选项", "选项编号", "数值", "文字"]
    texts = [r[14] for r in rows if r[8] == "q7"]
    assert texts == ["'" + FORMULA, "'+86 138…, @村委会, -减少"]
    matrix = [r for r in rows if r[8] == "q8"]
    assert [(r[10], r[11], r[12]) for r in matrix[:2]] == [
        ("罚款", "赞成", "opt-赞成"),
        ("举报", "反对", "opt-反对"),
    ]
    assert [r[13] for r in rows if r[8] == "q5"] == ["12.5"]
    assert len({r[0] for r in rows}) == 3


def test_exports_carry_the_credit_of_a_collection_code(office, questionnaire, point):
    """Point, channel and the code's source kind, name and code, as stored on the reply; a name
    typed like a formula stays text in both files."""
    source = CollectionSource(
        point_id=point.pk, kind="grid", label='=HYPERLINK("http://x","幸福里网格")', code="AB12CD"
    )
    answers = [Answered("q1", option="opt-全市"), Answered("q2", option="opt-城区")]
    record_reply(questionnaire, "credited", answers, point=point, source=source)
    record_reply(questionnaire, "plain", answers)
    body = b"".join(
        office.get(f"/admin/questionnaires/{questionnaire.pk}/export.csv").streaming_content
    )
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))
    credited = [r for r in rows if r["征集码"]]
    assert credited and {
        (r["渠道"], r["联系点"], r["来源类型"], r["来源"], r["征集码"]) for r in credited
    } == {("征集码", point.title, "社区网格", "'" + source.label, "AB12CD")}
    plain = [r for r in rows if not r["征集码"]]
    assert plain and {(r["渠道"], r["来源类型"], r["来源"]) for r in plain} == {("网站", "", "")}
    response = office.get(f"/admin/questionnaires/{questionnaire.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    head = [c.value for c in sheet[1]]
    first = dict(zip(head, [c.value for c in sheet[2]], strict=True))
    assert (first["渠道"], first["联系点"], first["来源类型"], first["征集码"]) == (
        "征集码",
        point.title,
        "社区网格",
        "AB12CD",
    )
    label = sheet.cell(row=2, column=head.index("来源") + 1)
    assert label.data_type == "s" and label.value == source.label
    assert sheet.cell(row=3, column=head.index("来源") + 1).value is None


def test_exports_read_replies_in_chunks(answered, monkeypatch):
    """Flat memory: never one query for every reply; two queries per chunk of replies."""
    chunks = list(exports.reply_chunks(answered, chunk_size=2))
    assert [len(c) for c in chunks] == [2, 1]
    assert [len(r[-1]) for r in chunks[0]] == [9, 7]
    seen = []
    real = exports.reply_chunks

    def spy(page, chunk_size=exports.CHUNK_SIZE):
        for chunk in real(page, chunk_size=1):
            seen.append(len(chunk))
            yield chunk

    monkeypatch.setattr(exports, "reply_chunks", spy)
    lines = list(exports.csv_lines(answered))
    assert seen == [1, 1, 1] and len(lines) == 1 + 3
    assert [line.count("\n") for line in lines] == [1, 9, 7, 6]
    exports.write_xlsx(answered, io.BytesIO())
    assert seen == [1, 1, 1] * 2


def test_exports_need_the_right_and_are_logged(client, office, answered):
    before = PersonalDataAccess.objects.count()
    office.get(f"/admin/questionnaires/{answered.pk}/export.csv")
    office.get(f"/admin/questionnaires/{answered.pk}/export.xlsx")
    logs = list(PersonalDataAccess.objects.order_by("-pk")[:2])
    assert PersonalDataAccess.objects.count() == before + 2
    assert {log.action for log in logs} == {"export"} and {log.count for log in logs} == {3}
    assert f"questionnaire {answered.pk}" in logs[0].note

    user = UserFactory(username="no-right-export", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for kind in ("xlsx", "csv"):
        response = client.get(f"/admin/questionnaires/{answered.pk}/export.{kind}")
        assert response.status_code in (302, 403)
    assert PersonalDataAccess.objects.count() == before + 2


def test_an_empty_questionnaire_exports_headings_only(office, questionnaire):
    body = b"".join(
        office.get(f"/admin/questionnaires/{questionnaire.pk}/export.csv").streaming_content
    )
    assert body.decode("utf-8").count("\n") == 1
    response = office.get(f"/admin/questionnaires/{questionnaire.pk}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.active.max_row == 1

"""The committee's decisions back in one file — the exported summary table with
采纳情况 and 答复 filled in, a plain sheet keyed by 回执码, or a CSV (GBK or UTF-8) — previewed with
every row that cannot be applied, applied all or nothing, never twice, by the office only."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from forms.decision_models import DecisionFile
from forms.exports import HEADER_ROW, write_xlsx
from forms.models import Opinion, StatusChange
from forms.workflow import Status, transition, withdraw
from tests.factories import DraftFactory, OpinionFactory, UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = "forms_decisions"
APPLY = "forms_decisions_apply"


@pytest.fixture
def handler():
    return UserFactory(groups=["意见办理员"], verified=True)


@pytest.fixture
def forwarded():
    draft = DraftFactory(articles=5)
    opinions = []
    for i in range(3):
        opinion = OpinionFactory(page=draft, article=i + 1, email=f"r{i}@example.com")
        transition(opinion, Status.REVIEWING)
        transition(opinion, Status.FORWARDED)
        opinions.append(Opinion.objects.get(pk=opinion.pk))
    return opinions


@pytest.fixture
def signed_in(client, handler):
    from tests.signin import login_with_2fa

    login_with_2fa(client, handler)
    return client


def _xlsx(rows, header=("回执码", "采纳情况", "答复"), merge=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _mine(forwarded, status):
    """How many of the test's opinions have ``status`` (the demo's own opinions are there too)."""
    return Opinion.objects.filter(pk__in=[o.pk for o in forwarded], status=status).count()


def _upload(client, content: bytes, name="结果.xlsx"):
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, content)})


def _apply(client, response):
    token = response.context["token"]
    assert token
    return client.post(reverse(APPLY), {"token": token})


def test_exported_summary_round_trip(
    signed_in, handler, forwarded, django_capture_on_commit_callbacks
):
    exported = io.BytesIO()
    write_xlsx(Opinion.objects.filter(pk__in=[o.pk for o in forwarded]), exported, title="测试")
    book = load_workbook(io.BytesIO(exported.getvalue()))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    code_col, decision_col, reply_col = (
        header.index(h) + 1 for h in ("回执码", "采纳情况", "答复")
    )
    decisions = {
        forwarded[0].receipt_code: ("采纳", "已在修改稿第三条中吸收。"),
        forwarded[1].receipt_code: ("部分 采纳", "部分吸收。"),  # a space typed in the middle
        forwarded[2].receipt_code: ("未采纳", "与上位法不一致。"),
    }
    for row in range(HEADER_ROW + 2, sheet.max_row + 1):
        decision, reply = decisions[sheet.cell(row, code_col).value]
        sheet.cell(row, decision_col).value = decision
        sheet.cell(row, reply_col).value = reply
    filled = io.BytesIO()
    book.save(filled)

    response = _upload(signed_in, filled.getvalue())
    assert response.status_code == 200, response
    assert "plan" in response.context, response.context["form"].errors
    plan = response.context["plan"]
    assert (plan.changes, plan.errors) == (3, 0)
    assert "将改变 3 条意见" in response.content.decode()
    assert _mine(forwarded, Status.FORWARDED) == 3  # a preview changes nothing

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _apply(signed_in, response)
    assert response.status_code == 302
    assert callbacks  # the notifications wait for the commit
    expected = {Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED}
    assert {o.status for o in Opinion.objects.filter(pk__in=[o.pk for o in forwarded])} == expected
    first = Opinion.objects.get(pk=forwarded[0].pk)
    assert first.reply == "已在修改稿第三条中吸收。" and first.replied_at
    change = StatusChange.objects.filter(opinion=first).latest("created_at")
    assert (change.to_status, change.user) == (Status.ADOPTED, handler)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "r0@example.com",
        "r1@example.com",
        "r2@example.com",
    ]
    record = DecisionFile.objects.get()
    assert (record.changed, record.applied_by) == (3, handler)


def test_plain_sheet_by_receipt_code_tolerates_full_width_and_other_scripts(signed_in, forwarded):
    content = _xlsx(
        [
            (f" {forwarded[0].receipt_code} ", "採納", "已吸收。"),
            (forwarded[1].receipt_code, "Not adopted", "不符合实际。"),
            (forwarded[2].receipt_code, "", ""),  # not decided yet: skipped
        ],
        header=("回执码　", "採納情況", "答 复"),
    )
    response = _upload(signed_in, content)
    plan = response.context["plan"]
    assert (plan.changes, plan.skipped, plan.errors) == (2, 1, 0)
    _apply(signed_in, response)
    assert Opinion.objects.get(pk=forwarded[0].pk).status == Status.ADOPTED
    assert Opinion.objects.get(pk=forwarded[1].pk).status == Status.NOT_ADOPTED
    assert Opinion.objects.get(pk=forwarded[2].pk).status == Status.FORWARDED


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_and_utf8(signed_in, forwarded, encoding):
    text = "回执码,采纳情况,答复\r\n" + "".join(
        f"{o.receipt_code},部分采纳,部分吸收，谢谢。\r\n" for o in forwarded
    )
    response = _upload(signed_in, text.encode(encoding), name="结果.csv")
    assert response.context["plan"].changes == 3
    _apply(signed_in, response)
    assert _mine(forwarded, Status.PARTLY_ADOPTED) == 3


def test_rows_that_cannot_be_applied_are_listed_with_their_numbers_and_nothing_is_applied(
    signed_in, forwarded
):
    withdraw(forwarded[1])
    content = _xlsx(
        [
            (forwarded[0].receipt_code, "采纳", "好的。"),  # fine on its own
            ("NOSUCHCODE", "采纳", "好的。"),
            (forwarded[1].receipt_code, "采纳", "好的。"),  # withdrawn
            (forwarded[2].receipt_code, "采纳", ""),  # no reply
            (forwarded[2].receipt_code, "=1+1", "好的。"),  # formula
            (forwarded[2].receipt_code, "也许", "好的。"),  # unknown decision
        ]
    )
    response = _upload(signed_in, content)
    plan = response.context["plan"]
    assert plan.changes == 1 and plan.errors == 5
    numbers = [n for n, _message in plan.sample_errors]
    assert numbers == [3, 4, 5, 6, 7]
    messages = dict(plan.sample_errors)
    assert "NOSUCHCODE" in messages[3]
    assert "已撤回" in messages[4]
    assert "答复" in messages[5]
    assert "公式" in messages[6]
    assert not response.context["token"]  # no way to apply a file with errors
    html = response.content.decode()
    assert "不能导入：5 行" in html and "NOSUCHCODE" in html
    assert Opinion.objects.get(pk=forwarded[0].pk).status == Status.FORWARDED


def test_merged_cells_are_an_error_with_the_row_number(signed_in, forwarded):
    content = _xlsx(
        [
            (forwarded[0].receipt_code, "采纳", "好的。"),
            (forwarded[1].receipt_code, "采纳", "好的。"),
        ],
        merge="B2:B3",
    )
    plan = _upload(signed_in, content).context["plan"]
    assert [n for n, _m in plan.sample_errors] == [2, 3]
    assert "合并单元格" in plan.sample_errors[0][1]


def test_one_bad_row_at_apply_time_rolls_everything_back(
    signed_in, forwarded, django_capture_on_commit_callbacks
):
    content = _xlsx([(o.receipt_code, "采纳", "好的。") for o in forwarded])
    response = _upload(signed_in, content)
    assert response.context["plan"].changes == 3
    withdraw(Opinion.objects.get(pk=forwarded[2].pk))  # moved between preview and apply
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _apply(signed_in, response)
    assert callbacks == [] and mail.outbox == []
    assert _mine(forwarded, Status.ADOPTED) == 0
    assert not StatusChange.objects.filter(opinion__in=forwarded, to_status=Status.ADOPTED).exists()
    assert not DecisionFile.objects.exists()
    assert "没有导入任何结果" in signed_in.get(reverse(UPLOAD)).content.decode()


def test_the_same_file_twice_applies_nothing_twice(signed_in, handler, forwarded):
    content = _xlsx([(o.receipt_code, "采纳", "好的。") for o in forwarded])
    first = _upload(signed_in, content)
    token = first.context["token"]
    _apply(signed_in, first)
    assert StatusChange.objects.filter(opinion__in=forwarded, to_status=Status.ADOPTED).count() == 3

    again = _upload(signed_in, content)
    html = again.content.decode()
    assert "这个文件已于" in html and handler.username in html
    # Replaying the old confirmation does nothing either.
    signed_in.post(reverse(APPLY), {"token": token})
    # A different file with the same decisions: every row is unchanged, nothing to apply.
    resaved = _xlsx([(o.receipt_code, "采纳", "好的。") for o in forwarded] + [("", "", "")])
    plan = _upload(signed_in, resaved).context["plan"]
    assert (plan.changes, plan.unchanged) == (0, 3)
    assert StatusChange.objects.filter(opinion__in=forwarded, to_status=Status.ADOPTED).count() == 3


def _refused(response):
    """Wagtail answers a forbidden admin page with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_point_staff_are_refused(client, forwarded):
    """A point's staff may see their point's opinions, not record the committee's decisions."""
    from django.contrib.auth.models import Group

    from tests.signin import login_with_2fa

    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    login_with_2fa(client, staff)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert "导入办理结果" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert _refused(client.get(reverse(UPLOAD)))
    content = _xlsx([(forwarded[0].receipt_code, "采纳", "好的。")])
    assert _refused(_upload(client, content))
    assert _refused(client.post(reverse(APPLY), {"token": "x"}))
    assert _mine(forwarded, Status.FORWARDED) == 3


def test_handler_sees_the_menu_item_and_the_page(signed_in):
    response = signed_in.get(reverse(UPLOAD))
    assert response.status_code == 200
    assert "导入办理结果" in response.content.decode()


def test_another_points_opinion_is_an_unknown_code_for_point_scoped_users(forwarded, monkeypatch):
    from forms import decision_import

    monkeypatch.setattr(
        "forms.point_scope.visible_opinions", lambda user, queryset: queryset.none()
    )
    rows = decision_import.read_rows(
        SimpleUploadedFile("x.xlsx", _xlsx([(forwarded[0].receipt_code, "采纳", "好。")]))
    )
    plan = decision_import.preview(rows, user=None)
    assert plan.errors == 1 and "找不到回执码" in plan.sample_errors[0][1]


def _zip_bomb() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (500 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("空.xlsx", b"", "文件"),
        ("假.xlsx", b"this is not a spreadsheet", "不是有效的 .xlsx"),
        ("坏.xlsx", b"PK\x03\x04" + b"\x00" * 200, "不是有效的 .xlsx"),
        ("空字符.csv", "回执码,采纳情况,答复\n\x00\x00,采纳,好".encode(), "NUL"),
        ("图.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "只能导入"),
        ("无标题.csv", b"a,b,c\n1,2,3\n", "找不到标题行"),
        ("链接.csv", '回执码,采纳情况,答复\n=HYPERLINK("http://x"),采纳,好\n'.encode(), ""),
        ("bomb.xlsx", None, "解压后过大"),
    ],
)
def test_bad_files_get_a_clear_message(signed_in, forwarded, name, content, message):
    if content is None:
        content = _zip_bomb()
    response = _upload(signed_in, content, name=name)
    assert response.status_code == 200
    html = response.content.decode()
    if name == "链接.csv":
        assert response.context["plan"].errors == 1
        assert "公式" in html
    else:
        assert message in html
    assert _mine(forwarded, Status.FORWARDED) == 3


def test_a_huge_file_is_refused_before_reading(signed_in, monkeypatch):
    from forms import decision_import

    monkeypatch.setattr(decision_import, "MAX_BYTES", 100)
    response = _upload(signed_in, b"x" * 101, name="big.csv")
    assert "文件太大" in response.content.decode()


def test_a_forged_or_foreign_token_applies_nothing(signed_in, client, forwarded):
    content = _xlsx([(forwarded[0].receipt_code, "采纳", "好的。")])
    response = _upload(signed_in, content)
    token = response.context["token"]
    response = signed_in.post(reverse(APPLY), {"token": token + "x"})
    assert response.status_code == 302
    other = UserFactory(groups=["意见办理员"], verified=True)
    from tests.signin import login_with_2fa

    login_with_2fa(signed_in, other)
    signed_in.post(reverse(APPLY), {"token": token})
    assert Opinion.objects.get(pk=forwarded[0].pk).status == Status.FORWARDED


@pytest.fixture
def grouped():
    """Three near-identical opinions on one article, grouped by the office, all forwarded."""
    from forms.models import OpinionGroup

    draft = DraftFactory(articles=3)
    opinions = []
    for i in range(3):
        opinion = OpinionFactory(page=draft, article=1, email=f"g{i}@example.com")
        transition(opinion, Status.REVIEWING)
        transition(opinion, Status.FORWARDED)
        opinions.append(opinion)
    group = OpinionGroup.objects.create(
        page_id=draft.pk, article_key=opinions[0].article_key, representative=opinions[0], size=3
    )
    Opinion.objects.filter(pk__in=[o.pk for o in opinions]).update(group=group)
    return [Opinion.objects.get(pk=o.pk) for o in opinions]


def _group_sheet(grouped, decision="采纳", reply="已吸收。"):
    exported = io.BytesIO()
    write_xlsx(Opinion.objects.filter(pk__in=[o.pk for o in grouped]), exported)
    book = load_workbook(io.BytesIO(exported.getvalue()))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    row = HEADER_ROW + 2
    assert sheet.max_row == row  # one row for the whole group
    named = sheet.cell(row, header.index("回执码") + 1).value
    assert sheet.cell(row, header.index("相同意见数") + 1).value == len(grouped)
    sheet.cell(row, header.index("采纳情况") + 1).value = decision
    sheet.cell(row, header.index("答复") + 1).value = reply
    filled = io.BytesIO()
    book.save(filled)
    return named, filled.getvalue()


def test_a_group_row_decides_every_member_still_waiting(
    signed_in, grouped, django_capture_on_commit_callbacks
):
    """The export writes a group as one row (its first member's code, 相同意见数 3): the
    committee answered the group, so every member still waiting gets the outcome and the reply,
    each in its own history and each sender told; a withdrawn member stays withdrawn."""
    withdrawn = grouped[2]
    Opinion.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    named, content = _group_sheet(grouped)

    response = _upload(signed_in, content)
    plan = response.context["plan"]
    assert (plan.changes, plan.members, plan.members_left, plan.errors) == (2, 1, 1, 0)
    page = response.content.decode()
    assert "data-decision-members" in page and "另有 1 条同组意见一并改变" in page
    assert "data-decision-grouped" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(signed_in, response)
    assert response.status_code == 302
    after = {o.pk: o for o in Opinion.objects.filter(pk__in=[o.pk for o in grouped])}
    for opinion in grouped[:2]:
        assert (after[opinion.pk].status, after[opinion.pk].reply) == (Status.ADOPTED, "已吸收。")
        assert StatusChange.objects.filter(opinion=opinion, to_status=Status.ADOPTED).count() == 1
    assert after[withdrawn.pk].status == Status.WITHDRAWN
    assert sorted(m.to[0] for m in mail.outbox) == ["g0@example.com", "g1@example.com"]


def test_a_member_with_its_own_row_and_its_group_row_is_an_error(signed_in, grouped):
    named, content = _group_sheet(grouped)
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    extra = sheet.max_row + 1
    sheet.cell(extra, header.index("回执码") + 1).value = grouped[1].receipt_code
    sheet.cell(extra, header.index("采纳情况") + 1).value = "未采纳"
    sheet.cell(extra, header.index("答复") + 1).value = "另行答复。"
    out = io.BytesIO()
    book.save(out)
    plan = _upload(signed_in, out.getvalue()).context["plan"]
    assert plan.errors == 1 and not plan.ok
    assert grouped[1].receipt_code in plan.sample_errors[0][1]


def test_a_plain_sheet_naming_one_group_member_changes_that_member_only(signed_in, grouped):
    member = grouped[2]  # not the one the export would name
    response = _upload(signed_in, _xlsx([(member.receipt_code, "未采纳", "与上位法不一致。")]))
    assert (response.context["plan"].changes, response.context["plan"].grouped) == (1, 1)
    _apply(signed_in, response)
    statuses = dict(
        Opinion.objects.filter(pk__in=[o.pk for o in grouped]).values_list("pk", "status")
    )
    assert statuses == {
        grouped[0].pk: Status.FORWARDED,
        grouped[1].pk: Status.FORWARDED,
        member.pk: Status.NOT_ADOPTED,
    }

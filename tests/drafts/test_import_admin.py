"""Importing drafts: the admin upload view as an editor, and ``manage.py import_draft``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from core.legal_text import parse_draft, read_document
from drafts.admin_views import SESSION_KEY
from drafts.models import DraftVersion, RegulationDraftPage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "laws"
URL = "/admin/drafts/import/"

WITH_UNPLACED = """某市电梯安全条例（草案）
第一章 总则
本章规定电梯安全的一般原则。
第一条 为了加强电梯安全管理，制定本条例。
第二条 本条例适用于本市行政区域内电梯的使用和管理。
"""


@pytest.fixture
def editor(client, home_page):
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    return user


def _docx_bytes(path: Path) -> bytes:
    document = docx.Document()
    for line in read_document(path.read_bytes(), path.name).split("\n"):
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_upload_preview_and_create_new_draft(client, editor, drafts_index):
    assert client.get(URL).status_code == 200
    upload = SimpleUploadedFile("elevator.txt", WITH_UNPLACED.encode("gb18030"))
    response = client.post(
        URL,
        {
            "action": "preview",
            "file": upload,
            "mode": "new",
            "index": drafts_index.pk,
            "label": "征求意见稿",
            "date": "2025-03-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "共识别出 2 条" in html
    assert "本章规定电梯安全的一般原则。" in html  # unplaced text is reported, not dropped
    assert "未能识别位置" in html
    assert not RegulationDraftPage.objects.filter(title="某市电梯安全条例（草案）").exists()

    token = response.context["preview"]["token"]
    pending = client.session[SESSION_KEY]
    response = client.post(URL, {"action": "create", "token": token})
    page = RegulationDraftPage.objects.get(title="某市电梯安全条例（草案）")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live  # an editor checks, then publishes
    latest = page.get_latest_revision_as_object()
    assert [b.block_type for b in latest.body] == ["chapter", "article", "article", "note"]
    assert latest.body[3].value == "本章规定电梯安全的一般原则。"
    version = DraftVersion.objects.get(page=page)
    assert version.pending and version.label == "征求意见稿"
    assert version.structure["unplaced"] == ["本章规定电梯安全的一般原则。"]
    assert str(version.date) == "2025-03-01"
    # the token is used up
    again = client.post(URL, {"action": "create", "token": token})
    assert again.status_code == 302 and again["Location"] == URL
    assert RegulationDraftPage.objects.filter(title="某市电梯安全条例（草案）").count() == 1
    # ... also for a confirm sent at the same time, which read the session before the first
    # wrote it back (replayed here): the token is spent in the database (core/once.py).
    session = client.session
    session[SESSION_KEY] = pending
    session.save()
    again = client.post(URL, {"action": "create", "token": token})
    assert again.status_code == 302 and again["Location"] == URL
    assert RegulationDraftPage.objects.filter(title="某市电梯安全条例（草案）").count() == 1

    page.get_latest_revision().publish()
    version.refresh_from_db()
    assert version.is_current and not version.pending
    assert client.get(page.url).status_code == 200


def test_upload_docx_as_new_version(client, editor, demo_draft):
    page = demo_draft("tingche")
    keys_before = {a["number"]: a["key"] for a in page.articles()}
    data = _docx_bytes(Path(__file__).resolve().parents[2] / "drafts/demo_data/tingche_v2.md")
    upload = SimpleUploadedFile("tingche.docx", data)
    response = client.post(
        URL,
        {
            "action": "preview",
            "file": upload,
            "mode": "version",
            "draft": page.pk,
            "label": "三审稿",
            "date": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert "共识别出 26 条" in response.content.decode()
    token = response.context["preview"]["token"]
    client.post(URL, {"action": "create", "token": token})
    version = DraftVersion.objects.get(page=page, label="三审稿")
    assert version.pending
    assert {a["number"]: a["key"] for a in version.articles()} == keys_before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("draft.doc", b"\xd0\xcf\x11\xe0", "不支持旧版 Word 格式"),
        ("draft.docx", b"not a zip", "无法读取该 Word 文件"),
        ("draft.txt", b"   \n  ", "文件中没有文字内容"),
    ],
)
def test_bad_files_are_refused_with_a_clear_error(
    client, editor, drafts_index, name, content, message
):
    response = client.post(
        URL,
        {
            "action": "preview",
            "file": SimpleUploadedFile(name, content),
            "mode": "new",
            "index": drafts_index.pk,
            "label": "征求意见稿",
            "date": "2025-03-01",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["preview"] is None


def test_version_mode_needs_a_draft(client, editor, drafts_index):
    response = client.post(
        URL,
        {
            "action": "preview",
            "file": SimpleUploadedFile("a.txt", WITH_UNPLACED.encode()),
            "mode": "version",
            "label": "二审稿",
            "date": "2025-03-01",
        },
    )
    assert "请选择要添加新版本的草案" in response.content.decode()


def test_import_needs_admin_access(client, home_page):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# ---------------------------------------------------------------------------
# manage.py import_draft
# ---------------------------------------------------------------------------


def test_command_dry_run_json(capsys, db):
    path = FIXTURES / "binzhou_gongre_2016.md"
    before = RegulationDraftPage.objects.count()
    call_command("import_draft", str(path), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    expected = parse_draft(read_document(path.read_bytes(), path.name)).to_dict()
    assert data == expected
    assert len(data["chapters"]) == 6
    assert RegulationDraftPage.objects.count() == before  # a dry run saves nothing


def test_command_creates_draft_and_version(capsys, drafts_index):
    before = RegulationDraftPage.objects.count()
    call_command("import_draft", str(FIXTURES / "awkward_draft.txt"), "--title", "养犬条例（草案）")
    out = capsys.readouterr().out
    assert "条：8" in out and "未发布" in out
    page = RegulationDraftPage.objects.get(title="养犬条例（草案）")
    assert RegulationDraftPage.objects.count() == before + 1
    assert page.get_parent().pk == drafts_index.pk
    page.get_latest_revision().publish()
    call_command(
        "import_draft",
        str(FIXTURES / "awkward_draft.txt"),
        "--version-of",
        str(page.pk),
        "--label",
        "二审稿",
        "--publish",
    )
    page = RegulationDraftPage.objects.get(pk=page.pk)
    assert [v.label for v in page.versions()] == ["征求意见稿", "二审稿"]
    first, second = page.versions()
    assert [a["key"] for a in first.articles()] == [a["key"] for a in second.articles()]


def test_command_errors(db, tmp_path):
    with pytest.raises(CommandError, match="不支持的文件类型"):
        bad = tmp_path / "x.pdf"
        bad.write_bytes(b"%PDF")
        call_command("import_draft", str(bad), "--dry-run")
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_draft", str(tmp_path / "missing.txt"), "--dry-run")
    with pytest.raises(CommandError, match="找不到草案"):
        call_command("import_draft", str(FIXTURES / "awkward_draft.txt"), "--version-of", "999999")


def test_the_import_menu_is_shown_only_to_those_who_may_import(rf, home_page, editor):
    """Point staff reach the admin for their own point's events; 导入法规草案 is not theirs."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.admin.menu import admin_menu

    def labels(user):
        request = rf.get("/admin/")
        request.user = user
        return [str(item.label) for item in admin_menu.menu_items_for_request(request)]

    staff = get_user_model().objects.create_user("point-staff", password="pw")
    group = Group.objects.create(name="只进后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(group)
    assert "导入法规草案" not in labels(staff)
    assert "导入法规草案" in labels(editor)

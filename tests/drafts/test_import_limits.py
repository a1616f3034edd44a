"""The draft importer refuses oversized uploads before parsing them, and checks permission before
it reads the upload at all: a zip bomb dressed as a .docx costs milliseconds, not minutes."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import GroupPagePermission

from core import legal_text as importer
from core.legal_text import ImportFormatError, ImportLimits, read_document

URL = "/admin/drafts/import/"
FAST = 3.0  # seconds; the unchecked importer took minutes on such files


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _huge_document() -> bytes:
    """~100 KB on disk, 72 MB of document.xml unpacked."""
    body = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 2_100_000
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": body})


def _many_parts() -> bytes:
    return _zip({f"word/media/part{i}.xml": b"<a/>" for i in range(3000)})


def _many_paragraphs() -> bytes:
    """Small even unpacked (1 MB), but 40,000 paragraphs: python-docx's object per paragraph."""
    return _zip({"word/document.xml": b"<w:body>" + b"<w:p/>" * 40_000 + b"</w:body>"})


def _prefixed_elements() -> bytes:
    """Paragraphs under an odd namespace prefix, and a flood of other elements."""
    return _zip({"word/document.xml": b"<x:body>" + b"<verylongprefix:r/>" * 1_100_000})


def _lying_sizes() -> bytes:
    """A part that declares 100 bytes and inflates to 12 MB."""
    data = bytearray(_zip({"word/document.xml": b"<w:p/>" * 2_000_000}))
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 100)
    struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, 100)
    return bytes(data)


BOMBS = {
    "huge document.xml": (_huge_document, "解压后超过 50 MB"),
    "many parts": (_many_parts, "包含 3000 个部件"),
    "many paragraphs": (_many_paragraphs, "文件段落过多（超过 20000 段）"),
    "many elements": (_prefixed_elements, "文件段落过多"),
}


@pytest.fixture
def no_docx_parsing(monkeypatch):
    """python-docx must never see these files."""

    def refuse(data):
        raise AssertionError("the .docx was parsed")

    monkeypatch.setattr(importer, "_read_docx", refuse)


@pytest.mark.parametrize("kind", BOMBS)
def test_bombs_are_refused_before_parsing_and_fast(kind, no_docx_parsing):
    build, message = BOMBS[kind]
    data = build()
    started = time.monotonic()
    with pytest.raises(ImportFormatError, match=message.replace("（", ".").replace("）", ".")):
        read_document(data, "draft.docx")
    assert time.monotonic() - started < FAST


def test_a_part_lying_about_its_size_is_unreadable_not_inflated():
    with pytest.raises(ImportFormatError, match="无法读取该 Word 文件"):
        read_document(_lying_sizes(), "draft.docx")


def test_text_files_are_capped_too():
    with pytest.raises(ImportFormatError, match="文件段落过多"):
        read_document(b"\n" * 20_001 + "第一条 内容。".encode(), "draft.txt")
    with pytest.raises(ImportFormatError, match="文件过大"):
        read_document(b"x" * 11, "draft.txt", ImportLimits(max_bytes=10))


def test_refusals_are_translated():
    try:
        read_document(_many_paragraphs(), "draft.docx")
    except ImportFormatError as exc:
        error = exc
    with translation.override("en"):
        english = error.translated(gettext)
    assert "20000" in english and "段" not in english
    with translation.override("zh-hant"):
        assert "過多" in error.translated(gettext)


def test_limits_come_from_settings(settings):
    settings.LAWBRIDGE_DRAFT_IMPORT_LIMITS = {"max_paragraphs": 50_000}
    from drafts.limits import import_limits

    assert import_limits() == ImportLimits(max_paragraphs=50_000)
    # now accepted by the cap, and parsed (an empty document: no text)
    with pytest.raises(ImportFormatError, match="文件中没有文字内容|无法读取"):
        read_document(_many_paragraphs(), "draft.docx", import_limits())


# --- In the admin, as the least-privileged users that matter ------------------------------


def _staff(name, *, page=None, codename="add_page"):
    """An admin user in a group of their own, with ``codename`` on ``page`` (if any)."""
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-12345-abc")
    group = Group.objects.create(name=f"组-{name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if page is not None:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    return user


def _post(client, data, **fields):
    return client.post(
        URL,
        {
            "action": "preview",
            "file": SimpleUploadedFile("draft.docx", data),
            "label": "征求意见稿",
            "date": "2025-03-01",
            **fields,
        },
    )


def _assert_denied(response):
    """Wagtail's admin answers PermissionDenied with a redirect home and an error message."""
    assert response.status_code == 302 and response["Location"] == "/admin/"
    from django.contrib.messages import get_messages

    assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))


@pytest.fixture
def parsing_forbidden(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the upload was read before the permission check")

    import drafts.admin_views

    monkeypatch.setattr(drafts.admin_views, "read_document", refuse)
    monkeypatch.setattr(importer, "read_document", refuse)
    monkeypatch.setattr(importer, "check_docx", refuse)


def test_a_user_without_the_import_right_gets_403_before_any_parsing(
    client, drafts_index, parsing_forbidden
):
    client.force_login(_staff("reader"))
    for response in (
        client.get(URL),
        _post(client, _huge_document(), mode="new", index=drafts_index.pk),
    ):
        _assert_denied(response)


def test_a_target_the_user_may_not_write_to_is_refused_before_parsing(
    client, drafts_index, demo_draft, parsing_forbidden
):
    # May add versions to one draft only: neither a new draft nor another draft is accepted.
    mine = demo_draft("tingche")
    client.force_login(_staff("clerk", page=mine, codename="change_page"))
    assert client.get(URL).status_code == 200
    response = _post(client, _huge_document(), mode="new", index=drafts_index.pk)
    assert response.status_code == 200 and response.context["preview"] is None
    assert "index" in response.context["form"].errors


def test_a_bomb_uploaded_by_an_editor_is_a_clear_error_not_a_500(
    client, drafts_index, no_docx_parsing
):
    client.force_login(_staff("drafter", page=drafts_index))
    started = time.monotonic()
    response = _post(client, _huge_document(), mode="new", index=drafts_index.pk, title="炸弹")
    assert time.monotonic() - started < FAST
    assert response.status_code == 200
    assert response.context["preview"] is None
    html = response.content.decode()
    assert "Word 文件解压后超过 50 MB" in html
    form = response.context["form"]
    assert form["title"].value() == "炸弹"  # nothing the user typed is lost


def test_the_command_refuses_a_bomb_fast(tmp_path, db, no_docx_parsing):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_huge_document())
    started = time.monotonic()
    with pytest.raises(CommandError, match="解压后超过 50 MB"):
        call_command("import_draft", str(path), "--dry-run")
    assert time.monotonic() - started < FAST


def test_the_command_does_not_read_an_oversized_file(tmp_path, db, settings):
    settings.LAWBRIDGE_DRAFT_IMPORT_LIMITS = {"max_bytes": 1024}
    path = tmp_path / "big.txt"
    path.write_bytes("第一条 内容。\n".encode() * 1000)
    with pytest.raises(CommandError, match="文件过大"):
        call_command("import_draft", str(path), "--dry-run")

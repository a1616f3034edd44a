"""Importing a regulation in force (.docx/.txt/.md) through the admin as a 草案编辑 who is nothing
else: previewed before saving, a new regulation (not live) or an amendment of one (a new
version); bad files get a translated error and nothing is stored, never a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regulations.models import RegulationPage, RegulationVersion

from .conftest import regulation_text

URL = "/admin/regulations/import/"


def _upload(name: str, data: bytes, content_type: str = "text/plain"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _preview(client, index, name, data, **fields):
    post = {"action": "preview", "mode": "new", "index": index.pk, "kind": "amendment"}
    post.update(fields)
    return client.post(URL, {**post, "file": _upload(name, data)})


def _confirm(client, response):
    token = response.context["preview"]["token"]
    return client.post(URL, {"action": "create", "token": token})


@pytest.mark.parametrize(
    "name,data",
    [
        ("gongshui.txt", regulation_text(6, title="某市供水条例").encode("gb18030")),
        ("gongshui.md", ("# 某市供水条例\n\n" + regulation_text(6, title="")).encode()),
        ("gongshui.docx", _docx(regulation_text(6, title="某市供水条例"))),
    ],
)
def test_a_new_regulation_is_previewed_then_created_not_live(
    client, reg_index, draft_editor, name, data
):
    client.force_login(draft_editor)
    assert client.get(URL).status_code == 200
    response = _preview(client, reg_index, name, data, promulgated_on="2020-06-01")
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview["article_count"] == 6
    assert not RegulationPage.objects.child_of(reg_index).exists()  # nothing saved yet

    response = _confirm(client, response)
    page = RegulationPage.objects.child_of(reg_index).get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.title == "某市供水条例" and not page.live
    assert str(page.promulgated_on) == "2020-06-01"
    assert [len(v.articles()) for v in page.versions()] == [6]
    # A second click on the same preview stores nothing twice.
    again = _confirm_token(client, preview["token"])
    assert again.status_code == 302
    assert RegulationPage.objects.child_of(reg_index).count() == 1


def _confirm_token(client, token):
    return client.post(URL, {"action": "create", "token": token})


def test_importing_into_an_existing_regulation_adds_an_amendment(
    client, make_regulation, draft_editor
):
    page = make_regulation(n=5)
    keys = [a["key"] for a in page.current_version.articles()]
    client.force_login(draft_editor)
    text = regulation_text(5, words={5: "本条例自2025年1月1日起施行。"})
    response = client.post(
        URL,
        {
            "action": "preview",
            "mode": "version",
            "regulation": page.pk,
            "kind": "amendment",
            "label": "2024年修正",
            "promulgated_on": "2024-10-01",
            "file": _upload("amended.txt", text.encode()),
        },
    )
    assert response.context["preview"]["article_count"] == 5
    _confirm(client, response)
    page = RegulationPage.objects.get(pk=page.pk)
    assert [v.label for v in page.version_rows] == ["公布", "2024年修正"]
    assert [a["key"] for a in page.current_version.articles()] == keys
    assert page.current_version.articles()[4]["text"] == "本条例自2025年1月1日起施行。"
    assert client.get(page.url).content.decode().count("本条例自2025年1月1日起施行。") == 1


BAD_FILES = [
    ("old.doc", b"\xd0\xcf\x11\xe0 old word", "旧版 Word"),
    ("virus.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ("empty.txt", b"   \n\n", "没有文字内容"),
    ("nul.txt", "第一条 有\x00空字符".encode(), "无法识别文件编码"),
    ("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "这个文件不是文本文件"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "这个文件不是文本文件"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "无法读取该 Word 文件"),
    (
        "no-articles.txt",
        '某市条例\n=HYPERLINK("http://x")\n<script>alert(1)</script>\n😀'.encode(),
        "没有识别出任何条文",
    ),
]


@pytest.mark.parametrize("name,data,message", BAD_FILES)
def test_bad_files_get_a_clear_error_and_nothing_is_stored(
    client, reg_index, draft_editor, name, data, message
):
    client.force_login(draft_editor)
    before = RegulationVersion.objects.count()
    response = _preview(client, reg_index, name, data, title="我输入的标题")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="我输入的标题"' in html  # what was typed is kept
    assert response.context["preview"] is None
    assert RegulationVersion.objects.count() == before


def test_bad_files_are_explained_in_english_too(client, reg_index, draft_editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(draft_editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(draft_editor)
    html = _preview(client, reg_index, "virus.exe", b"MZ").content.decode()
    assert "Unsupported file type: .exe" in html


def test_an_amendment_needs_its_name_and_a_regulation(client, make_regulation, draft_editor):
    make_regulation(n=2)
    client.force_login(draft_editor)
    response = client.post(
        URL,
        {"action": "preview", "mode": "version", "kind": "amendment", "label": "",
         "file": _upload("a.txt", regulation_text(2).encode())},
    )  # fmt: skip
    html = response.content.decode()
    assert "请选择要修改的法规" in html and "请填写版本名称" in html


def test_someone_outside_the_editors_may_not_import(client, reg_index, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("reg-outsider", password="pw-12345-abc")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for response in (client.get(URL), _preview(client, reg_index, "a.txt", b"x")):
        assert response.status_code == 403 or response["Location"] == "/admin/"
    assert not RegulationPage.objects.child_of(reg_index).exists()


def test_an_expired_preview_is_refused_politely(client, reg_index, draft_editor):
    client.force_login(draft_editor)
    response = _confirm_token(client, "forged-token")
    assert response.status_code == 302 and response["Location"].endswith(URL)


def test_confirm_sent_again_with_the_session_as_it_was_imports_once(
    client, reg_index, draft_editor
):
    """Three confirms at once each read the session before any writes it back: replaying the
    session as it was before the first confirm stands for them. The token is spent in the
    database (core/once.py), so the second creates nothing and says why."""
    from regulations.admin_views import SESSION_KEY

    client.force_login(draft_editor)
    data = regulation_text(3, title="某市节水条例").encode()
    response = _preview(client, reg_index, "jieshui.txt", data)
    token = response.context["preview"]["token"]
    pending = client.session[SESSION_KEY]
    assert _confirm_token(client, token).status_code == 302
    session = client.session
    session[SESSION_KEY] = pending  # what a concurrent request read
    session.save()
    again = client.post(URL, {"action": "create", "token": token}, follow=True)
    assert RegulationPage.objects.child_of(reg_index).count() == 1
    assert "导入已过期或已完成" in again.content.decode()

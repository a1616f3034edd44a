"""Response analysis, as the office's 意见办理员 (no superuser): themes per draft, tagging from the
inspect page and in bulk, analyst notes, the theme filter and export column, reply templates and
the bulk answer that still answers (and notifies) each opinion on its own."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from forms.intake import Submission, create_opinion
from forms.models import AnalystNote, Channel, Opinion, ReplyTemplate, StatusChange, Theme
from forms.workflow import Status, transition

LIST = "wagtailsnippets_forms_opinion:list"
INSPECT = "wagtailsnippets_forms_opinion:inspect"


def _member(role, username=None):
    user = get_user_model().objects.create_user(username or f"u-{role}", password="pw-12345678")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def handler(demo_site, client):
    user = _member("意见办理员")
    client.force_login(user)
    return user


def _refused(response):
    """Wagtail answers a forbidden admin request with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _opinion(page, text, **kwargs):
    return create_opinion(page, Submission(text=text, **kwargs), channel=Channel.WEB)


def _forwarded(page, text, **kwargs):
    opinion = _opinion(page, text, **kwargs)
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    return opinion


def _bulk(client, action, opinions, data):
    url = reverse("wagtail_bulk_action", args=["forms", "opinion", action])
    ids = "&".join(f"id={o.pk}" for o in opinions)
    return client.post(f"{url}?{ids}&next=/admin/", data)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Themes -------------------------------------------------------------------------------


def test_handler_defines_a_theme_per_draft_and_bad_names_are_refused(client, handler, draft):
    add = reverse("wagtailsnippets_forms_theme:add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"page": draft.pk, "name": "处罚标准", "description": ""})
    assert response.status_code == 302
    assert Theme.objects.filter(page=draft, name="处罚标准").count() == 1

    again = client.post(add, {"page": draft.pk, "name": "处罚标准", "description": ""})
    assert again.status_code == 200
    assert "这个草案已有同名主题。" in again.content.decode()
    for bad in ["", "处罚\x00标准", "长" * 51]:
        refused = client.post(add, {"page": draft.pk, "name": bad, "description": ""})
        assert refused.status_code == 200, repr(bad)
    assert Theme.objects.filter(page=draft).count() == 1

    listing = client.get(reverse("wagtailsnippets_forms_theme:list")).content.decode()
    theme = Theme.objects.get(page=draft, name="处罚标准")
    assert "处罚标准" in listing
    assert f"?themes={theme.pk}" in listing  # its count opens the list filtered by it


def test_liaison_sees_themes_but_may_not_define_them(client, demo_site, draft):
    Theme.objects.create(page=draft, name="执法程序")
    client.force_login(_member("法工委联络员"))
    assert client.get(reverse("wagtailsnippets_forms_theme:list")).status_code == 200
    response = client.post(
        reverse("wagtailsnippets_forms_theme:add"), {"page": draft.pk, "name": "x"}
    )
    assert response.status_code in {302, 403} and not Theme.objects.filter(name="x").exists()


def test_tagging_on_the_inspect_page_offers_only_the_drafts_own_themes(
    client, handler, draft, closed_draft
):
    opinion = _opinion(draft, "建议第三条明确处罚标准。")
    mine = Theme.objects.create(page=draft, name="处罚标准")
    other = Theme.objects.create(page=closed_draft, name="停车收费")
    page = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "处罚标准" in page and "停车收费" not in page

    url = reverse("wagtailsnippets_forms_opinion:themes", args=[opinion.pk])
    response = client.post(url, {"themes": [other.pk]})
    assert "无法保存主题" in " ".join(_messages(response))
    assert not opinion.themes.exists()

    client.post(url, {"themes": [mine.pk]})
    client.post(url, {"themes": [mine.pk]})
    assert list(opinion.themes.all()) == [mine]
    assert "处罚标准" in client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()


def test_bulk_tagging_lists_the_opinions_of_another_draft(client, handler, draft, form_page):
    theme = Theme.objects.create(page=draft, name="文明出行")
    ours = [_opinion(draft, f"关于文明出行的意见{i}") for i in range(3)]
    stranger = _opinion(form_page, "停车场收费太高。")
    response = _bulk(
        client, "opinions_themes", [*ours, stranger], {"themes": [theme.pk], "operation": "add"}
    )
    assert response.status_code == 302
    assert set(theme.opinions.all()) == set(ours)
    text = " ".join(_messages(response))
    assert "已为 3 条意见加上主题" in text
    assert stranger.receipt_code in text and "不属于这条意见的草案" in text

    _bulk(client, "opinions_themes", ours[:1], {"themes": [theme.pk], "operation": "remove"})
    assert theme.opinions.count() == 2


def test_list_filters_and_exports_by_theme(client, demo_site, draft):
    theme = Theme.objects.create(page=draft, name="养犬管理")
    tagged = _opinion(draft, "建议增加文明养犬的条款。")
    untagged = _opinion(draft, "建议增加禁止高空抛物的条款。")
    theme.opinions.add(tagged)
    Theme.objects.create(page=draft, name='=HYPERLINK("http://x")').opinions.add(tagged)

    client.force_login(_member("意见办理员"))
    assert client.get(reverse(LIST), {"themes": "abc"}).status_code == 200  # a clear form error
    listing = client.get(reverse(LIST), {"themes": theme.pk}).content.decode()
    assert tagged.receipt_code in listing and untagged.receipt_code not in listing
    assert "养犬管理" in listing  # the 主题 column

    client.force_login(_member("法工委联络员"))  # the export right
    csv = client.get(reverse(LIST), {"themes": theme.pk, "export": "csv"})
    content = b"".join(csv.streaming_content).decode()
    header, *rows = [line for line in content.splitlines() if line]
    assert "主题" in header
    assert len(rows) == 1 and tagged.receipt_code in rows[0] and "养犬管理" in rows[0]
    assert "'=HYPERLINK" in rows[0]  # a theme name is a cell like any other: neutralised


# --- Notes --------------------------------------------------------------------------------


def test_notes_are_recorded_with_author_and_time_once_and_masked(client, handler, draft):
    opinion = _opinion(draft, "建议第五条细化。")
    url = reverse("wagtailsnippets_forms_opinion:notes", args=[opinion.pk])
    note = "与第八条意见一致，可合并答复；来电人 13812345678 另有补充。"
    client.post(url, {"text": note})
    client.post(url, {"text": note})  # a double click
    assert AnalystNote.objects.filter(opinion=opinion).count() == 1
    stored = AnalystNote.objects.get(opinion=opinion)
    assert stored.author == handler and stored.created_at

    for bad in ["", "   ", "a\x00b", "长" * 2001]:
        response = client.post(url, {"text": bad})
        assert "无法保存备注" in " ".join(_messages(response)), repr(bad)
    assert AnalystNote.objects.filter(opinion=opinion).count() == 1

    page = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "可合并答复" in page and handler.get_username() in page
    assert "13812345678" not in page  # no personal-data right: masked like the opinion's text


def test_liaison_reads_notes_but_cannot_write_or_tag(client, demo_site, draft):
    opinion = _opinion(draft, "建议第五条细化。")
    theme = Theme.objects.create(page=draft, name="细化")
    AnalystNote.objects.create(opinion=opinion, text="需要法工委研究。")
    client.force_login(_member("法工委联络员"))
    page = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "需要法工委研究。" in page and "data-note-form" not in page
    notes = reverse("wagtailsnippets_forms_opinion:notes", args=[opinion.pk])
    themes = reverse("wagtailsnippets_forms_opinion:themes", args=[opinion.pk])
    assert _refused(client.post(notes, {"text": "x"}))
    assert _refused(client.post(themes, {"themes": [theme.pk]}))
    _bulk(client, "opinions_themes", [opinion], {"themes": [theme.pk], "operation": "add"})
    assert AnalystNote.objects.filter(opinion=opinion).count() == 1 and not opinion.themes.exists()


def test_notes_never_reach_the_public_page_or_the_exports(client, demo_site, draft):
    from forms.workflow import Publication, decide_publication

    opinion = _opinion(draft, "建议第二条增加示例。", publish_consent="anonymous")
    transition(opinion, Status.REVIEWING)
    keeper = _member("个人信息管理员")
    decide_publication(opinion, Publication.MASKED, user=keeper)
    AnalystNote.objects.create(opinion=opinion, text="内部备注：勿外传")
    public = client.get(draft.url).content.decode()
    assert "建议第二条增加示例。" in public  # published, so the page lists it
    assert "内部备注" not in public

    client.force_login(_member("法工委联络员"))
    csv = client.get(reverse(LIST), {"export": "csv"})
    assert "内部备注" not in b"".join(csv.streaming_content).decode()


def test_notes_never_reach_the_committee_export(demo_site, draft, tmp_path, settings):
    from docx import Document
    from openpyxl import load_workbook

    from forms.admin_views import add_to_batch
    from forms.exports import export_storage
    from forms.models import Batch
    from forms.tasks import export_batch

    settings.MEDIA_ROOT = tmp_path
    opinion = _opinion(draft, "建议第二条增加示例。")
    AnalystNote.objects.create(opinion=opinion, text="内部备注：勿外传")
    Theme.objects.create(page=draft, name="内部主题").opinions.add(opinion)
    batch = Batch.objects.create(title="第一批")
    add_to_batch([opinion], batch)
    export_batch.enqueue(batch.pk, False)
    batch.refresh_from_db()
    workbook = load_workbook(export_storage().open(batch.xlsx_file, "rb"), read_only=True)
    cells = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    document = Document(export_storage().open(batch.docx_file, "rb"))
    text = "\n".join(p.text for p in document.paragraphs) + " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "建议第二条增加示例" in cells and "建议第二条增加示例" in text
    assert "内部备注" not in cells + text


# --- Reply templates and the bulk answer ----------------------------------------------------


def test_handler_keeps_reply_templates(client, handler, draft):
    add = reverse("wagtailsnippets_forms_replytemplate:add")
    assert client.get(add).status_code == 200
    response = client.post(
        add, {"name": "已采纳通用", "page": "", "text": "您的意见已被采纳，感谢参与。"}
    )
    assert response.status_code == 302
    template = ReplyTemplate.objects.get(name="已采纳通用")
    assert template.page is None
    refused = client.post(add, {"name": "空", "page": draft.pk, "text": "\x00"})
    assert refused.status_code == 200 and not ReplyTemplate.objects.filter(name="空").exists()


def test_bulk_answer_records_and_notifies_each_opinion_and_lists_the_rest(
    client, handler, draft, form_page, django_capture_on_commit_callbacks
):
    forwarded = [
        _forwarded(draft, f"建议第{i}条增加罚则。", email=f"r{i}@example.com") for i in range(1, 4)
    ]
    received = _opinion(draft, "刚收到的意见。", email="new@example.com")
    foreign = _forwarded(form_page, "停车意见。", email="park@example.com")
    template = ReplyTemplate.objects.create(
        name="部分采纳", page=draft, text="已部分吸收您的意见。"
    )
    selection = [*forwarded, received, foreign]

    confirm = client.get(
        reverse("wagtail_bulk_action", args=["forms", "opinion", "opinions_answer"])
        + "?"
        + "&".join(f"id={o.pk}" for o in selection)
    ).content.decode()
    assert "data-blocked" in confirm and "需先转交法工委" in confirm

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _bulk(
            client,
            "opinions_answer",
            selection,
            {
                "decision": Status.PARTLY_ADOPTED,
                "template": template.pk,
                "reply": "",
                "note": "批量",
            },
        )
    assert response.status_code == 302
    for opinion in forwarded:
        opinion.refresh_from_db()
        assert opinion.status == Status.PARTLY_ADOPTED
        assert opinion.reply == "已部分吸收您的意见。"
        change = StatusChange.objects.filter(opinion=opinion).latest("id")
        assert change.to_status == Status.PARTLY_ADOPTED and change.user == handler
    assert sorted(m.to[0] for m in mail.outbox) == [
        "r1@example.com",
        "r2@example.com",
        "r3@example.com",
    ]

    text = " ".join(_messages(response))
    assert "已答复 3 条意见" in text
    assert received.receipt_code in text and foreign.receipt_code in text  # listed, not skipped
    received.refresh_from_db()
    foreign.refresh_from_db()
    assert received.status == Status.RECEIVED and foreign.status == Status.FORWARDED

    # The same form sent again answers nothing twice: every opinion is now listed.
    changes = StatusChange.objects.count()
    again = _bulk(
        client, "opinions_answer", forwarded, {"decision": Status.ADOPTED, "reply": "再次"}
    )
    assert StatusChange.objects.count() == changes
    assert all(o.receipt_code in " ".join(_messages(again)) for o in forwarded)


@pytest.mark.parametrize(
    "data",
    [
        {"decision": Status.ADOPTED, "reply": ""},  # neither template nor text
        {"decision": Status.ADOPTED, "reply": "=HYPERLINK(\x00"},
        {"decision": Status.ADOPTED, "reply": "长" * 2001},
        {"decision": Status.DUPLICATE, "reply": "不是采纳结果"},
        {"decision": Status.ADOPTED, "reply": "x", "template": "999999"},
    ],
)
def test_bulk_answer_refuses_bad_input(client, handler, draft, data):
    opinion = _forwarded(draft, "建议增加罚则。")
    response = _bulk(client, "opinions_answer", [opinion], data)
    assert response.status_code == 200  # the form again, with its error
    opinion.refresh_from_db()
    assert opinion.status == Status.FORWARDED


def test_typed_bulk_reply_with_html_and_formula_is_stored_as_text(client, handler, draft):
    opinion = _forwarded(draft, "建议增加罚则。")
    reply = '<b>感谢</b> =HYPERLINK("http://x") 😀 ＡＢＣ'
    _bulk(client, "opinions_answer", [opinion], {"decision": Status.NOT_ADOPTED, "reply": reply})
    opinion.refresh_from_db()
    assert opinion.status == Status.NOT_ADOPTED and opinion.reply == reply
    page = client.get(reverse(INSPECT, args=[opinion.pk])).content.decode()
    assert "<b>感谢</b>" not in page and "&lt;b&gt;感谢&lt;/b&gt;" in page


def test_theme_column_costs_one_query_however_many_rows_are_listed(client, handler, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    theme = Theme.objects.create(page=draft, name="甲")
    other = Theme.objects.create(page=draft, name="乙")
    opinions = list(Opinion.objects.filter(page=draft)[:20])
    theme.opinions.add(opinions[0])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(LIST), {"themes": theme.pk})
            assert response.status_code == 200
        return len(captured)

    queries()  # warm caches
    one_row = queries()
    theme.opinions.add(*opinions)
    other.opinions.add(*opinions)
    assert queries() == one_row  # 20 rows, two themes each: no query per row

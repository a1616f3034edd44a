"""Personal data typed into an opinion's text is never published.

The detector (forms/pii.py) is measured against tests/fixtures/pii_corpus.json; every positive of
the corpus is then submitted through the real form, taken to 已采纳 with publish consent and
published, and must not reach the draft page, its feedback, the API or the committee's files.
Publication is its own step (公开审核), done by someone with the personal-data right."""

import io
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from forms import pii
from forms.exports import export_storage
from forms.intake import Submission, create_opinion
from forms.models import Batch, Channel, Opinion, PageOpinionSettings, PublicationDecision
from forms.workflow import Publication, Status, TransitionError, decide_publication, transition

from .conftest import login_with_2fa, valid_post

CORPUS = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "pii_corpus.json").read_text(encoding="utf-8")
)
POSITIVES = [item for item in CORPUS if item["pii"]]
HOME = "我家住在黄河五路12号3单元，电话13612345678"


def _fragments(value: str) -> list[str]:
    """What must not be readable of a piece of personal data: the whole, and every run of four
    characters carrying a digit or a Latin letter (a phone number's last four digits, say)."""
    runs = [value[i : i + 4] for i in range(len(value) - 3)]
    return [value] + [r for r in runs if re.search(r"[0-9A-Za-z０-９]", r)]


def _visible(html: str) -> str:
    """The text a reader sees (no tags, attributes or scripts: tokens there are random)."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]*>", " ", html)


def _leaks(output: str, values, allowed: str = "") -> list[str]:
    """Fragments of ``values`` found in ``output`` that are not in ``allowed`` (what the page
    shows anyway: its own text, and the parts of the corpus texts that are not personal)."""
    allowed += "\n".join(pii.mask(item["text"]) for item in CORPUS)
    return [f for value in values for f in _fragments(value) if f in output and f not in allowed]


def _without_stamps_and_codes(text: str) -> str:
    """Exports print when they were made and when opinions arrived ("2026-11-29 12:31"), and each
    opinion's random receipt code ("LB-HWJJ-C456"): at some times of day, or for some codes, these
    contain a corpus fragment ("9 12"; "456" and the space after the cell) without leaking
    anything."""
    text = re.sub(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?", "", text)
    return re.sub(r"\bLB-[2-9A-Z]{4}-[2-9A-Z]{4}\b", "", text)


def test_a_receipt_code_is_no_leak():
    """A random code ending "456" beside a space read as a bank card's fragment "456 "."""
    cells = "网站 LB-HWJJ-C456 2026-12-01 14:12"
    assert _leaks(_without_stamps_and_codes(cells), ["6222 0212 3456 7890 123"]) == []
    assert _leaks(_without_stamps_and_codes("卡号 3456 7890"), ["6222 0212 3456 7890 123"])


# --- the detector -----------------------------------------------------------------------------


def test_detector_precision_and_recall_on_the_corpus():
    assert len(CORPUS) >= 50 and len(POSITIVES) >= 20 and len(CORPUS) - len(POSITIVES) >= 20
    tp = fp = fn = tn = 0
    missed, false_alarms = [], []
    for item in CORPUS:
        flagged = bool(pii.find(item["text"]))
        masked = pii.mask(item["text"])
        if item["pii"]:
            if flagged and not _leaks(masked, item["pii"]):
                tp += 1
            else:
                fn += 1
                missed.append(masked)
        elif flagged:
            fp += 1
            false_alarms.append(masked)
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(
        f"\npii detector on {len(CORPUS)} texts ({len(POSITIVES)} with personal data): "
        f"precision {precision:.3f}, recall {recall:.3f} (tp={tp} fp={fp} fn={fn} tn={tn})"
    )
    assert recall == 1.0, missed
    assert precision >= 0.9, false_alarms


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("电话１３６１２３４５６７８", "mobile"),
        ("手机 136-1234-5678", "mobile"),
        ("一三六一二三四五六七八", "mobile"),
        ("身份证11010519491231002X", "id_card"),
        ("卡号6222021234567890123", "bank_card"),
        ("写信到 a.b@example.com", "email"),
        ("车牌粤B D12345", "plate"),
        ("住人民路8号2单元", "address"),
    ],
)
def test_each_kind_is_found_and_masked_whole(text, kind):
    spans = pii.find(text)
    assert [s.kind for s in spans] == [kind]
    masked = pii.mask(text)
    assert len(masked) == len(text)
    assert not re.search(r"[0-9０-９@]", masked)


# --- masking everywhere public ----------------------------------------------------------------


def _publish_everything(draft, opinions, user):
    """Take opinions to 已采纳, pass them at 公开审核 (masked) and switch the public display on."""
    for opinion in opinions:
        transition(opinion, Status.REVIEWING, user=user)
        transition(opinion, Status.FORWARDED, user=user)
        transition(opinion, Status.ADOPTED, user=user, reply="已采纳，谢谢。", notify=False)
        decide_publication(opinion, Publication.MASKED, user=user)
    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True, "feedback_published": True}
    )


def test_no_positive_of_the_corpus_reaches_a_public_page_or_file(
    draft, article3, privileged_editor, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("opinions_new", args=[draft.pk])
    baseline = Client().get(draft.url).content.decode()  # what the page shows without them
    before = set(Opinion.objects.values_list("pk", flat=True))
    for i, item in enumerate(POSITIVES):
        response = Client(REMOTE_ADDR=f"10.0.{i // 200}.{i % 200 + 1}").post(
            url,
            valid_post(text=item["text"], article=article3.key, publish_consent="full"),
        )
        assert response.status_code == 302, response.content.decode()[:500]
    opinions = list(Opinion.objects.exclude(pk__in=before).order_by("pk"))
    assert len(opinions) == len(POSITIVES)
    assert all(o.personal_data_kinds for o in opinions)
    _publish_everything(draft, opinions, privileged_editor)
    values = [v for item in POSITIVES for v in item["pii"]]

    page = Client().get(draft.url).content.decode()
    assert "已采纳，谢谢。" in page and "楼下天天有人乱停车" in page  # the opinions are shown
    assert [v for v in values if v in page] == []
    assert _leaks(_visible(page), values, _visible(baseline)) == []

    for opinion in opinions[:5]:  # the status page and API, as anyone holding the code sees them
        status = Client().post(
            reverse("opinions_status"), {"code": opinion.receipt_code, "contact": "5678"}
        )
        html = status.content.decode()
        assert status.status_code == 200 and [v for v in values if v in html] == []
        shown = re.search(r'(?s)<dd class="opinion-text">(.*?)</dd>', html).group(1)
        assert _leaks(shown, values) == []

    from forms.tasks import export_batch

    batch = Batch.objects.create(title="含个人信息的批次")
    batch.opinions.add(*opinions)
    export_batch.enqueue(batch.pk, False)
    batch.refresh_from_db()
    from docx import Document
    from openpyxl import load_workbook

    document = Document(export_storage().open(batch.docx_file, "rb"))
    docx_text = _without_stamps_and_codes("\n".join(p.text for p in document.paragraphs))
    assert "楼下天天有人乱停车" in docx_text and _leaks(docx_text, values) == []
    workbook = load_workbook(export_storage().open(batch.xlsx_file, "rb"), read_only=True)
    cells = _without_stamps_and_codes(
        " ".join(
            c
            for row in workbook.worksheets[0].iter_rows(values_only=True)
            for c in row
            if isinstance(c, str)
        )
    )
    assert "楼下天天有人乱停车" in cells and _leaks(cells, values) == []


def test_api_status_masks_the_text(client, draft):
    from forms import api_keys
    from forms.models import ApiClient

    opinion = create_opinion(
        draft, Submission(text=HOME, phone="13800001111", publish_consent="full"), channel="web"
    )
    api_client = ApiClient(name="小程序")
    key = api_keys.issue(api_client)
    api_client.save()
    response = client.post(
        "/api/opinions/status",
        json.dumps({"code": opinion.receipt_code, "contact": "1111"}),
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert "13612345678" not in body["text"] and "12号3单元" not in body["text"]
    assert body["text"].startswith("我家住在")


def test_reaching_review_no_longer_publishes(client, draft, privileged_editor):
    opinion = create_opinion(draft, Submission(text=HOME, publish_consent="full"), channel="web")
    transition(opinion, Status.REVIEWING)
    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True}
    )
    assert not Opinion.objects.publicly_visible().filter(pk=opinion.pk).exists()
    assert "我家住在" not in client.get(draft.url).content.decode()
    decide_publication(opinion, Publication.MASKED, user=privileged_editor)
    html = client.get(draft.url).content.decode()
    assert "我家住在" in html and "13612345678" not in html and "12号3单元" not in html


# --- the 公开审核 step -------------------------------------------------------------------------


@pytest.fixture
def home_opinion(draft):
    opinion = create_opinion(draft, Submission(text=HOME, publish_consent="full"), channel="web")
    transition(opinion, Status.REVIEWING)
    return opinion


def test_handler_without_the_right_sees_the_text_masked_and_cannot_publish(
    client, editor, home_opinion
):
    client.force_login(editor)
    inspect = client.get(reverse("wagtailsnippets_forms_opinion:inspect", args=[home_opinion.pk]))
    html = inspect.content.decode()
    assert inspect.status_code == 200
    assert "13612345678" not in html and "12号3单元" not in html
    assert "data-publication-step" not in html
    listing = client.get(reverse("wagtailsnippets_forms_opinion:list")).content.decode()
    assert "13612345678" not in listing
    url = reverse("wagtailsnippets_forms_opinion:publication", args=[home_opinion.pk])
    refused = client.post(url, {"decision": "released"})
    # Wagtail answers a PermissionDenied in the admin with a redirect and a message.
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    assert not PublicationDecision.objects.filter(opinion=home_opinion).exists()
    with pytest.raises(TransitionError):
        decide_publication(home_opinion, Publication.RELEASED, user=editor)
    home_opinion.refresh_from_db()
    assert home_opinion.publication == Publication.PENDING


def test_publishing_an_edited_text_keeps_the_original_and_records_who(
    client, privileged_editor, home_opinion, draft
):
    from core.models import PersonalDataAccess

    login_with_2fa(client, privileged_editor)
    inspect_url = reverse("wagtailsnippets_forms_opinion:inspect", args=[home_opinion.pk])
    html = client.get(inspect_url).content.decode()
    assert "data-publication-step" in html and "13612345678" in html  # the right shows it
    assert PersonalDataAccess.objects.filter(  # and seeing it is logged
        action="view", object_ids=[home_opinion.pk], user=privileged_editor
    ).exists()
    url = reverse("wagtailsnippets_forms_opinion:publication", args=[home_opinion.pk])

    # An edited text left empty: refused, with the note typed kept and nothing recorded.
    refused = client.post(url, {"decision": "edited", "public_text": " ", "note": "我的备注"})
    assert refused.status_code == 200 and "我的备注" in refused.content.decode()
    assert "请填写公开的文本" in refused.content.decode()
    assert not PublicationDecision.objects.filter(opinion=home_opinion).exists()

    response = client.post(
        url, {"decision": "edited", "public_text": "建议治理楼下乱停车。", "note": "删去住址"}
    )
    assert response.status_code == 302
    home_opinion.refresh_from_db()
    assert home_opinion.text == HOME  # never overwritten
    assert home_opinion.publication == Publication.EDITED
    record = home_opinion.publications.get()
    assert (record.user, record.from_decision, record.decision, record.note) == (
        privileged_editor,
        Publication.PENDING,
        Publication.EDITED,
        "删去住址",
    )
    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True}
    )
    page = Client().get(draft.url).content.decode()
    assert "建议治理楼下乱停车。" in page and "我家住在" not in page

    # Releasing the original unmasked is an access to personal data: audit-logged.
    client.post(url, {"decision": "released", "note": "本人同意公开"})
    home_opinion.refresh_from_db()
    assert home_opinion.publication == Publication.RELEASED
    assert PersonalDataAccess.objects.filter(
        object_ids=[home_opinion.pk], note__contains="公开原文"
    ).exists()
    assert "13612345678" in Client().get(draft.url).content.decode()

    client.post(url, {"decision": "withheld"})
    assert "我家住在" not in Client().get(draft.url).content.decode()
    assert home_opinion.publications.count() == 3


def test_xlsx_list_export_masks_the_text_without_the_right(client, editor, home_opinion):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="export_opinions"))
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_forms_opinion:list"), {"export": "csv"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert "我家住在" in text and "13612345678" not in text


def test_docx_of_an_unpublished_opinion_is_masked(draft, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from forms.exports import write_docx

    create_opinion(draft, Submission(text=HOME), channel=Channel.WEB)
    target = io.BytesIO()
    write_docx(Opinion.objects.filter(text=HOME), target)
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(target.getvalue())).paragraphs)
    assert "我家住在" in text and "13612345678" not in text


def test_the_edit_view_cannot_publish_or_change_the_public_text(client, editor, home_opinion):
    """Only the 公开审核 step publishes: the opinion's edit form offers neither field."""
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_opinion:edit", args=[home_opinion.pk])
    html = client.get(url).content.decode()
    assert 'name="publication"' not in html and 'name="published_text"' not in html
    client.post(
        url,
        {
            "category": "public",
            "publish_consent": "full",
            "publication": "released",
            "published_text": "x",
        },
    )
    home_opinion.refresh_from_db()
    assert home_opinion.publication == Publication.PENDING and home_opinion.published_text == ""

"""Receipt codes under concurrency on PostgreSQL: many submissions at once, none lost, no code
twice — even when codes are forced to collide."""

import secrets
import threading

import pytest
from django.db import connection, connections

from forms import receipts
from forms.intake import Submission, create_opinion
from forms.models import Channel, Opinion

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (real concurrent transactions)"
    ),
]

THREADS = 8
PER_THREAD = 25


@pytest.fixture
def page(transactional_db):
    from wagtail.models import Locale

    from forms.models import OpinionFormPage
    from home.site_setup import ensure_site

    Locale.objects.get_or_create(language_code="zh-hans")
    home = ensure_site()
    page = OpinionFormPage(title="并发测试", slug="concurrency")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _submit_many(page, n, errors, barrier):
    try:
        barrier.wait()
        for i in range(n):
            create_opinion(page, Submission(text=f"并发意见 {i}"), channel=Channel.API)
    except Exception as exc:  # noqa: BLE001 - reported to the test thread
        errors.append(exc)
    finally:
        connections.close_all()


def _run(page):
    errors: list = []
    barrier = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_submit_many, args=(page, PER_THREAD, errors, barrier))
        for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_no_submission_lost_and_no_code_twice(page):
    assert _run(page) == []
    codes = list(Opinion.objects.filter(page=page).values_list("receipt_code", flat=True))
    assert len(codes) == THREADS * PER_THREAD
    assert len(set(codes)) == len(codes)


def test_collisions_are_retried_not_lost(page, monkeypatch):
    """With only 2 × as many possible codes as submissions, collisions are certain."""
    pool = sorted({receipts.generate() for _ in range(THREADS * PER_THREAD * 2)})
    collisions = []
    monkeypatch.setattr(receipts, "generate", lambda: secrets.choice(pool))
    from django.db.models.signals import pre_save

    seen = set()
    lock = threading.Lock()

    def count(sender, instance, **kwargs):
        if sender is Opinion and instance.pk is None:
            with lock:
                if instance.receipt_code in seen:
                    collisions.append(instance.receipt_code)
                seen.add(instance.receipt_code)

    pre_save.connect(count)
    try:
        assert _run(page) == []
    finally:
        pre_save.disconnect(count)
    codes = list(Opinion.objects.filter(page=page).values_list("receipt_code", flat=True))
    assert len(codes) == THREADS * PER_THREAD
    assert len(set(codes)) == len(codes)
    assert set(codes) <= set(pool)
    assert collisions, "the test should have provoked collisions"


def test_copies_arriving_at_once_join_one_group(page):
    """A copy-paste campaign: the copies of an earlier opinion, sent at the same moment from many
    clients, all land in a single group."""
    from forms.models import OpinionGroup

    text = "坚决反对第十条，建议删除。"
    first = create_opinion(page, Submission(text=text), channel=Channel.WEB)
    errors: list = []
    barrier = threading.Barrier(THREADS)

    def copies():
        try:
            barrier.wait()
            for _ in range(5):
                create_opinion(page, Submission(text=text), channel=Channel.WEB)
        except Exception as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=copies) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    first.refresh_from_db()
    groups = OpinionGroup.objects.filter(page=page)
    assert groups.count() == 1
    assert first.group_id == groups.get().pk
    assert Opinion.objects.filter(page=page, group=first.group_id).count() == 1 + THREADS * 5

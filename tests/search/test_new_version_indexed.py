"""A draft's new version is searchable as soon as it is published, on the database index and on
Elasticsearch (a double here: this machine has no server). Its articles are written with
bulk_create, which sends no post_save."""

import pytest
from django.apps import apps
from wagtail.models import Locale

from search import elastic, service, signals
from tests.factories import DraftFactory, draft_text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="needs the drafts plugin"),
]

NEW_ARTICLE = "第四条 电动自行车应当在指定的充电设施集中充电。"


def publish_second_version(draft):
    from core.legal_text import parse_draft
    from drafts.services import add_version

    text = draft_text(3, draft.title) + "\n" + NEW_ARTICLE
    add_version(draft, parse_draft(text), label="二审稿", publish=True)


def test_new_version_is_found_by_the_database_index():
    draft = DraftFactory(articles=3)
    assert not service.find("电动自行车 充电设施", Locale.get_default())
    publish_second_version(draft)
    hits = service.find("电动自行车 充电设施", Locale.get_default())
    assert [hit.title for hit in hits if hit.kind == "article"] == [f"《{draft.title}》第四条"]


class FakeElasticsearch:
    """Just enough of the client for Document.save(), delete and bulk: documents by index and
    id."""

    def __init__(self):
        self.docs: dict[tuple[str, str], dict] = {}

    def options(self, **kwargs):
        return self

    def index(self, *, index, id, body=None, document=None, **kwargs):
        self.docs[(index, id)] = document if document is not None else body
        return {"result": "created", "_index": index, "_id": id, "_version": 1}

    def delete(self, *, index, id, **kwargs):
        self.docs.pop((index, id), None)
        return {"result": "deleted"}

    def bulk(self, *, operations, **kwargs):
        for action, source in zip(operations[::2], operations[1::2], strict=True):
            meta = action["index"]
            self.docs[(meta["_index"], meta["_id"])] = source
        return {"errors": False, "items": []}

    def article_texts(self):
        return [
            doc["body"] for (index, _id), doc in self.docs.items() if index.endswith("-articles")
        ]


@pytest.fixture
def fake_es(settings, monkeypatch):
    from elasticsearch_dsl import connections

    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    fake = FakeElasticsearch()
    connections.add_connection("default", fake)
    monkeypatch.setattr(elastic, "connect", lambda: None)
    signals.connect()
    yield fake
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    page_published.disconnect(dispatch_uid="lawbridge-search-es-published")
    page_unpublished.disconnect(dispatch_uid="lawbridge-search-es-unpublished")
    post_delete.disconnect(dispatch_uid="lawbridge-search-es-page-deleted")
    post_save.disconnect(dispatch_uid="lawbridge-search-es-object-saved")
    post_delete.disconnect(dispatch_uid="lawbridge-search-es-object-deleted")
    connections.remove_connection("default")


def test_new_version_reaches_elasticsearch(fake_es, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = DraftFactory(articles=3)
    assert len(fake_es.article_texts()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        publish_second_version(draft)
    texts = fake_es.article_texts()
    # The first version's three articles were replaced (post_delete), the new one added.
    assert len(texts) == 4
    assert any("电动自行车" in text for text in texts)

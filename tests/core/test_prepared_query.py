"""core/upstream/prepared_query.py: a query compiled once gives the rows Django's own queryset
gives, converted alike, for any value of its placeholders."""

from django.contrib.auth.models import Group

from core.upstream.prepared_query import PreparedQuery


def test_rows_match_the_queryset_for_every_page(demo_site):
    from forms.feedback import _ARTICLE_ROWS, _article_rows
    from forms.models import Opinion

    page_ids = list(Opinion.objects.values_list("page_id", flat=True).distinct())
    assert page_ids
    compared = 0
    for page_id in page_ids:
        expected = list(_article_rows(page_id, 20))
        assert _ARTICLE_ROWS.rows(page_id=page_id, limit=20) == expected
        assert _ARTICLE_ROWS.rows(page_id=page_id, limit=1) == list(_article_rows(page_id, 1))
        compared += len(expected)
    assert compared  # some page has public opinions on its articles
    # The dates come back as dates (SQLite stores text): the compiler's converters ran.
    row = next(r for pid in page_ids for r in _ARTICLE_ROWS.rows(page_id=pid, limit=20))
    assert hasattr(row[9], "tzinfo")


def test_a_placeholder_not_found_once_runs_the_query_as_usual(db):
    Group.objects.create(name="甲")

    def build(pk):
        # The placeholder appears twice: no single slot to fill.
        return Group.objects.filter(pk__in=[pk, pk]).values_list("name")

    query = PreparedQuery(build, pk=-2_000_000_001)
    group = Group.objects.get(name="甲")
    assert query.rows(pk=group.pk) == [("甲",)]

    prepared = PreparedQuery(lambda pk: Group.objects.filter(pk=pk).values_list("name"), pk=-91)
    assert prepared.rows(pk=group.pk) == [("甲",)]
    assert prepared.rows(pk=-1) == []
    # A placeholder outside the database's integer range (PostgreSQL checks it): run as usual.
    wide = PreparedQuery(lambda pk: Group.objects.filter(pk=pk).values_list("name"), pk=-(2**40))
    assert wide.rows(pk=group.pk) == [("甲",)]


def test_objects_match_the_queryset_with_joined_and_deferred_fields(demo_site):
    from wagtail.models import Page

    def build(pk):
        return Page.objects.filter(depth__gte=1).exclude(pk=pk).select_related("locale")

    query = PreparedQuery(build, pk=-2_000_000_091)
    expected = list(build(1))
    found = query.objects(pk=1)
    assert found == expected and len(found) > 10
    assert [p.locale.language_code for p in found] == [p.locale.language_code for p in expected]
    assert [p.__dict__.keys() for p in found] == [p.__dict__.keys() for p in expected]
    assert [(p.locale.pk, p.title, p.url_path) for p in found] == [
        (p.locale.pk, p.title, p.url_path) for p in expected
    ]
    deferred = PreparedQuery(lambda pk: build(pk).only("title", "locale"), pk=-2_000_000_092)
    page = deferred.objects(pk=1)[0]
    assert page.get_deferred_fields() == build(1).only("title", "locale")[0].get_deferred_fields()
    assert page.title == expected[0].title

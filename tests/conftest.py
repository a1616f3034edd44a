import gc
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from tests import demo_snapshot, shared_build

# Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM calls
# from that thread although they are perfectly synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Python's cyclic collector ran some 11,000 times in the two workers over a third of the suite,
# fifty whole-heap passes among them, and took 8 % of their CPU: a test process allocates
# millions of short-lived objects (requests, querysets, template contexts) that reference
# counting frees anyway. Collecting every 50,000 allocations instead of 700 cut that to less than
# half (docs/performance.md). Memory stays bounded: the demo and Django's registries are frozen
# out of the collector once built (``django_db_setup`` below), and a worker peaked at 1.2 GB
# (one run).
gc.set_threshold(50_000, 50, 100)


def load_demo():
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", "--no-admin", stdout=devnull)


def restore_demo():
    """The demo as ``django_db_setup`` built it, back in the database after a transactional test's
    flush: copied from the snapshot taken then (milliseconds), or built again without one.
    Nothing to do while the database still holds it (the usual case: transactional tests end by
    copying the snapshot back; on PostgreSQL a copy costs a second or more)."""
    if demo_snapshot.is_current():
        return
    if not demo_snapshot.restore():
        load_demo()


def _shared_dir(tmp_path_factory, worker_id) -> Path:
    """A folder every xdist worker of this run shares (the parent of their own temporary
    folders)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def _scenario_dir(tmp_path_factory, worker_id) -> Path:
    path = _shared_dir(tmp_path_factory, worker_id) / "lawbridge-scenarios"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory, worker_id, request
):
    """Under xdist the first worker builds the test database and the others copy it
    (tests/shared_build.py): decided here, before Django creates this worker's database. When
    the run has subprocess scenarios (tests/scenario_sites.py), on SQLite the builder starts
    from the site they all start from, migrated once for both, and a worker that would only
    wait for the build meanwhile runs the scenarios."""
    if worker_id == "master":
        return
    shared = _shared_dir(tmp_path_factory, worker_id)
    while_waiting = migrated_site = None
    scenarios = [item for item in request.session.items if item.get_closest_marker("scenario")]
    if scenarios:
        removals = [
            marker.kwargs["removal"]
            for item in scenarios
            for marker in item.iter_markers("scenario")
            if "removal" in marker.kwargs
        ]

        def while_waiting():
            from tests import scenario_sites

            scenario_sites.run_ahead(
                _scenario_dir(tmp_path_factory, worker_id),
                removals,
                lambda: shared_build.is_built(shared),
            )

        def migrated_site():
            from tests import scenario_sites

            return scenario_sites.migrated_full_site(_scenario_dir(tmp_path_factory, worker_id))

    shared_build.before_setup(shared, worker_id, while_waiting, migrated_site)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory, worker_id):
    """Build the demo site once per test run and keep a snapshot of it; each test then runs
    in a transaction that is rolled back, so tests see the demo and cannot disturb each other.
    (Transactional tests — live servers, threads — flush the database: ``restore_demo`` puts the
    snapshot back for those that need the demo.) Under xdist one worker builds and the others
    start from its copy (tests/shared_build.py)."""
    with django_db_blocker.unblock():
        if shared_build.mode() != "copy":
            try:
                load_demo()
            except BaseException:
                shared_build.give_up()  # the next worker builds its own
                raise
        if worker_id != "master":
            shared_build.after_setup(_shared_dir(tmp_path_factory, worker_id))
        demo_snapshot.take()
    # What the session keeps for good (apps, URL resolvers, templates, the demo's caches) leaves
    # the collector's generations: later collections walk only what the tests allocate.
    gc.collect()
    gc.freeze()


# Fixtures that reach the test database (``django_db_setup`` is what the others build on).
_NEEDS_DATABASE = {"db", "transactional_db", "django_db_setup", "live_server"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests that need no database start the second half of the run's order. Under
    ``--dist worksteal`` each worker first receives one contiguous half of that order: the worker
    with the second half runs these (subprocess sites, the production settings' checks; about
    50 s on PostgreSQL) while the other builds the test database, instead of waiting idle for
    its copy. Run after pytest-django's own ordering and ``-m``'s deselection; the order within
    either group is kept. Only the schedule depends on this: with any other, each test still
    runs once, in whatever order."""
    from django.test import TransactionTestCase

    def needs_database(item) -> bool:
        return (
            bool(_NEEDS_DATABASE & set(getattr(item, "fixturenames", ())))
            or item.get_closest_marker("django_db") is not None
            # Django's test case classes reach it through pytest-django's own hooks.
            or issubclass(getattr(item, "cls", None) or object, TransactionTestCase)
        )

    free = [item for item in items if not needs_database(item)]
    if not free or len(free) == len(items):
        return
    # The scenarios last among them: on SQLite the builder is meanwhile migrating the site they
    # start from (tests/shared_build.py, ``migrated_site``).
    free.sort(key=lambda item: item.get_closest_marker("scenario") is not None)
    chosen = set(free)
    busy = [item for item in items if item not in chosen]
    half = min(len(items) // 2, len(busy))
    items[:] = busy[:half] + free + busy[half:]


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller, before any worker starts
        shared_build.name_the_run()


def pytest_sessionfinish(session):
    """On the xdist controller, once every worker has finished: the PostgreSQL copy goes."""
    if not hasattr(session.config, "workerinput"):
        shared_build.drop_copy()


@pytest.fixture(scope="session", autouse=True)
def _transactional_tests_end_on_the_demo():
    """A transactional test (live server, threads) ends with Django emptying the database and
    running every post_migrate handler again (content types, permissions, point staff grants):
    seconds per test, all thrown away by the next ``restore_demo``. Copying the snapshot back
    instead takes milliseconds and leaves the state the session's first transactional test
    starts from (the demo). Without a snapshot, Django's flush as usual."""
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown

    def teardown(self):
        only_default = set(self._databases_names(include_mirrors=False)) == {"default"}
        if not (only_default and demo_snapshot.restore()):
            demo_snapshot.mark_emptied()
            flush(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", teardown)
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site root paths and settings, the page cache pages and the limits store
    counters (core/caches.py): a rolled-back test must not leak any of them."""
    from django.utils import translation

    from core import caches, published_memo

    def clear():
        from django.conf import settings
        from django.core.cache import caches as django_caches

        caches.reset()
        published_memo.clear()
        for alias in settings.CACHES:
            django_caches[alias].clear()

    clear()
    # A request to /en/ leaves English active in the test thread: start every test in Chinese.
    translation.activate("zh-hans")
    yield
    clear()
    translation.activate("zh-hans")


@pytest.fixture(scope="session")
def scenario_dir(tmp_path_factory, worker_id):
    """Where the subprocess scenarios keep the site they all start from, shared by the xdist
    workers (tests/scenario_sites.py)."""
    return _scenario_dir(tmp_path_factory, worker_id)


@pytest.fixture
def demo_site(db):
    """The whole demo site, as `manage.py load_demo` builds it: loaded once per session by
    ``django_db_setup``; this fixture names the dependency (and gives database access)."""


@pytest.fixture
def home_page(demo_site):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


def pytest_runtest_logreport(report):
    """``LAWBRIDGE_TEST_TIMINGS=path`` appends each phase's duration as it ends (also from xdist
    workers), so where a run spends its time is known even when it is stopped half-way. The
    worker and the clock time at the end show when a worker sat idle."""
    path = os.environ.get("LAWBRIDGE_TEST_TIMINGS")
    # Under xdist the controller receives every worker's reports again (with ``node`` set).
    if path and getattr(report, "node", None) is None:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "master")
        with open(path, "a", encoding="utf-8") as out:
            out.write(
                f"{report.duration:.2f}\t{report.when}\t{report.outcome}\t{report.nodeid}"
                f"\t{worker}\t{time.time():.2f}\n"
            )

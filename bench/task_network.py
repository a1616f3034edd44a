"""Running the network at scale: ``python -m bench task_network [--points 100] [--opinions 200000]``.

Builds a throw-away test database (``lb_bench_task_network_<pid>`` on PostgreSQL, a temporary file
on SQLite; the database named by DATABASE_URL is never touched), then, with bulk inserts:

* ``--points`` liaison points (10 collection sites each), first 10 of them, then the rest;
* one consultation task sent to every point (reported, in progress, not started, late), a few
  more tasks, and this year's assessment scheme weighting tasks and opinions;
* ``--opinions`` opinions credited to the points through their collection sites, this year.

and measures, as a 法工委 user (not a superuser) through the full middleware stack:

* the queries of the task board and of the scorecard (ranking) at 10 points and at all of them:
  they must be equal (the number of points must not cost queries);
* median and p95 over ``--runs`` renders of both pages at full size.

Target: the same query count at 10 and at 100 points, p95 < 300 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time

TARGET_P95_MS = 300
SITES_PER_POINT = 10
DISTRICTS = ["滨城区", "沾化区", "惠民县", "阳信县", "无棣县", "博兴县", "邹平市"]
TYPES = ["community", "township", "enterprise", "university"]
TEXTS = [
    "建议明确物业服务收费标准。",
    "希望增加社区养老服务设施。",
    "停车位不足，建议统筹规划。",
    "建议加强垃圾分类宣传。",
]


def add_points(index, start: int, count: int) -> list:
    """Point pages (no revisions: what an import creates) and their collection sites."""
    from liaison_points.models import CollectionSite, LiaisonPointPage

    points = []
    for i in range(start, start + count):
        page = LiaisonPointPage(
            title=f"基层立法联系点{i:03d}",
            slug=f"bench-point-{i}",
            point_type=TYPES[i % len(TYPES)],
            district=DISTRICTS[i % len(DISTRICTS)],
            address=f"测试路{i}号",
        )
        index.add_child(instance=page)
        points.append(page)
    CollectionSite.objects.bulk_create(
        [
            CollectionSite(
                point=page, name=f"采集点{page.pk}-{s}", address="社区服务中心", sort_order=s
            )
            for page in points
            for s in range(SITES_PER_POINT)
        ]
    )
    return points


def add_opinions(draft, points: list, count: int, offset: int, rng: random.Random) -> None:
    """``count`` opinions credited to ``points`` through one of their sites, dated this year."""
    from django.db import transaction
    from django.utils import timezone

    from forms.models import Opinion

    now = timezone.now()
    year_start = now.replace(month=1, day=1, hour=8, minute=0)
    span = max(1, int((now - year_start).total_seconds()))
    statuses = ["received"] * 6 + ["adopted", "partly_adopted", "not_adopted"]
    chunk = 5000
    for first in range(0, count, chunk):
        rows = []
        for i in range(first, min(count, first + chunk)):
            point = points[i % len(points)]
            status = rng.choice(statuses)
            submitted = year_start + dt.timedelta(seconds=rng.randrange(span))
            rows.append(
                Opinion(
                    page=draft,
                    page_title=draft.title,
                    text=rng.choice(TEXTS),
                    channel="point",
                    point_id=point.pk,
                    source_kind="site",
                    source_label=f"采集点{point.pk}-{i % SITES_PER_POINT}",
                    status=status,
                    replied_at=submitted + dt.timedelta(days=5) if status != "received" else None,
                    receipt_code=f"B{offset + i:015d}",
                    submit_time=submitted,
                )
            )
        with transaction.atomic():
            Opinion.objects.bulk_create(rows, batch_size=chunk)


def add_tasks(points: list) -> None:
    """The network's tasks: one sent to every point (its parts in every state) and five more."""
    from django.utils import timezone

    from consultations.models import ConsultationTask, TaskAssignment
    from consultations.sending import send
    from consultations.workflow import AssignmentState as S

    today = timezone.localdate()
    for n in range(6):
        task, _created = ConsultationTask.objects.get_or_create(
            title=f"征询任务{n}",
            defaults={
                "kind": ConsultationTask.Kind.TOPIC,
                "topic": "物业管理条例立法调研",
                "due_date": today + dt.timedelta(days=20 * n - 30),
                "scope": {"mode": "all", "values": []},
            },
        )
        send(task)
    now = timezone.now()
    parts = list(TaskAssignment.objects.filter(state=S.NOT_STARTED).order_by("pk"))
    for i, part in enumerate(parts):
        if i % 3 == 0:
            part.state, part.reported_at = S.REPORTED, now
        elif i % 3 == 1:
            part.state = S.IN_PROGRESS
    TaskAssignment.objects.bulk_update(parts, ["state", "reported_at"], batch_size=1000)


def add_scheme(year: int) -> None:
    from assessment.models import AssessmentScheme, IndicatorWeight

    scheme, created = AssessmentScheme.objects.get_or_create(year=year)
    if created:
        weights = {
            "tasks_reported_on_time": 30,
            "opinions_collected": 40,
            "opinions_adopted": 20,
            "reply_timeliness": 10,
        }
        IndicatorWeight.objects.bulk_create(
            [
                IndicatorWeight(scheme=scheme, code=code, weight=weight, target=1000, sort_order=i)
                for i, (code, weight) in enumerate(weights.items())
            ]
        )


SLOWEST: dict[str, list] = {}


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm Wagtail's site-root and permission caches, as a live server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    SLOWEST[url] = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]
    return len(queries)


def _timed(client, url: str, runs: int) -> dict:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench task_network")
    parser.add_argument("--points", type=int, default=100, help="points (default 100)")
    parser.add_argument("--opinions", type=int, default=200_000, help="credited opinions")
    parser.add_argument("--runs", type=int, default=30, help="renders measured per page")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawbridge.settings.test")
    import django

    django.setup()
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    # Per run: two people benchmarking at once must not drop each other's database.
    name = f"lb_bench_task_network_{os.getpid()}"
    if connection.vendor == "sqlite":
        test_settings["NAME"] = os.path.join(tempfile.gettempdir(), f"{name}.sqlite3")
    else:
        test_settings["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> int:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone
    from wagtail.models import Page

    from liaison_points.models import LiaisonPointIndexPage

    setup_test_environment()
    rng = random.Random(19)
    home = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
    index = home.add_child(instance=LiaisonPointIndexPage(title="联系点", slug="bench-points"))
    draft = home.add_child(instance=Page(title="物业管理条例（草案）", slug="bench-draft"))
    year = timezone.localdate().year
    add_scheme(year)

    user = get_user_model().objects.create(username="bench-office", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "manage_tasks", "manage_assessment"]
        )
    )
    client = Client()
    client.force_login(user)
    pages = {"board": "/admin/tasks/board/", "scorecard": f"/admin/assessment/?year={year}"}

    small = min(10, args.points)
    per_point = args.opinions // args.points
    began = time.perf_counter()
    points = add_points(index, 0, small)
    add_opinions(draft, points, per_point * small, 0, rng)
    add_tasks(points)
    queries_small = {label: _queries(client, url) for label, url in pages.items()}

    points += add_points(index, small, args.points - small)
    add_opinions(draft, points[small:], args.opinions - per_point * small, per_point * small, rng)
    add_tasks(points)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a large load: without statistics the planner takes
        # the fresh tables for empty, and without the visibility map no index answers alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"database: {connection.vendor}   points: {args.points}   "
        f"collection sites: {args.points * SITES_PER_POINT:,}   opinions: {args.opinions:,}   "
        f"load: {time.perf_counter() - began:.1f} s"
    )
    queries_full = {label: _queries(client, url) for label, url in pages.items()}
    ok = True
    for label, url in pages.items():
        figures = _timed(client, url, args.runs)
        same = queries_small[label] == queries_full[label]
        fast = figures["p95_ms"] < TARGET_P95_MS
        ok = ok and same and fast
        print(
            f"{label:<10} queries {queries_small[label]:>3} at {small} points, "
            f"{queries_full[label]:>3} at {args.points}   "
            f"median {figures['median_ms']:>7} ms   p95 {figures['p95_ms']:>7} ms"
            f"{'' if same and fast else '   <- over target'}"
        )
        if not fast:
            for query in SLOWEST[url]:
                print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    print(f"same queries and p95 < {TARGET_P95_MS} ms: {'yes' if ok else 'NO'}")
    return 0 if ok else 1

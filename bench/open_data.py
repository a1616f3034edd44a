"""Open-data downloads at scale: ``python -m bench open_data --size 1000000``.

Builds a throw-away test database (a temporary file on SQLite, ``test_<name>`` on PostgreSQL; the
database named by DATABASE_URL is never touched), creates two drafts, bulk-creates 10,000
published opinions on the first and ``--size`` on the second, then downloads each draft's
``/api/open-data/opinions.csv`` and ``.json`` through the Django test client (full middleware
stack, streamed content consumed chunk by chunk) in a forked child per measurement:

* rows per second (a child without tracing),
* peak RSS growth (VmHWM) and tracemalloc peak (a second child, with tracing).

Target: memory flat in the number of rows, i.e. the large/small peak ratio close to 1 (a download
that built a list would grow a hundredfold between 10,000 and 1,000,000 rows).

``--reuse`` keeps the database (``lb_bench_open_data_<size>``) and its opinions for the next run
(a million rows take a while to load on a busy machine); ``--no-trace`` skips the tracemalloc
children, which run several times slower than the download itself (the RSS peak is still
measured, in the timed child).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

SMALL = 10_000


def load(page, size: int, chunk: int = 5000, seed: int = 7) -> None:
    from django.utils import timezone

    from bench.opinions import code_for, synthetic_text
    from core.interfaces import as_commentable
    from forms.models import Opinion

    rng = random.Random(seed)
    targets = as_commentable(page).get_comment_targets()
    statuses = ["reviewing", "forwarded", "adopted", "partly", "not_adopted"]
    start = timezone.now() - timezone.timedelta(days=30)
    offset = Opinion.objects.count() + 10_000_000 * page.pk
    done = 0
    while done < size:
        rows = []
        for i in range(done, min(done + chunk, size)):
            index = rng.randrange(len(targets) + 1)
            target = targets[index - 1] if index else None
            status = rng.choice(statuses)
            rows.append(
                Opinion(
                    page_id=page.pk,
                    page_title=page.title,
                    article_key=target.key if target else "",
                    article_label=target.label if target else "",
                    article_ordinal=index,
                    text=synthetic_text(rng, index) + rng.choice(["", " 电话13812345678"]),
                    name=rng.choice(["张三", "李四"]),
                    phone=f"138{i:08d}",
                    privacy_consent=True,
                    publish_consent=rng.choice(["full", "anonymous"]),
                    status=status,
                    publication=rng.choice(["masked", "edited", "released"]),
                    published_text="经编辑的公开文本",
                    reply="已研究采纳。" if status in {"adopted", "partly", "not_adopted"} else "",
                    receipt_code=code_for(offset + i),
                    submit_time=start + timezone.timedelta(seconds=i * 2),
                )  # fmt: skip
            )
        Opinion.objects.bulk_create(rows, batch_size=chunk)
        done += len(rows)
        print(f"\r  loaded {done:,}/{size:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def _vm(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1])  # kB
    return 0


def download_in_child(url: str, trace: bool) -> dict:
    """Download ``url`` in a forked child (so each measurement starts from the same memory);
    returns seconds, bytes, RSS growth (MB) and tracemalloc peak (MB, when ``trace``)."""
    from django.db import connections

    connections.close_all()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            import tracemalloc

            from django.test import Client

            client = Client()
            rss_before = _vm("VmRSS:")
            if trace:
                tracemalloc.start()
            began = time.perf_counter()
            response = client.get(url)
            size = 0
            for chunk in response.streaming_content:
                size += len(chunk)
            seconds = time.perf_counter() - began
            peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
            growth = max(0, _vm("VmHWM:") - rss_before) / 1024
            os.write(write_fd, f"{seconds} {size} {growth} {peak}".encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    os.waitpid(pid, 0)
    data = os.read(read_fd, 200).decode().split()
    os.close(read_fd)
    seconds, size, growth, peak = float(data[0]), int(data[1]), float(data[2]), float(data[3])
    return {"seconds": seconds, "bytes": size, "rss_mb": growth, "traced_mb": peak}


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench open_data")
    parser.add_argument("--size", type=int, default=100_000, help="opinions on the large draft")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database and reuse the opinions of the last run of this size",
    )
    parser.add_argument(
        "--no-trace", action="store_true", help="measure RSS only (no tracemalloc children)"
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawbridge.settings.test")
    import django

    django.setup()
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    # One kept database per size, so --reuse at different sizes do not clobber each other.
    name = f"lb_bench_open_data_{args.size}" if args.reuse else "lb_bench_open_data"
    if connection.vendor == "sqlite":
        test_settings["NAME"] = os.path.join(tempfile.gettempdir(), f"{name}.sqlite3")
    else:
        test_settings["NAME"] = name
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.reuse, serialize=False
    )
    try:
        return run(args)
    finally:
        if not (args.keep or args.reuse):
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _loaded(size: int):
    """The (small, large) drafts of an earlier run of this size, or None (an interrupted load
    is not reused: its drafts hold fewer opinions)."""
    from django.db.models import Count
    from wagtail.models import Page

    from forms.models import Opinion

    counts = dict(
        Opinion.objects.order_by()
        .values_list("page_id")
        .annotate(n=Count("pk"))
        .values_list("page_id", "n")
    )
    small = next((pk for pk, n in counts.items() if n == SMALL), None)
    large = next((pk for pk, n in counts.items() if n == size and pk != small), None)
    if small is None or large is None:
        return None
    return Page.objects.get(pk=small), Page.objects.get(pk=large)


def run(args) -> int:
    from django.test.utils import override_settings, setup_test_environment

    from tests.factories import DraftFactory

    setup_test_environment()
    drafts = _loaded(args.size) if args.reuse else None
    if drafts:
        small, large = drafts
        print(f"reusing {SMALL + args.size:,} opinions of the last run")
    else:
        small, large = DraftFactory(articles=20), DraftFactory(articles=60)
        began = time.perf_counter()
        load(small, SMALL)
        load(large, args.size)
        print(f"loaded {SMALL + args.size:,} opinions in {time.perf_counter() - began:.0f} s")
    with override_settings(RATELIMIT_ENABLE=False, ALLOWED_HOSTS=["*"]):
        for kind in ("csv", "json"):
            results = {}
            for label, page, rows in (("small", small, SMALL), ("large", large, args.size)):
                url = f"/api/open-data/opinions.{kind}?page_id={page.pk}"
                timed = download_in_child(url, trace=False)
                traced = timed if args.no_trace else download_in_child(url, trace=True)
                results[label] = {**timed, "traced_mb": traced["traced_mb"], "rows": rows}
                traced_text = (
                    "" if args.no_trace else f", tracemalloc peak {traced['traced_mb']:.1f} MB"
                )
                print(
                    f"{kind} {rows:>9,} rows: {rows / timed['seconds']:>8,.0f} rows/s "
                    f"({timed['seconds']:.1f} s, {timed['bytes'] / 2**20:.0f} MB), "
                    f"RSS growth {timed['rss_mb']:.1f} MB{traced_text}"
                )
            ratio_traced = results["large"]["traced_mb"] / max(results["small"]["traced_mb"], 0.01)
            ratio_rss = results["large"]["rss_mb"] / max(results["small"]["rss_mb"], 0.01)
            traced_text = "" if args.no_trace else f"tracemalloc peak x{ratio_traced:.2f}, "
            print(
                f"{kind} memory, {args.size:,} vs {SMALL:,} rows: {traced_text}"
                f"RSS growth x{ratio_rss:.2f} (rows x{args.size / SMALL:.0f})"
            )
    return 0

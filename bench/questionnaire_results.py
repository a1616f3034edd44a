"""Questionnaire results at scale: ``python -m bench questionnaire_results --size 100000``.

Builds a throw-away test database (``test_<name>`` on PostgreSQL, a temporary file on SQLite; the
database named by DATABASE_URL is never touched), creates one questionnaire of ten questions
(single, multiple, rating, number, matrix, short and long text) and streams ``--size`` replies
onto it in chunks, then recounts its totals once (``storage.rebuild_counts``) and measures, as an
office user through the full middleware stack:

* the results page (running totals: its time must not depend on the number of replies),
* cross tables by point and by a single-choice question (one GROUP BY over the answers),
* the written answers, grouped (first view, then from the cache),
* the XLSX and CSV exports: time and peak memory growth, in a forked child, at a tenth of the
  replies and at all of them (memory must not grow with the replies).

Targets: results page p95 < 300 ms; exports with flat memory.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from decimal import Decimal

TARGETS = {"results_p95_ms": 300}

OPINIONS = [
    "建议禁烧范围扩大到全市所有乡镇。",
    "希望给农户多一些补贴。",
    "建议农忙季节加强秸秆清运。",
    "城区周边也应禁烧，烟太大了。",
    "罚款标准要明确，先教育后处罚。",
]


def _items(prefix, labels):
    return [
        {"type": "item", "value": label, "id": f"{prefix}{i}"} for i, label in enumerate(labels)
    ]


def questions():
    return [
        {"type": "single", "id": "scope", "value": {"title": "禁烧范围", "required": True, "options": _items("s", ["全市", "城区", "乡镇", "不需要"])}},
        {"type": "single", "id": "who", "value": {"title": "您的身份", "required": True, "options": _items("w", ["农民", "居民", "企业", "干部", "学生"])}},
        {"type": "single", "id": "street", "value": {"title": "所在街道", "required": True, "options": _items("t", [f"第{i}街道" for i in range(12)])}},
        {"type": "multiple", "id": "help", "value": {"title": "需要的支持", "required": True, "options": _items("h", ["收储", "补贴", "清运", "农机", "宣传"])}},
        {"type": "rating", "id": "sat", "value": {"title": "满意度", "required": True, "scale": 5}},
        {"type": "number", "id": "mu", "value": {"title": "亩数", "required": False}},
        {"type": "matrix", "id": "att", "value": {"title": "态度", "required": True, "rows": _items("r", ["罚款", "举报", "巡查"]), "options": _items("a", ["赞成", "中立", "反对"])}},
        {"type": "short_text", "id": "village", "value": {"title": "村名", "required": False}},
        {"type": "long_text", "id": "idea", "value": {"title": "建议", "required": False}},
        {"type": "single", "id": "again", "value": {"title": "愿意再参加吗", "required": True, "options": _items("g", ["愿意", "不愿意"])}},
    ]  # fmt: skip


def _answers(rng: random.Random, reply_id: int) -> list[tuple]:
    from questionnaires.models import Answer

    out = [
        ("scope", "", f"s{rng.randrange(4)}", None, ""),
        ("who", "", f"w{rng.randrange(5)}", None, ""),
        ("street", "", f"t{rng.randrange(12)}", None, ""),
        ("again", "", f"g{rng.randrange(2)}", None, ""),
    ]
    out += [("help", "", f"h{i}", None, "") for i in rng.sample(range(5), rng.randint(1, 3))]
    rating = rng.randint(1, 5)
    out.append(("sat", "", str(rating), Decimal(rating), ""))
    if rng.random() < 0.6:
        out.append(("mu", "", "", Decimal(rng.randint(0, 40)), ""))
    out += [("att", f"r{r}", f"a{rng.randrange(3)}", None, "") for r in range(3)]
    if rng.random() < 0.3:
        out.append(("village", "", "", None, f"{rng.choice('张李王赵刘')}庄村"))
    if rng.random() < 0.4:
        text = rng.choice(OPINIONS)
        if rng.random() < 0.5:
            text = f"{text[:-1]}{rng.randrange(1000)}。"  # near, not identical
        out.append(("idea", "", "", None, text))
    return [
        Answer(reply_id=reply_id, question=q, row=r, option=o, number=n, text=t)
        for q, r, o, n, t in out
    ]


def load(page, points: list[int], size: int, chunk: int = 5000, seed: int = 18) -> float:
    from django.db import transaction
    from django.utils import timezone

    from questionnaires.models import Answer, Channel, Reply
    from questionnaires.storage import rebuild_counts

    rng = random.Random(seed)
    began = time.perf_counter()
    now = timezone.now()
    for start in range(0, size, chunk):
        with transaction.atomic():
            replies = []
            for i in range(start, min(size, start + chunk)):
                point = rng.choice(points) if rng.random() < 0.4 else None
                replies.append(
                    Reply(
                        page=page,
                        token_hash=f"{i:064d}",
                        point_id=point,
                        channel=Channel.POINT if point else Channel.WEB,
                        created=now - timezone.timedelta(minutes=size - i),
                    )
                )
            replies = Reply.objects.bulk_create(replies)
            answers = [a for reply in replies for a in _answers(rng, reply.pk)]
            Answer.objects.bulk_create(answers, batch_size=5000)
    rebuild_counts(page)
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does soon after a large load: without statistics the planner takes
        # the fresh tables for empty and joins them with nested sequential scans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE questionnaires_reply, questionnaires_answer")
    return time.perf_counter() - began


def _timed(client, url: str, runs: int) -> dict:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _part in response.streaming_content:
                pass
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def _vm(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1])  # kB
    return 0


def export_in_child(page_id: int, kind: str, limit: int | None) -> tuple[float, float]:
    """Run one export in a forked child; returns (seconds, peak RSS growth MB)."""
    from django.db import connections

    connections.close_all()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            from questionnaires import exports
            from questionnaires.models import QuestionnairePage

            page = QuestionnairePage.objects.get(pk=page_id)
            if limit:
                real = exports.reply_chunks

                def limited(page, chunk_size=exports.CHUNK_SIZE):
                    seen = 0
                    for part in real(page, chunk_size):
                        if seen >= limit:
                            return
                        seen += len(part)
                        yield part

                exports.reply_chunks = limited
            page.question_list  # noqa: B018 - parsed before measuring
            rss_before = _vm("VmRSS:")
            began = time.perf_counter()
            with tempfile.TemporaryFile() as handle:
                if kind == "xlsx":
                    exports.write_xlsx(page, handle)
                else:
                    for line in exports.csv_lines(page):
                        handle.write(line.encode())
            seconds = time.perf_counter() - began
            growth = max(0, _vm("VmHWM:") - rss_before) / 1024
            os.write(write_fd, f"{seconds} {growth}".encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    os.waitpid(pid, 0)
    data = os.read(read_fd, 200).decode().split()
    os.close(read_fd)
    return float(data[0]), float(data[1])


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench questionnaire_results")
    parser.add_argument("--size", type=int, default=100_000, help="replies (default 100000)")
    parser.add_argument("--runs", type=int, default=20, help="requests per page measured")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawbridge.settings.test")
    import django

    django.setup()
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    # Per run: two people benchmarking at once must not drop each other's database.
    name = f"lb_bench_questionnaire_results_{os.getpid()}"
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
    from wagtail.models import Page

    from questionnaires.models import QuestionnairePage

    setup_test_environment()
    root = Page.get_first_root_node()
    # Stand-ins for liaison points (a reply's point is any page; without the points plugin's
    # pages every region reads 未注明区县, which costs the same one query).
    points = [root.add_child(title=f"联系点{i}", slug=f"bench-point-{i}").pk for i in range(20)]
    page = root.add_child(
        instance=QuestionnairePage(title="问卷", slug="bench-q", questions=questions())
    )
    page.save_revision().publish()
    print(f"database: {connection.vendor}   replies: {args.size:,}   questions: 10")
    print(f"load + recount: {load(page, points, args.size):.1f} s")

    user = get_user_model().objects.create(username="bench-office", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_questionnaire_results"),
    )
    client = Client()
    client.force_login(user)
    base = f"/admin/questionnaires/{page.pk}"
    rows = [
        ("results page", _timed(client, f"{base}/results/", args.runs)),
        ("cross table by point", _timed(client, f"{base}/crosstab/?question=scope&by=point", 5)),
        ("cross table by region", _timed(client, f"{base}/crosstab/?question=help&by=region", 5)),
        ("cross table by 身份", _timed(client, f"{base}/crosstab/?question=att:r0&by=q:who", 5)),
        ("written answers, first view", _timed(client, f"{base}/text/idea/", 1)),
        ("written answers, cached", _timed(client, f"{base}/text/idea/?p=3", 5)),
    ]
    for label, figures in rows:
        print(f"{label:<32} median {figures['median_ms']:>8} ms   p95 {figures['p95_ms']:>8} ms")
    for kind in ("xlsx", "csv"):
        for limit in (args.size // 10, None):
            seconds, growth = export_in_child(page.pk, kind, limit)
            shown = f"{limit or args.size:,}"
            print(
                f"{kind} export of {shown:>9} replies: {seconds:6.1f} s, peak memory +{growth:.0f} MB"
            )
    ok = rows[0][1]["p95_ms"] < TARGETS["results_p95_ms"]
    print(f"results page p95 < {TARGETS['results_p95_ms']} ms: {'yes' if ok else 'NO'}")
    return 0 if ok else 1

"""Opinions at scale: ``python -m bench opinions --size 100000`` (1,000,000 also runs).

Builds a throw-away test database (``test_<name>`` on PostgreSQL, a temporary file on SQLite; the
database named by DATABASE_URL is never touched), loads the demo site, streams ``--size`` opinions
onto the open demo draft in chunks (constant memory), then measures:

* submissions per second through the real HTML view (Django test client, full middleware stack),
* admin opinion list page time (first page, unfiltered and filtered by draft + status),
* XLSX export of every opinion of the draft: time and peak memory growth (in a forked child, at a
  tenth of the rows and at all of them, to show memory does not grow with rows),
* duplicate grouping time (``dedupe.group_duplicates``).

Targets: admin list < 300 ms, export < 60 s with flat memory, grouping < 120 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

TARGETS = {"admin_list_ms": 300, "export_s": 60, "grouping_s": 120}

SUBJECTS = [
    "建议",
    "我认为",
    "希望",
    "强烈建议",
    "个人意见：",
    "作为社区居民，建议",
    "我们小区居民一致建议",
]
ARTICLE_WORDS = ["本条", "该款", "第二款", "第一项", "这一规定", "草案中的表述", "相关条文"]
ACTIONS = [
    "明确处罚标准",
    "增加对电动自行车停放的规定",
    "提高罚款数额",
    "删除“原则上”三个字",
    "延长整改期限",
    "细化执法主体的职责",
    "增加听证程序",
    "补充志愿服务激励措施",
    "规定物业公司的配合义务",
    "明确街道办事处的兜底责任",
    "增加对老年人的优待条款",
    "规定信息公开的时限",
    "增设投诉举报渠道",
    "明确不文明行为的认定标准",
    "增加对未成年人的保护",
    "规定公共场所禁烟范围",
    "明确宠物管理要求",
    "细化垃圾分类投放时间",
    "增加噪音扰民的处理程序",
    "规定共享单车的停放区域",
]
REASONS = [
    "否则难以执行",
    "以便群众理解",
    "这样更加公平",
    "避免执法随意",
    "方便基层落实",
    "保障居民合法权益",
    "与上位法保持一致",
    "减轻企业负担",
    "提高可操作性",
    "回应群众关切",
    "实践中争议较多",
    "便于监督",
]
CAMPAIGNS = [
    "坚决反对第{n}条中关于收取停车费的规定，请立法机关倾听民意，取消这一条款！",
    "建议第{n}条增加“养犬人应当为犬只办理登记并接种疫苗”的规定，保障居民安全。",
    "我们支持第{n}条，希望尽快通过实施，让城市更加文明。",
    "建议删除第{n}条第二款，该款加重了个体工商户的负担，不利于营商环境。",
]
TRADITIONAL = str.maketrans(
    "议条规这区业费决请机关听谁删该个体户负担营环境养犬办记苗种保障",
    "議條規這區業費決請機關聽誰刪該個體戶負擔營環境養犬辦記苗種保障",
)


def synthetic_text(rng: random.Random, ordinal: int) -> str:
    if rng.random() < 0.3:  # a mass campaign, with the noise campaigns come with
        text = rng.choice(CAMPAIGNS).format(n=ordinal or 1)
        roll = rng.random()
        if roll < 0.2:
            text = text.translate(TRADITIONAL)
        elif roll < 0.4:
            text = text.replace("，", ",").replace("！", "!") + " "
        elif roll < 0.5:
            text = "转发：" + text
        return text
    parts = [rng.choice(SUBJECTS), rng.choice(ARTICLE_WORDS)]
    for _ in range(rng.randint(1, 3)):
        parts.append(rng.choice(ACTIONS) + "，" + rng.choice(REASONS))
    parts.append(f"（第{rng.randint(1, 999)}号意见，{rng.randint(1, 28)}日提出）")
    return "".join(parts) + "。"


def code_for(i: int) -> str:
    from forms.receipts import ALPHABET

    base = len(ALPHABET)
    chars = []
    for _ in range(8):
        i, rem = divmod(i, base)
        chars.append(ALPHABET[rem])
    return f"LB-{''.join(chars[:4])}-{''.join(chars[4:])}"


def load(page, size: int, chunk: int = 5000, seed: int = 7) -> float:
    from django.utils import timezone

    from core.interfaces import as_commentable
    from forms.dedupe import fingerprint
    from forms.models import Opinion

    rng = random.Random(seed)
    targets = as_commentable(page).get_comment_targets()
    statuses = (
        ["received"] * 6
        + ["reviewing"] * 2
        + ["forwarded", "adopted", "partly", "not_adopted", "invalid"]
    )
    categories = ["public"] * 6 + ["deputy", "expert", "lawyer", "company", "organisation", "other"]
    start = timezone.now() - timezone.timedelta(days=30)
    began = time.perf_counter()
    offset = Opinion.objects.count() + 10_000
    done = 0
    while done < size:
        rows = []
        for i in range(done, min(done + chunk, size)):
            index = rng.randrange(len(targets) + 1)
            target = targets[index - 1] if index else None
            text = synthetic_text(rng, index)
            rows.append(
                Opinion(
                    page_id=page.pk,
                    page_title=page.title,
                    article_key=target.key if target else "",
                    article_label=target.label if target else "",
                    article_ordinal=index,
                    text=text,
                    fingerprint=fingerprint(text),
                    category=rng.choice(categories),
                    channel="web",
                    language="zh-hans",
                    name=rng.choice(["", "张三", "李四"]),
                    phone=rng.choice(["", f"138{i:08d}"]),
                    privacy_consent=True,
                    publish_consent="none",
                    status=rng.choice(statuses),
                    receipt_code=code_for(offset + i),
                    submit_time=start + timezone.timedelta(seconds=i * 2),
                )  # fmt: skip
            )
        Opinion.objects.bulk_create(rows, batch_size=chunk)
        done += len(rows)
        print(f"\r  loaded {done:,}/{size:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - began


def submissions_per_second(page, count: int) -> float:
    from django.test import Client
    from django.urls import reverse

    from core.interfaces import as_commentable

    targets = as_commentable(page).get_comment_targets()
    client = Client()
    url = reverse("opinions_new", args=[page.pk])
    began = time.perf_counter()
    for i in range(count):
        response = client.post(
            url,
            {
                "text": f"基准测试意见第 {i} 条：建议明确处罚标准。",
                "article": targets[i % len(targets)].key,
                "category": "public",
                "phone": "13800000000",
                "publish_consent": "none",
                "privacy_consent": "on",
            },  # fmt: skip
        )
        assert response.status_code == 302, response.status_code
    return count / (time.perf_counter() - began)


def admin_list_ms(page, runs: int = 5) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    user = get_user_model().objects.filter(
        username="bench"
    ).first() or get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    client = Client()
    client.force_login(user)
    url = reverse("wagtailsnippets_forms_opinion:list")
    results = {}
    for label, query in (
        ("list", {}),
        ("list ?page&status", {"page": page.pk, "status": "received"}),
        ("list ?overdue", {"overdue": "true"}),
    ):
        client.get(url, query)  # warm-up
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            response = client.get(url, query)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        results[label] = statistics.median(times)
    return results


def _vm(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1])  # kB
    return 0


def export_in_child(page_id: int, limit: int | None) -> tuple[float, float, int]:
    """Run the XLSX export in a forked child; returns (seconds, peak RSS growth MB, rows)."""
    from django.db import connections

    connections.close_all()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            from forms.exports import write_xlsx
            from forms.models import Opinion

            queryset = Opinion.objects.filter(page_id=page_id)
            if limit:
                last = queryset.order_by("pk").values_list("pk", flat=True)[limit - 1]
                queryset = queryset.filter(pk__lte=last)
            rss_before = _vm("VmRSS:")
            began = time.perf_counter()
            with tempfile.TemporaryFile() as handle:
                rows = write_xlsx(queryset, handle)
            seconds = time.perf_counter() - began
            growth = max(0, _vm("VmHWM:") - rss_before) / 1024
            os.write(write_fd, f"{seconds} {growth} {rows}".encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    os.waitpid(pid, 0)
    data = os.read(read_fd, 200).decode().split()
    os.close(read_fd)
    return float(data[0]), float(data[1]), int(data[2])


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench opinions")
    parser.add_argument(
        "--size", type=int, default=100_000, help="opinions to load (default 100000)"
    )
    parser.add_argument("--submissions", type=int, default=300, help="HTML submissions to time")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database and reuse the opinions of the last run (skips the load; groups "
        "are cleared first so grouping is still measured from scratch)",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawbridge.settings.test")
    import django

    django.setup()
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    # One kept database per size, so --reuse at 100,000 and at 1,000,000 do not clobber each other.
    name = f"lb_bench_opinions_{args.size}" if args.reuse else "lb_bench_opinions"
    if connection.vendor == "sqlite":
        test_settings["NAME"] = os.path.join(tempfile.gettempdir(), f"{name}.sqlite3")
    else:
        test_settings["NAME"] = name
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.reuse, serialize=False
    )
    if args.reuse and not _loaded(args.size):
        # A half-loaded database (an interrupted run) is rebuilt rather than topped up.
        connection.creation.destroy_test_db(old_name, verbosity=0)
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
    try:
        return run(args)
    finally:
        if not (args.keep or args.reuse):
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _loaded(size: int) -> bool:
    from forms.models import Opinion

    return Opinion.objects.count() >= size


def run(args) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from wagtail.models import Page

    from core.interfaces import as_commentable
    from forms.dedupe import group_duplicates
    from forms.models import Opinion, OpinionGroup

    reused = args.reuse and _loaded(args.size)
    if not reused:
        call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
    page = None
    for candidate in Page.objects.live().specific():
        commentable = as_commentable(candidate)
        if commentable and commentable.accepts_comments() and commentable.get_comment_targets():
            page = candidate
            break
    if page is None:
        print("no open commentable page with articles (is the drafts plugin installed?)")
        return 1
    size = args.size
    print(
        f"database: {connection.vendor}   draft: {page.title} ({len(as_commentable(page).get_comment_targets())} articles)"
    )
    if reused:
        # Earlier runs grouped these opinions: start from none, as a first grouping would.
        Opinion.objects.filter(page_id=page.pk).exclude(group=None).update(group=None)
        OpinionGroup.objects.filter(page_id=page.pk).delete()
        size = Opinion.objects.filter(page_id=page.pk).count()
        load_s = 0.0
    else:
        load_s = load(page, size)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE forms_opinion")
    rows = [
        (
            "load (bulk, streamed)",
            f"{size:,} rows",
            f"{load_s:.1f} s" if load_s else "reused",
            f"{size / load_s:,.0f} rows/s" if load_s else "",
            "",
        )
    ]
    rate = submissions_per_second(page, args.submissions)
    rows.append(
        ("submissions via HTML view", f"{args.submissions} posts", "", f"{rate:.1f} /s", "")
    )
    for label, ms in admin_list_ms(page).items():
        rows.append(
            (
                f"admin {label}",
                "first page",
                f"{ms:.0f} ms",
                "",
                "ok" if ms < TARGETS["admin_list_ms"] else "SLOW",
            )
        )
    for limit in (size // 10, None):
        seconds, growth, written = export_in_child(page.pk, limit)
        label = f"{written:,} rows"
        ok = "ok" if seconds < TARGETS["export_s"] else "SLOW"
        rows.append(
            (
                "XLSX export",
                label,
                f"{seconds:.1f} s",
                f"+{growth:.0f} MB peak RSS",
                ok if limit is None else "",
            )
        )
    began = time.perf_counter()
    stats = group_duplicates(page.pk)
    grouping = time.perf_counter() - began
    rows.append(
        ("duplicate grouping", f"{stats['opinions']:,} opinions", f"{grouping:.1f} s",
         f"{stats['created']:,} groups, {stats['grouped']:,} grouped", "ok" if grouping < TARGETS["grouping_s"] else "SLOW")
    )  # fmt: skip
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    print()
    for row in rows:
        print("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)))
    return 0

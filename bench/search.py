"""Search speed: 10,000 pages and 100,000 draft articles, ~200 queries, median and p95.

    python -m bench search                      # SQLite and PostgreSQL
    python -m bench search --db sqlite --pages 1000 --articles 10000 --queries 100

Each database gets a fresh throwaway database (SQLite: a file in /tmp; PostgreSQL: the database
``lb_search_bench`` on BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432). The demo is
loaded, then the documents are inserted in bulk: Page / StandardPage rows go straight into their
tables (treebeard paths computed here, no add_child) and are indexed through the real Chinese
backend (``backend.add_bulk``: normalisation and jieba segmentation included). Articles are
StandardPages too (title + the article text), as no draft-article model exists on this branch;
each query searches all 110,000 documents, the way the search page does (``service.search_site``:
both searches, facets, the 10 displayed hits highlighted). Texts are real regulation articles
from tests/fixtures/laws/ recombined at random (seeded).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "lb_search_bench"
TOPICS = [
    "物业管理",
    "供热",
    "停车场",
    "文明行为",
    "城区道路",
    "养犬",
    "垃圾分类",
    "电动自行车",
    "历史文化保护",
    "河道管理",
    "公园绿地",
    "烟花爆竹",
    "物业服务",
    "农村饮用水",
    "海岸带保护",
]
QUERIES = [
    "物业",
    "停车",
    "供热",
    "條例",
    "物业服务企业",
    "停车泊位",
    "征求意见",
    "公共停车场",
    "法律责任",
    "罚款",
    "热用户",
    "采暖期",
    "文明养犬",
    "危险犬",
    "立法计划",
    "地方性法规",
    "城区道路",
    "路沿石",
    "充电设施",
    "免费开放",
    "见义勇为",
    "志愿服务",
    "垃圾分类",
    "供热企业",
    "業主大會",
    "物業管理",
    "停车场 收费标准",
    "供热 投诉",
    "文明行为 促进",
    "消防通道",
    "电动自行车 充电",
    "住宅专项维修资金",
    "大型商场停车",
    "室内温度",
    "分户计量",
    "不存在的词语",
]


def _texts():
    sys.path.insert(0, str(ROOT))
    from tests.search.conftest import law_articles

    texts = []
    for path in sorted((ROOT / "tests" / "fixtures" / "laws").glob("*.md")):
        _title, articles = law_articles(path.name)
        texts += [text for _label, text in articles]
    return texts


def _setup_database(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.split("///", 1)[1]).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')


def run_one(url: str, pages: int, articles: int, queries: int, reuse: bool = False) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lawbridge.settings.test"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.db import connection, transaction
    from modelsearch.backends import get_search_backend
    from wagtail.models import Locale, Page, Site

    from core.demo import ensure_child
    from home.models import StandardPage
    from search import service

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", "--noinput", stdout=devnull)
    call_command("load_demo", "--no-admin", stdout=devnull)
    home = Site.objects.get(is_default_site=True).root_page.specific
    rng = random.Random(20240601)
    texts = _texts()
    timings = {}

    def bulk_children(parent, count, make):
        """Insert ``count`` StandardPage children of ``parent`` directly (treebeard paths)."""
        start = time.perf_counter()
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(StandardPage)
        locale = parent.locale
        batch = 2000
        backend = get_search_backend()
        for offset in range(0, count, batch):
            rows = []
            extra = []
            for i in range(offset, min(count, offset + batch)):
                title, intro = make(i)
                path = parent.path + Page._int2str(i + 1).rjust(Page.steplen, "0")
                rows.append(
                    Page(
                        path=path,
                        depth=parent.depth + 1,
                        numchild=0,
                        title=title,
                        draft_title=title,
                        slug=f"{parent.slug}-{i}",
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        url_path=f"{parent.url_path}{parent.slug}-{i}/",
                        locale=locale,
                        first_published_at=django.utils.timezone.now(),
                        last_published_at=django.utils.timezone.now(),
                        translation_key=__import__("uuid").uuid4(),
                    )
                )
                extra.append(intro)
            with transaction.atomic():
                created = Page.objects.bulk_create(rows)
                if not created or created[0].pk is None:
                    ids = dict(
                        Page.objects.filter(path__in=[r.path for r in rows]).values_list(
                            "path", "pk"
                        )
                    )
                    for row in rows:
                        row.pk = row.id = ids[row.path]
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO home_standardpage (page_ptr_id, introduction, body) "
                        "VALUES (%s, %s, %s)",
                        [(row.pk, intro, "[]") for row, intro in zip(rows, extra, strict=True)],
                    )
                objs = [
                    StandardPage(
                        page_ptr_id=row.pk,
                        id=row.pk,
                        title=row.title,
                        introduction=intro,
                        body=[],
                        locale=locale,
                        content_type=content_type,
                    )
                    for row, intro in zip(rows, extra, strict=True)
                ]
                backend.add_bulk(StandardPage, objs)
        Page.objects.filter(pk=parent.pk).update(numchild=count)
        return time.perf_counter() - start

    pages_parent = ensure_child(home, StandardPage, "bench-pages", title="基准测试页面")
    articles_parent = ensure_child(home, StandardPage, "bench-articles", title="基准测试草案")

    def make_page(i):
        topic = rng.choice(TOPICS)
        kind = rng.choice(["条例（草案）征求意见", "普法问答", "立法联系点活动", "工作动态"])
        return f"{topic}{kind}第{i}期", rng.choice(texts)[:300]

    def make_article(i):
        topic = rng.choice(TOPICS)
        return f"{topic}条例（草案） 第{i % 80 + 1}条", rng.choice(texts)[:500]

    if reuse and pages_parent.numchild >= pages:
        timings["index_pages_s"] = timings["index_articles_s"] = 0.0
    else:
        timings["index_pages_s"] = bulk_children(pages_parent, pages, make_page)
        timings["index_articles_s"] = bulk_children(articles_parent, articles, make_article)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    locale = Locale.get_default()
    rng2 = random.Random(7)
    chosen = [rng2.choice(QUERIES) for _ in range(queries)]
    for q in QUERIES[:5]:  # warm-up: jieba, caches, connection
        service.search_site(q, locale)
    durations = []
    per_query: dict[str, list[float]] = {}
    for q in chosen:
        start = time.perf_counter()
        result = service.search_site(q, locale)
        service.decorate(result.hits[:10], result.words)
        elapsed = (time.perf_counter() - start) * 1000
        durations.append(elapsed)
        per_query.setdefault(q, []).append(elapsed)
    if os.environ.get("BENCH_VERBOSE"):
        for q, times in sorted(per_query.items(), key=lambda item: -max(item[1])):
            print(f"  {q}: max {max(times):.1f} ms over {len(times)}")
    durations.sort()
    return {
        "db": connection.vendor,
        "documents": pages + articles,
        "queries": len(durations),
        "median_ms": statistics.median(durations),
        "p95_ms": durations[int(len(durations) * 0.95) - 1],
        "max_ms": durations[-1],
        **timings,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench search")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the databases of the last run (skip indexing)"
    )
    parser.add_argument("--url", help=argparse.SUPPRESS)  # internal: run one database
    args = parser.parse_args(argv)
    if args.url:
        result = run_one(args.url, args.pages, args.articles, args.queries, args.reuse)
        print(
            f"{result['db']:>10}: {result['documents']} documents, {result['queries']} queries: "
            f"median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
            f"max {result['max_ms']:.1f} ms (indexing: pages {result['index_pages_s']:.0f} s, "
            f"articles {result['index_articles_s']:.0f} s)",
            flush=True,
        )
        return 0
    urls = []
    if args.db in ("sqlite", "both"):
        urls.append("sqlite:////tmp/lb_search_bench.sqlite3")
    if args.db in ("postgres", "both"):
        urls.append(f"{PG_BASE}/{PG_NAME}")
    status = 0
    for url in urls:
        if not args.reuse:
            _setup_database(url)
        command = [sys.executable, "-m", "bench", "search", "--url", url]
        command += ["--reuse"] if args.reuse else []
        command += ["--pages", str(args.pages), "--articles", str(args.articles)]
        command += ["--queries", str(args.queries)]
        status |= subprocess.run(command, cwd=ROOT, check=False).returncode
    return status

"""Search speed: 10,000 pages and 100,000 draft articles, ~200 queries, median and p95.

    python -m bench search                      # SQLite and PostgreSQL
    python -m bench search --db sqlite --pages 1000 --articles 10000 --queries 100

Each database gets a fresh throwaway database (SQLite: /tmp/lb_search_bench.sqlite3; PostgreSQL:
``lb_search_bench`` on BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432); ``--reuse``
keeps the last one (no demo reload, no indexing). The demo is loaded first, then the documents are
inserted in bulk (treebeard paths computed here, one INSERT per table and batch) and indexed
through the real Chinese backend (``backend.add_bulk``: normalisation and jieba included):
1,250 ``drafts.RegulationDraftPage`` pages with 80 ``drafts.PublishedArticle`` rows each (the
search plugin's ``article`` source, as ``drafts.services.sync_published_articles`` makes them),
8,750 StandardPages; without the drafts plugin the articles are StandardPages. Each query runs
what the search page does (``service.search_site``: both searches, facets, the 10 displayed hits
highlighted). Texts are real regulation articles from tests/fixtures/laws/ recombined at random
(seeded), so common words match tens of thousands of articles. ``BENCH_VERBOSE=1`` prints the
slowest queries. The machine is shared: the load average matters, print it with the figures.
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


ARTICLES_PER_DRAFT = 80


def run_one(url: str, pages: int, articles: int, queries: int, reuse: bool = False) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lawbridge.settings.test"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging
    import uuid

    logging.disable(logging.INFO)
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from modelsearch.backends import get_search_backend
    from wagtail.models import Locale, Page, Site

    from core.demo import ensure_child
    from home.models import StandardPage
    from search import service

    use_drafts = apps.is_installed("drafts")
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", "--noinput", stdout=devnull)
    home = Site.objects.filter(is_default_site=True).first()
    home = home.root_page.specific if home else None
    marker = home and home.get_children().filter(slug="bench-pages").first()
    reused = reuse and marker is not None and marker.numchild > 0
    if not reused:
        # The demo first: its last step translates every zh-hans page into zh-hant, which must
        # not include the benchmark's 110,000 documents (and must not run again on --reuse).
        call_command("load_demo", "--no-admin", stdout=devnull)
        home = Site.objects.get(is_default_site=True).root_page.specific
    rng = random.Random(20240601)
    texts = _texts()
    timings = {"index_pages_s": 0.0, "index_articles_s": 0.0}
    backend = get_search_backend()
    now = timezone.now()

    def bulk_children(parent, start_index, count, cls, make):
        """Insert ``count`` ``cls`` children of ``parent`` directly (treebeard paths, one INSERT
        per table per batch) and index them through the real backend; returns their ids."""
        content_type = ContentType.objects.get_for_model(cls)
        child_fields = cls._meta.local_concrete_fields  # the page type's own table
        ids = []
        batch = 2000
        for offset in range(start_index, start_index + count, batch):
            rows = []
            children = []
            for i in range(offset, min(start_index + count, offset + batch)):
                title, fields = make(i)
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
                        locale=parent.locale,
                        first_published_at=now,
                        last_published_at=now,
                        translation_key=uuid.uuid4(),
                    )
                )
                children.append(fields)
            with transaction.atomic():
                created = Page.objects.bulk_create(rows)
                if not created or created[0].pk is None:  # SQLite without RETURNING
                    by_path = dict(
                        Page.objects.filter(path__in=[r.path for r in rows]).values_list(
                            "path", "pk"
                        )
                    )
                    for row in rows:
                        row.pk = row.id = by_path[row.path]
                objs = [
                    cls(page_ptr_id=row.pk, **fields)
                    for row, fields in zip(rows, children, strict=True)
                ]
                cls._base_manager._insert(objs, fields=child_fields, raw=True)
                batch_ids = [row.pk for row in rows]
                backend.add_bulk(cls, list(cls.objects.filter(pk__in=batch_ids)))
                ids += batch_ids
        Page.objects.filter(pk=parent.pk).update(numchild=start_index + count)
        return ids

    def make_page(i):
        topic = rng.choice(TOPICS)
        kind = rng.choice(["条例（草案）征求意见", "普法问答", "立法联系点活动", "工作动态"])
        return f"{topic}{kind}第{i}期", {"introduction": rng.choice(texts)[:300], "body": []}

    def make_draft(i):
        topic = rng.choice(TOPICS)
        return f"{topic}条例（草案）第{i}号", {"summary": rng.choice(texts)[:200]}

    def add_articles(draft_ids):
        """ARTICLES_PER_DRAFT PublishedArticle rows per draft page, bulk-created and indexed
        through the backend like drafts.services.sync_published_articles does."""
        from drafts.models import PublishedArticle

        made = 0
        batch = []
        for page_id in draft_ids:
            for k in range(1, ARTICLES_PER_DRAFT + 1):
                if made >= articles:
                    break
                batch.append(
                    PublishedArticle(
                        page_id=page_id,
                        key=f"a{k}",
                        ordinal=k,
                        position=k,
                        number=f"第{k}条",
                        text=rng.choice(texts)[:500],
                    )
                )
                made += 1
            if len(batch) >= 4000 or made >= articles:
                with transaction.atomic():
                    rows = PublishedArticle.objects.bulk_create(batch)
                    if rows and rows[0].pk is None:
                        rows = list(
                            PublishedArticle.objects.filter(page_id__in={r.page_id for r in batch})
                        )
                    backend.add_bulk(PublishedArticle, rows)
                batch = []
            if made >= articles:
                break

    if not reused:
        pages_parent = ensure_child(home, StandardPage, "bench-pages", title="基准测试页面")
        start = time.perf_counter()
        if use_drafts:
            from drafts.models import DraftIndexPage, RegulationDraftPage

            # 10,000 pages: one draft per ARTICLES_PER_DRAFT articles, standard pages for the rest.
            drafts = -(-articles // ARTICLES_PER_DRAFT)
            drafts_parent = ensure_child(home, DraftIndexPage, "bench-drafts", title="基准测试草案")
            draft_ids = bulk_children(drafts_parent, 0, drafts, RegulationDraftPage, make_draft)
            bulk_children(pages_parent, 0, max(pages - drafts, 0), StandardPage, make_page)
            timings["index_pages_s"] = time.perf_counter() - start
            start = time.perf_counter()
            add_articles(draft_ids)
        else:
            # Without the drafts plugin, articles are standard pages (title + article text).
            bulk_children(pages_parent, 0, pages, StandardPage, make_page)
            timings["index_pages_s"] = time.perf_counter() - start
            start = time.perf_counter()
            articles_parent = ensure_child(
                home, StandardPage, "bench-articles", title="基准测试条文"
            )

            def make_article(i):
                topic = rng.choice(TOPICS)
                title = f"{topic}条例（草案） 第{i % ARTICLES_PER_DRAFT + 1}条"
                return title, {"introduction": rng.choice(texts)[:500], "body": []}

            bulk_children(articles_parent, 0, articles, StandardPage, make_article)
        timings["index_articles_s"] = time.perf_counter() - start
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
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
            print(
                f"  {q}: max {max(times):.1f} ms, median {statistics.median(times):.1f} ms over {len(times)}"
            )
    durations.sort()
    return {
        "db": connection.vendor,
        "documents": Page.objects.count()
        + (apps.get_model("drafts", "PublishedArticle").objects.count() if use_drafts else 0),
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

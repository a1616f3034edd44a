"""The site under load: ``python -m bench site [--seconds 8] [--threads 8]``.

Creates a throw-away PostgreSQL database (``lb_bench_site``, dropped afterwards), migrates it, loads
the demo plus a draft with 120 articles, and starts gunicorn (2 workers, production settings with a
generated SECRET_KEY, DEBUG off, ALLOWED_HOSTS=127.0.0.1) against it and Redis (DB 4). Then, from
a bounded load generator on loopback (threads + http.client, keep-alive), it measures
requests/second and p95 latency for the home page, the 120-article draft, the events index and a
search — with the anonymous page cache on (PAGE_CACHE_SECONDS=300) and off (0) — and opinion
submissions/second through the real HTML view (GET the form, CSRF cookie + token, POST, 302).
"""

from __future__ import annotations

import argparse
import json
import random
import sys

from ._server import Browser, Site, form_tokens, measure

SETUP = r"""
import datetime as dt, json
from django.utils import timezone
from core.legal_text import parse_draft
from drafts.models import DraftIndexPage
from drafts.services import create_draft
from events.models import EventIndexPage
from home.models import HomePage

index = DraftIndexPage.objects.filter(locale__language_code="zh-hans").first()
lines = ["江门市物业管理条例（草案）", "第一章 总则"]
digits = "零一二三四五六七八九"
def cn(n):
    if n < 10: return digits[n]
    if n < 20: return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100: return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    return digits[n // 100] + "百" + ("" if not rest else ("零" + digits[rest] if rest < 10 else ("一" + cn(rest) if rest < 20 else cn(rest))))
for n in range(1, 121):
    lines.append(f"第{cn(n)}条 业主大会和业主委员会应当依法履行职责，物业服务企业应当按照合同约定提供服务，"
                 f"维护物业管理区域内的公共秩序和环境卫生（第{n}条）。")
now = timezone.now()
result = create_draft(index, parse_draft("\n".join(lines)), title="江门市物业管理条例（草案）",
                      slug="wuye-120", publish=True, opens_at=now - dt.timedelta(days=1),
                      closes_at=now + dt.timedelta(days=30))
page = result.page
events = EventIndexPage.objects.live().filter(locale__language_code="zh-hans").first()
home = HomePage.objects.live().filter(locale__language_code="zh-hans").first()
print(json.dumps({"draft": page.url, "draft_id": page.pk, "articles": len(page.get_comment_targets()),
                  "events": events.url if events else None, "home": home.url}))
"""


def page_worker(path):
    def work(state):
        browser = state.setdefault("browser", Browser(state_port[0]))
        status, _data, _r = browser.get(path)
        return status == 200

    return work


state_port = [0]


def submit_worker(form_path):
    def work(state):
        browser = state.get("browser") or Browser(state_port[0])
        state["browser"] = browser
        status, data, _r = browser.get(form_path)
        if status != 200:
            return False
        tokens = form_tokens(data.decode())
        fields = {
            **tokens,
            "text": f"建议明确物业服务收费标准的公示方式，第{random.randint(1, 10**9)}号意见。",
            "article": "",
            "category": "public",
            "name": "",
            "phone": "13800001234",
            "email": "",
            "region": "蓬江区",
            "website": "",
            "publish_consent": "anonymous",
            "privacy_consent": "on",
        }
        status, _data, response = browser.post_form(form_path, fields)
        return status == 302 and "/opinions/receipt/" in (response.getheader("Location") or "")

    return work


def run(seconds: float, threads: int, max_requests: int) -> list[dict]:
    site = Site("lb_bench_site")
    rows = []
    try:
        print("setting up the database, demo and a 120-article draft …", file=sys.stderr)
        site.create()
        info = json.loads(site.python(SETUP).strip().splitlines()[-1])
        assert info["articles"] == 120, info
        paths = {
            "home": info["home"] or "/",
            "draft (120 articles)": info["draft"],
            "events index": info["events"],
            "search": "/search/?q=%E7%89%A9%E4%B8%9A",  # 物业
        }
        paths = {k: v for k, v in paths.items() if v}
        common = {"RATELIMIT_ENABLE": "0", "SPAM_MIN_FILL_SECONDS": "0"}
        for label, cache_seconds in (("cached", "300"), ("uncached", "0")):
            with site.gunicorn(workers=2, PAGE_CACHE_SECONDS=cache_seconds, **common) as port:
                state_port[0] = port
                for name, path in paths.items():
                    measure(page_worker(path), 2, 1.0, 50)  # warm up
                    result = measure(page_worker(path), threads, seconds, max_requests)
                    rows.append({"page": name, "cache": label, **result})
                    print(f"  {name:22} {label:8} {result['rps']:8.1f} req/s", file=sys.stderr)
        with site.gunicorn(workers=2, PAGE_CACHE_SECONDS="300", **common) as port:
            state_port[0] = port
            form = f"/opinions/new/{info['draft_id']}/"
            result = measure(submit_worker(form), threads, seconds, max_requests)
            rows.append({"page": "opinion submission", "cache": "—", **result})
            counted = site.python(
                "from forms.models import Opinion; "
                f"print(Opinion.objects.filter(page_id={info['draft_id']}).count())"
            )
            rows[-1]["stored"] = int(counted.strip())
    finally:
        site.drop()
    return rows


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench site")
    parser.add_argument("--seconds", type=float, default=8.0, help="per measurement")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--max-requests", type=int, default=5000, help="per measurement")
    args = parser.parse_args(argv)
    rows = run(args.seconds, args.threads, args.max_requests)
    print(f"\ngunicorn 2 workers × 2 threads, PostgreSQL + Redis, {args.threads} client threads, "
          f"{args.seconds:g} s per row")  # fmt: skip
    print(
        f"{'page':24} {'cache':9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'ok':>6} {'errors':>6}"
    )
    for row in rows:
        print(f"{row['page']:24} {row['cache']:9} {row['rps']:8.1f} {row['p50_ms']:8.1f} "
              f"{row['p95_ms']:8.1f} {row['ok']:6d} {row['errors']:6d}")  # fmt: skip
    submission = rows[-1]
    print(
        f"\nopinion submissions: {submission['rps']:.1f}/s (each = GET form + POST), "
        f"{submission['ok']} accepted, {submission['stored']} stored on the draft"
    )
    return 0

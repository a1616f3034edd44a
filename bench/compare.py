"""Side by side with wagtail/bakerydemo: ``python -m bench compare --anchor PATH [--rounds N] [--keep]``.

PATH is a bakerydemo checkout that is already set up: its own virtualenv in ``PATH/.venv`` with
its requirements installed, ``manage.py migrate`` and ``manage.py load_initial_data`` run on its
default SQLite database (``PATH/bakerydemodb``). Nothing is downloaded here: an anchor that is
missing or not set up stops the benchmark with a message saying what to do.

Each site runs in a process of its own, with its own Python and settings (development settings,
DEBUG forced off, LawBridge's page cache off), and renders its pages in process through Django's
test client, that is through the site's whole request handler and middleware, uncached. LawBridge
renders from a demo database the benchmark builds in a temporary SQLite file (migrate +
load_demo; ``--keep`` keeps it and reuses it next time). After a warm-up, every round renders
each LawBridge page and then its bakerydemo counterpart, pair after pair, so that the machine's
load falls on both alike; the medians over the rounds give the ratio bakerydemo time ÷ LawBridge
time (≥ 1 means LawBridge is at least as fast). Prints a table and, with ``--json``, JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "@@bench@@ "

# Runs inside each site's own Python: reads one JSON command a line, answers one JSON line.
WORKER = r"""
import json, os, sys, time
sys.path.insert(0, os.getcwd())
import django
from django.conf import settings
settings.DEBUG = False  # whatever the development settings say: production renders without it
# Static URLs without a manifest (no collectstatic run for either site): the same plain storage
# for both, so neither pays for manifest lookups the other skips.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
django.setup()
from django.template.base import Template
plain_render = Template._render  # some app swaps in the test suite's signalling render on first use
from django.test import Client
client = Client(HTTP_ACCEPT_LANGUAGE=os.environ.get("BENCH_LANGUAGE", "en"))
out = sys.stdout
sys.stdout = sys.stderr  # anything the site prints must not mix with the answers
for line in sys.stdin:
    command = json.loads(line)
    if command["do"] == "eval":
        scope = {}
        exec(command["code"], scope)
        answer = scope["result"]
    else:
        times = []
        Template._render = plain_render
        before = command.get("before")
        for _ in range(command["n"]):
            if before:
                exec(before, {})  # outside the timing: e.g. forget what a publish would
            start = time.perf_counter()
            response = client.get(command["path"])
            body = response.content
            times.append(time.perf_counter() - start)
            if response.status_code != 200 or not body:
                answer = {"error": f"{command['path']}: HTTP {response.status_code}"}
                break
        else:
            answer = {"times": times, "bytes": len(body)}
    out.write("@@bench@@ " + json.dumps(answer) + "\n")
    out.flush()
"""

LAWBRIDGE_PAGES = r"""
from django.urls import reverse
from django.utils import translation
from drafts.models.draft_page import RegulationDraftPage
from drafts.models.index_page import DraftIndexPage
from events.models import EventNoticePage
from home.models import HomePage
from law_education.models import LawEducationArticlePage

def zh(model):
    return model.objects.live().filter(locale__language_code="zh-hans").order_by("path")

drafts = [(len(p.get_comment_targets()), p) for p in zh(RegulationDraftPage) if p.accepts_comments()]
articles, draft = max(drafts, key=lambda pair: pair[0])
with translation.override("zh-hans"):
    form = reverse("opinions_new", args=[draft.pk])
result = {
    "draft": draft.url, "articles": articles,
    "lawed": zh(LawEducationArticlePage).first().url,
    "event": zh(EventNoticePage).first().url,
    "form": form,
    "home": zh(HomePage).first().url,
    "index": zh(DraftIndexPage).first().url,
}
"""

BAKERY_PAGES = r"""
from bakerydemo.base.models import FormPage, HomePage
from bakerydemo.blog.models import BlogIndexPage, BlogPage
result = {
    "blog": BlogPage.objects.live().order_by("path").first().url,
    "contact": FormPage.objects.live().order_by("path").first().url,
    "home": HomePage.objects.live().first().url,
    "blog_index": BlogIndexPage.objects.live().first().url,
}
"""

# (label, LawBridge page key, bakerydemo page key)
# A publish elsewhere on the site, as the next reader meets it: the page generation goes up, so
# the facts kept per publish are worked out again (core/published_memo.py) while those only a
# site, locale or settings save changes are kept. The HTTP cache purge it also asks for is
# nothing here (development settings configure no WAGTAILFRONTENDCACHE).
AFTER_PUBLISH = "from core import page_cache; page_cache.invalidate()"

PAIRS = [
    ("open draft (articles) / blog post", "draft", "blog"),
    ("open draft, first view after a publish / blog post", "draft@publish", "blog"),
    ("普法 article / blog post", "lawed", "blog"),
    ("event / blog post", "event", "blog"),
    ("opinion form GET / contact form GET", "form", "contact"),
    ("home / home", "home", "home"),
    ("drafts index / blog index", "index", "blog_index"),
]


def _ours(pages: dict, key: str) -> dict:
    """The path of a LawBridge page and what to run before each render (``draft@publish``)."""
    name, _at, moment = key.partition("@")
    return {"path": pages[name], "before": AFTER_PUBLISH if moment == "publish" else ""}


class Site:
    """One site's worker process."""

    def __init__(self, name: str, python: Path, cwd: Path, env: dict):
        self.name = name
        self.process = subprocess.Popen(
            [str(python), "-c", WORKER],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(MARK):
                answer = json.loads(line[len(MARK) :])
                if isinstance(answer, dict) and "error" in answer:
                    raise SystemExit(f"{self.name}: {answer['error']}")
                return answer
        raise SystemExit(f"{self.name}: the worker stopped (see the messages above)")

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def clean_env(**extra) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(extra)
    return env


def check_anchor(anchor: Path) -> Path:
    python = anchor / ".venv" / "bin" / "python"
    if not (anchor / "manage.py").exists() or not (anchor / "bakerydemo").is_dir():
        raise SystemExit(
            f"--anchor {anchor}: not a bakerydemo checkout (no manage.py and bakerydemo/)."
        )
    if not python.exists():
        raise SystemExit(
            f"--anchor {anchor}: no virtualenv at {anchor}/.venv. Set it up first: "
            "python3 -m venv .venv && .venv/bin/pip install -r requirements/base.txt"
        )
    if not (anchor / "bakerydemodb").exists():
        raise SystemExit(
            f"--anchor {anchor}: no database. Run there: .venv/bin/python manage.py migrate && "
            ".venv/bin/python manage.py load_initial_data"
        )
    return python


def lawbridge_db(keep: bool) -> tuple[Path, Path]:
    """The demo database LawBridge renders from (and its media folder), built unless kept."""
    folder = Path(tempfile.gettempdir()) / "lb_bench_compare"
    db, media = folder / "demo.sqlite3", folder / "media"
    if keep and db.exists():
        return db, media
    folder.mkdir(exist_ok=True)
    db.unlink(missing_ok=True)
    env = clean_env(
        DJANGO_SETTINGS_MODULE="lawbridge.settings.dev",
        DATABASE_URL=f"sqlite:///{db}",
        MEDIA_ROOT=str(media),
    )
    print("building the LawBridge demo database (migrate + load_demo)…", file=sys.stderr)
    for command in (["migrate", "-v0"], ["load_demo", "--no-admin"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return db, media


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench compare", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--anchor", required=True, type=Path, help="a set-up bakerydemo checkout")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=3, help="renders of each page per round")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--keep", action="store_true", help="keep (and reuse) the LawBridge demo database"
    )
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    anchor = args.anchor.resolve()
    bakery_python = check_anchor(anchor)
    db, media = lawbridge_db(args.keep)

    lawbridge = Site(
        "LawBridge",
        Path(sys.executable),
        ROOT,
        clean_env(
            DJANGO_SETTINGS_MODULE="lawbridge.settings.dev",
            DATABASE_URL=f"sqlite:///{db}",
            MEDIA_ROOT=str(media),
            PAGE_CACHE_SECONDS="0",
            BENCH_LANGUAGE="zh-hans",
        ),
    )
    bakery = Site(
        "bakerydemo",
        bakery_python,
        anchor,
        clean_env(DJANGO_SETTINGS_MODULE="bakerydemo.settings.dev", BENCH_LANGUAGE="en"),
    )
    try:
        ours, theirs = (
            lawbridge.ask(do="eval", code=LAWBRIDGE_PAGES),
            bakery.ask(do="eval", code=BAKERY_PAGES),
        )
        if ours["articles"] < 50:
            raise SystemExit(
                f"the open draft has {ours['articles']} articles; the comparison needs 50 or more"
            )
        load_before = load_average()
        for _label, a, b in PAIRS:
            lawbridge.ask(do="time", **_ours(ours, a), n=args.warmup)
            bakery.ask(do="time", path=theirs[b], n=args.warmup)
        times = {label: ([], []) for label, _a, _b in PAIRS}
        size = {}
        for _round in range(args.rounds):
            for label, a, b in PAIRS:
                mine = lawbridge.ask(do="time", **_ours(ours, a), n=args.per_round)
                other = bakery.ask(do="time", path=theirs[b], n=args.per_round)
                times[label][0].extend(mine["times"])
                times[label][1].extend(other["times"])
                size[label] = (mine["bytes"], other["bytes"])
        load_after = load_average()
    finally:
        lawbridge.close()
        bakery.close()

    rows = []
    for label, a, b in PAIRS:
        ours_ms = statistics.median(times[label][0]) * 1000
        theirs_ms = statistics.median(times[label][1]) * 1000
        rows.append(
            {
                "pair": label,
                "lawbridge_path": _ours(ours, a)["path"],
                "bakerydemo_path": theirs[b],
                "lawbridge_ms": round(ours_ms, 1),
                "bakerydemo_ms": round(theirs_ms, 1),
                "ratio": round(theirs_ms / ours_ms, 2),
                "bytes": size[label],
            }
        )
    print(
        f"LawBridge's open draft: {ours['articles']} articles; {args.rounds} rounds × {args.per_round} renders"
    )
    print(f"load average (1/5/15 min) before: {load_before}, after: {load_after}")
    print(f"| {'pair':<40} | LawBridge ms | bakerydemo ms | ratio |")
    print(f"| {'-' * 40} | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['pair']:<40} | {row['lawbridge_ms']:.1f} | {row['bakerydemo_ms']:.1f} | {row['ratio']:.2f} |"
        )
    if args.json:
        print(
            json.dumps(
                {
                    "articles": ours["articles"],
                    "rounds": args.rounds,
                    "per_round": args.per_round,
                    "load_before": load_before,
                    "load_after": load_after,
                    "pairs": rows,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0

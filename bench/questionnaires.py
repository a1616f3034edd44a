"""Questionnaires at scale: ``python -m bench questionnaires --size 100000``.

Builds a throw-away test database (``lb_bench_questionnaires`` on PostgreSQL, a temporary file on
SQLite; the database named by DATABASE_URL is never touched), loads the demo site, adds a
10-question questionnaire (every kind: single, multiple, rating, number, matrix, texts, one
conditional question) on an article of the open demo draft with its results published, streams
``--size`` replies into it in chunks (constant memory) and rebuilds its running totals once, then
measures:

* replies per second through the real questionnaire form (Django test client, full middleware
  stack, each reply from a new browser) against opinions per second through the opinion form,
  in the same harness, one after the other, alternating in rounds so that the machine's load
  falls on both alike;
* the public questionnaire page with its published results, the office's results page and the
  draft page showing the headline result beside the article: median and p95;
* exports (10 % of the replies and all of them: time and peak memory growth in a forked child)
  when the questionnaires plugin has them (``questionnaires.exports``); skipped otherwise.

Targets: intake at least the opinion form's rate, results p95 < 300 ms on
PostgreSQL, exports with flat memory.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
import uuid

TARGETS = {"results_p95_ms": 300}

# Ten questions; question 3 is shown only to those who live in the countryside (question 2).
SPEC = [
    ("single", "您认为禁止露天焚烧秸秆、垃圾的范围应当是？", ["全市范围", "城区和城镇规划区", "仅城区", "不需要划定禁烧区"]),
    ("single", "您居住在？", ["城区", "城镇", "农村"]),
    ("multiple", "秸秆禁烧后，您希望政府提供哪些支持？", ["秸秆收储点", "还田机械补贴", "饲料化、燃料化利用", "清运服务", "宣传指导"]),
    ("rating", "您对目前身边露天焚烧现象的治理情况打几分？", 5),
    ("number", "您家每年大约产生多少亩农作物秸秆？", None),
    ("single", "您的年龄段？", ["18岁以下", "18-35岁", "36-59岁", "60岁及以上"]),
    ("multiple", "您通常从哪里了解立法信息？", ["电视广播", "报纸", "微信公众号", "社区公告栏", "联系点活动", "其他"]),
    ("matrix", "您对下列措施的态度", (["对焚烧行为罚款", "设立举报奖励"], ["赞成", "无所谓", "反对"])),
    ("short_text", "您所在的村或社区", None),
    ("long_text", "对本条还有什么建议？", None),
]  # fmt: skip


def question_blocks() -> list[dict]:
    """The StreamField value, with fixed ids (``q1``…, ``q1-o1``…) the load and the posts share."""
    blocks = []
    for number, (kind, title, extra) in enumerate(SPEC, start=1):
        qid = f"q{number}"
        value = {"title": title, "required": kind not in ("number", "short_text", "long_text")}

        def items(labels, prefix):
            return [{"type": "item", "value": label, "id": f"{prefix}{i}"} for i, label in enumerate(labels, 1)]  # fmt: skip

        if kind in ("single", "multiple"):
            value["options"] = items(extra, f"{qid}-o")
        if kind == "multiple":
            value["max_choices"] = 3
        if number == 3:
            value.update(show_if_question=2, show_if_option="农村")
        if kind == "rating":
            value.update(scale=extra, low_label="很不满意", high_label="非常满意")
        if kind == "number":
            value.update(min_value=0, max_value=10000)
        if kind == "matrix":
            rows, options = extra
            value.update(rows=items(rows, f"{qid}-r"), options=items(options, f"{qid}-o"))
        blocks.append({"type": kind, "id": qid, "value": value})
    return blocks


def one_reply(rng: random.Random) -> list[tuple[str, str, str, object, str]]:
    """``[(question, row, option, number, text)]``: what one person answered."""
    out = []
    countryside = False
    for number, (kind, _title, extra) in enumerate(SPEC, start=1):
        qid = f"q{number}"
        if number == 3 and not countryside:
            continue
        if kind == "single":
            choice = rng.randrange(len(extra)) + 1
            countryside = countryside or (number == 2 and choice == 3)
            out.append((qid, "", f"{qid}-o{choice}", None, ""))
        elif kind == "multiple":
            for choice in rng.sample(range(1, len(extra) + 1), rng.randint(1, 3)):
                out.append((qid, "", f"{qid}-o{choice}", None, ""))
        elif kind == "rating":
            score = rng.randint(1, extra)
            out.append((qid, "", str(score), score, ""))
        elif kind == "number" and rng.random() < 0.6:
            out.append((qid, "", "", rng.randint(0, 30), ""))
        elif kind == "matrix":
            rows, options = extra
            for row in range(1, len(rows) + 1):
                choice = rng.randrange(len(options)) + 1
                out.append((qid, f"{qid}-r{row}", f"{qid}-o{choice}", None, ""))
        elif kind == "short_text" and rng.random() < 0.3:
            out.append((qid, "", "", None, rng.choice(["城关村", "北海社区", "滨城区"])))
        elif kind == "long_text" and rng.random() < 0.1:
            out.append((qid, "", "", None, "建议分区域、分时段逐步推进禁烧，并做好秸秆收储。"))
    return out


def post_data(rng: random.Random, token: str) -> dict:
    """What a browser posts for one reply (the same answers ``one_reply`` would store)."""
    from django.core import signing

    from core.spam import started_token
    from questionnaires.views import SALT

    data: dict = {
        "reply_token": signing.Signer(salt=SALT).sign(token),
        "website": "",
        "form_started": started_token(time.time() - 60),
    }
    for qid, row, option, number, text in one_reply(rng):
        name = f"q_{qid}__{row}" if row else f"q_{qid}"
        value = option or (str(number) if number is not None else text)
        if qid in ("q3", "q7"):
            data.setdefault(name, []).append(value)
        else:
            data[name] = value
    return data


def create_questionnaire():
    from django.utils import timezone
    from wagtail.models import Page

    from core.interfaces import as_commentable
    from core.plugins import DRAFT_PAGE, page_models_for
    from home.models import HomePage
    from questionnaires.models import QuestionnairePage

    draft = None
    for candidate in Page.objects.live().type(*page_models_for(DRAFT_PAGE)).specific():
        commentable = as_commentable(candidate)
        if commentable and commentable.accepts_comments() and commentable.get_comment_targets():
            draft = candidate
            break
    if draft is None:
        return None, None
    home = HomePage.objects.filter(locale=draft.locale).first()
    targets = as_commentable(draft).get_comment_targets()
    page = QuestionnairePage(
        title="基准测试问卷（十题）",
        slug=f"bench-wenjuan-{uuid.uuid4().hex[:6]}",
        questions=question_blocks(),
        opens_at=timezone.now() - timezone.timedelta(days=1),
        closes_at=timezone.now() + timezone.timedelta(days=30),
        draft=draft,
        article_key=targets[len(targets) // 2].key,
        publish_results=True,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return QuestionnairePage.objects.get(pk=page.pk), draft


def load(page, size: int, chunk: int = 5000, seed: int = 18) -> float:
    """Replies and their answers by ``bulk_create`` (what the form writes, without the form)."""
    from django.db import transaction
    from django.utils import timezone

    from questionnaires.models import Answer, Reply

    rng = random.Random(seed)
    start = timezone.now() - timezone.timedelta(days=20)
    began = time.perf_counter()
    done = 0
    while done < size:
        with transaction.atomic():
            replies = Reply.objects.bulk_create(
                Reply(
                    page_id=page.pk,
                    token_hash=f"bench{i:059d}",
                    created=start + timezone.timedelta(seconds=i * 10),
                )
                for i in range(done, min(done + chunk, size))
            )
            Answer.objects.bulk_create(
                (
                    Answer(reply_id=reply.pk, question=q, row=r, option=o, number=n, text=t)
                    for reply in replies
                    for q, r, o, n, t in one_reply(rng)
                ),
                batch_size=chunk,
            )
        done += len(replies)
        print(f"\r  loaded {done:,}/{size:,} replies", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - began


def replies_per_second(page, count: int, rng: random.Random) -> float:
    from django.test import Client

    url = page.url
    began = time.perf_counter()
    for _ in range(count):
        client = Client()  # a new browser: one reply each
        response = client.post(url, post_data(rng, uuid.uuid4().hex + uuid.uuid4().hex[:8]))
        assert response.status_code == 302, (response.status_code, response.content[-2000:])
    return count / (time.perf_counter() - began)


def intake(page, draft, posts: int, rounds: int) -> tuple[float, float]:
    """Median rates over ``rounds`` alternating rounds of ``posts`` each."""
    from bench.opinions import submissions_per_second

    rng = random.Random(7)
    replies, opinions = [], []
    for _ in range(rounds):
        replies.append(replies_per_second(page, posts, rng))
        opinions.append(submissions_per_second(draft, posts))
    return statistics.median(replies), statistics.median(opinions)


def timed(client, url: str, runs: int) -> tuple[float, float]:
    """(median, p95) in ms of ``runs`` GETs after one warm-up."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def page_times(page, draft, runs: int) -> list[tuple[str, float, float]]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    user = get_user_model().objects.filter(username="bench").first()
    user = user or get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    office = Client()
    office.force_login(user)
    return [
        ("public questionnaire page + results", *timed(Client(), page.url, runs)),
        (
            "office results page",
            *timed(office, reverse("questionnaires_results", args=[page.pk]), runs),
        ),
        ("draft page with the result beside the article", *timed(Client(), draft.url, runs)),
    ]


def _vm(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1])  # kB
    return 0


def export_in_child(page_id: int, limit: int | None) -> tuple[float, float, str]:
    """Run the plugin's export in a forked child: (seconds, peak RSS growth MB, what was written).
    The export's entry point is looked for by name; an unknown one is reported, not guessed at."""
    from django.db import connections

    connections.close_all()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        message = "0 0 ?"
        try:
            from questionnaires import exports
            from questionnaires.models import QuestionnairePage, Reply

            page = QuestionnairePage.objects.get(pk=page_id)
            replies = Reply.objects.filter(page_id=page_id)
            if limit:
                last = replies.order_by("pk").values_list("pk", flat=True)[limit - 1]
                replies = replies.filter(pk__lte=last)
            write = getattr(exports, "write_xlsx", None) or getattr(exports, "write_csv", None)
            rss_before = _vm("VmRSS:")
            began = time.perf_counter()
            with tempfile.TemporaryFile() as handle:
                try:
                    write(page, handle, replies=replies)
                except TypeError:
                    write(page, handle)
                size = handle.tell()
            seconds = time.perf_counter() - began
            growth = max(0, _vm("VmHWM:") - rss_before) / 1024
            message = f"{seconds} {growth} {size // 1024}kB"
        except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
            message = f"0 0 {type(exc).__name__}"
        finally:
            os.write(write_fd, message.encode())
            os._exit(0)
    os.close(write_fd)
    os.waitpid(pid, 0)
    data = os.read(read_fd, 200).decode().split()
    os.close(read_fd)
    return float(data[0]), float(data[1]), data[2]


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench questionnaires")
    parser.add_argument("--size", type=int, default=100_000, help="replies to load (100000)")
    parser.add_argument("--posts", type=int, default=40, help="form posts per intake round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating intake rounds")
    parser.add_argument("--runs", type=int, default=200, help="GETs per timed page")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawbridge.settings.test")
    import django

    django.setup()
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    name = "lb_bench_questionnaires"
    if connection.vendor == "sqlite":
        test_settings["NAME"] = os.path.join(tempfile.gettempdir(), f"{name}.sqlite3")
    else:
        test_settings["NAME"] = name
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False, serialize=False
    )
    try:
        return run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> int:
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if not (apps.is_installed("questionnaires") and apps.is_installed("forms")):
        print("needs the questionnaires and forms plugins")
        return 1
    from questionnaires.models import Answer
    from questionnaires.results import results_for
    from questionnaires.storage import rebuild_counts

    call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
    page, draft = create_questionnaire()
    if page is None:
        print("no open draft with articles (is the drafts plugin installed?)")
        return 1
    load_s = load(page, args.size)
    began = time.perf_counter()
    replies = rebuild_counts(page)
    recount_s = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE questionnaires_reply, questionnaires_answer")
    answers = Answer.objects.filter(reply__page=page).count()
    print(f"database: {connection.vendor}   {replies:,} replies, {answers:,} answer rows")
    rows = [
        ("load (bulk, streamed)", f"{replies:,} replies", f"{load_s:.1f} s",
         f"{replies / load_s:,.0f} replies/s", ""),
        ("recount of the totals (once)", f"{answers:,} answers", f"{recount_s:.1f} s", "", ""),
    ]  # fmt: skip
    reply_rate, opinion_rate = intake(page, draft, args.posts, args.rounds)
    ratio = reply_rate / opinion_rate if opinion_rate else float("nan")
    rows.append(
        ("replies via the form", f"{args.rounds}×{args.posts} posts", "",
         f"{reply_rate:.1f} /s", "ok" if reply_rate >= opinion_rate else "SLOW")
    )  # fmt: skip
    rows.append(
        ("opinions via the form", f"{args.rounds}×{args.posts} posts", "",
         f"{opinion_rate:.1f} /s", f"replies ×{ratio:.2f}")
    )  # fmt: skip
    for label, median, p95 in page_times(page, draft, args.runs):
        verdict = "ok" if p95 < TARGETS["results_p95_ms"] else "SLOW"
        rows.append(
            (label, f"{args.runs} GETs", f"median {median:.0f} ms", f"p95 {p95:.0f} ms",
             "" if label.startswith("draft") else verdict)
        )  # fmt: skip
    check = results_for(page)
    assert check.replies == replies + args.posts * args.rounds, (check.replies, replies)
    if importlib.util.find_spec("questionnaires.exports") is None:
        rows.append(("exports", "skipped", "", "no questionnaires.exports here", ""))
    else:
        for limit in (replies // 10, None):
            seconds, growth, written = export_in_child(page.pk, limit)
            rows.append(
                ("export", f"{limit or replies:,} replies", f"{seconds:.1f} s",
                 f"+{growth:.0f} MB peak RSS", written)
            )  # fmt: skip
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    print()
    for row in rows:
        print("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)))
    return 0

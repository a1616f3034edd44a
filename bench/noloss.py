"""No loss under load: ``python -m bench noloss [--total 20000] [--threads 8] [--restart-db]``.

gunicorn (2 workers, production settings, rate limits off) against a throw-away PostgreSQL database
(``lb_bench_noloss``) and Redis. Client threads submit opinions as fast as the site takes them —
half through the real HTML form (GET form, CSRF, POST → 302 to the receipt), half through the JSON
API — while an editor thread exports the opinion list (CSV) and searches (admin list + public
search). No client retries. Afterwards, from the database:

* every accepted submission (the client holds a receipt code) is stored exactly once, under that
  code, with the text the client sent (each text carries a unique token);
* every refused submission got an HTTP status and a message (JSON ``message`` or an HTML page);
  transport errors (connection reset/refused, timeout) are counted apart: the client saw an error,
  the outcome is unknown to it — the stored opinions beyond the accepted ones are reported too.

``--restart-db`` runs a second round and restarts PostgreSQL (``pg_ctlcluster 15 main restart``)
half-way through it. To restart a cluster of its own rather than the machine's main one:
``pg_createcluster 15 bench --port 5433 --start -- --auth=trust`` and run with
``LAWBRIDGE_BENCH_PG_PORT=5433 LAWBRIDGE_BENCH_PG_CLUSTER=bench``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from ._server import PG_CLUSTER, Browser, Site, form_tokens

RECEIPT = re.compile(r"/opinions/receipt/(LB-[A-Z0-9-]+)/")
API_HEADERS = {"Content-Type": "application/json"}  # + the bench client's X-Api-Key (main)

SETUP = r"""
import json
from django.contrib.auth.models import Permission
from users.models import User
from drafts.models import RegulationDraftPage
page = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
user = User.objects.create_user("bench-editor", "b@example.com", "bench-password-1")
user.user_permissions.add(*Permission.objects.filter(codename__in=[
    "access_admin", "view_opinion", "change_opinion", "export_opinions"]))
from forms import api_keys
from forms.models import ApiClient
client = ApiClient(name="bench")
key = api_keys.issue(client)
client.save()
print(json.dumps({"draft_id": page.pk, "api_key": key}))
"""


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted: dict[str, str] = {}  # receipt code → token
        self.refused: list[tuple[int, str]] = []  # (status, message)
        self.unclear: list[tuple[int, str]] = []  # refused without a message
        self.transport: Counter = Counter()
        self.sent = 0

    def take(self) -> bool:
        with self.lock:
            if self.sent >= self.total:
                return False
            self.sent += 1
            return True


def message_of(status: int, data: bytes, api: bool) -> str:
    text = data.decode(errors="replace")
    if api:
        try:
            return json.loads(text).get("message", "")
        except ValueError:
            pass
    match = re.search(r'role="alert"[^>]*>(.*?)</', text, re.S) or re.search(
        r"<h1[^>]*>(.*?)</h1>", text, re.S
    )
    if match:
        return re.sub(r"<[^>]+>", "", match.group(1)).strip()[:120]
    return text.strip()[:120]


def submitter(port, draft_id, ledger: Ledger, api: bool):
    browser = Browser(port)
    form_path = f"/opinions/new/{draft_id}/"
    while ledger.take():
        token = uuid.uuid4().hex
        text = f"建议明确物业服务收费公示的方式和期限。[{token}]"
        try:
            if api:
                body = json.dumps({"page_id": draft_id, "text": text, "privacy_consent": True,
                                   "phone": "13800001234", "publish_consent": "anonymous"})  # fmt: skip
                status, data, _r = browser.call("POST", "/api/opinions/", body, API_HEADERS)
                code = json.loads(data).get("receipt_code") if status == 201 else None
            else:
                status, data, _r = browser.get(form_path)
                if status != 200:
                    code = None
                else:
                    fields = {**form_tokens(data.decode()), "text": text, "article": "",
                              "category": "public", "phone": "13800001234", "website": "",
                              "publish_consent": "anonymous", "privacy_consent": "on"}  # fmt: skip
                    status, data, response = browser.post_form(form_path, fields)
                    found = RECEIPT.search(response.getheader("Location") or "")
                    code = found.group(1) if status == 302 and found else None
        except Exception as exc:  # noqa: BLE001 - the client saw an error; counted
            with ledger.lock:
                ledger.transport[type(exc).__name__] += 1
            continue
        with ledger.lock:
            if code:
                ledger.accepted[code] = token
            else:
                message = message_of(status, data, api)
                (ledger.refused if message and status >= 400 else ledger.unclear).append(
                    (status, message)
                )


def editor(port, stop: threading.Event, counts: Counter):
    browser = Browser(port)
    status, data, _r = browser.get("/admin/login/")
    tokens = form_tokens(data.decode())
    status, _d, _r = browser.post_form(
        "/admin/login/",
        {**tokens, "username": "bench-editor", "password": "bench-password-1", "next": "/admin/"},
    )
    counts["login"] = status
    while not stop.is_set():
        for path, kind in (
            ("/admin/opinions/opinions/?export=csv", "export"),
            ("/admin/opinions/opinions/?q=%E7%89%A9%E4%B8%9A", "admin search"),
            ("/search/?q=%E6%96%87%E6%98%8E", "public search"),
        ):
            try:
                status, _d, _r = browser.get(path)
                counts[f"{kind} {status}"] += 1
            except Exception as exc:  # noqa: BLE001
                counts[f"{kind} {type(exc).__name__}"] += 1
            if stop.is_set():
                return


def restart_postgres():
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    started = time.time()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, PG_CLUSTER, "restart"],
        check=True, capture_output=True,
    )  # fmt: skip
    return version, time.time() - started


def round_(site, port, draft_id, total, threads, restart: bool) -> dict:
    ledger = Ledger()
    ledger.total = total
    stop = threading.Event()
    editor_counts: Counter = Counter()
    before = int(site.python("from forms.models import Opinion; print(Opinion.objects.count())"))
    pool = [
        threading.Thread(target=submitter, args=(port, draft_id, ledger, i % 2 == 1))
        for i in range(threads)
    ]
    editor_thread = threading.Thread(target=editor, args=(port, stop, editor_counts))
    began = time.time()
    for thread in [*pool, editor_thread]:
        thread.start()
    restart_info = None
    if restart:
        while ledger.sent < total // 2 and any(t.is_alive() for t in pool):
            time.sleep(0.2)
        restart_info = restart_postgres()
    for thread in pool:
        thread.join()
    wall = time.time() - began
    stop.set()
    editor_thread.join()
    # Verify from the database.
    codes = json.dumps(ledger.accepted)
    path = site.tmp / f"accepted-{uuid.uuid4().hex}.json"
    path.write_text(codes)
    check = site.python(
        f"""
import json
from collections import Counter
from forms.models import Opinion
accepted = json.load(open({str(path)!r}))
rows = list(Opinion.objects.filter(receipt_code__in=list(accepted)).values_list("receipt_code", "text"))
found = Counter(code for code, _t in rows)
wrong_text = sum(1 for code, text in rows if accepted[code] not in text)
total = Opinion.objects.count()
tokens = Counter(t.rsplit("[", 1)[-1].rstrip("]") for t in Opinion.objects.filter(text__contains="物业服务收费公示").values_list("text", flat=True))
print(json.dumps({{"found": len(found), "twice": sum(1 for n in found.values() if n > 1),
                  "wrong_text": wrong_text, "total": total,
                  "duplicated_tokens": sum(1 for n in tokens.values() if n > 1),
                  "codes_unique": Opinion.objects.values("receipt_code").distinct().count() == total}}))
"""
    )
    result = json.loads(check.strip().splitlines()[-1])
    stored_new = result["total"] - before
    return {
        "submitted": ledger.sent,
        "accepted": len(ledger.accepted),
        "refused_with_message": len(ledger.refused),
        "refused_without_message": len(ledger.unclear),
        "transport_errors": dict(ledger.transport),
        "refusals_by_status": dict(Counter(s for s, _m in ledger.refused)),
        "sample_messages": sorted({m for _s, m in ledger.refused})[:3],
        "stored_new": stored_new,
        "accepted_found": result["found"],
        "accepted_missing": len(ledger.accepted) - result["found"],
        "stored_twice": result["twice"],
        "text_mismatch": result["wrong_text"],
        "duplicated_texts": result["duplicated_tokens"],
        "receipt_codes_unique": result["codes_unique"],
        "seconds": round(wall, 1),
        "accepted_per_s": round(len(ledger.accepted) / wall, 1),
        "editor": dict(editor_counts),
        "postgres_restart": restart_info,
    }


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench noloss")
    parser.add_argument("--total", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--restart-db", action="store_true", help="second round, DB restarted")
    parser.add_argument("--restart-total", type=int, default=None)
    parser.add_argument(
        "--skip-steady", action="store_true", help="with --restart-db: only the restart round"
    )
    args = parser.parse_args(argv)
    site = Site("lb_bench_noloss", redis_db=5)
    rounds = []
    failed = False
    try:
        print("setting up …", file=sys.stderr)
        site.create()
        setup = json.loads(site.python(SETUP).strip().splitlines()[-1])
        draft_id = setup["draft_id"]
        API_HEADERS["X-Api-Key"] = setup["api_key"]
        env = {"RATELIMIT_ENABLE": "0", "SPAM_MIN_FILL_SECONDS": "0", "PAGE_CACHE_SECONDS": "300"}
        with site.gunicorn(workers=2, **env) as port:
            plan = [] if args.skip_steady and args.restart_db else [("steady", args.total, False)]
            if args.restart_db:
                plan.append(("PostgreSQL restarted", args.restart_total or args.total, True))
            for name, total, restart in plan:
                print(f"round: {name}, {total} submissions …", file=sys.stderr)
                result = round_(site, port, draft_id, total, args.threads, restart)
                rounds.append((name, result))
                print(json.dumps(result, ensure_ascii=False, indent=1))
                ok = (
                    result["accepted_missing"] == 0
                    and result["stored_twice"] == 0
                    and result["text_mismatch"] == 0
                    and result["duplicated_texts"] == 0
                    and result["refused_without_message"] == 0
                    and result["receipt_codes_unique"]
                )
                failed |= not ok
                print(f"{name}: {'NO LOSS' if ok else 'LOSS OR DUPLICATE — see above'}")
    finally:
        site.drop()
    return 1 if failed else 0

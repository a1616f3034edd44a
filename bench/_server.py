"""Shared by ``bench site`` and ``bench noloss``: a throw-away PostgreSQL database, gunicorn with
the production settings against it and Redis, and a bounded HTTP load generator on loopback."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# Another PostgreSQL cluster can hold the throw-away databases (so that `noloss --restart-db`
# restarts only that one): LAWBRIDGE_BENCH_PG_PORT=5433 LAWBRIDGE_BENCH_PG_CLUSTER=bench.
PG_PORT = os.environ.get("LAWBRIDGE_BENCH_PG_PORT", "5432")
PG_CLUSTER = os.environ.get("LAWBRIDGE_BENCH_PG_CLUSTER", "main")
PG = ["-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres"]


def psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(["psql", *PG, "-d", db, "-qc", sql], check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """A database + media folders + environment for the production settings."""

    def __init__(self, name: str, redis_db: int = 4):
        self.name = name
        self.tmp = Path(tempfile.mkdtemp(prefix=f"lawbridge-{name}-"))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lawbridge.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{name}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
            "CACHE_KEY_PREFIX": f"{name}-{secrets.token_hex(4)}",
            "SECURE_SSL_REDIRECT": "0",
            "LAWBRIDGE_TASKS": "immediate",
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "private"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }

    def manage(self, *args, **env):
        subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env={**self.env, **env}, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def create(self):
        psql(f'DROP DATABASE IF EXISTS "{self.name}"')
        psql(f'CREATE DATABASE "{self.name}"')
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.manage("load_demo", "--no-admin")

    def drop(self):
        psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)

    def python(self, code: str) -> str:
        """Run Django code in the site's environment; returns what it printed."""
        prelude = "import django; django.setup()\n"
        out = subprocess.run([PY, "-c", prelude + code], cwd=ROOT, env=self.env, check=True,
                             capture_output=True, text=True)  # fmt: skip
        return out.stdout

    @contextmanager
    def gunicorn(self, workers: int = 2, **env):
        port = free_port()
        log = open(self.tmp / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - lives as long as gunicorn
        proc = subprocess.Popen(
            [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "lawbridge.wsgi",
             "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
             "--timeout", "60", "--control-socket", str(self.tmp / f"gunicorn-{port}.ctl")],
            cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=log,
        )  # fmt: skip
        try:
            deadline = time.time() + 180
            while time.time() < deadline:
                try:
                    status, _b, _h = request(port, "GET", "/healthz")
                    if status == 200:
                        break
                    time.sleep(0.3)
                except OSError:
                    time.sleep(0.3)
            else:
                log.flush()
                tail = Path(log.name).read_text()[-3000:]
                raise RuntimeError(f"gunicorn did not start:\n{tail}")
            yield port
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def request(port, method, path, body=None, headers=None, conn=None, timeout=30):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, response
    finally:
        if own:
            conn.close()


class Browser:
    """One visitor: its own keep-alive connection and cookies (CSRF, session)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def _headers(self, extra=None):
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def call(self, method, path, body=None, headers=None):
        try:
            status, data, response = request(
                self.port, method, path, body, self._headers(headers), conn=self.conn
            )
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        self._keep(response)
        return status, data, response

    def get(self, path):
        return self.call("GET", path)

    def post_form(self, path, fields: dict):
        body = urlencode(fields, doseq=True)
        return self.call("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


FIELD = re.compile(
    r'<input type="hidden" name="(csrfmiddlewaretoken|form_started)" value="([^"]*)"'
)


def form_tokens(html: str) -> dict:
    return dict(FIELD.findall(html))


def measure(worker, threads: int, seconds: float, max_requests: int) -> dict:
    """Run ``worker(state) -> bool(ok)`` from ``threads`` threads until time or count runs out;
    returns rps, p50/p95 latency (ms), ok/errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.time() + seconds
    count = [0]

    def loop():
        state = {}
        while time.time() < stop:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
            started = time.perf_counter()
            try:
                ok = worker(state)
            except Exception:  # noqa: BLE001 - counted as an error, the run goes on
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    began = time.perf_counter()
    pool = [threading.Thread(target=loop) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - began
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    return {
        "ok": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / wall if wall else 0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * p95,
    }


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)

"""Backup and restore (docs/operations.md "Backup and restore"): pg_dump -Fc of the database, pg_restore into
a fresh one, and every opinion is there. PostgreSQL only."""

import os
import shutil
import subprocess
import uuid

import pytest
from django.apps import apps
from django.db import connection

pytestmark = [
    pytest.mark.skipif(not apps.is_installed("forms"), reason="forms plugin not installed"),
]


def _pg_env(settings_dict):
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _args(settings_dict):
    return ["-h", settings_dict.get("HOST") or "127.0.0.1", "-p", str(settings_dict.get("PORT") or 5432),
            "-U", settings_dict.get("USER") or "postgres"]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_dump_restores_into_a_fresh_database_with_every_opinion(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump/pg_restore not installed")
    from forms.models import Opinion
    from forms.receipts import save_with_unique_code

    # Committed rows (a transactional test): what pg_dump sees is what a real site holds.
    for i in range(25):
        save_with_unique_code(Opinion(text=f"备份测试意见 {i}", phone="13800000000"))
    expected = set(Opinion.objects.values_list("receipt_code", flat=True))
    assert len(expected) >= 25

    db = connection.settings_dict
    args, env = _args(db), _pg_env(db)
    dump = tmp_path / "lawbridge.dump"
    subprocess.run(["pg_dump", "-Fc", *args, "-f", str(dump), db["NAME"]], check=True, env=env)
    fresh = f"lb_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", *args, "-d", "postgres", "-c", f'CREATE DATABASE "{fresh}"'],
                   check=True, env=env, capture_output=True)  # fmt: skip
    try:
        subprocess.run(["pg_restore", "--no-owner", *args, "-d", fresh, str(dump)], check=True,
                       env=env, capture_output=True)  # fmt: skip
        out = subprocess.run(
            ["psql", *args, "-d", fresh, "-At", "-c",
             "SELECT receipt_code FROM forms_opinion"],
            check=True, env=env, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        assert len(out) == len(expected) and set(out) == expected
    finally:
        subprocess.run(["psql", *args, "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{fresh}"'],
                       env=env, capture_output=True)  # fmt: skip

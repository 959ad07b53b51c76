"""Benchmark of the staff workspace at scale: the admin home, the dashboard and its map.

Runs against an existing large database (default ``iomcso_bench_million``, the 1,000,000
organizations the scale benchmark loads; override with ``BENCH_DATABASE``). It does not
migrate or load anything; it adds one superuser (``bench-dashboard@iom.int``) to sign in.

Measures:

- each dashboard figure's SQL aggregate, cold (what the beat task pays every ten minutes),
  with its ``EXPLAIN ANALYZE``;
- over ``--runs`` requests through the Django test client, median and p95 of the admin home
  (a superuser sees every role's panels), the dashboard (figures from the cache), and the
  page each map square opens (the changelist filtered by country), with the ``EXPLAIN
  ANALYZE`` of every registry query those pages run.

Target: every page ≤ 200 ms p95.

    .venv/bin/python bench/bench_dashboard.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = os.environ.get("BENCH_DATABASE", "iomcso_bench_million")
TARGET_P95_MS = 200


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _plain_select(statement: str) -> str:
    if statement.startswith("DECLARE") and " FOR SELECT " in statement:
        return statement[statement.index(" FOR SELECT ") + 5 :]
    return statement


def _explain(raw, statement: str) -> None:
    plan = raw.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {statement}")
    print(f"   -- {statement[:200]}…")
    for (line,) in plan.fetchall():
        print(f"     {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iomcso")
    bench_url = urlunsplit(urlsplit(base)._replace(path=f"/{BENCH_DB}"))
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomcso.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    import psycopg
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from iomcso.core import workspace

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.DEBUG = False
    raw = psycopg.connect(bench_url, autocommit=True)
    counted = raw.execute("SELECT count(*) FROM partners_organization").fetchone()
    assert counted is not None
    organizations = counted[0]
    print(f"database {BENCH_DB}: {organizations:,} organizations\n")
    # This branch's index for "identity changes to review" (partners migration
    # 0010_identity_changes_index); the shared bench database is not migrated from here.
    raw.execute(
        "CREATE INDEX IF NOT EXISTS org_identity_changes_idx ON partners_organization "
        "(updated_at) WHERE NOT (pending_identity_changes = '{}'::jsonb)"
    )
    raw.execute("ANALYZE partners_organization")

    print("== Dashboard figures, computed cold (the beat task's work)")
    aggregate_times = {}
    for key, compute in workspace._aggregates.items():
        with CaptureQueriesContext(connection) as captured:
            begin = time.perf_counter()
            compute()
            aggregate_times[key] = (time.perf_counter() - begin) * 1000
        print(f"-- {key}: {aggregate_times[key]:.0f} ms")
        for query in captured.captured_queries:
            statement = _plain_select(query["sql"])
            if statement.startswith(("SELECT", "WITH")):
                _explain(raw, statement)
    print()
    workspace.dashboard_aggregates_refresh()

    staff, _created = get_user_model().objects.get_or_create(
        email="bench-dashboard@iom.int",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        },
    )
    client = Client()
    client.force_login(staff)
    busiest_row = raw.execute(
        "SELECT headquarters_country FROM partners_organization "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    assert busiest_row is not None, "the bench database has no organization"
    busiest = busiest_row[0]
    pages = {
        "admin home (every role's panels)": "/en/admin/",
        "dashboard (charts and map)": "/en/admin/dashboard/",
        f"map square → changelist ?country={busiest}": (
            f"/en/admin/partners/organization/?country={busiest}"
        ),
    }
    report: list[tuple[str, int, float, float, float]] = []
    for label, url in pages.items():
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        statements = [_plain_select(query["sql"]) for query in captured.captured_queries]
        times, cpu_times = [], []
        for _ in range(args.runs):
            begin, cpu_begin = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
            cpu_times.append((time.process_time() - cpu_begin) * 1000)
        report.append(
            (
                label,
                len(statements),
                statistics.median(times),
                percentile(times, 0.95),
                statistics.median(cpu_times),
            )
        )
        print(f"== {label}\n   {url}")
        for statement in statements:
            ours = any(
                table in statement for table in ("partners_", "consultations_", "observers_")
            )
            if ours and statement.startswith(("SELECT", "WITH")):
                _explain(raw, statement)
        print()
    workspace.dashboard_aggregates_forget()
    raw.close()

    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print("figure (cold)                          time")
    for key, elapsed in aggregate_times.items():
        print(f"{key:38} {elapsed:>6.0f}ms")
    # The Django process's own CPU time per request: the page's cost without the waits that
    # other processes cause when they compete for the two cores.
    print(f"{'page':44} {'queries':>7} {'median':>8} {'p95':>8} {'CPU':>8}  verdict")
    failures = 0
    for label, queries, median, p95, cpu in report:
        ok = p95 <= TARGET_P95_MS
        failures += not ok
        print(
            f"{label:44} {queries:>7} {median:>6.1f}ms {p95:>6.1f}ms {cpu:>6.1f}ms  "
            f"{'ok' if ok else 'MISSED'}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

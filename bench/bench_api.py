"""Benchmark of the API's organizations list at scale (issue 15: p95 <= 50 ms, <= 3x SQL).

Measures, through the Django test client as an anonymous caller, the median and p95 of
``GET /api/v1/organizations/`` with a text search and two filters (and two variants), and,
in the same loop, the bare SQL each request ran (captured once, replayed through psycopg),
with the ``EXPLAIN ANALYZE`` of the list query: the method of ``bench_registry.py``.

It reads an existing database and changes nothing in it: by default the million-organization
database the scale benchmark builds (``iomcso_bench_million``), else ``iomcso_bench``
(``bench_registry.py`` loads it). ``--load N`` fills an empty ``BENCH_DATABASE`` first.

    .venv/bin/python bench/bench_api.py [--runs 60] [--database iomcso_bench_million]
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _plain_select(statement: str) -> str:
    """A server-side cursor (DECLARE ... FOR SELECT) replayed as its SELECT."""
    if statement.startswith("DECLARE") and " FOR SELECT " in statement:
        return statement[statement.index(" FOR SELECT ") + 5 :]
    return statement


QUERIES = {
    "search + 2 filters": "q=solidaridad&partner_type=ngo&region=west_central_africa",
    "search + 2 filters (country, activity)": "q=migrant&country=NG&activity=advocacy",
    "2 filters, no search": "partner_type=ngo&level=national",
}


def _database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iomcso")
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def _existing_database(candidates: list[str]) -> str:
    import psycopg

    admin = _database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in candidates:
            if connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone():
                return name
    raise SystemExit(f"none of {candidates} exists: run bench/bench_registry.py first")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE"))
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--load", type=int, default=0, help="organizations to load if empty")
    parser.add_argument(
        "--cache-seconds",
        type=int,
        default=0,
        help="DIRECTORY_CACHE_SECONDS while timing: 0 (default) times every request as a "
        "cache miss; 60 times the list as deployed (the SQL is always the miss's)",
    )
    args = parser.parse_args()

    database = args.database or _existing_database(["iomcso_bench_million", "iomcso_bench"])
    bench_url = _database_url(database)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomcso.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    import psycopg
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.DEBUG = False
    # Measure the endpoint, not the limiter: no throttling in the benchmark.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

    if args.load:
        from partners.generate import generate_organizations
        from partners.models import Organization

        if not Organization.objects.exists():
            generate_organizations(count=args.load, seed=1, contacts_per_organization=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM partners_organization")
        total = cursor.fetchone()[0]
    print(f"database {database}: {total:,} organizations\n")

    raw = psycopg.connect(bench_url, autocommit=True)
    client = Client()
    report = []
    for label, query in QUERIES.items():
        url = f"/api/v1/organizations/?{query}"
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content)
        rows = len(response.json()["results"])
        settings.DIRECTORY_CACHE_SECONDS = 0  # the SQL a miss runs
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        settings.DIRECTORY_CACHE_SECONDS = args.cache_seconds
        statements = [
            _plain_select(item["sql"])
            for item in captured.captured_queries
            if _plain_select(item["sql"]).startswith(("SELECT", "WITH"))
        ]
        page_times, sql_times = [], []
        for _ in range(args.runs):
            begin = time.perf_counter()
            client.get(url)
            page_times.append((time.perf_counter() - begin) * 1000)
            begin = time.perf_counter()
            for statement in statements:
                raw.execute(statement).fetchall()
            sql_times.append((time.perf_counter() - begin) * 1000)
        report.append(
            (
                label,
                len(statements),
                rows,
                statistics.median(page_times),
                percentile(page_times, 0.95),
                statistics.median(sql_times),
                percentile(sql_times, 0.95),
            )
        )
        print(f"== {label}\n   {url}")
        for statement in statements:
            plan = raw.execute(
                f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {statement}"
            ).fetchall()
            print(f"   -- {statement[:200]}…")
            for (line,) in plan:
                print(f"     {line}")
        print()

    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'request':40} {'queries':>7} {'rows':>4} {'median':>8} {'p95':>8} "
        f"{'SQL med':>8} {'SQL p95':>8} {'ratio':>6}  verdict"
    )
    failures = 0
    for label, queries, rows, median, p95, sql_median, sql_p95 in report:
        ratio = median / sql_median if sql_median else float("inf")
        ok = p95 <= 50 and ratio <= 3
        failures += not ok
        print(
            f"{label:40} {queries:>7} {rows:>4} {median:>6.1f}ms {p95:>6.1f}ms "
            f"{sql_median:>6.1f}ms {sql_p95:>6.1f}ms {ratio:>5.1f}x  {'ok' if ok else 'MISSED'}"
        )
    raw.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

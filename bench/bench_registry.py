"""Benchmark of the partner registry at scale.

Loads 100,000 organizations and 300,000 contacts into a separate database (``iomcso_bench``,
created here), then measures, over repeated requests through the Django test client, the
median and p95 of:

- the public directory with a text search and two filters,
- an organization's public page (a network, with its members),
- the admin changelist with a filter, and with a search,

and, in the same run, the bare SQL each page runs (the same statements replayed through
psycopg), with the ``EXPLAIN`` of each page's main query. Targets: every page within 3x of
its SQL and under 100 ms median.

    .venv/bin/python bench/bench_registry.py [--count 100000] [--runs 40] [--recreate]
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

BENCH_DB = os.environ.get("BENCH_DATABASE", "iomcso_bench")


def database_urls() -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iomcso")
    parts = urlsplit(base)
    bench = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    return bench, admin


def ensure_database(admin_url: str, recreate: bool) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
        ).fetchone()
        if exists and recreate:
            connection.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
            print(f"created database {BENCH_DB}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--contacts-per-organization", type=int, default=3)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--recreate", action="store_true", help="drop and reload the database")
    args = parser.parse_args()

    bench_url, admin_url = database_urls()
    ensure_database(admin_url, args.recreate)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomcso.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.DEBUG = False

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from partners.generate import generate_organizations

    result = generate_organizations(
        count=args.count, seed=args.seed, contacts_per_organization=args.contacts_per_organization
    )
    import psycopg

    raw = psycopg.connect(bench_url, autocommit=True)
    raw.execute("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM partners_organization")
        organizations = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM partners_contact")
        contacts = cursor.fetchone()[0]
    print(f"data: {result}; now {organizations:,} organizations and {contacts:,} contacts")
    print(f"set-up {time.perf_counter() - started:.1f}s\n")

    from django.contrib.auth import get_user_model

    staff, _created = get_user_model().objects.get_or_create(
        email="bench@iom.int",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        },
    )
    public = Client()  # the directory and detail pages are measured as the public sees them
    client = Client()
    client.force_login(staff)

    from partners.models import Organization

    network = (
        Organization.objects.verified()
        .filter(is_network=True, member_links__isnull=False)
        .order_by("pk")
        .first()
    )
    pages = {
        "directory: text search + 2 filters": (
            "/en/partners/?q=solidaridad&partner_type=ngo&region=west_central_africa"
        ),
        "directory: text search only": "/en/partners/?q=migrantes",
        "organization detail (network)": network.get_absolute_url(),
        "admin changelist, filtered": (
            "/en/admin/partners/organization/?verification_status__exact=pending&partner_type__exact=media"
        ),
        "admin changelist, search": "/en/admin/partners/organization/?q=solidar",
    }

    report = []
    for label, url in pages.items():
        client_for_page = client if "/admin/" in url else public
        for _ in range(5):  # warm caches, template loaders and connections
            response = client_for_page.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client_for_page.get(url)
        # Server-side cursors (DECLARE ... FOR SELECT) are replayed as their SELECT.
        statements = [
            _plain_select(query["sql"])
            for query in captured.captured_queries
            if _plain_select(query["sql"]).startswith(("SELECT", "WITH"))
        ]
        page_times, sql_times, cpu_times = [], [], []
        for _ in range(args.runs):
            begin, cpu_begin = time.perf_counter(), time.process_time()
            client_for_page.get(url)
            page_times.append((time.perf_counter() - begin) * 1000)
            cpu_times.append((time.process_time() - cpu_begin) * 1000)
            begin = time.perf_counter()
            for statement in statements:
                _run(raw, statement)
            sql_times.append((time.perf_counter() - begin) * 1000)
        page_median, sql_median = statistics.median(page_times), statistics.median(sql_times)
        report.append(
            (
                label,
                url,
                len(statements),
                page_median,
                percentile(page_times, 0.95),
                sql_median,
                percentile(sql_times, 0.95),
                statistics.median(cpu_times),
            )
        )
        print(f"== {label}\n   {url}")
        for statement in statements:
            if "partners_" not in statement:
                continue  # session and user look-ups
            plan = raw.execute(
                f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {statement}"
            ).fetchall()
            print(f"   -- {statement[:160]}…")
            for (line,) in plan:
                print(f"     {line}")
        print()

    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'page':38} {'queries':>7} {'page median':>11} {'page p95':>9} "
        f"{'SQL median':>10} {'SQL p95':>8} {'ratio':>6} {'Django CPU':>10}  verdict"
    )
    failures = 0
    for label, _url, queries, page_median, page_p95, sql_median, sql_p95, cpu in report:
        ratio = page_median / sql_median if sql_median else float("inf")
        ok = page_median < 100 and ratio <= 3
        failures += not ok
        print(
            f"{label:38} {queries:>7} {page_median:>9.1f}ms {page_p95:>7.1f}ms "
            f"{sql_median:>8.1f}ms {sql_p95:>6.1f}ms {ratio:>5.1f}x {cpu:>8.1f}ms  "
            f"{'ok' if ok else 'MISSED'}"
        )
    raw.close()
    return 1 if failures else 0


def _plain_select(statement: str) -> str:
    if statement.startswith("DECLARE") and " FOR SELECT " in statement:
        return statement[statement.index(" FOR SELECT ") + 5 :]
    return statement


def _run(raw, statement: str) -> None:
    raw.execute(statement).fetchall()


if __name__ == "__main__":
    sys.exit(main())

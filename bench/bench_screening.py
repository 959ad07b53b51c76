"""Benchmark: the registry screening report (observer status) on 100,000 organizations.

Creates its own database (``iomcso_bench_screening``), migrates it, loads 100,000
organizations, 120,000 cooperation records and 15,000 ECOSOC letters with COPY, then
measures in the same run:

* ``COPY (<the report's query>) TO STDOUT`` (CSV): the floor for the CSV;
* the report's CSV pass alone (same query through a server-side cursor, the Python
  criteria rule per row, csv.writer): the number compared with COPY (target: within 3x);
* the whole report task (CSV and XLSX in one pass, stored, requester emailed), with the
  growth of the process's peak RSS;
* the Python peak memory (tracemalloc) of the whole build with 20,000 and with 100,000
  screened organizations: it must not grow with the number of rows.

Run: ``.venv/bin/python bench/bench_screening.py [--count 100000] [--keep]``
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "iomcso_bench_screening"
SERVER_URL = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")


def create_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER_URL}/{DB_NAME}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "iomcso.settings.test"
    os.environ.setdefault("TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-screening-media-"))
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = os.environ["TEST_MEDIA_ROOT"]


def _filler(data_type: str):
    """A value for a NOT NULL column the benchmark does not care about."""
    if data_type in ("text", "character varying"):
        return ""
    if data_type == "boolean":
        return False
    if data_type == "ARRAY":
        return []
    if data_type in ("jsonb", "json"):
        return "{}"
    if data_type.startswith("timestamp"):
        return "2026-01-01T00:00:00Z"
    if data_type in ("integer", "bigint", "smallint", "double precision"):
        return 0
    raise ValueError(data_type)


def _copy(cursor, table: str, columns: dict, rows) -> None:
    """COPY rows into ``table``, filling the other NOT NULL columns generically."""
    cursor.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""",
        [table],
    )
    extra = {
        name: _filler(kind)
        for name, kind in cursor.fetchall()
        if name not in columns and name != "id"
    }
    names = list(columns) + list(extra)
    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*row, *extra.values()])


def load_rows(count: int, seed: int = 7) -> None:
    from django.db import connection

    random.seed(seed)
    levels = ["global", "regional", "national", "local"]
    countries = ["CH", "KE", "UG", "FR", "BR", "PH", "TH", "SN", "EG", "AT", "US", "ZA"]
    ecosoc = ["none"] * 17 + ["general", "special", "roster"]
    started = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY

        def organizations():
            for number in range(1, count + 1):
                operating = random.sample(countries, random.choice([1, 1, 1, 2, 3]))
                status = random.choice(ecosoc)
                yield [
                    number,
                    f"Bench Organization {number:06d}",
                    f"bench organization {number:06d}",
                    f"bench-organization-{number:06d}",
                    "ngo",
                    random.choice(levels),
                    operating[0],
                    operating,
                    status,
                    random.randint(1990, 2024) if status != "none" else None,
                    "verified",
                ]

        _copy(
            cursor,
            "partners_organization",
            dict.fromkeys(
                [
                    "id",
                    "name",
                    "name_key",
                    "slug",
                    "partner_type",
                    "level",
                    "headquarters_country",
                    "countries_of_operation",
                    "ecosoc_status",
                    "ecosoc_year",
                    "verification_status",
                ]
            ),
            organizations(),
        )
        cooperation = (
            [
                random.randint(1, count),
                "project_implementation",
                f"Project {n}",
                f"20{random.randint(10, 25)}-01-01",
            ]
            for n in range(int(count * 1.2))
        )
        _copy(
            cursor,
            "partners_cooperationrecord",
            dict.fromkeys(["organization_id", "kind", "title", "start_date"]),
            cooperation,
        )
        letters = (
            [organization_id, "ecosoc_letter", "letter.pdf", "letter.pdf", "application/pdf", 1000]
            for organization_id in random.sample(range(1, count + 1), count * 15 // 100)
        )
        _copy(
            cursor,
            "partners_organizationdocument",
            dict.fromkeys(
                ["organization_id", "kind", "file", "original_name", "content_type", "size"]
            ),
            letters,
        )
        django_cursor.execute(
            "SELECT setval(pg_get_serial_sequence('partners_organization', 'id'), %s)", [count]
        )
        django_cursor.execute("ANALYZE")
    print(f"loaded {count:,} organizations with COPY in {time.perf_counter() - started:.1f} s")


def time_copy(sql: str, parameters: dict, repeat: int) -> float:
    from django.db import connection

    timings = []
    for _ in range(repeat):
        with connection.cursor() as django_cursor:
            started = time.perf_counter()
            size = 0
            with django_cursor.cursor.copy(
                f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", parameters
            ) as copy:
                for block in copy:
                    size += len(block)
            timings.append(time.perf_counter() - started)
    print(f"COPY (screening query) TO STDOUT: {size / 1e6:.1f} MB")
    return statistics.median(timings)


def time_csv_pass(repeat: int) -> tuple[float, int]:
    from observers.models import EligibilityReport, ReportKind
    from observers.services import report_write

    report = EligibilityReport.objects.create(kind=ReportKind.REGISTRY_SCREENING)
    timings, rows = [], 0
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            started = time.perf_counter()
            rows = report_write(report=report, csv_path=f"{folder}/screening.csv", xlsx_path=None)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings), rows


def build_report(*, trace: bool) -> tuple[float, int, float]:
    """The whole task (CSV + XLSX, stored, emailed). Returns seconds, rows, peak MB."""
    from django.contrib.auth import get_user_model

    from observers.models import EligibilityReport, ReportKind
    from observers.tasks import build_eligibility_report_task

    requester, _created = get_user_model().objects.get_or_create(
        email="bench@iom.int", defaults={"is_staff": True}
    )
    report = EligibilityReport.objects.create(
        kind=ReportKind.REGISTRY_SCREENING, requested_by=requester
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    build_eligibility_report_task.run(report_id=report.pk)
    elapsed = time.perf_counter() - started
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak_mb = peak / 1e6
    else:
        peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    report.refresh_from_db()
    assert report.status == "done", report.error
    return elapsed, report.rows_written, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    create_database()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from observers.models import EligibilityReport, ReportKind
    from observers.report_sql import report_query

    screening_sql, parameters = report_query(
        report=EligibilityReport(kind=ReportKind.REGISTRY_SCREENING, filters={})
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated {DB_NAME} in {time.perf_counter() - started:.1f} s")
    load_rows(args.count)

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) " + screening_sql, parameters)
        plan = [row[0] for row in cursor.fetchall()]
    print("EXPLAIN ANALYZE (screening query):")
    print("\n".join("    " + line for line in plan[:14] + plan[-2:]))

    copy_seconds = time_copy(screening_sql, parameters, args.repeat)
    csv_seconds, rows = time_csv_pass(args.repeat)
    task_seconds, task_rows, rss_growth = build_report(trace=False)

    # Memory must not grow with rows: the same build traced with a fifth of the rows screened.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partners_organization SET verification_status = 'pending' WHERE id > %s",
            [args.count // 5],
        )
    _seconds, small_rows, small_peak = build_report(trace=True)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partners_organization SET verification_status = 'verified'")
    _seconds, large_rows, large_peak = build_report(trace=True)

    ratio = csv_seconds / copy_seconds
    print()
    print(f"rows screened:                              {rows:,}")
    print(f"COPY (same query) TO STDOUT, median of {args.repeat}:   {copy_seconds * 1000:8.0f} ms")
    print(
        f"report CSV pass (cursor + rule + csv), median: {csv_seconds * 1000:8.0f} ms  -> {ratio:.2f}x COPY (target <= 3x)"
    )
    print(
        f"whole report task (CSV + XLSX, stored, emailed): {task_seconds:6.1f} s for {task_rows:,} rows"
    )
    print(f"peak RSS growth during the whole task:      {rss_growth:8.1f} MB")
    print(f"tracemalloc peak, {small_rows:,} rows:            {small_peak:8.1f} MB")
    print(
        f"tracemalloc peak, {large_rows:,} rows:           {large_peak:8.1f} MB  (memory flat: {large_peak < small_peak * 1.5})"
    )
    print(f"RESULT: CSV within 3x of COPY: {'PASS' if ratio <= 3 else 'FAIL'}")

    if not args.keep:
        connection.close()
        import psycopg

        with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()

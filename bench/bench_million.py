"""The registry at a million organizations, through a real HTTP server.

Builds (once, then reuses) the database ``iomcso_bench_million`` (override with
``BENCH_DATABASE``): 1,000,000 organizations, 3,000,000 contacts, network memberships and
cooperation records from ``partners.generate`` (timed). Then starts gunicorn (2 workers,
production settings, the environment set for a local run) and, for each page, runs
``wrk -c8`` for ``--duration`` seconds, and replays the same SQL the page ran (captured
once through the Django test client) through psycopg in the same run:

    page p50 / p95 (wrk), SQL p50 / p95, ratio, response size, load average

Targets (issue 12): directory pages p95 <= 50 ms and <= 3x their SQL, <= 100 KB;
admin changelists p95 <= 200 ms; the screening CSV <= 1.5x ``COPY`` of its query.

    .venv/bin/python bench/bench_million.py                 # build once, then measure
    .venv/bin/python bench/bench_million.py --only directory --duration 10
    .venv/bin/python bench/bench_million.py --recreate      # drop and rebuild the data
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = os.environ.get("BENCH_DATABASE", "iomcso_bench_million")
# wrk's connections, and the clients that replay a page's SQL under the same load.
WRK_CONNECTIONS = 8
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%d p95=%d requests=%d non2xx=%d errors=%d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def database_urls() -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iomcso")
    parts = urlsplit(base)
    return (
        urlunsplit(parts._replace(path=f"/{BENCH_DB}")),
        urlunsplit(parts._replace(path="/postgres")),
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f}/{five:.1f}/{fifteen:.1f}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing it from Debian's packages")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)  # noqa: S607
    return shutil.which("wrk") or "wrk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(args, bench_url: str, admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
        ).fetchone()
        if exists and args.recreate:
            connection.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from partners.generate import generate_organizations

    print(f"generating {args.count:,} organizations (load {load()})…", flush=True)
    started = time.perf_counter()
    result = generate_organizations(count=args.count, seed=1)
    seconds = time.perf_counter() - started
    if result.skipped:
        print("data: reused (already generated with this seed)")
    else:
        print(f"data: {result} in {seconds:.1f} s (load {load()})")


def capture_sql(client, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    statements = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("DECLARE") and " FOR SELECT " in sql:
            sql = sql[sql.index(" FOR SELECT ") + 5 :]
        if sql.startswith(("SELECT", "WITH")) and "django_session" not in sql:
            statements.append(sql)
    return statements


def explain(raw, label: str, statements: list[str]) -> None:
    """Print the plan and time of each statement a page runs on the registry's tables."""
    print(f"== {label}")
    for statement in statements:
        if not any(table in statement for table in ("partners_", "consultations_", "observers_")):
            continue
        plan = raw.execute(f"EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) {statement}").fetchall()
        print(f"   -- {statement[:200]}")
        for (line,) in plan:
            print(f"      {line}")


def replay(raw, statements: list[str], seconds: float) -> list[float]:
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(times) < 5:
        begin = time.perf_counter()
        for statement in statements:
            raw.execute(statement).fetchall()
        times.append((time.perf_counter() - begin) * 1000)
    return times


def replay_concurrently(bench_url: str, statements: list[str], seconds: float) -> list[float]:
    """The same statements replayed by as many clients as wrk opens (8), each on its own
    connection, for ``seconds``: the page's SQL under the load the page is measured under
    (on two cores, eight clients queue for the CPU whether they run Python or SQL)."""
    import psycopg

    times: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        with psycopg.connect(bench_url, autocommit=True) as connection:
            mine = replay(connection, statements, seconds)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(WRK_CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def run_wrk(wrk: str, url: str, cookie: str | None, duration: int) -> tuple[float, float, int]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        wrk,
        "-t2",
        f"-c{WRK_CONNECTIONS}",
        f"-d{duration}s",
        "--timeout",
        "20s",
        "-s",
        script.name,
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    os.unlink(script.name)
    line = next(text for text in output.splitlines() if text.startswith("RESULT"))
    fields = dict(part.split("=") for part in line.split()[1:])
    if int(fields["non2xx"]) or int(fields["errors"]):
        print(f"   !! {fields['non2xx']} non-2xx answers, {fields['errors']} socket errors")
    return int(fields["p50"]) / 1000, int(fields["p95"]) / 1000, int(fields["requests"])


def start_gunicorn(bench_url: str, port: int, static_root: str) -> subprocess.Popen:
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="iomcso.settings.production",
        DATABASE_URL=bench_url,
        # The same key as this process, so the staff session made here is valid there.
        DJANGO_SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        # 0 measures every directory page as a cache miss (the default keeps them a minute).
        DIRECTORY_CACHE_SECONDS=os.environ.get("DIRECTORY_CACHE_SECONDS", "60"),
        DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback, no proxy
        REQUIRE_STAFF_TWO_FACTOR="false",  # the bench's staff session has no TOTP device
        STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
        WEB_CONCURRENCY="2",
        PORT=str(port),
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "iomcso.wsgi",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page) is an error here, not a page


def response_size(url: str, cookie: str | None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(request, timeout=60) as answer:
        if answer.status != 200:
            raise RuntimeError(f"{url} answered {answer.status}")
        return len(answer.read())


def bench_pages(args, bench_url: str) -> list[tuple]:
    import psycopg
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from partners.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    staff, _created = get_user_model().objects.get_or_create(
        email="bench@iom.int",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        },
    )
    public, admin = Client(), Client()
    admin.force_login(staff)
    cookie = f"{settings.SESSION_COOKIE_NAME}={admin.cookies[settings.SESSION_COOKIE_NAME].value}"
    network = (
        Organization.objects.verified()
        .filter(is_network=True, member_links__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    oldest_year = 2017
    pages = [
        ("directory, unfiltered", "/en/partners/", False),
        ("directory, search common word", "/en/partners/?q=migrants", False),
        ("directory, search rare word", "/en/partners/?q=4711", False),
        (
            "directory, search + 2 filters",
            "/en/partners/?q=solidaridad&partner_type=ngo&region=west_central_africa",
            False,
        ),
        (
            "directory, 2 values of 2 filters",
            "/en/partners/?partner_type=media&partner_type=academic&country=KE&country=UG",
            False,
        ),
        ("directory, network filter", f"/en/partners/?network={network}", False),
        ("directory, deepest page (50)", "/en/partners/?page=50", False),
        ("autocomplete, networks", "/autocomplete/networks/?q=migr", False),
        ("admin organizations, unfiltered", "/en/admin/partners/organization/", True),
        (
            "admin organizations, 2 filters",
            "/en/admin/partners/organization/?verification_status__exact=pending"
            "&partner_type__exact=media",
            True,
        ),
        ("admin organizations, search", "/en/admin/partners/organization/?q=solidar", True),
        (
            "admin organizations, year drill-down",
            f"/en/admin/partners/organization/?created_at__year={oldest_year}",
            True,
        ),
        ("admin registrations", "/en/admin/consultations/registration/", True),
        ("admin observer applications", "/en/admin/observers/observerapplication/", True),
    ]
    if args.only:
        pages = [page for page in pages if args.only in page[0]]
    raw = psycopg.connect(bench_url, autocommit=True)
    port = free_port()
    wrk = ensure_wrk()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    server = start_gunicorn(bench_url, port, static_root)
    results = []
    try:
        for label, path, as_staff in pages:
            client = admin if as_staff else public
            for _ in range(2):
                client.get(path)  # warm the caches
            statements = capture_sql(client, path)
            if args.explain:
                explain(raw, label, statements)
            url = f"http://127.0.0.1:{port}{path}"
            page_cookie = cookie if as_staff else None
            size = response_size(url, page_cookie)
            page_p50, page_p95, requests = run_wrk(wrk, url, page_cookie, args.duration)
            sql_times = replay(raw, statements, min(10, args.duration))
            loaded_sql_times = replay_concurrently(bench_url, statements, min(10, args.duration))
            row = (
                label,
                len(statements),
                page_p50,
                page_p95,
                statistics.median(sql_times),
                percentile(sql_times, 0.95),
                percentile(loaded_sql_times, 0.95),
                size,
                requests,
                load(),
            )
            results.append(row)
            print(format_row(row), flush=True)
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(static_root, ignore_errors=True)
        raw.close()
    return results


def format_row(row) -> str:
    label, queries, p50, p95, sql50, sql95, loaded_sql95, size, requests, load_average = row
    ratio = p50 / sql50 if sql50 else float("inf")
    loaded_ratio = p95 / loaded_sql95 if loaded_sql95 else float("inf")
    return (
        f"{label:38} {queries:>3} {p50:>7.1f} {p95:>7.1f} {sql50:>7.1f} {sql95:>7.1f} "
        f"{ratio:>5.1f}x {loaded_sql95:>7.1f} {loaded_ratio:>5.1f}x "
        f"{size / 1024:>6.1f} KB {requests:>6} {load_average:>14}"
    )


def bench_screening(bench_url: str, repeat: int) -> None:
    import resource

    import psycopg
    from django.db import transaction

    from observers.models import EligibilityReport, ReportKind
    from observers.report_files import write_report_csv
    from observers.report_sql import screening_copy_sql
    from observers.selectors import report_header

    report = EligibilityReport(kind=ReportKind.REGISTRY_SCREENING, filters={})
    header = report_header(report=report)
    sql, params = screening_copy_sql(report=report)
    copy_times, csv_times = [], []
    rows = 0
    for _ in range(repeat):
        with psycopg.connect(bench_url) as raw, raw.cursor() as cursor:
            begin = time.perf_counter()
            with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                for _chunk in copy:
                    pass
            copy_times.append(time.perf_counter() - begin)
        with tempfile.NamedTemporaryFile(suffix=".csv") as target:
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            tracemalloc.start()
            begin = time.perf_counter()
            with transaction.atomic():
                rows = write_report_csv(report=report, path=target.name, header=header)
            csv_times.append(time.perf_counter() - begin)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    copy_s, csv_s = statistics.median(copy_times), statistics.median(csv_times)
    print(
        f"screening CSV: {rows:,} rows; COPY of its query {copy_s:.2f} s, report CSV "
        f"{csv_s:.2f} s = {csv_s / copy_s:.2f}x; Python peak {peak / 1e6:.1f} MB, "
        f"peak RSS growth {(rss_after - rss_before) / 1024:.1f} MB (load {load()})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of wrk per page")
    parser.add_argument("--recreate", action="store_true", help="drop and rebuild the data")
    parser.add_argument("--only", default="", help="pages whose label contains this")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--skip-screening", action="store_true")
    parser.add_argument("--screening-repeat", type=int, default=3)
    args = parser.parse_args()

    bench_url, admin_url = database_urls()
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomcso.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    print(f"load average {load()} on {os.cpu_count()} cores; database {BENCH_DB}")
    build(args, bench_url, admin_url)
    if not args.skip_pages:
        print(
            f"\n{'page (wrk -c8, ms)':38} {'q':>3} {'p50':>7} {'p95':>7} {'SQL p50':>7} "
            f"{'SQL p95':>7} {'ratio':>6} {'SQL c8':>7} {'ratio':>6} {'size':>9} {'reqs':>6} "
            f"{'load 1/5/15':>14}"
        )
        bench_pages(args, bench_url)
    if not args.skip_screening:
        bench_screening(bench_url, args.screening_repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

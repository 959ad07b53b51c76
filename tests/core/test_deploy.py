"""Deployment files and production settings: parsed and checked, since no Docker runs here."""

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LONG_RUNNING = ["postgres", "redis", "web", "worker", "beat"]


def run(command: list[str], *, env: dict[str, str], timeout: int = 120):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "SITE_URL"
    }
    return subprocess.run(
        command, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=timeout
    )


def production_env(**extra: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "iomcso.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "SITE_URL": "https://example.org",
        **extra,
    }


# --- Production settings -------------------------------------------------------


def test_production_settings_pass_check_deploy_at_warning_level():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SITE_URL"])
def test_production_settings_refuse_to_start_without_secret_key_hosts_or_site_url(missing):
    env = production_env()
    del env[missing]

    result = run([sys.executable, "manage.py", "check"], env=env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_are_safe_by_default():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.REQUIRE_STAFF_TWO_FACTOR, s.EMAIL_BACKEND)"
    )

    result = run([sys.executable, "-c", script], env=production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "True",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_development_settings_need_nothing_set():
    script = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG)"

    result = run(
        [sys.executable, "-c", script], env={"DJANGO_SETTINGS_MODULE": "iomcso.settings.local"}
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


# --- Friendly errors when a service is down ---------------------------------------


@pytest.mark.parametrize(
    ("variable", "url", "service"),
    [
        ("DATABASE_URL", "postgres://postgres@127.0.0.1:1/iomcso", "PostgreSQL"),
        ("REDIS_URL", "redis://127.0.0.1:1/0", "Redis"),
    ],
)
def test_service_check_says_in_one_sentence_what_is_unreachable_and_how_to_fix_it(
    variable, url, service
):
    started = time.monotonic()
    result = run([sys.executable, "bin/check_services.py"], env={variable: url}, timeout=30)

    assert result.returncode == 1
    message = result.stderr.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"{service} is not reachable at 127.0.0.1:1")
    assert variable in message
    assert time.monotonic() - started < 15


def test_service_check_passes_when_both_answer():
    result = run([sys.executable, "bin/check_services.py"], env={}, timeout=30)

    assert result.returncode == 0, result.stderr


# --- docker-compose.yml and Dockerfile --------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_web_worker_and_beat_each_with_a_health_check(compose):
    services = compose["services"]

    for name in LONG_RUNNING:
        assert name in services, f"no {name} service"
        check = services[name].get("healthcheck")
        assert check, f"{name} has no health check"
        assert check["test"][0] in {"CMD", "CMD-SHELL"}
        assert check["interval"]
        assert check["timeout"]
        assert check["retries"]


def test_compose_web_runs_gunicorn_and_its_health_check_probes_healthz(compose):
    web = compose["services"]["web"]
    dockerfile = (ROOT / "Dockerfile").read_text()

    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert cmd is not None, "the Dockerfile has no CMD"
    default_command = json.loads(cmd.group(1))
    assert (web.get("command") or default_command) == ["gunicorn", "iomcso.wsgi:application"]
    assert (ROOT / "gunicorn.conf.py").exists()
    assert any("/healthz" in part for part in web["healthcheck"]["test"])
    assert web["ports"]


def test_compose_worker_and_beat_run_celery(compose):
    worker = compose["services"]["worker"]["command"]
    beat = compose["services"]["beat"]["command"]

    assert worker[:4] == ["celery", "-A", "iomcso", "worker"]
    assert beat[:4] == ["celery", "-A", "iomcso", "beat"]


def test_compose_portal_services_use_production_settings_and_wait_for_healthy_backends(compose):
    for name in ["web", "worker", "beat", "migrate"]:
        service = compose["services"][name]
        environment = service["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "iomcso.settings.production"
        assert "${DJANGO_SECRET_KEY:?" in environment["DJANGO_SECRET_KEY"]
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["build"] == "."
    for name in ["web", "worker", "beat"]:
        depends_on = compose["services"][name]["depends_on"]
        assert depends_on["redis"]["condition"] == "service_healthy"
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_compose_keeps_data_in_named_volumes(compose):
    declared = set(compose["volumes"])
    services = compose["services"]

    assert {"postgres-data", "redis-data", "media"} <= declared
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redis-data:/data" in services["redis"]["volumes"]
    # Uploads are shared by web (which stores them) and worker (which writes reports).
    assert "media:/data/media" in services["web"]["volumes"]
    assert "media:/data/media" in services["worker"]["volumes"]
    for service in services.values():
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in declared


def test_dockerfile_installs_the_locked_requirements_and_runs_unprivileged():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.11", dockerfile, re.MULTILINE)
    assert "pip install --require-hashes -r requirements/base.txt" in dockerfile
    assert "collectstatic" in dockerfile
    assert "compilemessages" in dockerfile
    assert re.search(r"^USER (?!root)\S+", dockerfile, re.MULTILINE)


# --- The two commands ------------------------------------------------------------


def test_readme_has_exactly_the_two_set_up_commands():
    readme = (ROOT / "README.md").read_text()
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]

    commands = re.findall(r"^    (\S.*)$", setup, re.MULTILINE)
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()

    assert ci.rstrip().splitlines()[-1] == "make test"


def test_test_command_lints_checks_migrations_and_runs_pytest_in_parallel():
    makefile = (ROOT / "Makefile").read_text()
    test_target = makefile.split("\ntest:", 1)[1]

    assert "lint" in test_target
    assert "migrations-check" in test_target
    assert "pytest -n 2 --dist loadfile" in test_target


def test_procfile_starts_web_worker_and_beat():
    processes = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )

    assert set(processes) == {"web", "worker", "beat"}
    assert "celery -A iomcso worker" in processes["worker"]
    assert "celery -A iomcso beat" in processes["beat"]


def test_service_check_says_when_postgresql_refuses_the_user():
    result = run(
        [sys.executable, "bin/check_services.py"],
        env={"DATABASE_URL": "postgres://no_such_role_here@127.0.0.1:5432/iomcso"},
        timeout=30,
    )

    assert result.returncode == 1
    message = result.stderr.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert "refused to sign in user 'no_such_role_here'" in message
    assert "DATABASE_URL" in message


def test_production_redirects_to_https_but_answers_healthz_over_plain_http(db):
    from django.db import connection

    database = connection.settings_dict
    script = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "home = c.get('/en/', headers={'host': 'example.org'}); "
        "health = c.get('/healthz', headers={'host': 'example.org'}); "
        "secure = c.get('/healthz', headers={'host': 'example.org', 'x-forwarded-proto': 'https'}); "
        "print(home.status_code, home.headers['Location'], health.status_code, "
        "secure.status_code, secure.headers['Strict-Transport-Security'])"
    )

    result = run(
        [sys.executable, "-c", script],
        env=production_env(
            DATABASE_URL=(
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
        ),
    )

    assert result.returncode == 0, result.stderr[-3000:]
    # Log lines go to stdout too; the answer is the last line.
    assert result.stdout.strip().splitlines()[-1].split() == [
        "301",
        "https://example.org/en/",
        "200",
        "200",
        "max-age=31536000;",
        "includeSubDomains",
    ]


def test_hsts_preload_is_sent_only_when_asked_for_and_check_deploy_stays_clean():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_PRELOAD)"
    )
    default = run([sys.executable, "-c", script], env=production_env())
    asked = run(
        [sys.executable, "-c", script], env=production_env(DJANGO_SECURE_HSTS_PRELOAD="true")
    )
    check = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(DJANGO_SECURE_HSTS_PRELOAD="true"),
    )

    assert default.stdout.strip() == "False"
    assert asked.stdout.strip() == "True"
    assert check.returncode == 0, check.stdout + check.stderr


def test_compose_publishes_the_web_port_on_loopback_and_gunicorn_trusts_only_its_proxy(compose):
    web = compose["services"]["web"]
    gunicorn_conf = (ROOT / "gunicorn.conf.py").read_text()

    assert all(str(port).startswith("${WEB_BIND:-127.0.0.1}:") for port in web["ports"])
    assert web["environment"]["FORWARDED_ALLOW_IPS"] == "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
    assert 'os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")' in gunicorn_conf
    assert "${SITE_URL:?" in web["environment"]["SITE_URL"]

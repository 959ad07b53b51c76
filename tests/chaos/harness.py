"""What the fault-injection tests start and break: their own Redis (and PostgreSQL), an SMTP
sink, and the portal's processes (gunicorn, Celery worker, Celery beat) under production
settings (tests/chaos/settings.py). Nothing here touches the shared services."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], object], timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if condition():
                return True
        time.sleep(interval)
    return False


# --- Redis -------------------------------------------------------------------------------


class RedisServer:
    """A redis-server of our own on a free port, without persistence."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=(self.directory / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        assert wait_until(self.ping, 10), "our redis-server did not start"

    def ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def restart(self) -> None:
        """Killed and started again on the same port: every key (queued task) is gone."""
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


# --- PostgreSQL --------------------------------------------------------------------------


def unprivileged_user() -> str:
    """PostgreSQL refuses to run as root: the cluster runs as `nobody` (created if missing)."""
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "nobody"], check=True)  # noqa: S607
    return "nobody"


class PostgresCluster:
    """A PostgreSQL cluster of our own (initdb/pg_ctl in a temporary folder, as `nobody`)."""

    def __init__(self, directory: Path):
        self.port = free_port()
        # As root, the cluster runs as `nobody`; otherwise as the user running the tests.
        self.user = unprivileged_user() if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.data = directory / "pgdata"
        self.data.mkdir()
        self.socket_dir = directory / "pgsocket"
        self.socket_dir.mkdir()
        self.log = directory / "postgres.log"
        for path in (directory, self.data, self.socket_dir):
            shutil.chown(path, user=self.user)
        self.log.touch()
        shutil.chown(self.log, user=self.user)
        self._as_user(
            ["initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        )
        self.start()

    def _as_user(self, command: list[str]) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603
            prefix + command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def _pg_ctl(self, *arguments: str) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        self._as_user(
            ["pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", *arguments]
        )

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("-m", "immediate", "stop")


# --- SMTP sink ---------------------------------------------------------------------------


@dataclass
class Received:
    message_id: str
    to: str
    attempt: int
    at: float


@dataclass
class SmtpSink:
    """An SMTP server that keeps what it receives (aiosmtpd)."""

    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.received.append(
                Received(
                    message_id=str(message.get("Message-ID", "")),
                    to=",".join(envelope.rcpt_tos),
                    attempt=int(message.get("X-Outbox-Attempt", "1")),
                    at=time.monotonic(),
                )
            )
        return "250 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [item.message_id for item in self.received]

    def duplicates(self) -> list[Received]:
        """Every copy after the first of the same Message-ID."""
        seen: set[str] = set()
        copies = []
        with self.lock:
            for item in self.received:
                if item.message_id in seen:
                    copies.append(item)
                seen.add(item.message_id)
        return copies


def start_smtp_sink() -> tuple[SmtpSink, Controller, int]:
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return sink, controller, port


# --- The portal's processes ---------------------------------------------------------------


class Portal:
    """gunicorn, a Celery worker and Celery beat under tests/chaos/settings.py."""

    def __init__(self, *, directory: Path, database_url: str, redis_url: str, smtp_port: int):
        self.directory = directory
        self.web_port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.chaos.settings",
            "DJANGO_SECRET_KEY": "chaos-" + "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{self.web_port}",
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "CACHE_URL": redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
            "REQUIRE_STAFF_TWO_FACTOR": "false",
            "WEB_CONCURRENCY": "2",
            "PORT": str(self.web_port),
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("CELERY_TASK_DEFAULT_QUEUE", "TEST_DB_SUFFIX"):
            self.env.pop(name, None)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def _start(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=self.env,
            stdout=(self.directory / f"{name}.log").open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the whole worker
        )
        self.processes[name] = process
        return process

    def start_web(self) -> None:
        self._start(
            "web",
            [
                str(BIN / "gunicorn"),
                "iomcso.wsgi",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
            ],
        )
        assert wait_until(
            lambda: requests.get(f"{self.base_url}/healthz", timeout=5).status_code in (200, 503),
            60,
        ), self.log_tail("web")

    def worker_command(self) -> list[str]:
        return [
            str(BIN / "celery"),
            "-A",
            "iomcso",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]

    def start_worker(self, *, supervised: bool = False) -> None:
        command = self.worker_command()
        if supervised:  # as `make run` does (the Procfile)
            command = [
                PYTHON,
                str(ROOT / "bin" / "keep_running.py"),
                "--delay",
                "1",
                "--",
                *command,
            ]
        self._start("worker", command)

    def start_beat(self) -> None:
        schedule = self.directory / "celerybeat-schedule"
        self._start(
            "beat",
            [str(BIN / "celery"), "-A", "iomcso", "beat", "--loglevel=INFO", "-s", str(schedule)],
        )

    def kill_worker(self) -> None:
        """kill -9 of the whole worker (its process group: the main process and the pool)."""
        process = self.processes["worker"]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def manage(self, code: str) -> str:
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.directory / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def chaos_directory() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="iomcso-chaos-"))
    directory.chmod(0o755)
    return directory


# --- A browser-like visitor -----------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Outcome:
    action: str
    status: int
    seconds: float
    started: float
    email: str = ""
    error: str = ""


class Visitor:
    """One person (one client address, through the trusted proxy) using the portal."""

    def __init__(self, base_url: str, address: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = address

    def _request(self, action: str, method: str, path: str, **kwargs) -> Outcome:
        started = time.monotonic()
        try:
            response = self.session.request(
                method, self.base_url + path, timeout=30, allow_redirects=False, **kwargs
            )
            status = response.status_code
            error = ""
            self.last_text = response.text
        except requests.RequestException as exc:
            status, error, self.last_text = 0, str(exc), ""
        return Outcome(action, status, time.monotonic() - started, started, error=error)

    def _form(self, action: str, path: str, data: dict[str, str]) -> list[Outcome]:
        page = self._request(action + "_page", "GET", path)
        found = CSRF_INPUT.search(self.last_text)
        if not found:
            return [page]
        posted = self._request(
            action, "POST", path, data={**data, "csrfmiddlewaretoken": found.group(1)}
        )
        return [page, posted]

    def home(self) -> list[Outcome]:
        return [self._request("home", "GET", "/en/")]

    def sign_in(self, email: str, password: str) -> list[Outcome]:
        outcomes = self._form(
            "sign_in", "/en/accounts/login/", {"login": email, "password": password}
        )
        self.session.cookies.clear()  # signed out for the next round
        return outcomes

    def sign_up(self, email: str) -> list[Outcome]:
        outcomes = self._form(
            "sign_up",
            "/en/accounts/signup/",
            {
                "full_name": "Chaos Visitor",
                "email": email,
                "password1": "a long and unusual passphrase 42",
                "password2": "a long and unusual passphrase 42",
                "accept_privacy_notice": "on",
            },
        )
        outcomes[-1].email = email
        self.session.cookies.clear()
        return outcomes

    def reset_password(self, email: str) -> list[Outcome]:
        outcomes = self._form("reset_password", "/en/accounts/password/reset/", {"email": email})
        outcomes[-1].email = email
        return outcomes


# --- Publishing tasks to our own broker from the test process --------------------------------


class Publisher:
    """A bare Celery app on our Redis: sends the portal's tasks by name, as beat or a web
    process would, without touching the test process's own Celery configuration."""

    def __init__(self, broker_url: str):
        from celery import Celery

        self.app = Celery("chaos-publisher", broker=broker_url)
        self.app.conf.broker_transport_options = {"socket_timeout": 2, "max_retries": 1}

    def send(self, name: str, **kwargs: object) -> bool:
        try:
            self.app.send_task(name, kwargs=kwargs, queue="celery", retry=False)
        except Exception:  # noqa: BLE001 - a broker outage: the portal's sweep takes over
            return False
        return True

    def deliver(self, message_ids: list[int]) -> bool:
        """Hand the messages to the broker; False when any hand-over failed."""
        handed = [
            self.send("iomcso.core.tasks.deliver_outbox_message_task", message_id=message_id)
            for message_id in message_ids
        ]
        return all(handed)

    def close(self) -> None:
        self.app.close()


def queue_emails(count: int, prefix: str) -> list[int]:
    """Outbox rows as the portal writes them (the test then hands them to the broker)."""
    from iomcso.core.models import OutboxMessage

    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            to=[f"{prefix}-{number}@example.org"],
            subject=f"Chaos {prefix} {number}",
            body_text="A message written by a fault-injection test.\n",
            body_html="<p>A message written by a fault-injection test.</p>",
            language="en",
            template="chaos",
        )
        for number in range(count)
    )
    return [row.pk for row in rows]

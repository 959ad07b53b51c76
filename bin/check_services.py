"""Checks PostgreSQL and Redis before the portal starts, and creates the database if missing.

Prints one clear sentence with the fix when a service cannot be reached (exit 1).
Runs before Django so that a missing database is created rather than reported.
"""

import os
import sys
from typing import Any
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/iomcso"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def ensure_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    url = urlparse(database_url)
    name = url.path.lstrip("/") or "iomcso"
    params: dict[str, Any] = {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username or "postgres",
        "password": url.password or None,
        "connect_timeout": 5,
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created the PostgreSQL database {name!r}.")
    except psycopg.OperationalError as error:
        reason = " ".join(str(error).split())
        if "authentication failed" in reason or "does not exist" in reason or "pg_hba" in reason:
            sys.exit(
                f"PostgreSQL at {params['host']}:{params['port']} refused to sign in "
                f"user {params['user']!r} ({reason.rsplit('FATAL:', 1)[-1].strip()}): "
                "set DATABASE_URL to a user and password it accepts."
            )
        sys.exit(
            f"PostgreSQL is not reachable at {params['host']}:{params['port']}: start it "
            "(for example `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) "
            "or set DATABASE_URL to a running server."
        )
    except psycopg.Error as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        sys.exit(
            f"PostgreSQL at {params['host']}:{params['port']} refused to prepare the database "
            f"{name!r} ({reason}): create it yourself or set DATABASE_URL to a user that may."
        )


def ensure_redis(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        url = urlparse(redis_url)
        sys.exit(
            f"Redis is not reachable at {url.hostname}:{url.port or 6379}: start it "
            '(for example `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""`) '
            "or set REDIS_URL to a running server."
        )
    finally:
        client.close()


if __name__ == "__main__":
    ensure_database(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    ensure_redis(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL))

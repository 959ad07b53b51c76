"""Django's PostgreSQL backend, with one addition: a query interrupted by an exception that
is not a database error never leaves its connection in the middle of a command.

A time limit interrupts whatever the thread is doing by raising from a signal handler:
Celery's soft time limit (``SoftTimeLimitExceeded``), pytest-timeout in the tests. When that
happens while psycopg waits for a query's result, psycopg cancels the query only for
KeyboardInterrupt and SystemExit; for any other exception the connection stays "active",
and its next command, the failure being recorded or the next request, fails with
"another command is already in progress". Django does not notice (the exception is not a
database error), so it kept the connection.

Here such a connection has its query cancelled on the server and is closed: Django opens a
new one for the next query (inside an ``atomic`` block, that block fails as after any lost
connection and rolls back). Enabled by ``ENGINE = "iomcso.core.database"``.
"""

import logging

import psycopg
from django.db.backends.postgresql import base
from django.db.utils import DatabaseErrorWrapper
from django.utils.functional import cached_property
from psycopg.pq import TransactionStatus

logger = logging.getLogger(__name__)

# How long to wait for PostgreSQL to accept the cancel request before closing anyway.
CANCEL_TIMEOUT_SECONDS = 2.0


class InterruptionSafeErrorWrapper(DatabaseErrorWrapper):
    """Django's wrapper around every database call (cursor, fetch, commit, rollback):
    database errors as Django's; on any other exception, a command left in flight is
    cancelled and its connection dropped."""

    wrapper: "DatabaseWrapper"  # set by Django's __init__ (the stubs leave it out)

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is not None and not issubclass(exc_type, psycopg.Error):
            self.wrapper.drop_interrupted_connection()
        return super().__exit__(exc_type, exc_value, traceback)


class DatabaseWrapper(base.DatabaseWrapper):
    @cached_property
    def wrap_database_errors(self) -> DatabaseErrorWrapper:
        return InterruptionSafeErrorWrapper(self)

    def drop_interrupted_connection(self) -> None:
        """Cancel the command still running on this connection, if any, and close it."""
        raw = self.connection
        if raw is None or raw.closed or raw.info.transaction_status != TransactionStatus.ACTIVE:
            return
        logger.warning("database query interrupted: cancelled, and its connection closed")
        try:
            raw.cancel_safe(timeout=CANCEL_TIMEOUT_SECONDS)
        except Exception:  # noqa: BLE001 - closing below ends the query in any case
            logger.warning("the interrupted query could not be cancelled")
        self.close()

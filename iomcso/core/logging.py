"""Adds the current request id and Celery task id to every log record, and keeps each
record on one line: control characters in logged values (a newline in a path, a header,
a name) are escaped, so no client can forge a log line."""

import contextvars
import logging
import re

from celery import current_task

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is logging's own business
            message = None
        if message is not None and CONTROL_CHARACTERS.search(message):
            record.msg, record.args = escape_control_characters(message), None
        request_id = request_id_var.get()
        if request_id == "-":
            # django.request logs some lines after the middleware returned; they carry the request.
            request_id = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = request_id
        task_id = "-"
        try:
            if current_task and current_task.request and current_task.request.id:
                task_id = current_task.request.id
        except Exception:  # noqa: BLE001, S110 - logging must never fail
            pass
        record.task_id = task_id
        return True

"""Adds the current request id and Celery task id to every log record."""

import contextvars
import logging

from celery import current_task

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
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

"""The Celery application: broker on Redis, tasks found in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomcso.settings.local")

app = Celery("iomcso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

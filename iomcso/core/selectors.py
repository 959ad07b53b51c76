import datetime

from django.apps import apps
from django.db.models import Max

from .models import WorkerHeartbeat


def home_counts() -> dict[str, int]:
    """Small public figures for the home page; each app contributes what it has."""
    counts: dict[str, int] = {}
    organization_model = apps.get_model("partners", "Organization")
    counts["verified_partners"] = organization_model.objects.verified().count()
    return counts


def worker_last_seen() -> datetime.datetime | None:
    """When any Celery worker last ran the heartbeat task."""
    return WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]

from django.db import migrations

SWEEP = "Deliver pending outbox emails"
HEARTBEAT = "Worker heartbeat"


def every_15_seconds(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_15s, _ = IntervalSchedule.objects.get_or_create(every=15, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=SWEEP,
        defaults={"task": "iomcso.core.tasks.sweep_outbox_task", "interval": every_15s},
    )
    PeriodicTask.objects.get_or_create(
        name=HEARTBEAT,
        defaults={"task": "iomcso.core.tasks.worker_heartbeat_task", "interval": every_15s},
    )


def every_minute(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_1m, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.filter(name=SWEEP).update(interval=every_1m)
    PeriodicTask.objects.filter(name=HEARTBEAT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_outbox_attempts_and_worker_heartbeat"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(every_15_seconds, every_minute)]

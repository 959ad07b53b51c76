from django.db import migrations

NAME = "Refresh the staff dashboard's figures"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "iomcso.core.tasks.refresh_dashboard_aggregates_task",
            "interval": every_ten_minutes,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0007_sweep_every_15_seconds_and_worker_heartbeat")]
    operations = [migrations.RunPython(create_schedule, remove_schedule)]

"""Beat schedule of the annual profile-confirmation reminder (partners.tasks).

It lives with the accounts app, which the portal owns, so that it never competes with
the registry's partners migrations for the latest leaf. Staff can change it in the admin.
"""

from django.db import migrations

TASK_NAME = "Ask partners to confirm their profile (yearly)"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="6",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="UTC",
    )
    # Runs daily: each organization is reminded once its last confirmation is a year old.
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "partners.tasks.send_profile_confirmation_reminders_task",
            "crontab": daily,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create_schedule, remove_schedule)]

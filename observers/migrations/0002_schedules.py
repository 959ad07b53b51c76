from django.db import migrations

SCHEDULES = [
    # name, task, crontab (minute, hour, day_of_month)
    ("Observer status: monthly eligibility reports", "observers.tasks.request_monthly_reports_task", ("0", "5", "1")),
    ("Observer status: reminders", "observers.tasks.send_observer_reminders_task", ("30", "6", "*")),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, day_of_month) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=day_of_month, month_of_year="*", day_of_week="*", timezone="UTC"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, _task, _cron in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("observers", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create_schedules, remove_schedules)]

"""Move each observer application's ApplicationTransition rows into the shared TransitionLog (reversible)."""

from django.db import migrations


def forward(apps, schema_editor):
    ApplicationTransition = apps.get_model("observers", "ApplicationTransition")
    TransitionLog = apps.get_model("core", "TransitionLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ApplicationTransition.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="observers", model="observerapplication"
    )
    TransitionLog.objects.bulk_create(
        TransitionLog(
            content_type_id=content_type.pk,
            object_id=change.application_id,
            state_field="status",
            from_status=change.from_status,
            to_status=change.to_status,
            actor_id=change.actor_id,
            comment=change.comment,
            created_at=change.created_at,
        )
        for change in ApplicationTransition.objects.order_by("pk").iterator()
    )


def backward(apps, schema_editor):
    ApplicationTransition = apps.get_model("observers", "ApplicationTransition")
    TransitionLog = apps.get_model("core", "TransitionLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(
        app_label="observers", model="observerapplication"
    ).first()
    if content_type is None:
        return
    logs = TransitionLog.objects.filter(content_type_id=content_type.pk)
    for log in logs.order_by("pk").iterator():
        change = ApplicationTransition.objects.create(
            application_id=log.object_id,
            from_status=log.from_status,
            to_status=log.to_status,
            actor_id=log.actor_id,
            comment=log.comment,
        )
        # auto_now_add set the time of the copy; put back the time of the change.
        ApplicationTransition.objects.filter(pk=change.pk).update(created_at=log.created_at)
    logs.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("observers", "0004_verbose_names"),
        ("core", "0005_transition_log"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]

"""Staff roles as Django groups.

Each app lists, in its ``roles.py``, the permissions each role needs on its models
(``ROLE_PERMISSIONS = {"Consultations officer": ["consultations.change_consultation"]}``).
The groups exist from migration ``core.0003``; their permissions are synchronised after
every ``migrate`` (permissions themselves are only created after migrations run).
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy

PARTNERSHIPS_OFFICER = "Partnerships officer"
CONSULTATIONS_OFFICER = "Consultations officer"
OBSERVER_REVIEWER = "Observer-status reviewer"
READ_ONLY_VIEWER = "Read-only viewer"
DUE_DILIGENCE_OFFICER = "Due-diligence officer"
# Keeps the machinery running: schedules, the outbox, sites, two-factor authenticators.
SYSTEM_ADMINISTRATOR = "System administrator"
AUDITOR = "Auditor"
STAFF_ROLES = [
    PARTNERSHIPS_OFFICER,
    CONSULTATIONS_OFFICER,
    OBSERVER_REVIEWER,
    READ_ONLY_VIEWER,
    DUE_DILIGENCE_OFFICER,
    SYSTEM_ADMINISTRATOR,
    AUDITOR,
]
# The groups keep the English names above (code finds them by name); staff read these labels.
ROLE_LABELS = {
    PARTNERSHIPS_OFFICER: gettext_lazy("Partnerships officer"),
    CONSULTATIONS_OFFICER: gettext_lazy("Consultations officer"),
    OBSERVER_REVIEWER: gettext_lazy("Observer-status reviewer"),
    READ_ONLY_VIEWER: gettext_lazy("Read-only viewer"),
    DUE_DILIGENCE_OFFICER: gettext_lazy("Due-diligence officer"),
    SYSTEM_ADMINISTRATOR: gettext_lazy("System administrator"),
    AUDITOR: gettext_lazy("Auditor"),
}
# The admin's technical sections: shown only to superusers and system administrators.
TECHNICAL_MODELS = frozenset(
    {
        "django_celery_beat.periodictask",
        "django_celery_beat.crontabschedule",
        "django_celery_beat.intervalschedule",
        "django_celery_beat.clockedschedule",
        "django_celery_beat.solarschedule",
        "sites.site",
        "mfa.authenticator",
        "core.outboxmessage",
        "core.reminderlog",
    }
)

# The core's own roles: auditors read the audit log (and nothing else through this role);
# system administrators keep the machinery running.
ROLE_PERMISSIONS = {
    AUDITOR: ["core.view_auditrecord"],
    SYSTEM_ADMINISTRATOR: [
        *(
            f"django_celery_beat.{action}_{model}"
            for model in (
                "periodictask",
                "crontabschedule",
                "intervalschedule",
                "clockedschedule",
                "solarschedule",
            )
            for action in ("view", "add", "change", "delete")
        ),
        "sites.view_site",
        "sites.change_site",
        "mfa.view_authenticator",
        "mfa.delete_authenticator",
        "core.view_outboxmessage",
        "core.view_reminderlog",
    ],
}


def user_sees_technical_sections(user) -> bool:
    return bool(
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=SYSTEM_ADMINISTRATOR).exists())
    )


def role_label(group_name: str) -> str:
    """A staff role's name in the current language; another group's name as it is."""
    return str(ROLE_LABELS.get(group_name, group_name))


def declared_role_permissions() -> dict[str, set[str]]:
    declared: dict[str, set[str]] = {role: set() for role in STAFF_ROLES}
    for app_config in apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError:
            continue
        for role, permissions in getattr(module, "ROLE_PERMISSIONS", {}).items():
            declared.setdefault(role, set()).update(permissions)
    return declared


def sync_staff_roles() -> None:
    """Give each role group exactly the permissions the apps declare for it."""
    for role, permission_names in declared_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for name in sorted(permission_names):
            app_label, codename = name.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)

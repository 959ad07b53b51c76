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
AUDITOR = "Auditor"
STAFF_ROLES = [
    PARTNERSHIPS_OFFICER,
    CONSULTATIONS_OFFICER,
    OBSERVER_REVIEWER,
    READ_ONLY_VIEWER,
    AUDITOR,
]
# The groups keep the English names above (code finds them by name); staff read these labels.
ROLE_LABELS = {
    PARTNERSHIPS_OFFICER: gettext_lazy("Partnerships officer"),
    CONSULTATIONS_OFFICER: gettext_lazy("Consultations officer"),
    OBSERVER_REVIEWER: gettext_lazy("Observer-status reviewer"),
    READ_ONLY_VIEWER: gettext_lazy("Read-only viewer"),
    AUDITOR: gettext_lazy("Auditor"),
}
# The core's own role: auditors read the audit log (and nothing else through this role).
ROLE_PERMISSIONS = {AUDITOR: ["core.view_auditrecord"]}


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

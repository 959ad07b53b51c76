from django.apps import apps

from .roles import sync_staff_roles


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """Synchronise the staff role groups once per ``migrate`` (or test flush).

    Django sends post_migrate once per app; permissions of every app exist only after the
    last app's signal, so the sync runs then and only then (it costs a query per permission).
    """

    apps_with_models = [config for config in apps.get_app_configs() if config.models_module]
    if apps_with_models and sender is apps_with_models[-1]:
        sync_staff_roles()

def sync_roles_after_migrate(sender, **kwargs) -> None:
    from .roles import sync_staff_roles

    sync_staff_roles()

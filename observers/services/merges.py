"""What the observers app resolves before the registry merges two organizations."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Organization

from .. import selectors
from .applications import application_withdraw
from .delegates import observer_end


def organization_merge_prepare(*, keep: Organization, duplicate: Organization, actor) -> None:
    """Before the registry merges ``duplicate`` into ``keep``: resolve what may exist once.

    Called by ``partners.services.organization_merge`` (registered in ``apps.py``). Two
    applications in progress cannot both move: the duplicate's is withdrawn. Two current
    observer terms cannot both move: the duplicate's ends today. Then every row moves.
    """
    reason = str(_("Merged into %(name)s in the registry.") % {"name": keep.name})
    if selectors.application_in_progress(organization=keep) is not None:
        duplicate_application = selectors.application_in_progress(organization=duplicate)
        if duplicate_application is not None:
            application_withdraw(application=duplicate_application, actor=actor, comment=reason)
    if selectors.current_observer(organization=keep) is not None:
        observer = selectors.current_observer(organization=duplicate)
        if observer is not None:
            observer_end(
                observer=observer,
                reason=reason,
                ended_on=max(timezone.localdate(), observer.since),
                actor=actor,
            )

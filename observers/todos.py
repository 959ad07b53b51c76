"""Observer applications on the partner's portal to-do list (partners.portal.todos)."""

from django.utils.translation import gettext_lazy as _

from partners.choices import MemberRole
from partners.models import OrganizationMember
from partners.portal.todos import Todo

from .models import ApplicationStatus, ObserverApplication


def observer_todos(*, user) -> list[Todo]:
    """Drafts to finish and information the reviewers asked for, for the organizations the
    user administers. One query."""
    administered = OrganizationMember.objects.filter(
        user=user, role=MemberRole.ADMINISTRATOR
    ).values("organization_id")
    applications = (
        ObserverApplication.objects.filter(
            organization_id__in=administered,
            status__in=(ApplicationStatus.DRAFT, ApplicationStatus.INFORMATION_REQUESTED),
        )
        .select_related("organization")
        .order_by("status_changed_at")
    )
    todos = []
    for application in applications:
        name = application.organization.name
        if application.status == ApplicationStatus.INFORMATION_REQUESTED:
            todos.append(
                Todo(
                    title=_("IOM asks for more information on the Observer application of %(name)s")
                    % {"name": name},
                    detail=application.information_request,
                    url=application.get_absolute_url(),
                    action=_("Answer the reviewers"),
                )
            )
        else:
            todos.append(
                Todo(
                    title=_("Finish the Observer application of %(name)s") % {"name": name},
                    detail=_("A draft is saved; every criterion needs a statement to submit."),
                    url=application.get_absolute_url(),
                    action=_("Continue the application"),
                )
            )
    return todos

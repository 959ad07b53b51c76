"""The partner's to-do list on the portal dashboard, gathered from every app.

``partners`` may not import ``consultations`` or ``observers`` (layering), so each app
registers a provider in its ``AppConfig.ready()``: a function of the user that returns
``Todo`` items. Each provider runs a bounded number of queries, whatever the user's data.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partners.choices import MemberRole, VerificationStatus
from partners.models import Contact, Organization, OrganizationDocument, OrganizationMember

from . import services


@dataclass(frozen=True)
class Todo:
    """One thing the partner should do: a sentence, the page where it is done, a deadline."""

    title: str | Promise
    url: str
    action: str | Promise
    due: datetime.date | datetime.datetime | None = None
    detail: str | Promise = ""

    @property
    def urgent(self) -> bool:
        """Due within a week (or overdue)."""
        if self.due is None:
            return False
        due = self.due if isinstance(self.due, datetime.datetime) else None
        now = timezone.now()
        if due is None:
            return self.due <= (now + datetime.timedelta(days=7)).date()
        return due <= now + datetime.timedelta(days=7)


TodoProvider = Callable[..., Iterable[Todo]]
_providers: list[TodoProvider] = []


def register_todo_provider(provider: TodoProvider) -> None:
    """Called from an app's ``ready()``; a provider is registered once."""
    if provider not in _providers:
        _providers.append(provider)


def todos_for(user) -> list[Todo]:
    """Every provider's to-dos for the user, those with the nearest deadline first."""
    todos: list[Todo] = []
    for provider in _providers:
        todos.extend(provider(user=user))
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)

    def deadline(todo: Todo) -> datetime.datetime:
        if todo.due is None:
            return far
        if isinstance(todo.due, datetime.datetime):
            return todo.due
        return datetime.datetime.combine(todo.due, datetime.time.max, tzinfo=datetime.UTC)

    return sorted(todos, key=deadline)


def partner_todos(*, user) -> list[Todo]:
    """The registry's own: a registration draft to finish, profiles to confirm or correct."""
    todos: list[Todo] = []
    draft = services.registration_draft_for(user)
    if draft:
        todos.append(
            Todo(
                title=_("Finish registering your organization"),
                detail=_("Your answers are saved; continue where you stopped."),
                url=reverse("portal:registration_start"),
                action=_("Continue the registration"),
            )
        )
    cutoff = timezone.now() - services.PROFILE_CONFIRMATION_INTERVAL
    administered = (
        Organization.objects.filter(
            pk__in=OrganizationMember.objects.filter(
                user=user, role=MemberRole.ADMINISTRATOR
            ).values("organization_id")
        )
        .annotate(
            has_contact=Exists(Contact.objects.filter(organization=OuterRef("pk"))),
            has_document=Exists(OrganizationDocument.objects.filter(organization=OuterRef("pk"))),
        )
        .order_by("name")
    )
    for organization in administered:
        url = reverse("portal:organization_detail", args=[organization.pk])
        if organization.verification_status in (
            VerificationStatus.PENDING,
            VerificationStatus.VERIFIED,
        ):
            if not organization.has_contact:
                todos.append(
                    Todo(
                        title=_("Name a contact person for %(name)s") % {"name": organization.name},
                        detail=_("IOM staff write to this person about the partnership."),
                        url=reverse("portal:contact_add", args=[organization.pk]),
                        action=_("Add a contact"),
                    )
                )
            if not organization.has_document:
                todos.append(
                    Todo(
                        title=_("Upload the registration certificate of %(name)s")
                        % {"name": organization.name},
                        detail=_("IOM staff need it to verify the organization."),
                        url=reverse("portal:documents", args=[organization.pk]),
                        action=_("Upload documents"),
                    )
                )
        if organization.verification_status == VerificationStatus.REJECTED:
            todos.append(
                Todo(
                    title=_("Correct and resubmit the registration of %(name)s")
                    % {"name": organization.name},
                    url=url,
                    action=_("See what IOM staff asked"),
                )
            )
        elif organization.verification_status == VerificationStatus.VERIFIED:
            baseline = services.profile_confirmation_baseline(organization)
            if baseline <= cutoff:
                todos.append(
                    Todo(
                        title=_("Confirm that the profile of %(name)s is up to date")
                        % {"name": organization.name},
                        detail=_("IOM asks partners to check their profile once a year."),
                        url=url,
                        action=_("Check the profile"),
                        due=(baseline + services.PROFILE_CONFIRMATION_INTERVAL).date(),
                    )
                )
    return todos

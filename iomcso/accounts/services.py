"""Writes about a user's own account: privacy acceptance and account deletion."""

from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from .models import User

if TYPE_CHECKING:
    from partners.models import Organization


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet; ``message`` tells the user what to do."""

    def __init__(self, message: str, organizations: list[str]):
        super().__init__(message)
        self.message = message
        self.organizations = organizations


@transaction.atomic
def user_accept_privacy_notice(*, user: User) -> User:
    """Record that the user accepted the current version of the privacy notice."""
    user.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
    user.privacy_notice_accepted_at = timezone.now()
    user.save(update_fields=["privacy_notice_version", "privacy_notice_accepted_at"])
    return user


@transaction.atomic
def user_update_profile(*, user: User, actor: User, full_name: str, language: str) -> User:
    """Change the user's name and the language of the emails they receive."""
    user.full_name = full_name.strip()
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language"])
    return user


def organizations_only_administered_by(user: User, *, lock: bool = False) -> "list[Organization]":
    """Organizations where the user is the only administrator, by name.

    With ``lock`` (inside a transaction) the administrator rows of those organizations are
    locked, so a concurrent role change cannot slip between the check and the deletion.
    """
    from partners.choices import MemberRole
    from partners.models import OrganizationMember

    administered = OrganizationMember.objects.filter(user=user, role=MemberRole.ADMINISTRATOR)
    if lock:
        # Every administrator row of those organizations, in a stable order: two
        # administrators deleting their accounts at once cannot both pass the check.
        list(
            OrganizationMember.objects.select_for_update()
            .filter(
                organization_id__in=administered.values("organization_id"),
                role=MemberRole.ADMINISTRATOR,
            )
            .order_by("pk")
        )
    sole: list[Organization] = []
    for member in administered.select_related("organization"):
        others = (
            OrganizationMember.objects.filter(
                organization_id=member.organization_id, role=MemberRole.ADMINISTRATOR
            )
            .exclude(user=user)
            .exists()
        )
        if not others:
            sole.append(member.organization)
    return sorted(sole, key=lambda organization: organization.name)


@transaction.atomic
def user_delete(*, user: User, actor: User) -> None:
    """Delete the account and the personal data tied to it.

    Refused while the user is the last administrator of an organization: the team
    would be left with nobody able to manage it. Records kept for the organization
    (documents, history) lose the link to the user, not their content.
    """
    blocking = [
        organization.name for organization in organizations_only_administered_by(user, lock=True)
    ]
    if blocking:
        raise AccountDeletionRefused(
            _(
                "You are the only administrator of %(organizations)s. Name another "
                "administrator in the team page first, then delete your account."
            )
            % {"organizations": ", ".join(blocking)},
            blocking,
        )
    with _history_without_request_user():
        user.delete()


@contextmanager
def _history_without_request_user():
    """Rows deleted with the user get history rows that do not point at the deleted user.

    django-simple-history takes the history user from the current request; during the
    deletion that user is the one being deleted, and the row would reference nobody.
    """
    context = HistoricalRecords.context
    request = getattr(context, "request", None)
    if request is not None:
        del context.request
    try:
        yield
    finally:
        if request is not None:
            context.request = request

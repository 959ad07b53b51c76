"""Writes about a user's own account: privacy acceptance and account deletion."""

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from iomcso.core.registry import personal_data_erase, user_deletion_blockers

from .models import User


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


@transaction.atomic
def user_set_language(*, user: User, actor: User, language: str) -> User:
    """Remember the language a signed-in user chose in the switcher, for their pages and emails."""
    if language != user.language:
        user.language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_delete(*, user: User, actor: User) -> None:
    """Delete the account and the personal data tied to it.

    Refused while a rule registered with the core blocks it (the last administrator of an
    organization: the team would be left with nobody able to manage it); then each app
    erases its part. Records kept for the organization (documents, history) lose the link
    to the user, not their content.
    """
    blocking = [blocker.name for blocker in user_deletion_blockers(user, lock=True)]
    if blocking:
        raise AccountDeletionRefused(
            _(
                "You are the only administrator of %(organizations)s. Name another "
                "administrator in the team page first, then delete your account."
            )
            % {"organizations": ", ".join(blocking)},
            blocking,
        )
    personal_data_erase(user)
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

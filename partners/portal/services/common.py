"""Errors and notification helpers shared by the portal's services."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from iomcso.core import workflow
from iomcso.core.roles import PARTNERSHIPS_OFFICER
from iomcso.core.services import email_queue
from partners.choices import MemberRole
from partners.models import (
    Organization,
)

from ..forms import PROFILE_FIELDS

User = get_user_model()


class PortalError(Exception):
    """A refused portal action, with a message fit to show the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LastAdministratorError(PortalError):
    pass


class InvalidTransition(PortalError, workflow.InvalidTransition):  # type: ignore[misc]  # both hold the same text in .message
    """A portal action the workflow refuses: caught as a PortalError or an InvalidTransition."""


class InvitationForSomeoneElse(PortalError):
    pass


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def _url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return _absolute(reverse(name, kwargs=kwargs or None))


def _language_of(user) -> str:
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def _notify_users(
    users: Iterable, *, template: str, context: dict, url_name: str = "", url_kwargs=None
):
    for user in users:
        if not user.email:
            continue
        language = _language_of(user)
        extra = {"recipient": user}
        if url_name:
            extra["url"] = _url_in(language, url_name, **(url_kwargs or {}))
        email_queue(
            to=user.email,
            template=f"partners/portal/{template}",
            context={**context, **extra},
            language=language,
        )


def partnership_officers():
    return User.objects.filter(groups__name=PARTNERSHIPS_OFFICER, is_active=True).distinct()


def organization_administrators(organization: Organization):
    return User.objects.filter(
        organization_memberships__organization=organization,
        organization_memberships__role=MemberRole.ADMINISTRATOR,
        is_active=True,
    ).distinct()


def _notify_staff_of_registration(organization: Organization, *, resubmitted: bool) -> None:
    _notify_users(
        partnership_officers(),
        template="staff_registration_submitted",
        context={"organization": organization, "resubmitted": resubmitted},
        url_name="admin:partners_organization_change",
        url_kwargs={"object_id": organization.pk},
    )


def _with_history_user(instance, actor):
    # django-simple-history records who made the change from this attribute.
    instance._history_user = actor
    return instance


def _profile_values(data: dict) -> dict:
    """Keep only the profile fields, normalised to what the model stores."""
    values = {}
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field in ("countries_of_operation", "activities", "operating_settings"):
            value = [str(item) for item in (value or [])]
        elif field in ("headquarters_country", "legal_registration_country"):
            value = str(value or "")
        elif field in ("year_founded", "ecosoc_year"):
            value = int(value) if value not in (None, "") else None
        elif field == "is_network":
            value = bool(value)
        elif value is None:
            value = ""
        values[field] = value
    # Built and checked by the profile form from its boxes per language.
    if "profile_translations" in data:
        values["profile_translations"] = data["profile_translations"]
    return values

"""Reads about a user: everything the portal holds about them, for the data export."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from iomcso.core.registry import personal_data_export


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def user_personal_data(*, user) -> dict[str, Any]:
    """All personal data held about the user, as JSON-ready values.

    Apps add their own part by registering an exporter with ``iomcso.core.registry``
    in their ``AppConfig.ready()``.
    """
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_staff": user.is_staff,
            "privacy_notice_version": user.privacy_notice_version,
            "privacy_notice_accepted_at": _iso(user.privacy_notice_accepted_at),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # Which second factors exist, never their secrets.
        "two_factor_authenticators": [
            {"type": authenticator.type, "created_at": _iso(authenticator.created_at)}
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }
    data.update(personal_data_export(user))
    return data

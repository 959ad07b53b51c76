"""Writes of personal API tokens: made (the secret shown once), revoked, marked as used."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import ApiToken, Organization
from partners.permissions import CAN_EDIT, member_role

TOKEN_PREFIX = "iomcso_"  # noqa: S105 - the public start of every token, not a secret
MAX_LIFETIME = datetime.timedelta(days=365)
# last_used_at is written at most once a minute per token, not on every request.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


def token_hash(raw: str) -> str:
    """SHA-256 of the whole token: the secret is random and long, so no salt is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    actor,
    name: str,
    scope: str,
    organization: Organization | None,
    expires_at: datetime.datetime,
) -> tuple[ApiToken, str]:
    """Make a token for the actor; return it with its secret, which is never shown again.

    A partner token belongs to an organization the actor is a member of (read-write only
    for administrators and editors); a token without organization is a staff token and
    only staff may make one. Tokens expire within a year.
    """
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the token a name.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read only or read and write.")
    now = timezone.now()
    if expires_at <= now:
        errors["expires_at"] = _("The expiry date must be in the future.")
    elif expires_at > now + MAX_LIFETIME + datetime.timedelta(days=1):
        errors["expires_at"] = _("A token expires within one year.")
    if organization is None:
        if not (actor.is_active and actor.is_staff):
            errors["organization"] = _("Choose one of your organizations.")
        elif settings.REQUIRE_STAFF_TWO_FACTOR and not actor.authenticator_set.exists():
            # A staff token reaches what the admin does: the admin's second factor first.
            errors["organization"] = _(
                "Set up two-factor authentication before you make a staff token."
            )
    else:
        role = member_role(actor, organization)
        if role is None:
            errors["organization"] = _("Choose one of your organizations.")
        elif scope == ApiToken.Scope.READ_WRITE and role not in CAN_EDIT:
            errors["scope"] = _("Your role in this organization allows read-only tokens.")
    if errors:
        raise ValidationError(errors)
    public_part = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{public_part}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=actor,
        organization=organization,
        name=name,
        scope=scope,
        prefix=f"{TOKEN_PREFIX}{public_part}",
        key_hash=token_hash(raw),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token at once; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Record the last use, at most once a minute (a single UPDATE, no lock)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USE_PRECISION:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_PRECISION),
        pk=token.pk,
    ).update(last_used_at=now)
    token.last_used_at = now

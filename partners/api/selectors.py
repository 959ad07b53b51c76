"""Reads of personal API tokens."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from partners.models import ApiToken

from .services import TOKEN_PREFIX, token_hash


def user_api_tokens(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("organization").order_by("-created_at")


def user_api_token(*, user, token_id: int) -> ApiToken:
    """One of the user's own tokens (live or not); anyone else's is 404."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    return token


def api_token_for_key(raw: str) -> ApiToken | None:
    """The live token (neither revoked nor expired, its user active) for a raw key, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    return (
        ApiToken.objects.select_related("user", "organization")
        .filter(
            key_hash=token_hash(raw),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )

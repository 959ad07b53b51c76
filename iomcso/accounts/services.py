from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import User


@transaction.atomic
def user_accept_privacy_notice(*, user: User) -> User:
    """Record that the user accepted the current version of the privacy notice."""
    user.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
    user.privacy_notice_accepted_at = timezone.now()
    user.save(update_fields=["privacy_notice_version", "privacy_notice_accepted_at"])
    return user

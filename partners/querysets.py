from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import VerificationStatus


class OrganizationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def pending(self):
        return self.filter(verification_status=VerificationStatus.PENDING)

    def with_identity_changes(self):
        """Profiles with identity changes that staff have not reviewed yet."""
        return self.exclude(pending_identity_changes={})

    def for_member(self, user):
        """Organizations the user belongs to as a team member."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(members__user=user)

    def profile_confirmation_due(self, cutoff):
        """Profiles last confirmed (or, never confirmed, verified or created) before ``cutoff``."""
        return self.filter(
            Q(profile_confirmed_at__lte=cutoff)
            | Q(profile_confirmed_at__isnull=True, verified_at__lte=cutoff)
            | Q(profile_confirmed_at__isnull=True, verified_at__isnull=True, created_at__lte=cutoff)
        )


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted, revoked nor expired: the link still lets the invitee join."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

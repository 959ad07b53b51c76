"""Writes of the CSO self-service portal.

Every change a partner makes goes through one of these functions: keyword-only
arguments, an ``actor`` for the audit trail, one transaction, emails queued through the
outbox (sent after commit). Verification itself belongs to the registry
(``partners.services``); this module submits, resubmits and reviews identity changes.
"""

from partners.services.documents import (
    document_delete,
    document_upload,
)
from partners.services.organizations import (
    organization_logo_remove,
    organization_logo_set,
)

from .common import (
    InvalidTransition,
    InvitationForSomeoneElse,
    LastAdministratorError,
    PortalError,
    organization_administrators,
    partnership_officers,
)
from .contacts import (
    contact_delete,
    contact_save,
    cooperation_record_delete,
    cooperation_record_save,
)
from .profile import (
    PROFILE_CONFIRMATION_INTERVAL,
    organization_approve_identity_changes,
    organization_confirm_profile,
    organization_reject_identity_changes,
    organization_submit_profile_changes,
    profile_confirmation_baseline,
    profile_confirmation_reminders_send,
)
from .registration import (
    organization_register,
    organization_resubmit,
    registration_draft_discard,
    registration_draft_for,
    registration_draft_save,
)
from .team import (
    INVITATION_VALIDITY,
    invitation_accept,
    invitation_addressed_to,
    invitation_create,
    invitation_is_open,
    invitation_revoke,
    join_request_create,
    join_request_decide,
    member_change_role,
    member_remove,
)

__all__ = [
    "INVITATION_VALIDITY",
    "InvalidTransition",
    "InvitationForSomeoneElse",
    "LastAdministratorError",
    "PROFILE_CONFIRMATION_INTERVAL",
    "PortalError",
    "contact_delete",
    "contact_save",
    "cooperation_record_delete",
    "cooperation_record_save",
    "document_delete",
    "document_upload",
    "invitation_accept",
    "invitation_addressed_to",
    "invitation_create",
    "invitation_is_open",
    "invitation_revoke",
    "join_request_create",
    "join_request_decide",
    "member_change_role",
    "member_remove",
    "organization_administrators",
    "organization_approve_identity_changes",
    "organization_logo_remove",
    "organization_logo_set",
    "organization_confirm_profile",
    "organization_register",
    "organization_reject_identity_changes",
    "organization_resubmit",
    "organization_submit_profile_changes",
    "partnership_officers",
    "profile_confirmation_baseline",
    "profile_confirmation_reminders_send",
    "registration_draft_discard",
    "registration_draft_for",
    "registration_draft_save",
]

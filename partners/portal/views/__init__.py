"""Views of the CSO self-service portal: parse, call one service or selector, render.

Every page of an organization loads it through ``partners.permissions`` so that a user
of organization A gets a 404 for every page, document and action of organization B.

One module per group of pages (registration, organization, logo, members, records, staff);
the URLconf reads every view from here.
"""

from .logo import (
    organization_logo_edit,
    organization_logo_preview,
    organization_logo_remove,
)
from .members import (
    invitation_create,
    invitation_revoke,
    join_request_decide,
    member_change_role,
    member_remove,
    membership_leave,
    team,
)
from .organization import (
    organization_confirm,
    organization_detail,
    organization_edit,
    organization_resubmit,
)
from .records import (
    contact_delete,
    contact_edit,
    contacts,
    cooperation,
    cooperation_delete,
    cooperation_edit,
    document_delete,
    document_download,
    documents,
)
from .registration import (
    dashboard,
    invitation_accept,
    join_request_create,
    registration_discard,
    registration_start,
    registration_step,
)
from .staff import (
    staff_identity_change_decide,
    staff_identity_changes,
)

__all__ = [
    "contact_delete",
    "contact_edit",
    "contacts",
    "cooperation",
    "cooperation_delete",
    "cooperation_edit",
    "dashboard",
    "document_delete",
    "document_download",
    "documents",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "join_request_create",
    "join_request_decide",
    "member_change_role",
    "member_remove",
    "membership_leave",
    "organization_confirm",
    "organization_detail",
    "organization_edit",
    "organization_logo_edit",
    "organization_logo_preview",
    "organization_logo_remove",
    "organization_resubmit",
    "registration_discard",
    "registration_start",
    "registration_step",
    "staff_identity_change_decide",
    "staff_identity_changes",
    "team",
]

"""The registry as staff keep it. Every state change goes through partners.services."""

from .filters import (
    CountryFilter,
    IdentityChangesFilter,
    NetworkFilter,
    PossibleDuplicateFilter,
    RegionFilter,
    SeriousConcernFilter,
)
from .forms import (
    REASON_REQUIRED,
    TRANSITION_LABELS,
    TRANSITION_SERVICES,
    MergeForm,
    OrganizationAdminForm,
    ReasonForm,
)
from .inlines import (
    ContactInline,
    CooperationRecordInline,
    MembershipInline,
    NetworkMembersInline,
    StaffObservationInline,
)
from .organization import (
    OrganizationAdmin,
    OrganizationChangeList,
)
from .related import (
    ContactAdmin,
    CooperationRecordAdmin,
    NetworkMembershipAdmin,
    OrganizationDocumentAdmin,
    OrganizationMemberAdmin,
    PossibleDuplicateAdmin,
    RegistryDashboardAdmin,
    StaffObservationAdmin,
)

__all__ = [
    "ContactAdmin",
    "ContactInline",
    "CooperationRecordAdmin",
    "CooperationRecordInline",
    "CountryFilter",
    "IdentityChangesFilter",
    "MembershipInline",
    "MergeForm",
    "NetworkFilter",
    "NetworkMembersInline",
    "NetworkMembershipAdmin",
    "OrganizationAdmin",
    "OrganizationAdminForm",
    "OrganizationChangeList",
    "OrganizationDocumentAdmin",
    "OrganizationMemberAdmin",
    "PossibleDuplicateAdmin",
    "PossibleDuplicateFilter",
    "REASON_REQUIRED",
    "ReasonForm",
    "RegionFilter",
    "RegistryDashboardAdmin",
    "SeriousConcernFilter",
    "StaffObservationAdmin",
    "StaffObservationInline",
    "TRANSITION_LABELS",
    "TRANSITION_SERVICES",
]

"""Every write of the partner registry.

Rules that always hold:
- ``name_key``, ``slug``, ``regions`` and ``website_domain`` are derived here, never typed in;
  the search vector is kept by a database trigger (migration 0002).
- ``verification_status`` changes only through the transition functions below; each one
  records who, when and why (on the row and in its history) and queues the partner's email
  after commit.
- A merge moves everything that points at the duplicate to the kept organization in one
  transaction, including models of other apps (any reverse foreign key).
"""

from iomcso.core.workflow import InvalidTransition

from .documents import document_delete, document_upload
from .duplicates import (
    DUPLICATE_SIMILARITY_THRESHOLD,
    GENERIC_WEBSITE_DOMAINS,
    organization_duplicates_flag,
    possible_duplicate_dismiss,
)
from .merge import (
    MergeHandler,
    _merge_handlers,
    _organization_relations,
    organization_merge,
    register_merge_handler,
)
from .observations import (
    is_serious,
    observation_add,
    observation_resolve,
)
from .organizations import (
    ORGANIZATION_FIELDS,
    _record_history,
    organization_create,
    organization_derive_fields,
    organization_logo_remove,
    organization_logo_set,
    organization_register,
    organization_update,
)
from .verification import (
    TRANSITION_LABELS,
    TRANSITIONS,
    available_transitions,
    organization_reinstate,
    organization_reject,
    organization_resubmit,
    organization_suspend,
    organization_verify,
)

__all__ = [
    "document_delete",
    "document_upload",
    "DUPLICATE_SIMILARITY_THRESHOLD",
    "GENERIC_WEBSITE_DOMAINS",
    "InvalidTransition",
    "MergeHandler",
    "ORGANIZATION_FIELDS",
    "TRANSITIONS",
    "TRANSITION_LABELS",
    "_merge_handlers",
    "_organization_relations",
    "_record_history",
    "available_transitions",
    "is_serious",
    "observation_add",
    "observation_resolve",
    "organization_create",
    "organization_derive_fields",
    "organization_duplicates_flag",
    "organization_logo_remove",
    "organization_logo_set",
    "organization_merge",
    "organization_register",
    "organization_reinstate",
    "organization_reject",
    "organization_resubmit",
    "organization_suspend",
    "organization_update",
    "organization_verify",
    "possible_duplicate_dismiss",
    "register_merge_handler",
]

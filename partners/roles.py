"""What each staff role may do in the partner registry (synchronised into the groups)."""

from iomcso.core.roles import (
    CONSULTATIONS_OFFICER,
    OBSERVER_REVIEWER,
    PARTNERSHIPS_OFFICER,
    READ_ONLY_VIEWER,
)

_MODELS = [
    "organization",
    "networkmembership",
    "contact",
    "cooperationrecord",
    "organizationmember",
    "organizationdocument",
    "staffobservation",
    "possibleduplicate",
]


def _view(*models: str) -> list[str]:
    return [f"partners.view_{model}" for model in models]


ROLE_PERMISSIONS = {
    # Keeps the registry: edits partners, verifies, merges duplicates, imports.
    PARTNERSHIPS_OFFICER: [
        *(
            f"partners.{action}_{model}"
            for model in _MODELS
            for action in ("view", "add", "change")
        ),
        "partners.delete_contact",
        "partners.delete_networkmembership",
        "partners.delete_cooperationrecord",
        "partners.verify_organization",
        "partners.merge_organization",
    ],
    # Invites organizations and their contacts to consultations: reads the registry.
    CONSULTATIONS_OFFICER: _view(
        "organization", "networkmembership", "contact", "cooperationrecord", "staffobservation"
    ),
    # Assesses observer applications against the registry: reads profiles, cooperation
    # history and documents, and may record an observation.
    OBSERVER_REVIEWER: [
        *_view(
            "organization",
            "networkmembership",
            "cooperationrecord",
            "organizationdocument",
            "staffobservation",
        ),
        "partners.add_staffobservation",
    ],
    READ_ONLY_VIEWER: _view(*_MODELS),
}

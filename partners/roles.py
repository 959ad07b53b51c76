from iomcso.core.roles import PARTNERSHIPS_OFFICER, READ_ONLY_VIEWER

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

ROLE_PERMISSIONS = {
    PARTNERSHIPS_OFFICER: [
        f"partners.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")
    ],
    READ_ONLY_VIEWER: [f"partners.view_{model}" for model in _MODELS],
}

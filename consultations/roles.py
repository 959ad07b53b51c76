from iomcso.core.roles import CONSULTATIONS_OFFICER, READ_ONLY_VIEWER

_MODELS = [
    "series",
    "consultation",
    "agendasession",
    "speaker",
    "consultationdocument",
    "invitation",
    "registration",
    "actionpoint",
]

ROLE_PERMISSIONS = {
    CONSULTATIONS_OFFICER: [
        f"consultations.{action}_{model}"
        for model in _MODELS
        for action in ("view", "add", "change", "delete")
    ]
    + ["partners.view_organization", "core.view_reminderlog"],
    READ_ONLY_VIEWER: [f"consultations.view_{model}" for model in _MODELS],
}

from iomcso.core.roles import OBSERVER_REVIEWER, READ_ONLY_VIEWER

_MODELS = [
    "observerapplication",
    "criterionstatement",
    "assessment",
    "councilsession",
    "councildecision",
    "observer",
    "sessiondelegate",
    "eligibilityreport",
]

ROLE_PERMISSIONS = {
    OBSERVER_REVIEWER: [f"observers.view_{model}" for model in _MODELS]
    + [
        "observers.change_observerapplication",
        "observers.review_observerapplication",
        "observers.add_assessment",
        "observers.change_assessment",
        "observers.add_councilsession",
        "observers.change_councilsession",
        "observers.add_councildecision",
        "observers.change_observer",
        "observers.add_eligibilityreport",
        "observers.change_eligibilityreport",
        "partners.view_organization",
        "partners.view_organizationdocument",
        "partners.view_cooperationrecord",
        "partners.view_staffobservation",
    ],
    READ_ONLY_VIEWER: [f"observers.view_{model}" for model in _MODELS],
}

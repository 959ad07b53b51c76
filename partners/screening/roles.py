"""What each staff role may do in sanctions screening (synchronised into the groups)."""

from iomcso.core.roles import DUE_DILIGENCE_OFFICER, PARTNERSHIPS_OFFICER

_MODELS = ["listversion", "listentry", "listentrychange", "possiblematch"]

ROLE_PERMISSIONS = {
    # Reviews possible matches with the partner and the list entry side by side, decides
    # them, and may import a list file when the daily download fails.
    DUE_DILIGENCE_OFFICER: [
        *(f"screening.view_{model}" for model in _MODELS),
        "screening.change_possiblematch",
        "screening.decide_possiblematch",
        "screening.add_listversion",
        "partners.view_organization",
        "partners.view_contact",
        "partners.view_organizationmember",
        "partners.view_organizationdocument",
        "partners.view_cooperationrecord",
        "partners.view_staffobservation",
        "partners.add_staffobservation",
        # The screening report is built by the eligibility-report machinery.
        "observers.add_eligibilityreport",
        "observers.view_eligibilityreport",
    ],
    # Registry staff see the outcome (confirmed matches) but do not decide.
    PARTNERSHIPS_OFFICER: [f"screening.view_{model}" for model in _MODELS],
}

from django.apps import apps


def home_counts() -> dict[str, int]:
    """Small public figures for the home page; each app contributes what it has."""
    counts: dict[str, int] = {}
    organization_model = apps.get_model("partners", "Organization")
    counts["verified_partners"] = organization_model.objects.verified().count()
    return counts

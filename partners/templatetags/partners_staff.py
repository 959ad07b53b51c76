"""Staff-page template helpers: ``{% serious_concern_banner organization %}``."""

from django import template

from partners.selectors import organization_serious_concerns

register = template.Library()


@register.inclusion_tag("partners/admin/_serious_concern_banner.html")
def serious_concern_banner(organization):
    """Lists the organization's open serious concerns (renders nothing when none)."""
    organization_id = getattr(organization, "pk", organization)
    return {"concerns": organization_serious_concerns(organization_id=organization_id)}

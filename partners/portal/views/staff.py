"""Staff review of identity changes (names, country, registration) waiting to be published."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iomcso.accounts.views import safe_next_url
from partners.models import Organization

from .. import selectors, services
from ..forms import RejectionReasonForm


@login_required
@permission_required("partners.change_organization", raise_exception=True)
def staff_identity_changes(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_with_identity_changes()
    rows = [(organization, organization.identity_change_rows) for organization in organizations]

    return render(
        request,
        "partners/portal/staff_identity_changes.html",
        {
            **admin.site.each_context(request),
            "title": _("Identity changes awaiting review"),
            "rows": rows,
        },
    )


@login_required
@permission_required("partners.change_organization", raise_exception=True)
@require_POST
def staff_identity_change_decide(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=organization_id)
    try:
        if request.POST.get("decision") == "approve":
            services.organization_approve_identity_changes(
                organization=organization, actor=request.user
            )
            messages.success(request, _("The changes are published."))
        else:
            form = RejectionReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give a reason to decline the changes."))
            else:
                services.organization_reject_identity_changes(
                    organization=organization,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The changes were declined."))
    except (services.PortalError, ValidationError) as error:
        messages.error(request, getattr(error, "message", str(error)))
    return redirect(safe_next_url(request, reverse("portal:staff_identity_changes")))

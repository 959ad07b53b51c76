"""The organization's logo in the portal: upload, replace, remove, and a preview for the team.

The organization is loaded through ``partners.permissions``, so a viewer or an outsider gets a
404 for every change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partners.permissions import CAN_EDIT, organization_for_user
from partners.uploads import logo_response

from .. import services
from ..forms import LogoForm
from .common import organization_context


@login_required
@require_http_methods(["GET", "POST"])
def organization_logo_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    form = LogoForm()
    if request.method == "POST":
        form = LogoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.organization_logo_set(
                    organization=organization,
                    actor=request.user,
                    upload=form.cleaned_data["logo"],
                )
            except ValidationError as error:
                form.add_error("logo", error)
            else:
                messages.success(request, _("The logo is saved."))
                return redirect("portal:organization_detail", organization_id=organization.pk)
    return render(
        request,
        "partners/portal/organization_logo.html",
        organization_context(request, organization, section="overview", form=form),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def organization_logo_remove(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    services.organization_logo_remove(organization=organization, actor=request.user)
    messages.success(request, _("The logo was removed."))
    return redirect("portal:organization_detail", organization_id=organization.pk)


@login_required
def organization_logo_preview(request: HttpRequest, organization_id: int) -> HttpResponse:
    """The logo as the public page will show it, for the team, whatever the verification."""
    organization = organization_for_user(request.user, organization_id=organization_id)
    response = logo_response(organization.logo)
    response["Cache-Control"] = "private, no-store"
    return response

"""An organization's overview and profile: edit, resubmit after a rejection, confirm it is up
to date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partners.choices import VerificationStatus
from partners.permissions import CAN_EDIT, organization_for_user
from partners.translations import profile_text, translated_language_names

from .. import selectors, services
from ..forms import (
    IDENTITY_FIELDS,
    REGISTRATION_STEPS,
    OrganizationEditForm,
    registration_step_form,
)
from .common import add_errors, organization_context


@login_required
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    """The partner's own overview: everything it submitted, each part with a "Change" link."""
    organization = organization_for_user(request.user, organization_id=organization_id)
    pending = [
        (label, proposed) for label, _published, proposed in organization.identity_change_rows
    ]
    return render(
        request,
        "partners/portal/organization_detail.html",
        organization_context(
            request,
            organization,
            section="overview",
            steps=REGISTRATION_STEPS,
            pending_changes=pending,
            confirmation_due_since=services.profile_confirmation_baseline(organization),
            join_request_count=selectors.pending_join_requests(organization).count(),
            network_links=selectors.organization_network_links(organization),
            network_member_count=selectors.network_member_count(organization),
            profile_text=profile_text(organization),
            translated_languages=translated_language_names(organization),
        ),
    )


def _profile_step(request: HttpRequest):
    """The registration step named by ``?step=``, to change one part of the profile, or None."""
    try:
        number = int(request.GET.get("step", ""))
    except ValueError:
        return None
    if 1 <= number <= len(REGISTRATION_STEPS):
        return REGISTRATION_STEPS[number - 1]
    return None


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    """The whole profile, or with ``?step=N`` one step of it (the overview's "Change" links)."""
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    initial = {
        **{field: organization.pending_identity_changes.get(field) for field in IDENTITY_FIELDS},
    }
    initial = {key: value for key, value in initial.items() if value is not None}
    step = _profile_step(request)
    if step is None:  # the whole profile, translations included
        form = OrganizationEditForm(request.POST or None, instance=organization, initial=initial)
    else:  # one section: its form carries no translations, which stay as they are
        form = registration_step_form(
            step, data=request.POST or None, instance=organization, initial=initial
        )
    under_review = organization.verification_status in (
        VerificationStatus.VERIFIED,
        VerificationStatus.SUSPENDED,
    )
    if under_review:
        for field in IDENTITY_FIELDS:
            if field in form.fields:
                form.fields[field].help_text = _(
                    "Changes to this field are published after IOM staff review them."
                )
    if request.method == "POST" and form.is_valid():
        try:
            held = services.organization_submit_profile_changes(
                organization=organization, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if held:
                messages.info(
                    request,
                    _(
                        "Your changes are saved. Changes to the name, type, country or legal "
                        "registration will be published after IOM staff review them."
                    ),
                )
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("portal:organization_detail", organization_id=organization.pk)
    return render(
        request,
        "partners/portal/organization_edit.html",
        organization_context(
            request,
            organization,
            section="edit",
            form=form,
            step=step,
            under_review=under_review,
        ),
    )


@login_required
@require_POST
def organization_resubmit(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    try:
        services.organization_resubmit(organization=organization, actor=request.user)
    except services.PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration was sent again to IOM staff."))
    return redirect("portal:organization_detail", organization_id=organization.pk)


@login_required
@require_POST
def organization_confirm(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    services.organization_confirm_profile(organization=organization, actor=request.user)
    messages.success(request, _("Thank you for confirming that your profile is up to date."))
    return redirect("portal:organization_detail", organization_id=organization.pk)

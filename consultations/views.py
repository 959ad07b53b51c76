"""Public consultation pages and the organization focal point's registration pages."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iomcso.core import ratelimit
from iomcso.core.audit import Action, audit_record
from partners.permissions import CAN_EDIT, CAN_VIEW, organization_for_user, user_can
from partners.uploads import private_file_response

from . import selectors, services
from .calendar import calendar_feed_ics, consultation_ics
from .forms import DelegateForm
from .letters import CERTIFICATE, INVITATION_LETTER, letter_available, letter_pdf
from .models import Consultation, ConsultationDocument, Invitation, Registration


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/consultation_list.html", selectors.consultation_lists())


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The consultations of the user's organizations: invitations and delegates."""
    return render(
        request,
        "consultations/participation_list.html",
        {"participations": selectors.user_participations(user=request.user)},
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.consultation_public_detail(slug=slug)
    is_participant = selectors.user_is_participant(user=request.user, consultation=consultation)
    context = {
        "consultation": consultation,
        "is_participant": is_participant,
        "participant_documents": (
            selectors.participant_documents(consultation=consultation) if is_participant else []
        ),
        "my_organizations": (
            selectors.organizations_for_registration(user=request.user, consultation=consultation)
            if consultation.is_registration_open
            else []
        ),
        "seats_left": (
            max(consultation.capacity - selectors.seats_taken(consultation=consultation), 0)
            if consultation.capacity is not None and consultation.is_registration_open
            else None
        ),
    }
    return render(request, "consultations/consultation_detail.html", context)


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(selectors.public_consultations(), slug=slug)
    response = HttpResponse(consultation_ics(consultation), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}.ics"'
    return response


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Every public consultation and Council session: one URL to subscribe to."""
    consultations, sessions = selectors.calendar_feed_events()
    response = HttpResponse(
        calendar_feed_ics(consultations, sessions), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="iomcso.ics"'
    return response


def document(request: HttpRequest, slug: str, document_id: int) -> FileResponse:
    """Public documents for everyone; participants-only ones for staff and participants."""
    consultation = get_object_or_404(selectors.public_consultations(), slug=slug)
    item = get_object_or_404(ConsultationDocument, pk=document_id, consultation=consultation)
    if item.visibility != ConsultationDocument.Visibility.PUBLIC and not (
        selectors.user_is_participant(user=request.user, consultation=consultation)
    ):
        raise Http404
    content_type = item.content_type or mimetypes.guess_type(item.original_name)[0]
    return private_file_response(
        item.file,
        request=request,
        filename=item.original_name or f"document-{item.pk}",
        content_type=content_type or "",
    )


@login_required
def invitation(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The personal registration link of an invitation: marks it opened and leads on."""
    item = selectors.invitation_get(slug=slug, token=token)
    organization = organization_for_user(
        request.user, organization_id=item.organization_id, roles=CAN_EDIT
    )
    services.invitation_open(invitation=item, actor=request.user)
    return redirect(
        "consultations:manage", slug=item.consultation.slug, organization_id=organization.pk
    )


def _manage_context(request, consultation: Consultation, organization, form=None) -> dict:
    delegates = list(
        selectors.organization_delegates(consultation=consultation, organization=organization)
    )
    active = [delegate for delegate in delegates if delegate.is_active]
    invitation = selectors.organization_invitation(
        consultation=consultation, organization=organization
    )
    # An organization that declined cannot register delegates: offer no form it would refuse.
    declined = invitation is not None and invitation.status == Invitation.Status.DECLINED
    can_edit = user_can(request.user, organization, CAN_EDIT)
    can_add = (
        can_edit
        and consultation.is_registration_open
        and not declined
        and len(active) < consultation.max_delegates_per_organization
    )
    confirmed = any(d.status == Registration.Status.CONFIRMED for d in delegates)
    for delegate in delegates:
        delegate.can_invitation_letter = letter_available(
            registration=delegate, kind=INVITATION_LETTER
        )
        delegate.can_certificate = letter_available(registration=delegate, kind=CERTIFICATE)
    return {
        "consultation": consultation,
        "organization": organization,
        "invitation": invitation,
        "declined": declined,
        "can_decline": can_edit and services.invitation_can_be_declined(invitation),
        "delegates": delegates,
        "active_count": len(active),
        "can_edit": can_edit,
        "can_add": can_add,
        "form": form
        if form is not None
        else (DelegateForm(consultation=consultation) if can_add else None),
        "participant_documents": (
            selectors.participant_documents(consultation=consultation) if confirmed else []
        ),
    }


def _delegate_data(form: DelegateForm) -> services.DelegateData:
    # A field the form leaves out (dietary needs online) is empty.
    return services.DelegateData(
        **{field: form.cleaned_data.get(field, "") for field in DelegateForm.Meta.fields}
    )


def _add_refusal(form: DelegateForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def manage(request: HttpRequest, slug: str, organization_id: int) -> HttpResponse:
    """An organization's delegates for one consultation; editors add and cancel them."""
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_VIEW
    )
    consultation = get_object_or_404(selectors.public_consultations(), slug=slug)
    form = None
    if request.method == "POST":
        organization = organization_for_user(
            request.user, organization_id=organization_id, roles=CAN_EDIT
        )
        form = DelegateForm(request.POST, consultation=consultation)
        if not ratelimit.limit(request, action="consultation_invitation_response"):
            form.add_error(None, str(ratelimit.RATE_LIMITED_MESSAGE))
            context = _manage_context(request, consultation, organization, form)
            return render(request, "consultations/registration_manage.html", context, status=429)
        if form.is_valid():
            try:
                registration = services.registration_create(
                    consultation=consultation,
                    organization=organization,
                    delegate=_delegate_data(form),
                    actor=request.user,
                )
            except ValidationError as error:
                _add_refusal(form, error)
            else:
                if registration.status == Registration.Status.WAITLISTED:
                    messages.warning(
                        request,
                        _("All seats are taken: %(name)s is on the waiting list.")
                        % {"name": registration.full_name},
                    )
                else:
                    messages.success(
                        request,
                        _("%(name)s is registered (%(status)s).")
                        % {
                            "name": registration.full_name,
                            "status": registration.get_status_display(),
                        },
                    )
                return redirect(request.path)
    context = _manage_context(request, consultation, organization, form)
    return render(request, "consultations/registration_manage.html", context)


@login_required
def delegate_edit(
    request: HttpRequest, slug: str, organization_id: int, registration_id: int
) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    registration = selectors.registration_editable_get(
        slug=slug, organization=organization, registration_id=registration_id
    )
    consultation = registration.consultation
    form = DelegateForm(request.POST or None, instance=registration, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            # The service reloads the row under lock; the form only validated the input.
            services.registration_update(
                registration=registration, delegate=_delegate_data(form), actor=request.user
            )
        except ValidationError as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("The delegate's details are saved."))
            return redirect("consultations:manage", slug=slug, organization_id=organization.pk)
    return render(
        request,
        "consultations/registration_edit.html",
        {"consultation": consultation, "organization": organization, "form": form},
    )


@login_required
@require_POST
def delegate_cancel(
    request: HttpRequest, slug: str, organization_id: int, registration_id: int
) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    registration = get_object_or_404(
        Registration,
        pk=registration_id,
        organization=organization,
        consultation__slug=slug,
    )
    try:
        promoted = services.registration_cancel(registration=registration, actor=request.user)
    except services.InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled.") % {"name": registration.full_name},
        )
        if promoted is not None and promoted.organization_id == organization.pk:
            messages.info(
                request,
                _("%(name)s moved from the waiting list to a seat.") % {"name": promoted.full_name},
            )
    return redirect("consultations:manage", slug=slug, organization_id=organization.pk)


@login_required
@require_POST
def invitation_decline(request: HttpRequest, slug: str, organization_id: int) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    item = get_object_or_404(Invitation, consultation__slug=slug, organization=organization)
    if not ratelimit.limit(request, action="consultation_invitation_response"):
        messages.error(request, ratelimit.RATE_LIMITED_MESSAGE)
        return redirect("consultations:manage", slug=slug, organization_id=organization.pk)
    try:
        services.invitation_decline(invitation=item, actor=request.user)
    except services.InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You declined the invitation."))
    return redirect("consultations:manage", slug=slug, organization_id=organization.pk)


@login_required
def letter(
    request: HttpRequest, slug: str, organization_id: int, registration_id: int, kind: str
) -> HttpResponse:
    """A delegate's PDF letter: for the delegate's organization and for staff only."""
    if kind not in (INVITATION_LETTER, CERTIFICATE):
        raise Http404
    if not (request.user.is_staff and request.user.has_perm("consultations.view_registration")):
        organization_for_user(request.user, organization_id=organization_id, roles=CAN_VIEW)
    registration = selectors.registration_get(
        slug=slug, organization_id=organization_id, registration_id=registration_id
    )
    if not letter_available(registration=registration, kind=kind):
        raise Http404
    pdf = letter_pdf(registration=registration, kind=kind)
    audit_record(action=Action.DOWNLOAD, request=request, target=registration, message=kind)
    filename = f"{kind.replace('_', '-')}-{slug}-{registration.pk}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

# Over 400 lines: thin views (parse a form, call one service or selector), one per portal page;
# split by page group (registration, profile, team, documents) when it grows further.
"""Views of the CSO self-service portal: parse, call one service or selector, render.

Every page of an organization loads it through ``partners.permissions`` so that a user
of organization A gets a 404 for every page, document and action of organization B.
"""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iomcso.accounts.http import AuthenticatedHttpRequest
from iomcso.accounts.views import safe_next_url
from iomcso.core import ratelimit
from partners.choices import MemberRole, VerificationStatus
from partners.models import (
    Contact,
    CooperationRecord,
    JoinRequest,
    Organization,
    OrganizationDocument,
    OrganizationInvitation,
    OrganizationMember,
)
from partners.permissions import (
    CAN_ADMINISTER,
    CAN_EDIT,
    document_for_user,
    member_role,
    organization_for_user,
    organization_object_for_user,
)
from partners.translations import profile_text, translated_language_names
from partners.uploads import private_file_response

from . import selectors, services
from .forms import (
    IDENTITY_FIELDS,
    REGISTRATION_STEPS,
    REVIEW_STEP,
    ContactForm,
    CooperationRecordForm,
    DocumentUploadForm,
    InvitationForm,
    JoinRequestForm,
    MemberRoleForm,
    OrganizationEditForm,
    OrganizationProfileForm,
    OrganizationSearchForm,
    RejectionReasonForm,
    raw_values,
    registration_step_form,
)
from .todos import todos_for


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _review_rows(form) -> list[tuple[str, str, list]]:
    """(label, value as the user reads it, errors) for each field of the registration."""
    rows = []
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            shown = [_("Yes") if value else _("No")]
        else:
            values = value if isinstance(value, list | tuple) else [value]
            choices = dict(getattr(bound.field, "choices", None) or [])
            shown = [str(choices.get(item, item)) for item in values if item not in (None, "")]
        rows.append((bound.label, ", ".join(shown) or "—", bound.errors))
    return rows


def _organization_context(request, organization, **extra):
    role = member_role(request.user, organization)
    return {
        "organization": organization,
        "role": role,
        "role_label": MemberRole(role).label if role else "",
        "can_edit": role in CAN_EDIT,
        "can_administer": role in CAN_ADMINISTER,
        **extra,
    }


# --- dashboard ------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The partner's home: its to-dos, or, before it belongs anywhere, "register or join"."""
    memberships = list(selectors.my_memberships(request.user))
    return render(
        request,
        "partners/portal/dashboard.html",
        {
            "memberships": memberships,
            "join_requests": selectors.my_pending_join_requests(request.user),
            "invitations": selectors.my_open_invitations(request.user),
            "draft": services.registration_draft_for(request.user),
            "todos": todos_for(request.user),
        },
    )


# --- registration ------------------------------------------------------------------


@login_required
def registration_start(request: HttpRequest) -> HttpResponse:
    draft = services.registration_draft_for(request.user)
    step = draft.current_step if draft else 1
    return redirect("portal:registration_step", step=min(step, REVIEW_STEP))


@login_required
@require_http_methods(["GET", "POST"])
def registration_step(request: HttpRequest, step: int) -> HttpResponse:
    if not 1 <= step <= REVIEW_STEP:
        raise Http404
    draft = services.registration_draft_for(request.user)
    saved = draft.data if draft else {}
    context = {"steps": REGISTRATION_STEPS, "step": step, "review_step": REVIEW_STEP}

    if step == REVIEW_STEP:
        form = OrganizationProfileForm(data=saved or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.organization_register(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your registration was sent to IOM staff for verification."),
                )
                # The dashboard is the partner's home: what happens next is listed there.
                return redirect("portal:dashboard")
        return render(
            request,
            "partners/portal/registration_review.html",
            {**context, "form": form, "rows": _review_rows(form), "has_draft": bool(saved)},
        )

    current = REGISTRATION_STEPS[step - 1]
    if request.method == "POST":
        form = registration_step_form(current, data=request.POST)
        values = raw_values(form, request.POST)
        if "save_draft" in request.POST:
            services.registration_draft_save(user=request.user, values=values, step=step)
            messages.success(
                request, _("Your draft is saved. You can come back to it at any time.")
            )
            return redirect("portal:dashboard")
        if "back" in request.POST:
            services.registration_draft_save(user=request.user, values=values, step=step - 1)
            return redirect("portal:registration_step", step=max(1, step - 1))
        if form.is_valid():
            services.registration_draft_save(user=request.user, values=values, step=step + 1)
            return redirect("portal:registration_step", step=step + 1)
    else:
        form = registration_step_form(current, initial=saved)
    return render(
        request,
        "partners/portal/registration_step.html",
        {**context, "form": form, "current": current},
    )


@login_required
@require_POST
def registration_discard(request: HttpRequest) -> HttpResponse:
    services.registration_draft_discard(user=request.user)
    messages.success(request, _("Your draft registration was deleted."))
    return redirect("portal:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def join_request_create(request: HttpRequest) -> HttpResponse:
    search = OrganizationSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = selectors.joinable_organizations(user=request.user, query=query)
    form = JoinRequestForm(request.POST or None, queryset=candidates)
    status = 200
    if not ratelimit.limit(request, action="join_request"):
        messages.error(request, ratelimit.RATE_LIMITED_MESSAGE)
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                organization=form.cleaned_data["organization"],
                actor=request.user,
                message=form.cleaned_data["message"],
            )
        except services.PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request was sent to the organization's administrators."),
            )
            return redirect("portal:dashboard")
    shown = candidates[:50] if query else []
    return render(
        request,
        "partners/portal/join_request_form.html",
        {"search": search, "form": form, "query": query, "candidates": shown},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    valid = invitation is not None and services.invitation_is_open(invitation)
    signed_in = request.user.is_authenticated
    if request.method == "POST" and valid and signed_in:
        try:
            member = services.invitation_accept(token=token, actor=request.user)
        except services.InvitationForSomeoneElse as error:
            messages.error(request, error.message)
        except services.PortalError as error:
            messages.error(request, error.message)
            valid = False
        else:
            messages.success(
                request,
                _("Welcome to the team of %(organization)s.")
                % {"organization": member.organization.name},
            )
            return redirect("portal:organization_detail", organization_id=member.organization_id)
    return render(
        request,
        "partners/portal/invitation_accept.html",
        {
            "invitation": invitation if valid else None,
            "addressed_to_user": signed_in
            and valid
            and invitation is not None
            and services.invitation_addressed_to(invitation, request.user),
        },
        status=200 if valid else 410,
    )


# --- organization --------------------------------------------------------------------


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
        _organization_context(
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
            _add_errors(form, error)
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
        _organization_context(
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


# --- team ----------------------------------------------------------------------------


@login_required
def team(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    context = _organization_context(request, organization)
    if context["can_administer"]:
        context.update(
            invitations=selectors.open_invitations(organization),
            join_requests=selectors.pending_join_requests(organization),
            invitation_form=InvitationForm(),
            roles=MemberRole.choices,
        )
    context["members"] = selectors.team_members(organization)
    return render(request, "partners/portal/team.html", context)


@login_required
@require_POST
def invitation_create(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_ADMINISTER
    )
    form = InvitationForm(request.POST)
    if not ratelimit.limit(request, action="team_invitation"):
        messages.error(request, ratelimit.RATE_LIMITED_MESSAGE)
    elif form.is_valid():
        try:
            invitation = services.invitation_create(
                organization=organization,
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.PortalError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link is valid for 14 days.")
                % {"email": invitation.email},
            )
            return redirect("portal:team", organization_id=organization.pk)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect("portal:team", organization_id=organization.pk)


@login_required
@require_POST
def invitation_revoke(
    request: HttpRequest, organization_id: int, invitation_id: int
) -> HttpResponse:
    _organization, invitation = organization_object_for_user(
        request.user,
        model=OrganizationInvitation,
        organization_id=organization_id,
        object_id=invitation_id,
        roles=CAN_ADMINISTER,
    )
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("portal:team", organization_id=organization_id)


@login_required
@require_POST
def member_change_role(request: HttpRequest, organization_id: int, member_id: int) -> HttpResponse:
    _organization, member = organization_object_for_user(
        request.user,
        model=OrganizationMember,
        organization_id=organization_id,
        object_id=member_id,
        roles=CAN_ADMINISTER,
    )
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_change_role(
                member=member, actor=request.user, role=form.cleaned_data["role"]
            )
        except services.PortalError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The role was changed."))
    return redirect("portal:team", organization_id=organization_id)


@login_required
@require_POST
def member_remove(request: HttpRequest, organization_id: int, member_id: int) -> HttpResponse:
    _organization, member = organization_object_for_user(
        request.user,
        model=OrganizationMember,
        organization_id=organization_id,
        object_id=member_id,
        roles=CAN_ADMINISTER,
    )
    try:
        services.member_remove(member=member, actor=request.user)
    except services.PortalError as error:
        # Refused (the last administrator): stay on the team page, where the message applies.
        messages.error(request, error.message)
        return redirect("portal:team", organization_id=organization_id)
    messages.success(request, _("The member was removed from the team."))
    if member.user_id == request.user.pk:
        return redirect("portal:dashboard")
    return redirect("portal:team", organization_id=organization_id)


@login_required
@require_POST
def membership_leave(request: AuthenticatedHttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    # Gone if the membership was removed since the permission check: nothing to leave.
    member = get_object_or_404(OrganizationMember, organization=organization, user=request.user)
    try:
        services.member_remove(member=member, actor=request.user)
    except services.PortalError as error:
        messages.error(request, error.message)
        return redirect("portal:team", organization_id=organization.pk)
    messages.success(
        request,
        _("You left the team of %(organization)s.") % {"organization": organization.name},
    )
    return redirect("portal:dashboard")


@login_required
@require_POST
def join_request_decide(
    request: HttpRequest, organization_id: int, join_request_id: int
) -> HttpResponse:
    _organization, join_request = organization_object_for_user(
        request.user,
        model=JoinRequest,
        organization_id=organization_id,
        object_id=join_request_id,
        roles=CAN_ADMINISTER,
    )
    approve = request.POST.get("decision") == "approve"
    role = request.POST.get("role") or MemberRole.VIEWER
    if role not in MemberRole.values:
        role = MemberRole.VIEWER
    try:
        services.join_request_decide(
            join_request=join_request, actor=request.user, approve=approve, role=role
        )
    except services.PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The request was approved.") if approve else _("The request was declined.")
        )
    return redirect("portal:team", organization_id=organization_id)


# --- documents ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    context = _organization_context(request, organization)
    form = DocumentUploadForm()
    if request.method == "POST":
        # Uploading needs editor rights; a viewer's POST is answered like an outsider's.
        organization = organization_for_user(
            request.user, organization_id=organization_id, roles=CAN_EDIT
        )
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.document_upload(
                    organization=organization,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect("portal:documents", organization_id=organization.pk)
    context.update(form=form, documents=selectors.organization_documents(organization))
    return render(
        request,
        "partners/portal/documents.html",
        context,
        status=400 if form.errors else 200,
    )


def document_download(request: HttpRequest, organization_id: int, document_id: int):
    # Staff with the document permission, or a member of the organization; 404 for anyone else.
    document = document_for_user(
        request.user, organization_id=organization_id, document_id=document_id
    )
    return private_file_response(
        document.file,
        request=request,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, organization_id: int, document_id: int) -> HttpResponse:

    _organization, document = organization_object_for_user(
        request.user,
        model=OrganizationDocument,
        organization_id=organization_id,
        object_id=document_id,
        roles=CAN_EDIT,
    )
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The document was deleted."))
    return redirect("portal:documents", organization_id=organization_id)


# --- contacts and cooperation history -------------------------------------------------------


@login_required
def contacts(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    return render(
        request,
        "partners/portal/contacts.html",
        _organization_context(
            request, organization, contacts=selectors.organization_contacts(organization)
        ),
    )


def _organization_object_edit(
    request: HttpRequest,
    *,
    organization_id: int,
    object_id: int | None,
    model,
    form_class,
    save,
    template: str,
    saved_message: str,
    list_url_name: str,
    context_name: str,
) -> HttpResponse:
    """Add or edit one of an organization's records (contacts, cooperation history).

    Editors and administrators only; an id from another organization answers 404.
    """
    if object_id is None:
        organization = organization_for_user(
            request.user, organization_id=organization_id, roles=CAN_EDIT
        )
        instance = None
    else:
        organization, instance = organization_object_for_user(
            request.user,
            model=model,
            organization_id=organization_id,
            object_id=object_id,
            roles=CAN_EDIT,
        )
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(
                organization=organization,
                actor=request.user,
                data=form.cleaned_data,
                instance=instance,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, saved_message)
            return redirect(list_url_name, organization_id=organization.pk)
    return render(
        request,
        template,
        _organization_context(request, organization, form=form, **{context_name: instance}),
    )


def _organization_object_delete(
    request: HttpRequest,
    *,
    organization_id: int,
    object_id: int,
    model,
    delete,
    deleted_message: str,
    list_url_name: str,
) -> HttpResponse:
    _organization, instance = organization_object_for_user(
        request.user,
        model=model,
        organization_id=organization_id,
        object_id=object_id,
        roles=CAN_EDIT,
    )
    delete(instance=instance, actor=request.user)
    messages.success(request, deleted_message)
    return redirect(list_url_name, organization_id=organization_id)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, organization_id: int, contact_id: int | None = None):
    return _organization_object_edit(
        request,
        organization_id=organization_id,
        object_id=contact_id,
        model=Contact,
        form_class=ContactForm,
        save=lambda instance, **kwargs: services.contact_save(contact=instance, **kwargs),
        template="partners/portal/contact_form.html",
        saved_message=_("The contact was saved."),
        list_url_name="portal:contacts",
        context_name="contact",
    )


@login_required
@require_POST
def contact_delete(request: HttpRequest, organization_id: int, contact_id: int) -> HttpResponse:
    return _organization_object_delete(
        request,
        organization_id=organization_id,
        object_id=contact_id,
        model=Contact,
        delete=lambda instance, actor: services.contact_delete(contact=instance, actor=actor),
        deleted_message=_("The contact was deleted."),
        list_url_name="portal:contacts",
    )


@login_required
def cooperation(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    return render(
        request,
        "partners/portal/cooperation.html",
        _organization_context(
            request,
            organization,
            records=selectors.organization_cooperation_records(organization),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_edit(request: HttpRequest, organization_id: int, record_id: int | None = None):
    return _organization_object_edit(
        request,
        organization_id=organization_id,
        object_id=record_id,
        model=CooperationRecord,
        form_class=CooperationRecordForm,
        save=lambda instance, **kwargs: services.cooperation_record_save(record=instance, **kwargs),
        template="partners/portal/cooperation_form.html",
        saved_message=_("The cooperation record was saved."),
        list_url_name="portal:cooperation",
        context_name="record",
    )


@login_required
@require_POST
def cooperation_delete(request: HttpRequest, organization_id: int, record_id: int) -> HttpResponse:
    return _organization_object_delete(
        request,
        organization_id=organization_id,
        object_id=record_id,
        model=CooperationRecord,
        delete=lambda instance, actor: services.cooperation_record_delete(
            record=instance, actor=actor
        ),
        deleted_message=_("The cooperation record was deleted."),
        list_url_name="portal:cooperation",
    )


# --- staff review of identity changes ----------------------------------------------------


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

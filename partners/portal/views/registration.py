"""The partner's home, the registration wizard, requests to join and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iomcso.core import ratelimit

from .. import selectors, services
from ..forms import (
    REGISTRATION_STEPS,
    REVIEW_STEP,
    JoinRequestForm,
    OrganizationProfileForm,
    OrganizationSearchForm,
    raw_values,
    registration_step_form,
)
from ..todos import todos_for
from .common import add_errors, review_rows


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
                add_errors(form, error)
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
            {**context, "form": form, "rows": review_rows(form), "has_draft": bool(saved)},
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

"""The account page's "API tokens": make a token (its secret shown once), list, revoke."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from partners.models import ApiToken, Organization
from partners.portal import selectors as portal_selectors

from . import selectors, services

STAFF_CHOICE = "staff"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “CRM synchronisation”."),
    )
    organization = forms.ChoiceField(label=gettext_lazy("Organization"))
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=ApiToken.Scope.choices,
        widget=forms.RadioSelect,
        initial=ApiToken.Scope.READ,
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        help_text=gettext_lazy("At most one year from today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {
            str(organization.pk): organization
            for organization in portal_selectors.my_organizations(user)
        }
        choices = [(key, organization.name) for key, organization in self.organizations.items()]
        if user.is_staff:
            choices.append((STAFF_CHOICE, _("IOM staff: the registry, with my staff role")))
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, forms.ChoiceField)  # noqa: S101 - declared above
        organization_field.choices = choices
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)

    def organization_or_none(self) -> Organization | None:
        value = self.cleaned_data["organization"]
        if value == STAFF_CHOICE:
            return None
        return self.organizations[value]


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None, user=request.user)
    created_secret = None
    if request.method == "POST" and form.is_valid():
        expires_at = datetime.datetime.combine(
            form.cleaned_data["expires_on"], datetime.time(23, 59), tzinfo=datetime.UTC
        )
        try:
            token, created_secret = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                organization=form.organization_or_none(),
                expires_at=expires_at,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                target = "expires_on" if field == "expires_at" else field
                for message in errors:
                    form.add_error(target if target in form.fields else None, message)
        else:
            form = ApiTokenForm(user=request.user)
    response = render(
        request,
        "partners/api/token_list.html",
        {
            "form": form,
            "tokens": selectors.user_api_tokens(user=request.user),
            "created_secret": created_secret,
            "now": timezone.now(),
        },
    )
    if created_secret:
        # The secret is on this page only: no cache may keep it.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.user_api_token(user=request.user, token_id=token_id)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")

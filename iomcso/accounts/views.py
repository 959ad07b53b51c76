import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods

from iomcso.core.audit import Action, audit_record
from iomcso.core.registry import user_deletion_blockers

from . import selectors, services
from .forms import AccountDeleteForm, ProfileForm
from .http import AuthenticatedHttpRequest


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy_notice.html")


def safe_next_url(request: HttpRequest, default: str = "/") -> str:
    """The ``next`` parameter when it points to this site, else ``default`` (no open redirect)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_http_methods(["POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also remembers a signed-in user's choice."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and language in {code for code, _label in settings.LANGUAGES}
        and check_for_language(language)
    ):
        services.user_set_language(user=request.user, actor=request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def privacy_accept(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("accept") == "yes":
        services.user_accept_privacy_notice(user=request.user)
        return redirect(safe_next_url(request))
    return render(request, "accounts/privacy_accept.html", {"next": safe_next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def account_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"full_name": user.full_name, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, actor=user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:overview")
    return render(request, "accounts/account_overview.html", {"form": form})


@login_required
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All personal data held about the signed-in user, as a JSON download."""
    data = {
        "exported_at": timezone.now().isoformat(),
        **selectors.user_personal_data(user=request.user),
    }
    audit_record(
        action=Action.EXPORT, request=request, target=request.user, message="personal data"
    )
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-personal-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    blocking = user_deletion_blockers(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user, actor=request.user)
        except services.AccountDeletionRefused as error:
            messages.error(request, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data were deleted."))
            return redirect("home")
    return render(
        request,
        "accounts/account_delete.html",
        {
            "form": form,
            "blocking": blocking,
            "blocking_names": [blocker.name for blocker in blocking],
        },
        status=400 if request.method == "POST" else 200,
    )

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import services


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy_notice.html")


def safe_next_url(request: HttpRequest, default: str = "/") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
@require_http_methods(["GET", "POST"])
def privacy_accept(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("accept") == "yes":
        services.user_accept_privacy_notice(user=request.user)
        return redirect(safe_next_url(request))
    return render(request, "accounts/privacy_accept.html", {"next": safe_next_url(request)})

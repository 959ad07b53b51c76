import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

# What a staff user without a second factor may still reach: enrolling one, signing out,
# the privacy notice (asked before anything else) and the language switch.
TWO_FACTOR_ENROLMENT_VIEWS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_authenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "accounts:privacy_notice",
        "accounts:privacy_accept",
        "set_language",
        "healthz",
    }
)


def holds_staff_powers(user) -> bool:
    """Staff flag, superuser, or any permission (directly or through a staff role group).

    Partner users hold no Django permission at all: their rights come from memberships.
    """
    return bool(user.is_staff or user.is_superuser or user.get_all_permissions())


def needs_two_factor_enrolment(user) -> bool:
    return (
        settings.REQUIRE_STAFF_TWO_FACTOR
        and user.is_authenticated
        and holds_staff_powers(user)
        and not user.authenticator_set.exists()
    )


class StaffTwoFactorMiddleware:
    """Keeps a staff user without a second factor on enrolment, sign-out and nothing else.

    The rule follows the user, not a list of URL prefixes: every page that resolves
    (admin, reviewer desk, downloads, portal staff pages, POSTs included) sends such a
    user to TOTP activation, except the few views in ``TWO_FACTOR_ENROLMENT_VIEWS``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_two_factor_enrolment(request.user) and not _is_enrolment_path(request.path_info):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


def _is_enrolment_path(path: str) -> bool:
    if path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in TWO_FACTOR_ENROLMENT_VIEWS


class PrivacyNoticeMiddleware:
    """Asks a signed-in user to accept the current privacy notice before going on."""

    EXEMPT_PREFIXES = ("/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.privacy_notice_version != settings.PRIVACY_NOTICE_VERSION
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and "/accounts/" not in request.path
            and "/me/privacy/" not in request.path
        ):
            return redirect(f"{reverse('accounts:privacy_accept')}?next={request.path}")
        return self.get_response(request)


class StaffSessionTimeoutMiddleware:
    """Staff sessions end after ``STAFF_SESSION_IDLE_SECONDS`` without a request and at the
    latest ``STAFF_SESSION_MAX_SECONDS`` after they began (ASVS 3.3); partner sessions keep
    the site's ``SESSION_COOKIE_AGE``.

    The idle limit is the session's own expiry, renewed by requests at most once a minute
    (renewing it on every request wrote the session row on every staff page: a database
    write and commit per click); the absolute limit is the time the session was first seen
    with staff powers, kept in the session.
    """

    STARTED_KEY = "staff_session_started_at"
    RENEWED_KEY = "staff_session_renewed_at"
    RENEW_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and holds_staff_powers(user):
            now = int(time.time())
            started = request.session.setdefault(self.STARTED_KEY, now)
            if now - int(started) > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
            renewed = int(request.session.get(self.RENEWED_KEY, 0))
            if now - renewed >= self.RENEW_EVERY_SECONDS:
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
                request.session[self.RENEWED_KEY] = now
        return self.get_response(request)

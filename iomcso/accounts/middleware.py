from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class StaffTwoFactorMiddleware:
    """Keeps staff out of the admin until they have enrolled a second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_STAFF_TWO_FACTOR
            and request.user.is_authenticated
            and request.user.is_staff
            and request.path.startswith(_admin_prefixes())
            and not request.user.authenticator_set.exists()
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


def _admin_prefixes() -> tuple[str, ...]:
    # The admin, and the portal's staff pages (review of partners' identity changes).
    return tuple(
        prefix
        for code, _label in settings.LANGUAGES
        for prefix in (f"/{code}/admin/", f"/{code}/portal/staff/")
    )


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

"""``Authorization: Bearer iomcso_…``: a personal API token identifies its user."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .selectors import api_token_for_key
from .services import api_token_mark_used


class ApiTokenAuthentication(BaseAuthentication):
    """A request with a token acts as the token's user, limited by the token's organization
    and scope (``request.auth`` is the ``ApiToken``); a request without one is anonymous."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"bearer", b"token"):
            return None
        if len(header) != 2:
            raise AuthenticationFailed(_("Send the token as “Authorization: Bearer <token>”."))
        try:
            raw = header[1].decode()
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("This token is unknown, expired or revoked.")) from None
        token = api_token_for_key(raw)
        if token is None:
            raise AuthenticationFailed(_("This token is unknown, expired or revoked."))
        api_token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on the account page (“API tokens”).",
        }

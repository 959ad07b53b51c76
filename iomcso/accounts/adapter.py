from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from iomcso.core.emails import normalise_language, site_url, subject_prefix
from iomcso.core.services import email_queue_rendered


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through the outbox, in the recipient's language."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user")
        language = normalise_language(getattr(user, "language", None) or translation.get_language())
        with translation.override(language):
            message = self.render_mail(
                template_prefix, email, self._mail_context(email, context, language)
            )
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        email_queue_rendered(
            to=message.to,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            language=language,
            template=template_prefix,
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff land on their work (the admin home, by role), partners on their dashboard (a
        ``next`` comes first)."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)

    def format_email_subject(self, subject: str) -> str:
        # Rendered inside send_mail's translation.override: the prefix names the portal in
        # the reader's language (IOM–CSO, OIM–OSC).
        return subject_prefix() + str(subject)

    @staticmethod
    def _mail_context(email: str, context: dict, language: str) -> dict[str, Any]:
        """allauth's templates greet from ``current_site``; links open in the reader's language.

        The site's name and address come from settings (the ``Site`` row is not kept up to
        date per deployment), a link allauth built in the requester's language is turned
        into the same page in the recipient's, and every link is put on ``SITE_URL`` (allauth
        builds them from the request's host, which differs behind a proxy or on another port).
        """
        site = SimpleNamespace(
            name=gettext("IOM–CSO Partnership Portal"), domain=urlsplit(settings.SITE_URL).netloc
        )
        mail_context: dict[str, Any] = {"email": email, "current_site": site, **context}
        for key, value in mail_context.items():
            if key.endswith("_url") and isinstance(value, str):
                # A prefixed path resolves only under its own language.
                built_in = translation.get_language_from_path(urlsplit(value).path)
                if built_in and built_in != language:
                    with translation.override(built_in):
                        value = translate_url(value, language)
                mail_context[key] = site_url(value)
        return mail_context

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address for rate limits, behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies.

        allauth raises ImproperlyConfigured (a 500) when X-Forwarded-For has fewer entries
        than the trusted proxy count, which a request reaching the web server directly does;
        such a request is counted by its connecting address instead.
        """
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - not a bind

    def is_safe_url(self, url: str | None) -> bool:
        request = getattr(self, "request", None)
        host = request.get_host() if isinstance(request, HttpRequest) else None
        return bool(url) and url_has_allowed_host_and_scheme(
            url,
            allowed_hosts={host} if host else set(settings.ALLOWED_HOSTS),
            require_https=request.is_secure() if isinstance(request, HttpRequest) else False,
        )

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from iomcso.core.emails import normalise_language
from iomcso.core.services import email_queue_rendered


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through the outbox, in the recipient's language."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user")
        language = normalise_language(getattr(user, "language", None) or translation.get_language())
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        if not html:
            # allauth ships text templates only: every email still goes out as text + HTML.
            with translation.override(language):
                html = render_to_string(
                    "emails/account/allauth_message.html",
                    {
                        "subject": message.subject,
                        "body": message.body,
                        "language": language,
                        "site_url": settings.SITE_URL,
                    },
                )
        email_queue_rendered(
            to=message.to,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            language=language,
            template=template_prefix,
        )

    def is_safe_url(self, url: str | None) -> bool:
        request = getattr(self, "request", None)
        host = request.get_host() if isinstance(request, HttpRequest) else None
        return bool(url) and url_has_allowed_host_and_scheme(
            url,
            allowed_hosts={host} if host else set(settings.ALLOWED_HOSTS),
            require_https=request.is_secure() if isinstance(request, HttpRequest) else False,
        )

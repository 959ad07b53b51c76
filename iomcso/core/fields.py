"""Model fields shared by the apps."""

from typing import Any

from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose forms read a bare "example.org" as https://example.org.

    Partners type their website without a scheme; assuming https is what Django 6 does
    by default, and it keeps every form of the site (admin, portal, import) consistent.
    """

    # Keywords only, like Django's own URLField.formfield; the stubs give it Field's signature.
    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"assume_scheme": "https", **kwargs})

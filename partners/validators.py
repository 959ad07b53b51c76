import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,28}$")


def validate_phone(value: str) -> None:
    """International phone numbers: digits with optional +, spaces, dots, dashes, brackets."""
    if value and not _PHONE.match(value):
        raise ValidationError(
            _("Enter a phone number such as +41 22 717 91 11."), code="invalid_phone"
        )

"""What every personal-data provider (see ``registry``) agrees on: which email addresses are
the user's, how to match them, and the names left on records kept after an erasure.

Apps hold people's addresses typed by someone else (a delegate registered by a colleague, a
contact listed by an organization), so a user's data is found by address as well as by link.
"""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext_noop

# Stored in English on records an organization or IOM keeps after the person erased their
# data (past attendance counts in statistics); marked so the catalogues carry them.
ANONYMISED_DELEGATE_NAME = gettext_noop("Former delegate")
ANONYMISED_CONTACT_NAME = gettext_noop("Former contact")


def user_email_addresses(user) -> list[str]:
    """The addresses provably the user's, lower-cased: the sign-in address and every
    verified one (primary or secondary).

    Unverified addresses are left out on purpose: anybody can add a colleague's address to
    their own account without proving it, and must not thereby read the colleague's
    registrations in an export, or erase them by deleting the account.
    """
    addresses = {user.email.lower()} if user.email else set()
    addresses.update(
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    return sorted(addresses)


def email_matches(field: str, addresses: Iterable[str], *, lookup: str = "iexact") -> Q:
    """``field`` equal to one of ``addresses``, whatever the case (matches nothing if none)."""
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(**{f"{field}__{lookup}": address})
    return condition

"""Creating, registering and updating organizations, with the fields derived from them."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from iomcso.core.slugs import unique_slug

from ..choices import VerificationStatus
from ..directory_cache import directory_changed
from ..models import (
    Organization,
)
from ..regions import regions_for_countries
from ..screening.hooks import organization_screening_request
from ..text import name_key, website_domain
from ..translations import normalise_profile_translations
from ..uploads import logo_png
from .duplicates import organization_duplicates_flag

# Fields a caller may set on create/update; the rest are derived or workflow state.
ORGANIZATION_FIELDS = frozenset(
    {
        "name",
        "acronym",
        "partner_type",
        "level",
        "headquarters_country",
        "countries_of_operation",
        "activities",
        "operating_settings",
        "description",
        "mission_statement",
        "profile_language",
        "profile_translations",
        "website",
        "public_email",
        "public_phone",
        "year_founded",
        "legal_registration_number",
        "legal_registration_country",
        "ecosoc_status",
        "ecosoc_year",
        "logo",
        "is_network",
        "profile_confirmed_at",
    }
)


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    return unique_slug(
        Organization.objects.all(),
        name,
        fallback="organization",
        max_length=240,
        exclude_pk=exclude_pk,
    )


def organization_derive_fields(organization: Organization) -> None:
    """Fill the derived fields from the ones people edit (no save)."""
    organization.name = " ".join(organization.name.split())
    organization.name_key = name_key(organization.name)
    organization.website_domain = website_domain(organization.website)
    organization.countries_of_operation = sorted(
        {str(code).upper() for code in organization.countries_of_operation if code}
    )
    organization.regions = regions_for_countries(
        [str(organization.headquarters_country), *organization.countries_of_operation]
    )
    if not organization.slug:
        organization.slug = _unique_slug(organization.name, exclude_pk=organization.pk)
    organization.profile_translations = normalise_profile_translations(
        organization.profile_translations
    )


def _record_history(organization: models.Model, *, actor, reason: str = "") -> None:
    # simple_history reads these when it writes the history row of the next save
    # (attributes it documents, not model fields, so the type checker does not know them).
    organization._history_user = actor  # type: ignore[attr-defined]
    organization._change_reason = reason[:100] if reason else ""  # type: ignore[attr-defined]


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - ORGANIZATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown or read-only organization fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def organization_create(
    *,
    actor,
    name: str,
    partner_type: str,
    level: str,
    headquarters_country: str,
    **fields: Any,
) -> Organization:
    """Register a new organization, pending verification, and flag possible duplicates.

    Used by the portal's registration; ``fields`` are any of ``ORGANIZATION_FIELDS``.
    Raises ``ValidationError`` (for example when the same name is already registered in
    the country, ignoring case and accents).
    """
    _check_fields(fields)
    organization = Organization(
        name=name,
        partner_type=partner_type,
        level=level,
        headquarters_country=headquarters_country,
        **fields,
    )
    return organization_register(actor=actor, organization=organization)


@transaction.atomic
def organization_register(*, actor, organization: Organization) -> Organization:
    """Save a new organization built by a form or an import row (not yet saved).

    Derives the computed fields, validates, saves as pending and runs the duplicate check.
    """
    if organization.pk is not None:
        raise ValueError("organization_register() saves new organizations only.")
    organization.verification_status = VerificationStatus.PENDING
    organization_derive_fields(organization)
    organization.full_clean()
    _record_history(organization, actor=actor, reason=_("Created"))
    organization.save()
    organization_duplicates_flag(organization=organization)
    organization_screening_request(organization_id=organization.pk)
    return organization


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields: Any) -> Organization:
    """Change an organization's editable fields, re-deriving what depends on them.

    Also saves changes a form already made on the instance (call with no ``fields``).
    The duplicate check runs again when the name or the website changed.
    """
    _check_fields(fields)
    old_key, old_domain, old_acronym, old_pending = (
        Organization.objects.filter(pk=organization.pk)
        .values_list("name_key", "website_domain", "acronym", "pending_identity_changes")
        .get()
    )
    for field, value in fields.items():
        setattr(organization, field, value)
    organization_derive_fields(organization)
    organization.full_clean()
    _record_history(organization, actor=actor, reason=_("Updated"))
    organization.save()
    if (organization.name_key, organization.website_domain) != (old_key, old_domain):
        organization_duplicates_flag(organization=organization)
    identity = (organization.name_key, organization.acronym, organization.pending_identity_changes)
    if identity != (old_key, old_acronym, old_pending):  # screened again under its new names
        organization_screening_request(organization_id=organization.pk)
    directory_changed()
    return organization


@transaction.atomic
def organization_logo_set(
    *, actor, organization: Organization, upload: UploadedFile | ContentFile
) -> Organization:
    """Replace the organization's logo with the upload, re-encoded by Pillow.

    Only what ``logo_png`` returns is stored (a PNG of at most 256 px, pixels only), so the
    portal, the admin and the demo data keep logos one way. A refused file raises
    ``ValidationError`` before anything is written. The old file is deleted after commit.
    The public page shows the logo only while the organization is verified.
    """
    png = logo_png(upload)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    old_name = organization.logo.name
    organization.logo.save(f"{organization.slug}.png", ContentFile(png), save=False)
    _record_history(organization, actor=actor, reason=_("Logo changed"))
    try:
        organization.save(update_fields=["logo", "updated_at"])
    except Exception:
        organization.logo.delete(save=False)
        raise
    _delete_after_commit(organization, old_name)
    return organization


@transaction.atomic
def organization_logo_remove(*, actor, organization: Organization) -> Organization:
    """Remove the organization's logo; the public page shows none from now."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    old_name = organization.logo.name
    if not old_name:
        return organization
    organization.logo.name = ""
    _record_history(organization, actor=actor, reason=_("Logo removed"))
    organization.save(update_fields=["logo", "updated_at"])
    _delete_after_commit(organization, old_name)
    return organization


def _delete_after_commit(organization: Organization, name: str) -> None:
    if not name:
        return
    storage = organization.logo.storage
    transaction.on_commit(lambda: storage.delete(name))

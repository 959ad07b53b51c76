"""Contacts and cooperation history kept by an organization."""

from django.db import transaction

from partners.models import (
    Contact,
    CooperationRecord,
    Organization,
)

from .common import _with_history_user


@transaction.atomic
def contact_save(
    *, organization: Organization, actor, data: dict, contact: Contact | None = None
) -> Contact:
    """Create or update a contact of the organization."""
    contact = contact or Contact(organization=organization)
    for field in ("name", "position", "email", "phone", "languages", "is_primary"):
        if field in data:
            setattr(contact, field, data[field])
    contact.full_clean()
    _with_history_user(contact, actor)
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor) -> None:
    _with_history_user(contact, actor)
    contact.delete()


@transaction.atomic
def cooperation_record_save(
    *,
    organization: Organization,
    actor,
    data: dict,
    record: CooperationRecord | None = None,
) -> CooperationRecord:
    """Create or update a record of the organization's cooperation with IOM."""
    record = record or CooperationRecord(organization=organization)
    for field in (
        "kind",
        "title",
        "iom_office",
        "start_date",
        "end_date",
        "description",
        "is_public",
    ):
        if field in data:
            setattr(record, field, data[field])
    record.full_clean()
    _with_history_user(record, actor)
    record.save()
    return record


@transaction.atomic
def cooperation_record_delete(*, record: CooperationRecord, actor) -> None:
    _with_history_user(record, actor)
    record.delete()

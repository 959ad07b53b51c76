"""Every write of sanctions screening: list imports, screening runs, due-diligence decisions.

Rules that always hold:
- A list import lands whole or not at all, and only from a well-formed file with at least
  ``SCREENING_MIN_ENTRIES`` entries; each import is a ``ListVersion`` recording what it
  added, changed and removed. An identical file adds no version.
- Only active entries have comparable names (``ListEntryName``); an entry removed from the
  list closes the open possible matches it raised.
- A false positive is not raised again while the entry's content is unchanged; a changed
  entry re-opens it for review.
- A confirmed match blocks verification, consultation registration and observer
  application (``guards``), adds a serious-concern observation and tells registry staff.
- The partner never sees any of it: nothing here is linked from the portal or the public site.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iomcso.core.audit import Action, audit_record
from iomcso.core.roles import DUE_DILIGENCE_OFFICER, PARTNERSHIPS_OFFICER
from iomcso.core.services import email_queue
from iomcso.core.workflow import InvalidTransition, transition, transition_record_start
from partners.choices import ObservationSeverity
from partners.models import Contact, Organization, OrganizationMember
from partners.services import observation_add

from . import consolidated_list, hooks, sql
from .consolidated_list import ListFileError, ParsedEntry
from .models import (
    EntryKind,
    ListEntry,
    ListEntryChange,
    ListEntryName,
    ListVersion,
    NameField,
    PossibleMatch,
    ScreenedName,
)
from .normalise import normalised_name, skeleton

logger = logging.getLogger(__name__)

# Identity fields of an organization: a change to one of them screens it again.
IDENTITY_FIELDS = ("name", "acronym")


# --- The list ---------------------------------------------------------------


def _entry_names(entry: ListEntry) -> list[ListEntryName]:
    values: list[tuple[str, str]] = [(NameField.LIST_NAME, entry.name)]
    if entry.original_script_name:
        values.append((NameField.ORIGINAL_SCRIPT, entry.original_script_name))
    for alias in entry.aliases:
        quality = (alias.get("quality") or "").lower()
        alias_field = NameField.ALIAS_LOW if quality.startswith("low") else NameField.ALIAS_GOOD
        values.append((alias_field, alias["name"]))
    rows, seen = [], set()
    for field, value in values:
        normalised = normalised_name(value)
        if not normalised or (field, normalised) in seen:
            continue
        seen.add((field, normalised))
        rows.append(
            ListEntryName(
                entry=entry,
                kind=entry.kind,
                field=field,
                value=value[:500],
                normalised=normalised[:500],
                skeleton=skeleton(value)[:500],
            )
        )
    return rows


def _apply(entry: ListEntry, parsed: ParsedEntry, content_hash: str) -> None:
    entry.kind = parsed.kind
    entry.name = parsed.name
    entry.original_script_name = parsed.original_script_name
    entry.list_type = parsed.list_type
    entry.listed_on = parsed.listed_on
    entry.nationalities = parsed.nationalities
    entry.addresses = parsed.addresses
    entry.aliases = parsed.aliases
    entry.comments = parsed.comments
    entry.content_hash = content_hash


@transaction.atomic
def list_import(*, content: bytes, source: str, actor=None) -> ListVersion:
    """Import one Consolidated List file as a new version, all or nothing.

    Raises ``ListFileError`` for a malformed, foreign or suspiciously small file. The same
    file imported twice gives back the version it made the first time. After commit, the
    registry is screened against the entries this version added or changed.
    """
    parsed = consolidated_list.parse(content)
    minimum = settings.SCREENING_MIN_ENTRIES
    if len(parsed.entries) < minimum:
        raise ListFileError(
            _(
                "The list has only %(count)s entries (at least %(minimum)s expected): "
                "it looks truncated and was not imported."
            )
            % {"count": len(parsed.entries), "minimum": minimum}
        )
    sha256 = hashlib.sha256(content).hexdigest()
    # One import at a time: two concurrent imports would compute the same differences.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('screening.list_import'))")
    latest = ListVersion.objects.order_by("-imported_at", "-pk").first()
    if latest is not None and latest.sha256 == sha256:
        return latest

    version = ListVersion.objects.create(
        source=source[:500],
        sha256=sha256,
        generated_at=parsed.generated_at,
        entries=len(parsed.entries),
        imported_by=actor,
    )
    existing = {entry.reference_number: entry for entry in ListEntry.objects.select_for_update()}
    changes: list[ListEntryChange] = []
    touched: list[ListEntry] = []
    for item in parsed.entries:
        content_hash = item.content_hash()
        entry = existing.get(item.reference_number)
        if entry is None:
            entry = ListEntry(
                reference_number=item.reference_number, first_version=version, changed_in=version
            )
            _apply(entry, item, content_hash)
            entry.save()
            changes.append(ListEntryChange(version=version, entry=entry, change="added"))
            touched.append(entry)
        elif entry.removed_in_id is not None or entry.content_hash != content_hash:
            # Back on the list after a removal counts as added; otherwise changed.
            change = "added" if entry.removed_in_id is not None else "changed"
            _apply(entry, item, content_hash)
            entry.removed_in = None
            entry.changed_in = version
            entry.save()
            changes.append(ListEntryChange(version=version, entry=entry, change=change))
            touched.append(entry)

    listed = {item.reference_number for item in parsed.entries}
    removed = [
        entry
        for reference, entry in existing.items()
        if reference not in listed and entry.removed_in_id is None
    ]
    for entry in removed:
        entry.removed_in = version
        entry.save(update_fields=["removed_in"])
        changes.append(ListEntryChange(version=version, entry=entry, change="removed"))

    ListEntryName.objects.filter(entry__in=[*touched, *removed]).delete()
    ListEntryName.objects.bulk_create(
        [name for entry in touched for name in _entry_names(entry)], batch_size=2000
    )
    ListEntryChange.objects.bulk_create(changes, batch_size=2000)
    # Few entries leave the list at a time: each closed match gets its transition log row.
    open_matches = PossibleMatch.objects.filter(entry__in=removed, status=PossibleMatch.Status.OPEN)
    closed = 0
    for match in open_matches:
        transition(
            match,
            to=PossibleMatch.Status.CLOSED,
            allowed_from={PossibleMatch.Status.OPEN},
            actor=actor,
            clean=False,
        )
        closed += 1

    version.added = sum(1 for change in changes if change.change == "added")
    version.changed = sum(1 for change in changes if change.change == "changed")
    version.removed = len(removed)
    version.save(update_fields=["added", "changed", "removed"])
    logger.info(
        "consolidated list version %s: %s entries, +%s ~%s -%s, %s open matches closed",
        version.pk,
        version.entries,
        version.added,
        version.changed,
        version.removed,
        closed,
    )
    if touched:
        transaction.on_commit(
            lambda: hooks.enqueue("screen_list_version_task", version_id=version.pk)
        )
    return version


def list_import_from_url(*, url: str | None = None, actor=None) -> ListVersion:
    """Download the list from ``url`` (the configured address by default) and import it."""
    url = url or settings.SCREENING_LIST_URL
    content = consolidated_list.download(url, timeout=settings.SCREENING_DOWNLOAD_TIMEOUT)
    return list_import(content=content, source=url, actor=actor)


# --- Names of the registry --------------------------------------------------


def _name_row(organization_id: int, field: str, value: str, **subject) -> ScreenedName | None:
    normalised = normalised_name(value)
    if not normalised:
        return None
    kind = EntryKind.ENTITY if subject == {} else EntryKind.INDIVIDUAL
    return ScreenedName(
        organization_id=organization_id,
        kind=kind,
        field=field,
        value=value[:500],
        normalised=normalised[:500],
        skeleton=skeleton(value)[:500],
        **subject,
    )


def organization_names(organization: Organization) -> list[ScreenedName]:
    """The organization's names to screen: current, proposed and former (never forgotten).

    Former names come from the organization's history (renames, identity changes) and from
    rows that already exist (a merge moves the duplicate's names to the kept organization).
    """
    current: list[tuple[str, str]] = [
        (NameField.ORGANIZATION_NAME, organization.name),
        (NameField.ACRONYM, organization.acronym),
    ]
    pending = organization.pending_identity_changes or {}
    current += [
        (NameField.PROPOSED_NAME, str(pending[field]))
        for field in IDENTITY_FIELDS
        if pending.get(field)
    ]
    rows: dict[tuple[str, str], ScreenedName] = {}
    for field, value in current:
        row = _name_row(organization.pk, field, value)
        if row is not None:
            rows.setdefault((field, row.normalised), row)
    current_forms = {normalised for _field, normalised in rows}
    history = Organization.history.filter(id=organization.pk).values_list("name", "acronym")
    known = ScreenedName.objects.filter(
        organization=organization, contact=None, member=None
    ).values_list("value", flat=True)
    for value in [*(name for pair in history for name in pair), *known]:
        row = _name_row(organization.pk, NameField.FORMER_NAME, value or "")
        if row is not None and row.normalised not in current_forms:
            rows.setdefault((NameField.FORMER_NAME, row.normalised), row)
    return list(rows.values())


def _replace_names(existing, wanted: list[ScreenedName]) -> None:
    wanted_keys = {(row.field, row.normalised) for row in wanted}
    existing = list(existing)
    stale = [row.pk for row in existing if (row.field, row.normalised) not in wanted_keys]
    ScreenedName.objects.filter(pk__in=stale).delete()
    have = {(row.field, row.normalised) for row in existing}
    ScreenedName.objects.bulk_create(
        [row for row in wanted if (row.field, row.normalised) not in have], ignore_conflicts=True
    )


def organization_names_refresh(*, organization: Organization) -> None:
    """Bring the screened names of an organization, its contacts and its team up to date."""
    _replace_names(
        ScreenedName.objects.filter(organization=organization, contact=None, member=None),
        organization_names(organization),
    )
    for contact in Contact.objects.filter(organization=organization):
        row = _name_row(organization.pk, NameField.CONTACT_NAME, contact.name, contact=contact)
        _replace_names(
            ScreenedName.objects.filter(organization=organization, contact=contact),
            [row] if row else [],
        )
    for member in OrganizationMember.objects.filter(organization=organization).select_related(
        "user"
    ):
        row = _name_row(
            organization.pk, NameField.MEMBER_NAME, member.user.full_name, member=member
        )
        _replace_names(
            ScreenedName.objects.filter(organization=organization, member=member),
            [row] if row else [],
        )


def screened_names_backfill(*, batch_size: int = 5000) -> int:
    """Give every organization without screened names its names (first deployment, bulk
    loads that bypass the services). Returns how many organizations it filled."""
    filled = 0
    missing = Organization.objects.filter(
        ~Exists(ScreenedName.objects.filter(organization=OuterRef("pk")))
    ).order_by("pk")
    last_pk = 0
    while True:
        batch = list(missing.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return filled
        with transaction.atomic():
            rows = [
                row
                for organization in batch
                for row in (
                    _name_row(organization.pk, NameField.ORGANIZATION_NAME, organization.name),
                    _name_row(organization.pk, NameField.ACRONYM, organization.acronym),
                )
                if row is not None
            ]
            contacts = Contact.objects.filter(organization__in=batch).values_list(
                "pk", "organization_id", "name"
            )
            rows += [
                row
                for pk, organization_id, name in contacts
                if (row := _name_row(organization_id, NameField.CONTACT_NAME, name, contact_id=pk))
            ]
            members = OrganizationMember.objects.filter(organization__in=batch).values_list(
                "pk", "organization_id", "user__full_name"
            )
            rows += [
                row
                for pk, organization_id, name in members
                if (row := _name_row(organization_id, NameField.MEMBER_NAME, name, member_id=pk))
            ]
            ScreenedName.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        filled += len(batch)
        last_pk = batch[-1].pk


# --- Screening runs ---------------------------------------------------------


def _latest_version() -> ListVersion | None:
    return ListVersion.objects.order_by("-imported_at", "-pk").first()


def _record(candidates: Iterable[sql.Candidate], *, version: ListVersion) -> list[PossibleMatch]:
    """Turn candidates into possible matches: new ones open, decided ones left alone unless
    the entry changed since the decision (then they open again)."""
    candidates = list(candidates)
    if not candidates:
        return []
    entries = ListEntry.objects.in_bulk({candidate.entry_id for candidate in candidates})
    existing = {
        (match.entry_id, match.organization_id, match.contact_id, match.member_id): match
        for match in PossibleMatch.objects.filter(
            entry_id__in=entries, organization_id__in={c.organization_id for c in candidates}
        )
    }
    raised: list[PossibleMatch] = []
    Status = PossibleMatch.Status
    for candidate in candidates:
        entry = entries[candidate.entry_id]
        key = (
            candidate.entry_id,
            candidate.organization_id,
            candidate.contact_id,
            candidate.member_id,
        )
        values = {
            "subject_name": candidate.subject_name[:500],
            "score": round(candidate.score, 3),
            "matched_fields": candidate.matched_fields,
            "entry_hash": entry.content_hash,
        }
        match = existing.get(key)
        if match is None:
            match = PossibleMatch(
                entry=entry,
                organization_id=candidate.organization_id,
                contact_id=candidate.contact_id,
                member_id=candidate.member_id,
                found_in=version,
                **values,
            )
            match.save()
            transition_record_start(match, actor=None)
        elif match.status == Status.CONFIRMED or (
            match.status == Status.FALSE_POSITIVE and match.entry_hash == entry.content_hash
        ):
            continue
        elif match.status == Status.OPEN:
            for field, value in values.items():
                setattr(match, field, value)
            match.save()
        else:
            # A false positive whose entry changed, or an entry back on the list: review again.
            reopened = {
                **values,
                "found_in": version,
                "decision_reason": "",
                "decided_at": None,
                "decided_by": None,
            }

            def reopen(locked: PossibleMatch, reopened=reopened) -> None:
                for field, value in reopened.items():
                    setattr(locked, field, value)

            transition(
                match,
                to=Status.OPEN,
                allowed_from={Status.FALSE_POSITIVE, Status.CLOSED},
                actor=None,
                apply=reopen,
                clean=False,
            )
        raised.append(match)
    return raised


def organization_screen(*, organization_id: int) -> list[PossibleMatch]:
    """Screen one organization, its contacts and its team against the active list.

    Returns the possible matches raised or refreshed (decided ones are not raised again).
    """
    organization = Organization.objects.filter(pk=organization_id).first()
    version = _latest_version()
    if organization is None:
        return []
    with transaction.atomic():
        organization_names_refresh(organization=organization)
        if version is None:
            return []
        candidates = sql.find_candidates(
            threshold=settings.SCREENING_MATCH_THRESHOLD, organization_ids=[organization_id]
        )
        return _record(candidates, version=version)


def list_version_screen(*, version_id: int) -> list[PossibleMatch]:
    """Screen the whole registry against the entries one import added or changed."""
    version = ListVersion.objects.filter(pk=version_id).first()
    if version is None:
        return []
    screened_names_backfill()
    entry_ids = list(
        ListEntryChange.objects.filter(
            version=version, change__in=["added", "changed"]
        ).values_list("entry_id", flat=True)
    )
    return registry_screen(entry_ids=entry_ids, version=version)


@transaction.atomic
def registry_screen(*, entry_ids: list[int], version: ListVersion) -> list[PossibleMatch]:
    """Screen every registry name against the given entries, in one SQL statement."""
    if not entry_ids:
        return []
    candidates = sql.find_candidates(
        threshold=settings.SCREENING_MATCH_THRESHOLD, entry_ids=entry_ids
    )
    return _record(candidates, version=version)


def organization_merge_prepare(*, keep: Organization, duplicate: Organization, actor) -> None:
    """Before a merge moves rows: of two possible matches of the same entry (one on each
    organization), keep the one that weighs most (a confirmed match is never lost), so the
    merge moves it; then screen the kept organization, whose names now include the
    duplicate's (kept as former names)."""
    weight: dict[str, int] = {
        PossibleMatch.Status.CONFIRMED: 3,
        PossibleMatch.Status.OPEN: 2,
        PossibleMatch.Status.FALSE_POSITIVE: 1,
        PossibleMatch.Status.CLOSED: 0,
    }
    kept = {
        (match.entry_id, match.contact_id, match.member_id): match
        for match in PossibleMatch.objects.filter(organization=keep)
    }
    for match in PossibleMatch.objects.filter(organization=duplicate):
        other = kept.get((match.entry_id, match.contact_id, match.member_id))
        if other is not None and weight[match.status] > weight[other.status]:
            other.delete()
    hooks.organization_screening_request(organization_id=keep.pk)


# --- Decisions --------------------------------------------------------------


def _decide(*, actor, possible_match: PossibleMatch, outcome: str, reason: str) -> PossibleMatch:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})

    def stamp(locked: PossibleMatch) -> None:
        locked.decision_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        # A false positive holds until the entry changes from what the officer saw.
        locked.entry_hash = locked.entry.content_hash

    transition(
        possible_match,
        to=outcome,
        allowed_from={PossibleMatch.Status.OPEN},
        actor=actor,
        comment=reason,
        apply=stamp,
        clean=False,
        error=lambda locked: InvalidTransition(
            _("This possible match is already decided (“%(status)s”).")
            % {"status": locked.get_status_display()}
        ),
    )
    # The transition log holds the state change; the audit log makes the decision searchable
    # by auditors and shows it in the admin's "Recent actions".
    audit_record(
        action=Action.STAFF_ACTION,
        actor=actor,
        target=possible_match,
        message=f"{outcome}: {reason}"[:500],
    )
    return possible_match


@transaction.atomic
def possible_match_dismiss(*, actor, possible_match: PossibleMatch, reason: str) -> PossibleMatch:
    """open → false positive: not raised again while the list entry stays the same."""
    return _decide(
        actor=actor,
        possible_match=possible_match,
        outcome=PossibleMatch.Status.FALSE_POSITIVE,
        reason=reason,
    )


@transaction.atomic
def possible_match_confirm(*, actor, possible_match: PossibleMatch, reason: str) -> PossibleMatch:
    """open → confirmed match: the organization is blocked (verification, consultation
    registration, observer application), a serious concern is recorded on it, and registry
    staff are told by email."""
    _decide(
        actor=actor,
        possible_match=possible_match,
        outcome=PossibleMatch.Status.CONFIRMED,
        reason=reason,
    )
    entry, organization = possible_match.entry, possible_match.organization
    observation_add(
        actor=actor,
        organization=organization,
        severity=ObservationSeverity.SERIOUS,
        text=_(
            "Confirmed match with the UN Security Council Consolidated List, entry "
            "%(reference)s (%(name)s), on “%(subject)s”. Verification, consultation "
            "registration and observer applications are blocked. Reason: %(reason)s"
        )
        % {
            "reference": entry.reference_number,
            "name": entry.name,
            "subject": possible_match.subject_name,
            "reason": possible_match.decision_reason,
        },
    )
    _notify_registry_staff(possible_match)
    return possible_match


def registry_staff():
    """Who is told of a confirmed match: partnerships officers and due-diligence officers."""
    return (
        get_user_model()
        .objects.filter(
            groups__name__in=[PARTNERSHIPS_OFFICER, DUE_DILIGENCE_OFFICER], is_active=True
        )
        .exclude(email="")
        .distinct()
    )


def _notify_registry_staff(possible_match: PossibleMatch) -> None:
    for user in registry_staff():
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            url = settings.SITE_URL.rstrip("/") + reverse(
                "admin:partners_organization_change", args=[possible_match.organization_id]
            )
        email_queue(
            to=user.email,
            template="screening/confirmed_match",
            context={
                "organization_name": possible_match.organization.name,
                "reference_number": possible_match.entry.reference_number,
                "entry_name": possible_match.entry.name,
                "recipient_name": user.get_full_name(),
                "url": url,
            },
            language=language,
        )

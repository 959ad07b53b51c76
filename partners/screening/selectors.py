"""Reads of sanctions screening (staff only)."""

from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from iomcso.core.spreadsheets import neutralise_cell

from .models import EntryKind, ListEntry, ListVersion, NameField, PossibleMatch


def organization_is_blocked(*, organization_id: int) -> bool:
    """A confirmed match with an entry still on the list blocks the organization."""
    return PossibleMatch.objects.filter(
        organization_id=organization_id,
        status=PossibleMatch.Status.CONFIRMED,
        entry__removed_in__isnull=True,
    ).exists()


def possible_matches_for_review() -> QuerySet[PossibleMatch]:
    """The due-diligence queue, with what each row shows side by side."""
    return PossibleMatch.objects.select_related(
        "entry", "organization", "contact", "member__user", "found_in", "decided_by"
    )


def possible_match_for_review(*, pk: int) -> PossibleMatch | None:
    return possible_matches_for_review().filter(pk=pk).first()


def list_versions_with_outcomes() -> QuerySet[ListVersion]:
    """Each list version with the number of possible matches it raised, by outcome."""
    Status = PossibleMatch.Status
    return ListVersion.objects.annotate(
        matches=Count("possible_matches"),
        open_matches=Count("possible_matches", filter=Q(possible_matches__status=Status.OPEN)),
        confirmed=Count("possible_matches", filter=Q(possible_matches__status=Status.CONFIRMED)),
        false_positives=Count(
            "possible_matches", filter=Q(possible_matches__status=Status.FALSE_POSITIVE)
        ),
        closed=Count("possible_matches", filter=Q(possible_matches__status=Status.CLOSED)),
    )


def active_entries() -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(removed_in__isnull=True)


# --- The screening report (built by observers' report machinery) ----------------------


def screening_report_header() -> list[str]:
    return [
        _("List version"),
        _("Organization"),
        _("Name screened"),
        _("Organization ID"),
        _("Reference number"),
        _("Listed name"),
        _("Kind"),
        _("Matched fields"),
        _("Score"),
        _("Outcome"),
        _("Decided at"),
        _("Decided by"),
        _("Reason"),
    ]


def _report_matches(*, filters: dict) -> QuerySet[PossibleMatch]:
    matches = PossibleMatch.objects.all()
    if filters.get("version_id"):
        matches = matches.filter(found_in_id=filters["version_id"])
    if filters.get("status") in PossibleMatch.Status.values:
        matches = matches.filter(status=filters["status"])
    return matches


def screening_report_row_estimate(*, filters: dict) -> int:
    return _report_matches(filters=filters).count()


def screening_report_rows(*, filters: dict, chunk_size: int = 2000) -> Iterator[list]:
    """One row per possible match, by list version then organization; a server-side cursor
    keeps memory flat (must run inside a transaction)."""
    statuses = {value: str(label) for value, label in PossibleMatch.Status.choices}
    kinds = {value: str(label) for value, label in EntryKind.choices}
    fields = {value: str(label) for value, label in NameField.choices}
    rows = (
        _report_matches(filters=filters)
        .order_by("found_in__imported_at", "organization__name", "pk")
        .values_list(
            "found_in__imported_at",
            "organization__name",
            "subject_name",
            "organization_id",
            "entry__reference_number",
            "entry__name",
            "entry__kind",
            "matched_fields",
            "score",
            "status",
            "decided_at",
            "decided_by__email",
            "decision_reason",
        )
    )
    for (
        imported_at,
        organization_name,
        subject_name,
        organization_id,
        reference,
        entry_name,
        kind,
        matched,
        score,
        status,
        decided_at,
        decided_by,
        reason,
    ) in rows.iterator(chunk_size=chunk_size):
        matched_text = "; ".join(
            f"{fields.get(item.get('subject_field'), '')} “{item.get('subject_value')}” ~ "
            f"{fields.get(item.get('entry_field'), '')} “{item.get('entry_value')}”"
            for item in matched or []
        )
        yield [
            imported_at.replace(tzinfo=None),
            _text(organization_name),
            _text(subject_name),
            organization_id,
            reference,
            _text(entry_name),
            kinds.get(kind, kind),
            _text(matched_text),
            score,
            statuses.get(status, status),
            decided_at.replace(tzinfo=None) if decided_at else None,
            decided_by or "",
            _text(reason),
        ]


def _text(value: str | None) -> str:
    """Typed or listed text never runs as a spreadsheet formula (CSV/XLSX injection)."""
    return str(neutralise_cell(value or ""))

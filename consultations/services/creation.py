"""Creating a consultation and cloning one as the start of the next."""

import datetime
import re
import zoneinfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from iomcso.core.slugs import unique_slug

from ..models import (
    AgendaSession,
    Consultation,
    ConsultationDocument,
    Invitation,
    Speaker,
)


def _unique_slug(base: str) -> str:
    return unique_slug(Consultation.objects.all(), base, fallback="consultation", max_length=100)


@transaction.atomic
def consultation_create(
    *,
    series,
    title: str,
    actor,
    theme: str = "",
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    **fields,
) -> Consultation:
    consultation = Consultation(
        series=series,
        title=title,
        theme=theme,
        starts_at=starts_at,
        ends_at=ends_at,
        slug=fields.pop("slug", None) or _unique_slug(title),
        **fields,
    )
    consultation.full_clean()
    consultation.save()
    return consultation


YEAR_IN_TITLE = re.compile(r"\b(19|20)\d{2}\b")
CLONED_DATE_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def _a_year_later(moment: datetime.datetime | None, zone: str) -> datetime.datetime | None:
    """The same wall-clock time a year later in the consultation's time zone (29 February
    becomes the 28th)."""
    if moment is None:
        return None
    try:
        local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        local = timezone.localtime(moment)
    try:
        shifted = local.replace(year=local.year + 1)
    except ValueError:
        shifted = local.replace(year=local.year + 1, day=28)
    return shifted


def _next_title(source: Consultation) -> str:
    """ "Annual Consultation 2026" becomes "… 2027"; a title without a year gains one, and the
    clone of an undated clone moves its year on instead of gaining a second one."""
    years = [int(match.group(0)) for match in YEAR_IN_TITLE.finditer(source.title)]
    current = source.year or (years[-1] if years else None)
    if current is not None and str(current) in source.title:
        # The last mention is the edition's year ("2025 Dialogue … 2026" keeps the first).
        head, _sep, tail = source.title.rpartition(str(current))
        return f"{head}{current + 1}{tail}"
    return f"{source.title} {(current or timezone.now().year) + 1}"


@transaction.atomic
def consultation_clone(
    *, source: Consultation, actor, copy_documents: bool = False
) -> Consultation:
    """Next year's consultation: same settings, agenda and invitation list, every date and
    agenda time moved on by a year (staff edit them on the draft).

    It starts as a draft; invitations are planned, not sent. Not copied: registrations,
    action points, the feedback survey link, and documents unless ``copy_documents``.
    """
    title = _next_title(source)
    copied = {
        field: getattr(source, field)
        for field in (
            "series_id",
            "theme",
            "description",
            "time_zone",
            "format",
            "venue",
            "online_link",
            "capacity",
            "max_delegates_per_organization",
            "requires_approval",
            "eligibility",
            "interpretation_languages",
            "invitation_reminder_days",
            "closing_reminder_days",
            "event_reminder_days",
            "feedback_reminder_days",
        )
    }
    dates = {
        field: _a_year_later(getattr(source, field), source.time_zone)
        for field in CLONED_DATE_FIELDS
    }
    clone = Consultation(
        title=title, slug=_unique_slug(title), cloned_from=source, **copied, **dates
    )
    clone.full_clean()
    clone.save()
    for session in source.sessions.prefetch_related("speakers"):
        new_session = AgendaSession.objects.create(
            consultation=clone,
            title=session.title,
            description=session.description,
            room=session.room,
            online_link=session.online_link,
            order=session.order,
            starts_at=_a_year_later(session.starts_at, source.time_zone),
            ends_at=_a_year_later(session.ends_at, source.time_zone),
        )
        Speaker.objects.bulk_create(
            Speaker(
                session=new_session,
                name=speaker.name,
                role=speaker.role,
                organization_name=speaker.organization_name,
                organization_id=speaker.organization_id,
            )
            for speaker in session.speakers.all()
        )
    Invitation.objects.bulk_create(
        Invitation(consultation=clone, organization_id=organization_id, invited_by=actor)
        for organization_id in source.invitations.values_list("organization_id", flat=True)
    )
    if copy_documents:
        for document in source.documents.all():
            with document.file.open("rb") as handle:
                content = ContentFile(handle.read(), name=document.original_name)
            ConsultationDocument.objects.create(
                consultation=clone,
                kind=document.kind,
                title=document.title,
                visibility=document.visibility,
                file=content,
                original_name=document.original_name,
                content_type=document.content_type,
                size=document.size,
            )
    return clone

"""Creating a consultation and cloning one as the start of the next."""

import datetime

from django.db import transaction
from django.utils import timezone

from iomcso.core.slugs import unique_slug

from ..models import (
    AgendaSession,
    Consultation,
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


@transaction.atomic
def consultation_clone(*, source: Consultation, actor) -> Consultation:
    """Next year's consultation: same settings, agenda structure and invitation list.

    Dates are cleared for staff to set; it starts as a draft; invitations are planned,
    not sent.
    """
    next_year = (source.year or timezone.now().year) + 1
    title = source.title
    if source.year and str(source.year) in title:
        title = title.replace(str(source.year), str(next_year))
    else:
        title = f"{title} {next_year}"
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
    clone = Consultation(title=title, slug=_unique_slug(title), cloned_from=source, **copied)
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
    return clone

"""Calendar files (RFC 5545, built with ``icalendar``): a consultation's "Add to calendar"
file, and the feed of every public consultation and Council session to subscribe to."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from observers.models import CouncilSession

from .models import Consultation


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//IOM//IOM-CSO Partnership Portal//EN")
    calendar.add("version", "2.0")
    return calendar


def consultation_ics(consultation: Consultation) -> bytes:
    calendar = _calendar()
    calendar.add("method", "PUBLISH")
    calendar.add_component(_consultation_event(consultation))
    # A TZID needs its VTIMEZONE definition for strict clients (Outlook).
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_feed_ics(
    consultations: Iterable[Consultation], sessions: Iterable[CouncilSession]
) -> bytes:
    """One calendar of every public consultation and every Council session (the same UIDs
    as the single-event files, so a subscriber never sees an event twice)."""
    calendar = _calendar()
    calendar.add("x-wr-calname", _("IOM–CSO consultations and Council sessions"))
    # Calendar clients poll a subscription; ask for twice a day.
    calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", datetime.timedelta(hours=12))
    for consultation in consultations:
        calendar.add_component(_consultation_event(consultation))
    for session in sessions:
        event = Event()
        event.add("uid", f"council-session-{session.pk}@iomcso")
        event.add("summary", str(session))
        event.add("dtstart", session.starts_on)
        # All-day events end the day after their last day (RFC 5545, DTEND is exclusive).
        event.add("dtend", session.ends_on + datetime.timedelta(days=1))
        event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
        event.add("location", session.place)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _consultation_event(consultation: Consultation) -> Event:
    event = Event()
    event.add("uid", f"consultation-{consultation.pk}@iomcso")
    event.add("summary", consultation.title)
    starts = consultation.starts_at
    if starts:
        ends = consultation.ends_at or starts + datetime.timedelta(hours=8)
        event.add("dtstart", starts.astimezone(consultation.tz))
        event.add("dtend", ends.astimezone(consultation.tz))
    event.add("dtstamp", consultation.updated_at or datetime.datetime.now(tz=datetime.UTC))
    description = consultation.theme
    if consultation.description:
        description = f"{description}\n\n{consultation.description}".strip()
    if description:
        event.add("description", description)
    location = ", ".join(part for part in (consultation.venue, consultation.online_link) if part)
    if location:
        event.add("location", location)
    event.add("url", settings.SITE_URL + consultation.get_absolute_url())
    if consultation.status == Consultation.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event

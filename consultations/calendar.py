"""The "Add to calendar" file of a consultation (RFC 5545, built with ``icalendar``)."""

import datetime

from django.conf import settings
from icalendar import Calendar, Event

from .models import Consultation


def consultation_ics(consultation: Consultation) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//IOM//IOM-CSO Partnership Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
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
    calendar.add_component(event)
    # A TZID needs its VTIMEZONE definition for strict clients (Outlook).
    calendar.add_missing_timezones()
    return calendar.to_ical()

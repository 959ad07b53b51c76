"""Demo data: ten years of observer status at the IOM Council.

Council sessions from 2015, applications from the demo registry's international
organizations in every state (granted, declined, withdrawn, and some still in progress),
each with its statements, reviewers' assessments, transitions and, once decided, the
Council's decision; the delegates observers sent to each session.

Applications go through the services (the same checks, transitions and history as in real
use); their dates are then set back to when it happened, as the registry's demo does.
Delegates of past sessions are written directly: the service accepts only upcoming sessions.
Idempotent: an organization that already has an application is left as it is.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from iomcso.core.models import TransitionLog
from iomcso.core.roles import OBSERVER_REVIEWER
from partners.models import Organization
from partners.text import name_key

from . import services
from .models import (
    ApplicationStatus,
    Assessment,
    CouncilDecision,
    CouncilSession,
    Criterion,
    Observer,
    ObserverApplication,
    Outcome,
    SessionDelegate,
)

# Regular sessions of the Council, late November in Geneva.
SESSIONS = {
    106: datetime.date(2015, 11, 24),
    107: datetime.date(2016, 11, 29),
    108: datetime.date(2017, 11, 28),
    109: datetime.date(2018, 11, 27),
    110: datetime.date(2019, 11, 26),
    111: datetime.date(2020, 11, 24),
    112: datetime.date(2021, 11, 29),
    115: datetime.date(2024, 11, 26),
}

REVIEWERS = [
    ("ingrid.halvorsen@iomcso.example", "Ingrid Halvorsen"),
    ("rafael.mendes@iomcso.example", "Rafael Mendes"),
]

M, N, U = Outcome.MET, Outcome.NOT_MET, Outcome.UNCLEAR
ALL_MET = {criterion: M for criterion in Criterion}

Steps = list[tuple[str, datetime.date, object]]

# organization name -> (started on, steps); a step is (verb, date, detail): the comment, the
# outcome of each criterion ("assess"), or the number of the Council session that decided.
DECIDED: dict[str, tuple[datetime.date, Steps]] = {
    "Caritas Internationalis": (
        datetime.date(2016, 2, 15),
        [
            ("submit", datetime.date(2016, 3, 1), ""),
            ("start_review", datetime.date(2016, 3, 14), ""),
            ("assess", datetime.date(2016, 5, 2), ALL_MET),
            ("recommend", datetime.date(2016, 6, 20), "All five criteria met."),
            ("grant", datetime.date(2016, 11, 29), 107),
        ],
    ),
    "Plataforma Sudamericana de Movilidad Humana": (
        datetime.date(2017, 4, 3),
        [
            ("submit", datetime.date(2017, 4, 28), ""),
            ("start_review", datetime.date(2017, 5, 10), ""),
            (
                "withdraw",
                datetime.date(2017, 9, 18),
                "We will apply again once our ECOSOC application is decided.",
            ),
        ],
    ),
    "Red Africaine des Migrations": (
        datetime.date(2018, 1, 22),
        [
            ("submit", datetime.date(2018, 2, 9), ""),
            ("start_review", datetime.date(2018, 2, 20), ""),
            ("assess", datetime.date(2018, 4, 11), {**ALL_MET, Criterion.ECOSOC: N}),
            (
                "not_recommend",
                datetime.date(2018, 6, 4),
                "No consultative status with ECOSOC yet.",
            ),
            ("decline", datetime.date(2018, 11, 27), 109),
        ],
    ),
    "Fondation pour la Mobilité Humaine": (
        datetime.date(2019, 3, 11),
        [
            ("submit", datetime.date(2019, 3, 29), ""),
            ("start_review", datetime.date(2019, 4, 8), ""),
            (
                "request_information",
                datetime.date(2019, 5, 6),
                "Please add evidence of your work with IOM (agreements or reports).",
            ),
            ("resubmit", datetime.date(2019, 6, 3), "Project agreements with IOM Haiti attached."),
            ("start_review", datetime.date(2019, 6, 10), ""),
            ("assess", datetime.date(2019, 7, 1), ALL_MET),
            ("recommend", datetime.date(2019, 7, 15), ""),
            ("grant", datetime.date(2019, 11, 26), 110),
        ],
    ),
    "Central Asia Labour Migration Network": (
        datetime.date(2021, 2, 1),
        [
            ("submit", datetime.date(2021, 2, 26), ""),
            ("start_review", datetime.date(2021, 3, 8), ""),
            ("assess", datetime.date(2021, 5, 3), {**ALL_MET, Criterion.CONSTITUTION: U}),
            ("recommend", datetime.date(2021, 6, 14), "Constitution criterion discussed; met."),
            ("grant", datetime.date(2021, 11, 29), 112),
        ],
    ),
}


def _in_progress(today: datetime.date) -> dict[str, tuple[datetime.date, Steps]]:
    """Applications still open, dated back from today: recommended and waiting for the next
    session, information requested, a draft."""

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    return {
        "Horn of Africa Returnees Initiative": (
            ago(320),
            [
                ("submit", ago(300), ""),
                ("start_review", ago(285), ""),
                ("assess", ago(240), ALL_MET),
                ("recommend", ago(210), ""),
            ],
        ),
        "Mobility Media Collective": (
            ago(150),
            [
                ("submit", ago(130), ""),
                ("start_review", ago(120), ""),
                (
                    "request_information",
                    ago(100),
                    "Please describe your work beyond the United Kingdom, France and Germany.",
                ),
            ],
        ),
        "Southern Africa Migrant Workers Union": (ago(85), []),
    }


DELEGATE_POSITIONS = ["Head of delegation", "Permanent representative in Geneva", "Policy adviser"]


def _reviewers() -> list:
    """Two staff reviewers (no password: they exist to have assessed the demo applications)."""
    group, _created = Group.objects.get_or_create(name=OBSERVER_REVIEWER)
    # The role sync gives the group its permissions after migrate; a flushed test database
    # has none, so the one that matters is made sure of here.
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="observers", codename="review_observerapplication"
        )
    )
    reviewers = []
    User = get_user_model()
    for email, full_name in REVIEWERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name, is_staff=True)
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        reviewers.append(User.objects.get(pk=user.pk))  # fresh: no cached permissions
    return reviewers


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _statements(organization: Organization) -> dict[str, str]:
    records = list(organization.cooperation_records.order_by("start_date")[:2])
    first_day = records[0].start_date if records else None
    since = first_day.year if first_day else 2012
    countries = ", ".join(organization.country_names[:6]) or organization.headquarters_country_name
    activities = ", ".join(label.lower() for label in organization.activity_labels)
    return {
        Criterion.PRINCIPAL_ACTIVITY: (
            f"Our statutes name work with migrants as our purpose: {activities}."
        ),
        Criterion.CONSTITUTION: (
            "We work for humane and orderly migration that benefits migrants and society, "
            "in the spirit of the IOM Constitution."
        ),
        Criterion.COOPERATION_HISTORY: f"We have cooperated with IOM since {since}: "
        + ("; ".join(record.title for record in records) or "joint advocacy and training")
        + ".",
        Criterion.INTERNATIONAL: f"We work in {countries}.",
        Criterion.ECOSOC: (
            f"{organization.get_ecosoc_status_display()} consultative status since "
            f"{organization.ecosoc_year}."
            if organization.ecosoc_year
            else "Our application for ECOSOC consultative status is pending."
        ),
    }


def _apply(organization, started, steps, reviewers, sessions) -> ObserverApplication:
    application = services.application_start(organization=organization, actor=None)
    for criterion, text in _statements(organization).items():
        services.statement_save(
            application=application, criterion=criterion, statement=text, actor=None
        )
    dates = [started]
    submitted_on = None
    for verb, day, detail in steps:
        if verb == "assess":
            for reviewer in reviewers:
                services.assessments_record(
                    application=application,
                    assessments={
                        criterion: (outcome, "" if outcome == M else "See the statement.")
                        for criterion, outcome in detail.items()
                    },
                    actor=reviewer,
                )
            Assessment.objects.filter(application=application).update(updated_at=_moment(day))
            continue
        actor = reviewers[0] if verb not in ("submit", "resubmit", "withdraw") else None
        if verb in ("grant", "decline"):
            session = sessions[detail]
            services.application_decide(
                application=application,
                granted=verb == "grant",
                session=session,
                reference=f"Council Resolution No. {1300 + detail * 3} ({detail})",
                decided_on=day,
                actor=actor,
            )
        else:
            getattr(services, f"application_{verb}")(
                application=application, actor=actor, comment=str(detail)
            )
        if verb == "submit":
            submitted_on = day
        dates.append(day)
    _set_dates(application, started=started, submitted_on=submitted_on, steps=dates)
    return application


def _set_dates(application, *, started, submitted_on, steps) -> None:
    """The history happened then, not when the demo was loaded."""
    content_type = ContentType.objects.get_for_model(ObserverApplication)
    logs = TransitionLog.objects.filter(
        content_type=content_type, object_id=application.pk
    ).order_by("pk")
    for log, day in zip(logs, steps, strict=False):
        TransitionLog.objects.filter(pk=log.pk).update(created_at=_moment(day))
    ObserverApplication.objects.filter(pk=application.pk).update(
        created_at=_moment(started),
        updated_at=_moment(steps[-1]),
        submitted_at=_moment(submitted_on) if submitted_on else None,
        status_changed_at=_moment(steps[-1]) if len(steps) > 1 else None,
    )
    CouncilDecision.objects.filter(application=application).update(
        recorded_at=_moment(steps[-1], 16)
    )


def load_history(*, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    created: list[str] = []
    sessions = {}
    for number, starts_on in SESSIONS.items():
        sessions[number], new = CouncilSession.objects.get_or_create(
            number=number,
            defaults={
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(days=2),
                "place": "Geneva",
            },
        )
        created += [f"session {number}"] if new else []
    reviewers = _reviewers()
    for name, (started, steps) in {**DECIDED, **_in_progress(today)}.items():
        organization = Organization.objects.verified().filter(name_key=name_key(name)).first()
        if organization is None or organization.observer_applications.exists():
            continue
        if any(day > today for _verb, day, _detail in steps) or started > today:
            continue  # a demo loaded on an older clock: skip what has not happened yet
        application = _apply(organization, started, steps, reviewers, sessions)
        created.append(f"application of {organization.acronym or organization.name}")
        application.refresh_from_db()
        if application.status == ApplicationStatus.GRANTED:
            created.append(f"observer {organization.acronym or organization.name}")
    created += _delegates(today, registrar=reviewers[0])
    return created


def _delegates(today: datetime.date, *, registrar) -> list[str]:
    """Each observer sends one or two people to each session held while it was an observer."""
    sent = []
    for session in CouncilSession.objects.order_by("starts_on"):
        if session.delegates.exists():
            continue
        if session.starts_on > today:
            sent += _register_for_upcoming(session, registrar=registrar)
            continue
        observers = Observer.objects.filter(since__lte=session.starts_on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=session.starts_on)
        )
        rows = []
        for index, observer in enumerate(observers.select_related("organization").order_by("pk")):
            people = _people(observer.organization)
            for seat in range(1 + (session.number + index) % 2):
                name = people[(session.number + index + seat) % len(people)]
                rows.append(
                    SessionDelegate(
                        observer=observer,
                        session=session,
                        name=name,
                        email=f"{slugify(name).replace('-', '.')}@"
                        # One address per person: two observers without a website must not
                        # share "nadia.haddad@…" (one address per session).
                        + (
                            observer.organization.website_domain
                            or f"org{observer.organization.pk}.example.org"
                        ),
                        position=DELEGATE_POSITIONS[seat],
                        registered_by=registrar,
                    )
                )
        SessionDelegate.objects.bulk_create(rows)
        SessionDelegate.objects.filter(session=session).update(
            registered_at=_moment(session.starts_on - datetime.timedelta(days=21))
        )
        if rows:
            sent.append(f"{len(rows)} delegates at session {session.number}")
    return sent


def _people(organization: Organization) -> list[str]:
    """Its contacts first, then invented colleagues."""
    names = list(organization.contacts.order_by("pk").values_list("name", flat=True)[:2])
    return names + ["Nadia Haddad", "Tomás Herrera", "Ewa Nowak"]


def _register_for_upcoming(session: CouncilSession, *, registrar) -> list[str]:
    """Two current observers have already named their delegates for the next session (entered
    by IOM staff: the demo observers have no portal users)."""
    observers = Observer.objects.filter(ended_on__isnull=True).select_related("organization")
    count = 0
    for observer in observers.order_by("since", "pk")[:2]:
        name = _people(observer.organization)[0]
        services.delegate_register(
            observer=observer,
            session=session,
            name=name,
            email=f"{slugify(name).replace('-', '.')}@"
            + (
                observer.organization.website_domain or f"org{observer.organization.pk}.example.org"
            ),
            position=DELEGATE_POSITIONS[0],
            actor=registrar,
        )
        count += 1
    return [f"{count} delegates registered for session {session.number}"] if count else []

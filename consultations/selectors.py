"""The reads each consultations use case needs; every query's joins are decided here."""

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from observers import selectors as observer_selectors
from observers.models import CouncilSession
from partners.choices import MemberRole, PartnerType, Region
from partners.models import Organization
from partners.selectors import organizations_with_serious_concern

from .models import (
    AgendaSession,
    Consultation,
    ConsultationDocument,
    Invitation,
    Registration,
    Series,
)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(status__in=Consultation.PUBLIC_STATUSES).select_related(
        "series"
    )


def consultation_lists(*, now=None) -> dict:
    """Upcoming and past consultations, and past themes grouped by year (newest first)."""
    now = now or timezone.now()
    consultations = list(public_consultations().order_by("starts_at", "title"))
    upcoming = [
        c
        for c in consultations
        if c.status != Consultation.Status.CANCELLED
        and (c.starts_at is None or (c.ends_at or c.starts_at) >= now)
    ]
    past = [c for c in consultations if c not in upcoming]
    past.sort(key=lambda c: (c.starts_at is not None, c.starts_at), reverse=True)
    by_year: OrderedDict[int, list[Consultation]] = OrderedDict()
    for consultation in past:
        if consultation.year:
            by_year.setdefault(consultation.year, []).append(consultation)
    return {"upcoming": upcoming, "past": past, "themes_by_year": by_year}


def consultation_public_detail(*, slug: str) -> Consultation:

    return get_object_or_404(
        public_consultations().prefetch_related(
            Prefetch(
                "sessions",
                queryset=AgendaSession.objects.prefetch_related("speakers__organization"),
            ),
            Prefetch(
                "documents",
                queryset=ConsultationDocument.objects.filter(
                    visibility=ConsultationDocument.Visibility.PUBLIC
                ),
                to_attr="public_documents",
            ),
            "action_points",
        ),
        slug=slug,
    )


def user_is_participant(*, user, consultation: Consultation) -> bool:
    """Staff, or a member of an organization with a confirmed delegate."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Registration.objects.filter(
        consultation=consultation,
        status=Registration.Status.CONFIRMED,
        organization__members__user=user,
    ).exists()


def participant_documents(*, consultation: Consultation) -> QuerySet[ConsultationDocument]:
    return consultation.documents.filter(visibility=ConsultationDocument.Visibility.PARTICIPANTS)


def organizations_for_registration(*, user, consultation: Consultation) -> QuerySet[Organization]:
    """The user's organizations where they may register delegates (administrator or editor)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        members__user=user, members__role__in=[MemberRole.ADMINISTRATOR, MemberRole.EDITOR]
    ).distinct()


def organization_delegates(*, consultation: Consultation, organization: Organization):
    return Registration.objects.filter(consultation=consultation, organization=organization)


def organization_invitation(
    *, consultation: Consultation, organization: Organization
) -> Invitation | None:
    return Invitation.objects.filter(consultation=consultation, organization=organization).first()


def organization_consultations(*, organization: Organization) -> QuerySet[Consultation]:
    """Consultations where the organization was invited or registered someone."""
    return (
        Consultation.objects.filter(
            Q(invitations__organization=organization) | Q(registrations__organization=organization)
        )
        .distinct()
        .select_related("series")
    )


@dataclass
class Participation:
    consultation: Consultation
    organization: Organization
    invitation_status: str = ""
    confirmed: int = 0
    waitlisted: int = 0
    pending: int = 0


def user_participations(*, user) -> list[Participation]:
    """For each of the user's organizations, its invitations and delegates, newest first.

    Consultations open to every verified partner are listed too, so a focal point finds
    where it may register. A fixed number of queries whatever the number of rows.
    """
    if not user.is_authenticated:
        return []
    organizations = {o.pk: o for o in Organization.objects.for_member(user).distinct()}
    rows: dict[tuple[int, int], Participation] = {}
    consultations: dict[int, Consultation] = {}

    def row(consultation, organization_id) -> Participation:
        consultations.setdefault(consultation.pk, consultation)
        key = (consultation.pk, organization_id)
        if key not in rows:
            rows[key] = Participation(consultation, organizations[organization_id])
        return rows[key]

    invitations = (
        Invitation.objects.filter(organization_id__in=organizations)
        .exclude(status=Invitation.Status.PLANNED)
        .select_related("consultation__series")
    )
    for invitation in invitations:
        if invitation.consultation.status in Consultation.PUBLIC_STATUSES:
            item = row(invitation.consultation, invitation.organization_id)
            item.invitation_status = invitation.get_status_display()
    counts = (
        Registration.objects.filter(
            organization_id__in=organizations,
            consultation__status__in=Consultation.PUBLIC_STATUSES,
        )
        .values_list("consultation_id", "organization_id", "status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counted = list(counts)
    missing = {c for c, _o, _s, _n in counted} - set(consultations)
    for consultation in Consultation.objects.filter(pk__in=missing).select_related("series"):
        consultations[consultation.pk] = consultation
    for consultation_id, organization_id, status, total in counted:
        item = row(consultations[consultation_id], organization_id)
        if status in ("confirmed", "waitlisted", "pending"):
            setattr(item, status, total)
    open_to_all = Consultation.objects.filter(
        status=Consultation.Status.REGISTRATION_OPEN,
        eligibility=Consultation.Eligibility.VERIFIED,
    ).select_related("series")
    for consultation in open_to_all:
        for organization in organizations.values():
            if organization.is_verified:
                row(consultation, organization.pk)
    return sorted(
        rows.values(),
        key=lambda item: (
            item.consultation.starts_at is not None,
            item.consultation.starts_at,
        ),
        reverse=True,
    )


def organization_recipients(*, organization: Organization) -> list[Recipient]:
    """Whom to write to about an organization's participation, each in their language.

    Primary contacts (or every contact with an email when none is primary), then the
    organization's portal administrators and editors.
    """
    contacts = [contact for contact in organization.contacts.all() if contact.email]
    primary = [contact for contact in contacts if contact.is_primary] or contacts
    recipients: OrderedDict[str, Recipient] = OrderedDict()
    for contact in primary:
        language = contact.languages[0] if contact.languages else "en"
        recipients.setdefault(contact.email.lower(), Recipient(contact.email, language))
    for member in organization.members.all():
        if member.role in (MemberRole.ADMINISTRATOR, MemberRole.EDITOR):
            user = member.user
            recipients.setdefault(user.email.lower(), Recipient(user.email, user.language))
    return list(recipients.values())


def organizations_with_recipients(organization_ids) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=list(organization_ids)).prefetch_related(
        "contacts", "members__user"
    )


def organizations_to_invite(*, params, consultation: Consultation, limit: int = 500) -> dict:
    """Verified organizations matching the registry filters, with their invitation status."""
    from .filters import InvitationOrganizationFilter  # cycle: the filters call these selectors

    filterset = InvitationOrganizationFilter(
        params or None, queryset=Organization.objects.verified().order_by("name")
    )
    organizations = list(filterset.qs[:limit]) if params else []
    invited = dict(
        consultation.invitations.filter(
            organization_id__in=[o.pk for o in organizations]
        ).values_list("organization_id", "status")
    )
    concerns = organizations_with_serious_concern(o.pk for o in organizations)
    rows = [
        {
            "organization": organization,
            "invitation_status": invited.get(organization.pk),
            "invitation_status_label": (
                Invitation.Status(invited[organization.pk]).label
                if organization.pk in invited
                else ""
            ),
            "serious_concern": organization.pk in concerns,
        }
        for organization in organizations
    ]
    return {"filterset": filterset, "rows": rows}


def observer_organization_ids() -> set[int]:
    """Organizations holding Observer status, for the invitation filter "observers".

    Consultations depend on observers (never the reverse), so this reads its selector directly.
    """
    return set(observer_selectors.current_observers().values_list("organization_id", flat=True))


def seats_taken(*, consultation: Consultation) -> int:
    return consultation.registrations.filter(status__in=Registration.SEAT_STATUSES).count()


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))


def staff_consultation_statistics(*, consultation: Consultation) -> dict:
    """Registrations by status, partner type, region and gender, and the attendance rate.

    Rows are (label, count) pairs, labels translated, largest first.
    """
    registrations = Registration.objects.filter(consultation=consultation)
    by_status = registrations.values_list("status").annotate(total=Count("pk")).order_by("status")
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    by_type = (
        confirmed.values_list("organization__partner_type")
        .annotate(total=Count("pk"))
        .order_by("-total", "organization__partner_type")
    )
    by_gender = confirmed.values_list("gender").annotate(total=Count("pk")).order_by("-total")
    by_region: dict[str, int] = {}
    for regions in confirmed.values_list("organization__regions", flat=True):
        for region in regions or []:
            by_region[region] = by_region.get(region, 0) + 1
    attendance = dict(confirmed.values_list("attendance").annotate(total=Count("pk")).order_by())
    present = attendance.get(Registration.Attendance.PRESENT, 0)
    no_show = attendance.get(Registration.Attendance.NO_SHOW, 0)
    recorded = present + no_show
    invitations = (
        consultation.invitations.values_list("status").annotate(total=Count("pk")).order_by()
    )
    return {
        "by_status": [(_label(Registration.Status.choices, k), n) for k, n in by_status],
        "by_type": [(_label(PartnerType.choices, k), n) for k, n in by_type],
        "by_region": [
            (_label(Region.choices, k), n)
            for k, n in sorted(by_region.items(), key=lambda item: -item[1])
        ],
        "by_gender": [(_label(Registration.Gender.choices, k), n) for k, n in by_gender],
        "confirmed": sum(attendance.values()),
        "present": present,
        "no_show": no_show,
        "attendance_rate": round(100 * present / recorded, 1) if recorded else None,
        "invitations": [(_label(Invitation.Status.choices, k), n) for k, n in invitations],
    }


def check_in_list(*, consultation: Consultation) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(consultation=consultation, status=Registration.Status.CONFIRMED)
        .select_related("organization")
        .order_by("full_name")
    )


def participant_export_rows(*, consultation: Consultation):
    """Every registration of a consultation, streamed in chunks (large lists never load at once)."""
    return (
        Registration.objects.filter(consultation=consultation)
        .select_related("organization")
        .order_by("organization__name", "full_name")
        .iterator(chunk_size=2000)
    )


def builtin_series() -> QuerySet[Series]:
    return Series.objects.filter(is_builtin=True)


def invitation_get(*, slug: str, token: str) -> Invitation:
    """The invitation a personal link names, with its consultation, or 404."""
    return get_object_or_404(
        Invitation.objects.select_related("consultation"), token=token, consultation__slug=slug
    )


def registration_editable_get(*, slug: str, organization, registration_id: int) -> Registration:
    """An organization's active registration while registration is open, or 404."""
    return get_object_or_404(
        Registration.objects.select_related("consultation"),
        pk=registration_id,
        organization=organization,
        consultation__slug=slug,
        consultation__status=Consultation.Status.REGISTRATION_OPEN,
        status__in=Registration.ACTIVE_STATUSES,
    )


def registration_get(*, slug: str, organization_id: int, registration_id: int) -> Registration:
    """A registration of an organization to a consultation, with both, or 404."""
    return get_object_or_404(
        Registration.objects.select_related("consultation", "organization"),
        pk=registration_id,
        organization_id=organization_id,
        consultation__slug=slug,
    )


def calendar_feed_events() -> tuple[list[Consultation], list[CouncilSession]]:
    """Every public consultation with dates, and every Council session, for the feed."""
    consultations = list(
        public_consultations().filter(starts_at__isnull=False).order_by("starts_at", "pk")
    )
    sessions = list(CouncilSession.objects.order_by("starts_on", "pk"))
    return consultations, sessions


# --- Staff workspace (admin home and dashboard) --------------------------------------------

UNANSWERED_INVITATION_STATUSES = (Invitation.Status.SENT, Invitation.Status.OPENED)


def upcoming_consultations_with_seats(*, limit: int = 8, now=None) -> list[Consultation]:
    """Consultations still to come, soonest first, with ``seats_taken``, ``waitlisted`` and
    ``unanswered_invitations`` counted in the same query."""
    now = now or timezone.now()
    return list(
        Consultation.objects.filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True))
        .exclude(status=Consultation.Status.CANCELLED)
        .annotate(
            seats_taken=Count(
                "registrations",
                filter=Q(registrations__status__in=Registration.SEAT_STATUSES),
                distinct=True,
            ),
            waitlisted=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.WAITLISTED),
                distinct=True,
            ),
            unanswered_invitations=Count(
                "invitations",
                filter=Q(invitations__status__in=UNANSWERED_INVITATION_STATUSES),
                distinct=True,
            ),
        )
        .order_by("starts_at")[:limit]
    )


def attendance_by_year(*, since: int = 2011) -> list[tuple[int, int, int]]:
    """(year, delegates confirmed, delegates present) of the consultations held each year."""
    rows = (
        Registration.objects.filter(consultation__starts_at__year__gte=since)
        .order_by()
        .values_list("consultation__starts_at__year")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            present=Count("pk", filter=Q(attendance=Registration.Attendance.PRESENT)),
        )
        .values_list("consultation__starts_at__year", "confirmed", "present")
    )
    return sorted((year, confirmed, present) for year, confirmed, present in rows)


def clones_by_source(*, sources) -> dict[int, Consultation]:
    """The earliest clone of each of these consultations that has one, by source id."""
    clones: dict[int, Consultation] = {}
    for clone in Consultation.objects.filter(cloned_from__in=sources).order_by("created_at"):
        if clone.cloned_from_id is not None:
            clones.setdefault(clone.cloned_from_id, clone)
    return clones


# --- The API's reads (consultations/api.py) ------------------------------------------------


def public_consultation(*, slug: str) -> Consultation:
    """A published consultation (upcoming, past or cancelled) with its series, or 404."""
    return get_object_or_404(public_consultations(), slug=slug)


def organization_sent_invitations(*, organization: Organization) -> QuerySet[Invitation]:
    """The organization's invitations to published consultations, once sent (never the
    ones staff still plan), each with its consultation and series."""
    return (
        Invitation.objects.filter(
            organization=organization, consultation__status__in=Consultation.PUBLIC_STATUSES
        )
        .exclude(status=Invitation.Status.PLANNED)
        .select_related("consultation__series")
    )


def organization_sent_invitation(*, organization: Organization, slug: str) -> Invitation:
    """The organization's sent invitation to the published consultation ``slug``, or 404."""
    return get_object_or_404(
        organization_sent_invitations(organization=organization), consultation__slug=slug
    )


def organization_delegates_with_consultation(
    *, consultation: Consultation, organization: Organization
) -> QuerySet[Registration]:
    """The organization's registrations at a consultation, each with the consultation."""
    return organization_delegates(
        consultation=consultation, organization=organization
    ).select_related("consultation")


def organization_registration(*, organization: Organization, registration_id: int) -> Registration:
    """One of the organization's registrations, at any consultation, with its consultation;
    another organization's is 404."""
    return get_object_or_404(
        Registration.objects.select_related("consultation"),
        pk=registration_id,
        organization=organization,
    )

"""Reads of the observer-status use cases: the registry pre-check, review pages, reports."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iomcso.core.workspace import capped_count
from partners.choices import DocumentKind, EcosocStatus, Level, MemberRole
from partners.models import Organization, OrganizationMember
from partners.screening import selectors as screening_selectors
from partners.selectors import has_serious_concern_expression

from . import report_sql
from .models import (
    ApplicationStatus,
    Assessment,
    CouncilSession,
    Criterion,
    CriterionStatement,
    EligibilityReport,
    Observer,
    ObserverApplication,
    Outcome,
    ReportKind,
    SessionDelegate,
)

HUMAN_READING = gettext_lazy("Needs a human reading of the statement and evidence.")


@dataclass(frozen=True)
class CriterionCheck:
    """What the registry says about one criterion: a warning aid, never a block."""

    criterion: str
    outcome: str
    evidence: str
    automatic: bool

    @property
    def label(self) -> str | Promise:
        return Criterion(self.criterion).label

    @property
    def outcome_label(self) -> str | Promise:
        return Outcome(self.outcome).label


class RegistryRule:
    """The pre-check rule for the three automatic criteria, from registry facts.

    One rule serves the applicant's pre-check and the reports. Labels and sentences are
    translated once, when the rule is made (in the reader's language), so that applying
    it to each of 100,000 rows costs a few string operations.
    """

    def __init__(self) -> None:
        self.level_labels = {value: str(label) for value, label in Level.choices}
        self.ecosoc_labels = {value: str(label) for value, label in EcosocStatus.choices}
        self.international = _("Level of work: %(level)s; countries of operation: %(count)s")
        self.ecosoc_with_letter = _("%(status)s; ECOSOC letter on file")
        self.ecosoc_without_letter = _("%(status)s; no ECOSOC letter on file")
        self.no_ecosoc = _("No ECOSOC consultative status on the profile")
        self.cooperation = _("%(count)s cooperation record(s) with IOM, most recent %(year)s")
        self.no_cooperation = _("No cooperation with IOM recorded in the registry")
        self.human = str(HUMAN_READING)
        self.international_levels = {Level.GLOBAL.value, Level.REGIONAL.value}

    def outcomes(
        self,
        level: str,
        countries_count: int,
        ecosoc_status: str,
        ecosoc_year: int | None,
        has_ecosoc_letter: bool,
        cooperation_count: int,
        cooperation_latest: date | None,
    ) -> tuple[str, ...]:
        """(outcome, evidence) pairs flattened, in the order of ``Criterion``."""
        international = level in self.international_levels or countries_count > 1
        international_evidence = self.international % {
            "level": self.level_labels.get(level, level),
            "count": countries_count,
        }
        if ecosoc_status and ecosoc_status != "none":
            status = self.ecosoc_labels.get(ecosoc_status, ecosoc_status)
            if ecosoc_year:
                status = f"{status} ({ecosoc_year})"
            if has_ecosoc_letter:
                ecosoc = (Outcome.MET.value, self.ecosoc_with_letter % {"status": status})
            else:
                ecosoc = (Outcome.UNCLEAR.value, self.ecosoc_without_letter % {"status": status})
        else:
            ecosoc = (Outcome.NOT_MET.value, self.no_ecosoc)
        if cooperation_count:
            cooperation = (
                Outcome.MET.value,
                self.cooperation
                % {
                    "count": cooperation_count,
                    "year": cooperation_latest.year if cooperation_latest else "?",
                },
            )
        else:
            cooperation = (Outcome.NOT_MET.value, self.no_cooperation)
        return (
            Outcome.UNCLEAR.value,  # principal_activity: a human reads the statement
            self.human,
            Outcome.UNCLEAR.value,  # constitution: a human reads the statutes
            self.human,
            *cooperation,
            Outcome.MET.value if international else Outcome.NOT_MET.value,
            international_evidence,
            *ecosoc,
        )


def registry_checks(**facts) -> dict[str, CriterionCheck]:
    """The five criteria from registry facts (see ``RegistryRule.outcomes``), by code."""
    flat = RegistryRule().outcomes(**facts)
    return {
        criterion.value: CriterionCheck(
            criterion.value,
            flat[2 * position],
            flat[2 * position + 1],
            criterion.value not in (Criterion.PRINCIPAL_ACTIVITY, Criterion.CONSTITUTION),
        )
        for position, criterion in enumerate(Criterion)
    }


def organization_precheck(*, organization: Organization) -> list[CriterionCheck]:
    """The pre-check of one organization, in the criteria's order."""
    cooperation = organization.cooperation_records.aggregate(
        count=Count("pk"), latest=Max(Coalesce("end_date", "start_date"))
    )
    checks = registry_checks(
        level=organization.level,
        countries_count=len(set(organization.countries_of_operation)),
        ecosoc_status=organization.ecosoc_status,
        ecosoc_year=organization.ecosoc_year,
        has_ecosoc_letter=organization.documents.filter(kind=DocumentKind.ECOSOC_LETTER).exists(),
        cooperation_count=cooperation["count"],
        cooperation_latest=cooperation["latest"],
    )
    return list(checks.values())


def applicant_organizations(*, user) -> list[dict]:
    """The organizations the user administers, each with its application in progress, its
    last decided or withdrawn one (so the applicant can still find the outcome), pre-check
    and whether it already holds Observer status (the "apply" page)."""
    organizations = Organization.objects.filter(
        members__user=user, members__role=MemberRole.ADMINISTRATOR
    ).distinct()
    return [
        {
            "organization": organization,
            "application": application_in_progress(organization=organization),
            "last_closed_application": last_closed_application(organization=organization),
            "precheck": organization_precheck(organization=organization),
            "is_observer": current_observer(organization=organization) is not None,
        }
        for organization in organizations
    ]


def application_in_progress(*, organization: Organization) -> ObserverApplication | None:
    return (
        organization.observer_applications.exclude(
            status__in=[
                ApplicationStatus.GRANTED,
                ApplicationStatus.DECLINED,
                ApplicationStatus.WITHDRAWN,
            ]
        )
        .order_by("-created_at")
        .first()
    )


def last_closed_application(*, organization: Organization) -> ObserverApplication | None:
    """The organization's most recent application that the Council decided or it withdrew."""
    return (
        organization.observer_applications.filter(
            status__in=[
                ApplicationStatus.GRANTED,
                ApplicationStatus.DECLINED,
                ApplicationStatus.WITHDRAWN,
            ]
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def application_for_applicant(*, application_id: int) -> ObserverApplication | None:
    return (
        ObserverApplication.objects.select_related("organization")
        .prefetch_related(
            Prefetch(
                "statements",
                queryset=CriterionStatement.objects.prefetch_related(
                    "documents", "cooperation_records"
                ),
            ),
            "transitions__actor",
        )
        .filter(pk=application_id)
        .first()
    )


def statements_by_criterion(*, application: ObserverApplication) -> dict[str, CriterionStatement]:
    return {statement.criterion: statement for statement in application.statements.all()}


def empty_statement_criteria(*, application: ObserverApplication) -> list[str]:
    statements = {
        s.criterion: s.statement for s in application.statements.all() if s.statement.strip()
    }
    return [criterion.value for criterion in Criterion if criterion.value not in statements]


@dataclass
class CriterionAssessments:
    criterion: str
    assessments: list[Assessment] = field(default_factory=list)

    @property
    def label(self) -> str | Promise:
        return Criterion(self.criterion).label

    @property
    def disagreement(self) -> bool:
        return len({assessment.outcome for assessment in self.assessments}) > 1


def assessment_matrix(*, application: ObserverApplication) -> list[CriterionAssessments]:
    """Every reviewer's finding per criterion; ``disagreement`` marks differing outcomes."""
    grouped: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in application.assessments.select_related("reviewer"):
        grouped[assessment.criterion].append(assessment)
    return [CriterionAssessments(c.value, grouped.get(c.value, [])) for c in Criterion]


def assessed_criteria(*, application: ObserverApplication) -> set[str]:
    return set(application.assessments.values_list("criterion", flat=True))


def applications_for_review() -> QuerySet[ObserverApplication]:
    """Submitted applications, oldest change first, flagged when a serious concern is open."""

    return (
        ObserverApplication.objects.exclude(status=ApplicationStatus.DRAFT)
        .select_related("organization")
        .annotate(serious_concern=has_serious_concern_expression("organization_id"))
        .order_by("status_changed_at")
    )


def current_observers() -> QuerySet[Observer]:
    return (
        Observer.objects.filter(ended_on__isnull=True)
        .select_related("organization", "session")
        .order_by("organization__name")
    )


def current_observer(*, organization: Organization) -> Observer | None:
    return current_observers().filter(organization=organization).first()


def upcoming_sessions(*, today: date) -> QuerySet[CouncilSession]:
    return CouncilSession.objects.filter(ends_on__gte=today).order_by("starts_on")


def session_delegates(*, session: CouncilSession) -> QuerySet[SessionDelegate]:
    return session.delegates.select_related("observer__organization").order_by(
        "observer__organization__name", "name"
    )


def applicant_recipients(*, application: ObserverApplication) -> list:
    """The people who speak for the applicant: its administrators and the application's author."""
    user_model = get_user_model()
    admin_ids = OrganizationMember.objects.filter(
        organization_id=application.organization_id, role=MemberRole.ADMINISTRATOR
    ).values_list("user_id", flat=True)
    users = user_model.objects.filter(is_active=True, pk__in=list(admin_ids))
    if application.created_by_id:
        users = users | user_model.objects.filter(pk=application.created_by_id, is_active=True)
    return list(users.distinct().order_by("pk"))


REVIEW_PERMISSION = "observers.review_observerapplication"


def reviewer_recipients() -> list:
    """Active staff who hold the review permission (through a role or on their own)."""
    user_model = get_user_model()
    permission = Q(content_type__app_label="observers", codename="review_observerapplication")
    holders = Q(groups__permissions__in=Permission.objects.filter(permission)) | Q(
        user_permissions__in=Permission.objects.filter(permission)
    )
    return list(
        user_model.objects.filter(holders, is_active=True, is_staff=True).distinct().order_by("pk")
    )


def user_is_reviewer(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm(REVIEW_PERMISSION))


# --- Reports ---------------------------------------------------------------------------
# The reports' SQL (criteria computed in SQL, named columns) lives in ``report_sql``.


def report_query(*, report: EligibilityReport) -> tuple[str, dict]:
    """The SQL and parameters of a report, from its kind and filters."""
    return report_sql.report_query(report=report)


def report_row_estimate(*, report: EligibilityReport) -> int:
    """How many rows the report will have, counted cheaply for the progress display."""

    if report.kind == ReportKind.REGISTRY_SCREENING:
        return Organization.objects.verified().count()
    if report.kind == ReportKind.SANCTIONS_SCREENING:
        return screening_selectors.screening_report_row_estimate(filters=report.filters or {})
    filters = report.filters or {}
    applications = ObserverApplication.objects.all()
    if filters.get("statuses"):
        applications = applications.filter(status__in=filters["statuses"])
    if filters.get("date_from"):
        applications = applications.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        applications = applications.filter(created_at__date__lte=filters["date_to"])
    return applications.count()


def report_header(*, report: EligibilityReport) -> list[str]:
    if report.kind == ReportKind.SANCTIONS_SCREENING:
        return screening_selectors.screening_report_header()
    header = [_("Organization ID"), _("Organization"), _("Acronym"), _("Headquarters country")]
    if report.kind == ReportKind.APPLICATIONS:
        header += [_("Application ID"), _("Application status"), _("Started"), _("Submitted")]
    for criterion in Criterion:
        header += [
            f"{criterion.value}: " + _("registry"),
            f"{criterion.value}: " + _("evidence"),
            f"{criterion.value}: " + _("reviewer assessment"),
        ]
    return header


def report_rows(*, report: EligibilityReport, chunk_size: int = 2000) -> Iterator[list]:
    """Finished rows of a report (registry criteria computed in SQL) from a server-side
    cursor: memory holds one chunk, whatever the count.

    Each row is as it goes into the CSV and XLSX: every cell through the spreadsheet
    neutraliser (control characters out, formulas made text). Must run inside a transaction
    (a named cursor lives as long as its transaction).
    """
    if report.kind == ReportKind.SANCTIONS_SCREENING:
        # Possible matches are few and built by the screening app's own selector (ORM).
        yield from screening_selectors.screening_report_rows(
            filters=report.filters or {}, chunk_size=chunk_size
        )
        return
    for record in report_sql.report_records(report=report, chunk_size=chunk_size):
        yield list(record)


def observer_delegates(*, observer: Observer) -> QuerySet[SessionDelegate]:
    """The delegates an observer named, by session date then name."""
    return observer.delegates.select_related("session").order_by("session__starts_on", "name")


def assessments_by_criterion(
    *, application: ObserverApplication, reviewer
) -> dict[str, Assessment]:
    """One reviewer's assessments of an application, by criterion."""
    return {a.criterion: a for a in application.assessments.filter(reviewer=reviewer)}


def current_observer_get(*, pk: int) -> Observer:
    """An observer whose status has not ended, or 404."""
    return get_object_or_404(
        Observer.objects.select_related("organization"), pk=pk, ended_on__isnull=True
    )


# --- Staff workspace (admin home and dashboard) --------------------------------------------

WAITING_FOR_REVIEW = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.RESUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
)
INFORMATION_OVERDUE_DAYS = 14  # the applicant's reminder goes out after as long


def applications_waiting_for_reviewer(*, user, limit: int = 8) -> tuple[list, int]:
    """Applications waiting for review: those this reviewer has started assessing first,
    then the longest waiting."""
    waiting = ObserverApplication.objects.filter(status__in=WAITING_FOR_REVIEW)
    rows = list(
        waiting.select_related("organization")
        .annotate(mine=Exists(Assessment.objects.filter(application=OuterRef("pk"), reviewer=user)))
        .order_by("-mine", "status_changed_at")[:limit]
    )
    return rows, capped_count(waiting)


def information_requests_overdue(*, now, limit: int = 8) -> tuple[list, int]:
    overdue = ObserverApplication.objects.filter(
        status=ApplicationStatus.INFORMATION_REQUESTED,
        status_changed_at__lt=now - timedelta(days=INFORMATION_OVERDUE_DAYS),
    )
    rows = list(overdue.select_related("organization").order_by("status_changed_at")[:limit])
    return rows, capped_count(overdue)


def reports_requested_by(*, user, limit: int = 5) -> list[EligibilityReport]:
    return list(
        EligibilityReport.objects.filter(requested_by=user).order_by("-requested_at")[:limit]
    )


def observers_by_year(*, since: int = 2011, until: int) -> list[tuple[int, int]]:
    """(year, observers at the end of that year), from each observer's start and end dates."""
    spans = list(Observer.objects.values_list("since", "ended_on"))
    counts = []
    for year in range(since, until + 1):
        year_end = date(year, 12, 31)
        counts.append(
            (
                year,
                sum(
                    1
                    for start, ended in spans
                    if start <= year_end and (ended is None or ended > year_end)
                ),
            )
        )
    return counts


def report_requesters() -> list:
    """Staff who asked for at least one report, by name (the reports list's filter)."""
    user_model = get_user_model()
    return list(
        user_model.objects.filter(
            is_staff=True,
            pk__in=EligibilityReport.objects.values("requested_by_id"),
        ).order_by("full_name", "email")
    )


# --- The API's reads (observers/api.py) ----------------------------------------------------


def council_sessions() -> QuerySet[CouncilSession]:
    """Every session of the IOM Council (the caller orders them)."""
    return CouncilSession.objects.all()


def observer_applications(*, status: str | None = None) -> QuerySet[ObserverApplication]:
    """Observer-status applications, drafts included, each with its organization; only
    those in ``status`` when it is one of the statuses (anything else lists them all)."""
    applications = ObserverApplication.objects.select_related("organization")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return applications


def observer_application_with_history(*, application_id: int) -> ObserverApplication:
    """An application with its organization and its status changes, or 404."""
    return get_object_or_404(
        ObserverApplication.objects.select_related("organization").prefetch_related("transitions"),
        pk=application_id,
    )


def eligibility_reports() -> QuerySet[EligibilityReport]:
    """Every eligibility report staff asked for (the caller orders them)."""
    return EligibilityReport.objects.all()


def eligibility_report(*, report_id: int) -> EligibilityReport:
    return get_object_or_404(EligibilityReport, pk=report_id)

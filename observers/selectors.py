# Over 400 lines: the reads of observer status plus the eligibility-report queries, whose
# raw-SQL screening export moves to its own module with the scale issue.
"""Reads of the observer-status use cases: the registry pre-check, review pages, reports."""

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iomcso.core.spreadsheets import neutralise_row
from partners.choices import DocumentKind, EcosocStatus, Level, MemberRole
from partners.models import Organization, OrganizationMember
from partners.selectors import has_serious_concern_expression

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
# One SQL statement per report, so the report task and `COPY (...) TO STDOUT` in the bench
# run the very same query. The registry facts come out raw; ``registry_checks`` turns them
# into outcomes row by row, the same rule the pre-check uses.

_REGISTRY_COLUMNS = """
    o.id, o.name, o.acronym, o.headquarters_country, o.level,
    cardinality(o.countries_of_operation) AS countries_count,
    o.ecosoc_status, o.ecosoc_year,
    EXISTS (
        SELECT 1 FROM partners_organizationdocument d
        WHERE d.organization_id = o.id AND d.kind = 'ecosoc_letter'
    ) AS has_ecosoc_letter,
    coop.n AS cooperation_count, coop.latest AS cooperation_latest
"""
_COOPERATION_JOIN = """
    LEFT JOIN LATERAL (
        SELECT count(*) AS n, max(coalesce(c.end_date, c.start_date)) AS latest
        FROM partners_cooperationrecord c WHERE c.organization_id = o.id
    ) coop ON true
"""
_ASSESSMENTS_OF = """
    (SELECT jsonb_object_agg(s.criterion, s.outcomes) FROM (
        SELECT a.criterion, string_agg(a.outcome || ' (' || u.email || ')', '; ' ORDER BY u.email)
               AS outcomes
        FROM observers_assessment a JOIN accounts_user u ON u.id = a.reviewer_id
        WHERE a.application_id = {application}
        GROUP BY a.criterion
    ) s) AS assessments
"""

SCREENING_SQL = f"""
SELECT {_REGISTRY_COLUMNS},
    {
    _ASSESSMENTS_OF.format(
        application='''(
        SELECT ap.id FROM observers_observerapplication ap
        WHERE ap.organization_id = o.id ORDER BY ap.created_at DESC LIMIT 1)'''
    )
}
FROM partners_organization o
{_COOPERATION_JOIN}
WHERE o.verification_status = 'verified'
ORDER BY o.name, o.id
"""  # noqa: S608 - constant fragments only; values are bound parameters

APPLICATIONS_SQL = f"""
SELECT {_REGISTRY_COLUMNS},
    {_ASSESSMENTS_OF.format(application="ap.id")},
    ap.id AS application_id, ap.status, ap.created_at, ap.submitted_at
FROM observers_observerapplication ap
JOIN partners_organization o ON o.id = ap.organization_id
{_COOPERATION_JOIN}
WHERE (%(statuses)s::text[] IS NULL OR ap.status = ANY(%(statuses)s::text[]))
  AND (%(date_from)s::date IS NULL OR ap.created_at >= %(date_from)s::date)
  AND (%(date_to)s::date IS NULL OR ap.created_at < %(date_to)s::date + 1)
ORDER BY ap.created_at, ap.id
"""  # noqa: S608 - constant fragments only; values are bound parameters


def report_query(*, report: EligibilityReport) -> tuple[str, dict]:
    """The SQL and parameters of a report, from its kind and filters."""

    if report.kind == ReportKind.REGISTRY_SCREENING:
        return SCREENING_SQL, {}
    filters = report.filters or {}
    return APPLICATIONS_SQL, {
        "statuses": filters.get("statuses") or None,
        "date_from": filters.get("date_from") or None,
        "date_to": filters.get("date_to") or None,
    }


def report_row_estimate(*, report: EligibilityReport) -> int:
    """How many rows the report will have, counted cheaply for the progress display."""

    if report.kind == ReportKind.REGISTRY_SCREENING:
        return Organization.objects.verified().count()
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


CRITERIA_CODES = tuple(criterion.value for criterion in Criterion)


def report_row_builder(*, kind: str):
    """A function turning one result row of ``report_query`` into one report row.

    Made once per report: the rule's sentences are translated once, not per row.
    """

    outcomes = RegistryRule().outcomes
    with_application = kind == ReportKind.APPLICATIONS
    loads = json.loads

    def build(record: tuple) -> list:
        cells = outcomes(
            record[4],
            record[5] or 0,
            record[6],
            record[7],
            record[8],
            record[9] or 0,
            record[10],
        )
        assessments = record[11]
        if assessments is not None and isinstance(assessments, str):
            # Django reads jsonb as text (its JSONField decodes); decode it here.
            assessments = loads(assessments)
        row = [record[0], record[1], record[2], record[3]]
        if with_application:
            application_id, status, created_at, submitted_at = record[12:16]
            row += [
                application_id,
                status,
                created_at.replace(tzinfo=None) if created_at else None,
                submitted_at.replace(tzinfo=None) if submitted_at else None,
            ]
        if assessments:
            for position, code in enumerate(CRITERIA_CODES):
                row += [cells[2 * position], cells[2 * position + 1], assessments.get(code, "")]
        else:
            for position in range(len(CRITERIA_CODES)):
                row += [cells[2 * position], cells[2 * position + 1], ""]
        return row

    return build


def report_rows(*, report: EligibilityReport, chunk_size: int = 2000) -> Iterator[list]:
    """Rows of a report from a server-side cursor: memory holds one chunk, whatever the count.

    Each row is as it goes into the CSV and XLSX: every cell through the spreadsheet
    neutraliser (control characters out, formulas made text). Must run inside a transaction
    (a named cursor lives as long as its transaction).
    """
    sql, params = report_query(report=report)
    build = report_row_builder(kind=report.kind)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            records = cursor.fetchmany(chunk_size)
            if not records:
                break
            for record in records:
                yield neutralise_row(build(record))


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

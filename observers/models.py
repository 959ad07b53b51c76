# Over 400 lines: the app's models stay in one module, as Django expects; each class is short.
"""Observer status at the IOM Council: applications, assessments, decisions, observers, reports."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iomcso.core.models import TransitionLog
from partners.models import CooperationRecord, Organization, OrganizationDocument


class Criterion(models.TextChoices):
    """The five eligibility criteria adopted by the IOM Council (shared/DOMAIN.md)."""

    PRINCIPAL_ACTIVITY = (
        "principal_activity",
        _("Principal activity in the area of migration, refugees or human resources"),
    )
    CONSTITUTION = (
        "constitution",
        _("Aims and purposes in conformity with the IOM Constitution"),
    )
    COOPERATION_HISTORY = "cooperation_history", _("Existing history of cooperation with IOM")
    INTERNATIONAL = "international", _("International, or work beyond national boundaries")
    ECOSOC = "ecosoc", _("Consultative status with ECOSOC")


# Criteria the registry can pre-check; the other two always need a human reading.
AUTOMATIC_CRITERIA = (Criterion.INTERNATIONAL, Criterion.ECOSOC, Criterion.COOPERATION_HISTORY)


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    UNCLEAR = "unclear", _("Unclear")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    RECOMMENDED = "recommended", _("Recommended to the Council")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    GRANTED = "granted", _("Granted by the Council")
    DECLINED = "declined", _("Declined by the Council")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application is "in progress" until the Council decides or the applicant withdraws.
CLOSED_STATUSES = (
    ApplicationStatus.GRANTED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
)
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.INFORMATION_REQUESTED)


class ObserverApplication(models.Model):
    """An organization's application for Observer status; its state changes only in services."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="observer_applications",
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus,
        default=ApplicationStatus.DRAFT,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # Touched by every edit of a statement: the "draft untouched for 30 days" reminder reads it.
    updated_at = models.DateTimeField(_("last edited at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(
        _("status changed at"), null=True, blank=True, editable=False
    )
    information_request = models.TextField(_("information requested"), blank=True, editable=False)

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = _("observer-status application")
        verbose_name_plural = _("observer-status applications")
        ordering = ["-created_at"]
        permissions = [("review_observerapplication", _("Can review observer-status applications"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=~models.Q(status__in=[status.value for status in CLOSED_STATUSES]),
                name="observer_one_application_in_progress",
                violation_error_message=_(
                    "This organization already has an Observer-status application in progress."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["status", "status_changed_at"], name="obs_app_status_idx"),
            # The changelist's ordering and its date drill-down's MIN/MAX, read from an index.
            models.Index(fields=["created_at", "id"], name="obs_app_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("observers:application_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class CriterionStatement(models.Model):
    """The applicant's statement and evidence for one criterion."""

    application = models.ForeignKey(
        ObserverApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion)
    statement = models.TextField(_("statement"), blank=True)
    documents = models.ManyToManyField(
        OrganizationDocument, verbose_name=_("documents"), blank=True, related_name="+"
    )
    cooperation_records = models.ManyToManyField(
        CooperationRecord, verbose_name=_("cooperation records"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="observer_statement_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return self.get_criterion_display()


class Assessment(models.Model):
    """A reviewer's finding on one criterion of one application."""

    application = models.ForeignKey(
        ObserverApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["criterion", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "criterion"],
                name="observer_assessment_once_per_reviewer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_outcome_display()}"


def validate_not_in_the_future(value) -> None:
    """A Council decision, and the Observer status it grants, cannot date from tomorrow."""
    if value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")


def ordinal(number: int) -> str:
    """The ordinal as written in the active language: 114th, 114e, 114.º, 第114届, 114-я."""
    language = (get_language() or "en").split("-")[0]
    if language == "fr":
        return "1er" if number == 1 else f"{number}e"
    if language == "es":
        return f"{number}.º"
    if language == "ar":
        # "الدورة 114 للمجلس": Arabic names the session by its cardinal number.
        return str(number)
    if language == "zh":
        return f"第{number}届"
    if language == "ru":
        # The feminine ending agrees with "сессия".
        return f"{number}-я"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


class CouncilSession(models.Model):
    """A numbered session of the IOM Council ("the 114th Session of the Council")."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, default="Geneva")

    class Meta:
        verbose_name = _("Council session")
        verbose_name_plural = _("Council sessions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="council_session_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            )
        ]

    def __str__(self) -> str:
        # Translators: %(ordinal)s is the number as an ordinal in your language ("114e").
        return _("%(ordinal)s Session of the Council") % {"ordinal": ordinal(self.number)}


class CouncilDecision(models.Model):
    """The Council's decision on an application, taken at a session."""

    application = models.OneToOneField(
        ObserverApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="decision",
    )
    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    reference = models.CharField(_("reference"), max_length=100)
    granted = models.BooleanField(_("granted"))
    decided_on = models.DateField(_("decided on"), validators=[validate_not_in_the_future])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Council decision")
        verbose_name_plural = _("Council decisions")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return self.reference


class Observer(models.Model):
    """An organization holding Observer status: since a Council session, until ended."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="observer_terms",
    )
    application = models.OneToOneField(
        ObserverApplication,
        verbose_name=_("application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observer",
    )
    since = models.DateField(_("observer since"), validators=[validate_not_in_the_future])
    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("granted at session"),
        on_delete=models.PROTECT,
        related_name="observers_granted",
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    end_reason = models.TextField(_("reason for ending"), blank=True, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("observer")
        verbose_name_plural = _("observers")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(ended_on__isnull=True),
                name="observer_one_current_term",
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class SessionDelegate(models.Model):
    """A person an observer organization sends to a Council session (no right to vote)."""

    observer = models.ForeignKey(
        Observer, verbose_name=_("observer"), on_delete=models.CASCADE, related_name="delegates"
    )
    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="delegates",
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"))
    position = models.CharField(_("position"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(verbose_name=_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Council session delegate")
        verbose_name_plural = _("Council session delegates")
        ordering = ["session", "observer__organization__name", "name"]
        constraints = [
            # Anonymised past delegates (the person deleted their account) have no address.
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~models.Q(email=""),
                name="observer_delegate_once_per_session",
                violation_error_message=_("This person is already registered for this session."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.observer})"


class ReportKind(models.TextChoices):
    APPLICATIONS = "applications", _("Applications")
    REGISTRY_SCREENING = "registry_screening", _("Registry screening")
    SANCTIONS_SCREENING = "sanctions_screening", _("Sanctions screening (UN Consolidated List)")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def report_upload_path(instance: "EligibilityReport", filename: str) -> str:
    return f"private/observer-reports/{filename}"


class EligibilityReport(models.Model):
    """A report staff asked for, built by a Celery task as CSV and XLSX."""

    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.PENDING
    )
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    csv_file = models.FileField(
        _("CSV file"), upload_to=report_upload_path, blank=True, max_length=255
    )
    xlsx_file = models.FileField(
        _("XLSX file"), upload_to=report_upload_path, blank=True, max_length=255
    )

    class Meta:
        verbose_name = _("eligibility report")
        verbose_name_plural = _("eligibility reports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def progress_percent(self) -> int | None:
        if not self.rows_total:
            return 100 if self.status == ReportStatus.DONE else None
        return min(100, round(100 * self.rows_written / self.rows_total))

# Over 400 lines: the app's models stay in one module, as Django expects; each class is short.
"""Consultations IOM holds with civil society: agenda, invitations, delegates, follow-up.

State is held explicitly (``Consultation.Status``, ``Registration.Status``,
``Invitation.Status``) and only changes through the transition functions in
``consultations/services.py``.
"""

import uuid
import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iomcso.core.fields import HttpsURLField
from iomcso.core.models import TransitionLog

TIME_ZONE_CHOICES = sorted((name, name) for name in zoneinfo.available_timezones())
INTERPRETATION_LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh", _("Chinese")),
]


class Series(models.Model):
    """A recurring kind of consultation. Two are built in; staff may add others."""

    ANNUAL_CSO = "annual-cso"
    NGO_HUMANITARIAN = "ngo-humanitarian"

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_builtin = models.BooleanField(_("built in"), default=False, editable=False)

    class Meta:
        verbose_name = _("consultation series")
        verbose_name_plural = _("consultation series")
        ordering = ["-is_builtin", "name"]

    def __str__(self) -> str:
        return self.name


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
        HELD = "held", _("Held")
        REPORT_PUBLISHED = "report_published", _("Report published")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Eligibility(models.TextChoices):
        VERIFIED = "verified", _("All verified partners")
        INVITED = "invited", _("Invited organizations only")

    PUBLIC_STATUSES = (
        Status.PUBLISHED,
        Status.REGISTRATION_OPEN,
        Status.REGISTRATION_CLOSED,
        Status.HELD,
        Status.REPORT_PUBLISHED,
        Status.CANCELLED,
    )

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=255)
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Dates are cleared on a clone: staff set them before publishing.
    starts_at = models.DateTimeField(
        _("starts at"), null=True, blank=True, help_text=_("In the consultation's time zone.")
    )
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/Zurich"
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_link = HttpsURLField(_("online link"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    max_delegates_per_organization = models.PositiveSmallIntegerField(
        _("maximum delegates per organization"), default=2, validators=[MinValueValidator(1)]
    )
    requires_approval = models.BooleanField(
        _("staff confirm each delegate"),
        default=False,
        help_text=_("When ticked, delegates stay pending (holding a seat) until staff confirm."),
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=10, choices=Eligibility.choices, default=Eligibility.INVITED
    )
    interpretation_languages = ArrayField(
        models.CharField(max_length=5, choices=INTERPRETATION_LANGUAGE_CHOICES),
        verbose_name=_("languages of interpretation"),
        default=list,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # Reminder timings, in days; staff change them per consultation.
    invitation_reminder_days = models.PositiveSmallIntegerField(
        _("remind unanswered invitations (days before registration closes)"),
        default=7,
        validators=[MaxValueValidator(90)],
    )
    closing_reminder_days = models.PositiveSmallIntegerField(
        _("remind unfinished registrations (days before registration closes)"),
        default=2,
        validators=[MaxValueValidator(90)],
    )
    event_reminder_days = models.PositiveSmallIntegerField(
        _("remind confirmed delegates (days before the event)"),
        default=3,
        validators=[MaxValueValidator(90)],
    )
    feedback_reminder_days = models.PositiveSmallIntegerField(
        _("send the feedback survey (days after the event)"),
        default=1,
        validators=[MaxValueValidator(90)],
    )
    feedback_survey_url = HttpsURLField(_("feedback survey link"), blank=True)
    report_published_at = models.DateTimeField(
        _("report published at"), null=True, blank=True, editable=False
    )
    cloned_from = models.ForeignKey(
        "self",
        verbose_name=_("cloned from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clones",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-starts_at", "title"]
        indexes = [models.Index(fields=["status", "starts_at"], name="consultation_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="consultation_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__gte=models.F("registration_opens_at")),
                name="consultation_registration_closes_after_opening",
                violation_error_message=_("Registration cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    @property
    def year(self) -> int | None:
        return self.starts_at.year if self.starts_at else None

    @property
    def is_registration_open(self) -> bool:
        """Open in status and inside the opening and closing dates, if staff set them.

        The one test of an open registration: pages offer the form and services accept
        a delegate only when it holds (the beat task closes the status after the date).
        """
        if self.status != self.Status.REGISTRATION_OPEN:
            return False
        now = timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    @property
    def has_venue(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def interpretation_language_labels(self) -> list[str]:
        labels = dict(INTERPRETATION_LANGUAGE_CHOICES)
        return [str(labels.get(code, code)) for code in self.interpretation_languages]

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class AgendaSession(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    online_link = HttpsURLField(_("online link"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda")
        ordering = ["order", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    session = models.ForeignKey(
        AgendaSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organization_name = models.CharField(_("organization"), max_length=255, blank=True)
    organization = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("registered organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return self.organization_name or (str(self.organization) if self.organization else "")


def consultation_document_path(instance: "ConsultationDocument", filename: str) -> str:
    # Never reuse the uploaded name in storage: it is kept only as metadata.
    return f"private/consultations/{instance.consultation_id}/{uuid.uuid4().hex}"


class ConsultationDocument(models.Model):
    class Kind(models.TextChoices):
        CONCEPT_NOTE = "concept_note", _("Concept note")
        AGENDA = "agenda", _("Agenda")
        BACKGROUND = "background", _("Background paper")
        REPORT = "report", _("Report")
        PRESENTATION = "presentation", _("Presentation")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTICIPANTS = "participants", _("Participants only")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    file = models.FileField(_("file"), upload_to=consultation_document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:document",
            kwargs={"slug": self.consultation.slug, "document_id": self.pk},
        )


def _new_token() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex


class Invitation(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Not sent yet")
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened registration")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    organization = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    # The personal registration link: whoever holds it lands on this invitation.
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organization"], name="invitation_once_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.consultation}"

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:invitation",
            kwargs={"slug": self.consultation.slug, "token": self.token},
        )


class Registration(models.Model):
    """One delegate of an organization at a consultation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not recorded")
        PRESENT = "present", _("Present")
        NO_SHOW = "no_show", _("No-show")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another gender")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    # Statuses that hold a seat, and statuses that count against the per-organization limit.
    SEAT_STATUSES = (Status.PENDING, Status.CONFIRMED)
    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    organization = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="consultation_registrations",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"))
    position = models.CharField(_("position"), max_length=200, blank=True)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, blank=True, default=""
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    language_needs = models.CharField(_("interpretation needs"), max_length=255, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PENDING,
        editable=False,
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.UNKNOWN,
        editable=False,
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, editable=False)

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "status"], name="registration_status_idx"),
            models.Index(fields=["consultation", "organization"], name="registration_org_idx"),
            # The changelist's ordering and its date drill-down's MIN/MAX, read from an index.
            models.Index(fields=["created_at", "id"], name="registration_created_idx"),
        ]
        constraints = [
            # Anonymised registrations (the delegate deleted their account) have no address.
            models.UniqueConstraint(
                fields=["consultation", "email"],
                condition=models.Q(status__in=["pending", "confirmed", "waitlisted"])
                & ~models.Q(email=""),
                name="registration_active_email_once",
                violation_error_message=_(
                    "This person is already registered for this consultation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organization})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class ActionPoint(models.Model):
    """An outcome or recommendation to follow up, visible to participants."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="action_points",
    )
    text = models.TextField(_("outcome or recommendation"))
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

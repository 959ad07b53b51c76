# Over 400 lines: the app's models stay in one module, as Django expects; each class is short.
import uuid
from typing import cast

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from iomcso.core.fields import ChoiceArrayField, CountryArrayField, HttpsURLField
from iomcso.core.models import TransitionLog

from .choices import (
    Activity,
    ContactLanguage,
    CooperationKind,
    DocumentKind,
    EcosocStatus,
    Level,
    MemberRole,
    ObservationSeverity,
    PartnerType,
    Region,
    Setting,
    VerificationStatus,
)
from .querysets import InvitationQuerySet, OrganizationQuerySet
from .regions import country_name
from .translations import (
    DEFAULT_PROFILE_LANGUAGE,
    DESCRIPTION_MAX_LENGTH,
    MISSION_STATEMENT_MAX_LENGTH,
    validate_profile_translations,
)
from .validators import validate_phone


def _choice_array(choices, verbose_name):
    return ChoiceArrayField(
        models.CharField(max_length=40, choices=choices),
        verbose_name=verbose_name,
        default=list,
        blank=True,
    )


class Organization(models.Model):
    """A civil society partner of IOM, as the registry keeps it.

    The public directory shows only verified organizations, and for identity fields
    only the last values staff verified: a partner's later edits to those wait in
    ``pending_identity_changes`` until staff review them.
    """

    name = models.CharField(_("name"), max_length=255)
    # Case- and accent-free form of the name; unique together with the country.
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=280, unique=True)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    level = models.CharField(_("level of work"), max_length=20, choices=Level.choices)
    headquarters_country = CountryField(_("headquarters country"))
    countries_of_operation = CountryArrayField(
        models.CharField(max_length=2),
        verbose_name=_("countries of operation"),
        default=list,
        blank=True,
    )
    # Derived from the headquarters country and the countries of operation.
    regions = ArrayField(
        models.CharField(max_length=40, choices=Region.choices),
        verbose_name=_("IOM regions"),
        default=list,
        blank=True,
        editable=False,
    )
    activities = _choice_array(Activity.choices, _("activities"))
    operating_settings = _choice_array(Setting.choices, _("settings"))
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    mission_statement = models.TextField(
        _("mission statement"),
        max_length=MISSION_STATEMENT_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(MISSION_STATEMENT_MAX_LENGTH)],
    )
    # The language the description and mission statement are written in, and the same
    # texts in other languages: {"fr": {"description": …, "mission_statement": …}, …}.
    # The rules are in partners/translations.py, checked by clean().
    profile_language = models.CharField(
        _("language of the profile"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=DEFAULT_PROFILE_LANGUAGE,
        # Database defaults too: the bulk generator's COPY and any other raw insert that
        # does not name these columns still gets a valid row.
        db_default=DEFAULT_PROFILE_LANGUAGE,
        help_text=_("The language the description and mission statement are written in."),
    )
    profile_translations = models.JSONField(
        _("translations of the profile"),
        default=dict,
        db_default=models.Value({}, output_field=models.JSONField()),
        blank=True,
    )
    website = HttpsURLField(_("website"), blank=True)
    # Host of the website without "www.", for the duplicate check.
    website_domain = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    public_email = models.EmailField(_("public email"), blank=True)
    public_phone = models.CharField(
        _("public phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    legal_registration_number = models.CharField(
        _("legal registration number"), max_length=100, blank=True
    )
    legal_registration_country = CountryField(_("country of legal registration"), blank=True)
    ecosoc_status = models.CharField(
        _("ECOSOC consultative status"),
        max_length=10,
        choices=EcosocStatus.choices,
        default=EcosocStatus.NONE,
    )
    ecosoc_year = models.PositiveSmallIntegerField(
        _("year ECOSOC status granted"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1946), MaxValueValidator(2100)],
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    is_network = models.BooleanField(_("is a network"), default=False)

    verification_status = models.CharField(
        _("verification status"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        editable=False,
    )
    status_reason = models.TextField(_("reason for the status"), blank=True, editable=False)
    status_changed_at = models.DateTimeField(
        _("status changed at"), null=True, blank=True, editable=False
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    # Identity changes a partner made to a verified profile, waiting for staff review.
    pending_identity_changes = models.JSONField(
        _("identity changes awaiting review"), default=dict, blank=True, editable=False
    )
    profile_confirmed_at = models.DateTimeField(
        _("profile last confirmed up to date"), null=True, blank=True
    )
    # Kept up to date by a database trigger (migrations 0002 and 0013) from name, acronym,
    # description and the translated descriptions, accents removed, so every write path
    # (admin, import, portal, bulk COPY) keeps it.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    transitions = GenericRelation(TransitionLog)
    history = HistoricalRecords(
        excluded_fields=["search_vector", "name_key", "website_domain", "updated_at"]
    )
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        permissions = [
            ("verify_organization", _("Can verify, reject, suspend and reinstate organizations")),
            ("merge_organization", _("Can merge duplicate organizations")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "headquarters_country"],
                name="organization_unique_name_per_country",
                violation_error_message=_(
                    "An organization with this name is already registered in this country."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["verification_status", "name"], name="org_status_name_idx"),
            models.Index(fields=["partner_type"], name="org_type_idx"),
            models.Index(fields=["level"], name="org_level_idx"),
            models.Index(fields=["headquarters_country"], name="org_country_idx"),
            models.Index(fields=["created_at"], name="org_created_idx"),
            # The directory's and the admin's list of networks.
            models.Index(
                fields=["name"], condition=models.Q(is_network=True), name="org_network_name_idx"
            ),
            # The staff home's "identity changes to review", oldest first: a handful of rows
            # among a million, found without a scan.
            models.Index(
                fields=["updated_at"],
                condition=~models.Q(pending_identity_changes={}),
                name="org_identity_changes_idx",
            ),
            GinIndex(fields=["regions"], name="org_regions_gin"),
            GinIndex(fields=["countries_of_operation"], name="org_countries_gin"),
            GinIndex(fields=["activities"], name="org_activities_gin"),
            GinIndex(fields=["operating_settings"], name="org_settings_gin"),
            GinIndex(fields=["search_vector"], name="org_search_gin"),
            # The network autocomplete: ~1% of the registry, searched without the rest.
            GinIndex(
                fields=["search_vector"],
                condition=models.Q(is_network=True),
                name="org_network_search_gin",
            ),
            # The admin changelist's ordering (``name``, then ``-pk`` the admin adds to
            # make it total): read in index order, a page costs a few rows at 1M.
            models.Index(fields=["name", "-id"], name="org_name_id_desc_idx"),
            # Trigram indexes: the duplicate check (similarity on name_key) and the admin
            # search, whose icontains compiles to UPPER(col::text) LIKE UPPER('%term%').
            GinIndex(OpClass("name_key", name="gin_trgm_ops"), name="org_name_key_trgm"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="org_name_upper_trgm"),
            GinIndex(OpClass(Upper("acronym"), name="gin_trgm_ops"), name="org_acronym_upper_trgm"),
            GinIndex(
                OpClass(Upper("public_email"), name="gin_trgm_ops"), name="org_email_upper_trgm"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organization_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        try:
            validate_profile_translations(
                self.profile_translations, profile_language=self.profile_language
            )
        except ValidationError as error:
            raise ValidationError({"profile_translations": error.error_list}) from error

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def region_labels(self) -> list[str]:
        return [str(Region(code).label) for code in self.regions if code in Region.values]

    @property
    def activity_labels(self) -> list[str]:
        return [str(Activity(code).label) for code in self.activities if code in Activity.values]

    @property
    def setting_labels(self) -> list[str]:
        return [
            str(Setting(code).label) for code in self.operating_settings if code in Setting.values
        ]

    @property
    def country_names(self) -> list[str]:
        return [country_name(code) for code in self.countries_of_operation]

    @property
    def headquarters_country_name(self) -> str:
        return country_name(self.headquarters_country)

    def _identity_value_label(self, field_name: str, value: object) -> object:
        """What staff read for a stored value: "NGO…" not "ngo", "Kenya" not "KE"."""
        field = cast(models.Field, self._meta.get_field(field_name))
        if value in (None, ""):
            return value
        if isinstance(field, CountryField):
            return country_name(str(value))
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    @property
    def identity_change_rows(self) -> list[tuple[str, object, object]]:
        """(field label, published value, proposed value) of each change awaiting review,
        choices and countries by their names."""
        return [
            (
                str(cast(models.Field, self._meta.get_field(field)).verbose_name),
                self._identity_value_label(field, getattr(self, field)),
                self._identity_value_label(field, proposed),
            )
            for field, proposed in self.pending_identity_changes.items()
        ]


class NetworkMembership(models.Model):
    """An organization's membership of a network (itself an organization)."""

    network = models.ForeignKey(
        Organization,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="member_links",
        limit_choices_to={"is_network": True},
    )
    member = models.ForeignKey(
        Organization,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="network_links",
    )
    since = models.DateField(_("member since"), null=True, blank=True)
    role = models.CharField(_("role in the network"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "member"], name="network_member_unique"),
            models.CheckConstraint(
                condition=~models.Q(network=models.F("member")),
                name="network_not_member_of_itself",
            ),
        ]

    def __str__(self) -> str:
        return _("%(member)s in %(network)s") % {"member": self.member, "network": self.network}


class Contact(models.Model):
    """A person at an organization. Personal data: never shown publicly."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    languages = ChoiceArrayField(
        models.CharField(max_length=10, choices=ContactLanguage.choices),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    is_primary = models.BooleanField(_("primary contact"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        indexes = [models.Index(fields=["email"], name="contact_email_idx")]

    def __str__(self) -> str:
        return self.name


class CooperationRecord(models.Model):
    """A record of the organization's cooperation with IOM."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="cooperation_records",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CooperationKind.choices)
    iom_office = models.CharField(_("IOM office or region"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=255)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cooperation record")
        verbose_name_plural = _("cooperation records")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="cooperation_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class OrganizationMember(models.Model):
    """A portal user's role in an organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organization_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="member_once_per_org"),
        ]

    def __str__(self) -> str:
        return _("%(user)s (%(role)s) at %(organization)s") % {
            "user": self.user,
            "role": self.get_role_display(),
            "organization": self.organization,
        }


class OrganizationInvitation(models.Model):
    """An emailed invitation to join an organization's team: single use, 14 days."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(
        verbose_name=_("expires at"),
    )
    accepted_at = models.DateTimeField(verbose_name=_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(verbose_name=_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class JoinRequest(models.Model):
    """A user's request to join an existing organization, decided by its administrators."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class RegistrationDraft(models.Model):
    """A new organization's registration form, saved step by step before submission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="registration_drafts",
    )
    data = models.JSONField(default=dict)
    current_step = models.PositiveSmallIntegerField(verbose_name=_("current step"), default=1)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registration draft")
        verbose_name_plural = _("registration drafts")

    def __str__(self) -> str:
        return _("Draft by %(user)s (step %(step)s)") % {
            "user": self.user,
            "step": self.current_step,
        }


def organization_document_path(instance: "OrganizationDocument", filename: str) -> str:
    # The stored name never reuses the uploaded name: it is kept only as metadata.

    return f"private/organizations/{instance.organization_id}/{uuid.uuid4().hex}"


class OrganizationDocument(models.Model):
    """A supporting document; private, served only through a permission-checked view."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=organization_document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title or self.original_name


class StaffObservation(models.Model):
    """A staff-only note about an organization; never shown to the partner or the public."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    severity = models.CharField(_("severity"), max_length=20, choices=ObservationSeverity.choices)
    text = models.TextField(_("observation"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff observation")
        verbose_name_plural = _("staff observations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.text[:60]}"


class PossibleDuplicate(models.Model):
    """A pair flagged by the duplicate check for staff to merge or dismiss."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="possible_duplicates",
    )
    similar_to = models.ForeignKey(
        Organization, verbose_name=_("similar to"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200)
    similarity = models.FloatField(_("similarity"), default=0)
    dismissed_at = models.DateTimeField(verbose_name=_("dismissed at"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "similar_to"], name="possible_duplicate_pair_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ~ {self.similar_to}"


class RegistryDashboard(Organization):
    """No table of its own: gives the staff dashboard its entry on the admin index."""

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("registry dashboard")
        verbose_name_plural = _("registry dashboard")


class ApiToken(models.Model):
    """A personal API token: a user's key to the API, for one organization or, for staff,
    the registry.

    Only a SHA-256 hash of the secret is stored (the secret is shown once, when the
    token is made); ``prefix`` is the visible start of the token, kept to look it up and
    to let the user recognise it in the list.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    # Empty for a staff token: it acts with the staff user's group permissions.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("token prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_staff_token(self) -> bool:
        return self.organization_id is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

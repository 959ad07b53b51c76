"""Sanctions screening: the UN Security Council Consolidated List and the matches it raises.

Staff-only data: nothing here is ever shown to the partner or the public.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Contact, Organization, OrganizationMember


class EntryKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ENTITY = "entity", _("Entity")


class ListVersion(models.Model):
    """One successful import of the Consolidated List (an import either lands whole or not)."""

    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    # The list's own date (the dateGenerated attribute of CONSOLIDATED_LIST).
    generated_at = models.DateTimeField(_("list generated at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    entries = models.PositiveIntegerField(_("entries"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sanctions list version")
        verbose_name_plural = _("sanctions list versions")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return _("Consolidated List imported %(date)s") % {
            "date": self.imported_at.strftime("%Y-%m-%d %H:%M")
        }


class ListEntry(models.Model):
    """An individual or entity of the list; removed entries stay, marked, for the record."""

    reference_number = models.CharField(_("reference number"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind)
    name = models.CharField(_("name"), max_length=500)
    original_script_name = models.CharField(
        _("name in original script"), max_length=500, blank=True
    )
    list_type = models.CharField(_("sanctions regime"), max_length=100, blank=True)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    addresses = models.JSONField(_("addresses"), default=list, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    # Hash of everything above: an entry "changes" when this changes.
    content_hash = models.CharField(max_length=64, editable=False)
    first_version = models.ForeignKey(
        ListVersion,
        verbose_name=_("first listed in version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_in = models.ForeignKey(
        ListVersion,
        verbose_name=_("last changed in version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_in = models.ForeignKey(
        ListVersion,
        verbose_name=_("removed in version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sanctions list entry")
        verbose_name_plural = _("sanctions list entries")
        ordering = ["reference_number"]

    def __str__(self) -> str:
        return f"{self.reference_number} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.removed_in_id is None


class ListEntryChange(models.Model):
    """What one import did to one entry."""

    class Change(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("Removed")

    version = models.ForeignKey(
        ListVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="changes"
    )
    entry = models.ForeignKey(
        ListEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="changes"
    )
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)

    class Meta:
        verbose_name = _("sanctions list change")
        verbose_name_plural = _("sanctions list changes")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "entry"], name="list_change_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_change_display()}: {self.entry}"


class NameField(models.TextChoices):
    """Where a compared name comes from, on either side."""

    ORGANIZATION_NAME = "organization_name", _("organization name")
    ACRONYM = "acronym", _("acronym")
    FORMER_NAME = "former_name", _("former name or acronym")
    PROPOSED_NAME = "proposed_name", _("name or acronym awaiting review")
    CONTACT_NAME = "contact_name", _("contact name")
    MEMBER_NAME = "member_name", _("team member name")
    LIST_NAME = "list_name", _("listed name")
    ALIAS_GOOD = "alias_good", _("alias (good quality)")
    ALIAS_LOW = "alias_low", _("alias (low quality)")
    ORIGINAL_SCRIPT = "original_script", _("name in original script")


_TRIGRAM_INDEXES = ("normalised", "skeleton")


class ListEntryName(models.Model):
    """One comparable name of an active entry (its name, each alias, its original script)."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=12, choices=EntryKind)
    field = models.CharField(max_length=20, choices=NameField)
    value = models.CharField(max_length=500)
    normalised = models.CharField(max_length=500)
    skeleton = models.CharField(max_length=500)

    class Meta:
        indexes = [
            GinIndex(OpClass("normalised", name="gin_trgm_ops"), name="screen_entry_norm_trgm"),
            GinIndex(OpClass("skeleton", name="gin_trgm_ops"), name="screen_entry_skel_trgm"),
        ]

    def __str__(self) -> str:
        return self.value


class ScreenedName(models.Model):
    """A name of the registry to screen: an organization's name, acronym or former name,
    a contact's or a team member's name. Former names are never deleted (a merged or
    renamed organization stays screened under the names it had)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="screened_names"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="screened_names"
    )
    member = models.ForeignKey(
        OrganizationMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screened_names",
    )
    # Compared against entries of this kind: organizations against entities, people
    # against individuals.
    kind = models.CharField(max_length=12, choices=EntryKind)
    field = models.CharField(max_length=20, choices=NameField)
    value = models.CharField(max_length=500)
    normalised = models.CharField(max_length=500)
    skeleton = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contact", "member", "field", "normalised"],
                name="screened_name_once",
                nulls_distinct=False,
            )
        ]
        indexes = [
            GinIndex(OpClass("normalised", name="gin_trgm_ops"), name="screen_name_norm_trgm"),
            GinIndex(OpClass("skeleton", name="gin_trgm_ops"), name="screen_name_skel_trgm"),
        ]

    def __str__(self) -> str:
        return self.value


class PossibleMatch(models.Model):
    """A registry name close to a list entry, waiting for (or carrying) a due-diligence decision.

    One row per (entry, organization, contact, member). A false positive stays decided until
    the entry changes; an entry removed from the list closes the open matches it raised.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        CONFIRMED = "confirmed", _("Confirmed match")
        FALSE_POSITIVE = "false_positive", _("False positive")
        CLOSED = "closed", _("Closed: entry removed from the list")

    entry = models.ForeignKey(
        ListEntry,
        verbose_name=_("list entry"),
        on_delete=models.PROTECT,
        related_name="possible_matches",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="possible_sanctions_matches",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        OrganizationMember,
        verbose_name=_("team member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_name = models.CharField(_("name screened"), max_length=500)
    score = models.FloatField(_("score"))
    matched_fields = models.JSONField(_("matched fields"), default=list)
    # The entry's content hash when the match was raised or decided.
    entry_hash = models.CharField(max_length=64, editable=False)
    found_in = models.ForeignKey(
        ListVersion,
        verbose_name=_("list version"),
        on_delete=models.PROTECT,
        related_name="possible_matches",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("possible sanctions match")
        verbose_name_plural = _("possible sanctions matches")
        ordering = ["-score", "-created_at"]
        permissions = [("decide_possiblematch", _("Can decide possible sanctions matches"))]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "organization", "contact", "member"],
                name="possible_match_once",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(fields=["status", "-score"], name="possible_match_status_idx"),
            models.Index(
                fields=["organization"],
                condition=models.Q(status="confirmed"),
                name="possible_match_confirmed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} ~ {self.entry.name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:screening_possiblematch_change", args=[self.pk])

"""What the API shows of the registry: the public fields of the public pages, and, to a
partner's own token, its profile, contacts and cooperation records."""

from django.urls import reverse
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners.choices import (
    Activity,
    CooperationKind,
    EcosocStatus,
    Level,
    PartnerType,
    Region,
    Setting,
    VerificationStatus,
)
from partners.models import ApiToken, Contact, CooperationRecord, Organization
from partners.portal.forms import IDENTITY_FIELDS
from partners.translations import (
    PROFILE_LANGUAGES,
    TEXT_MAX_LENGTHS,
    ProfileText,
    profile_text,
)

COUNTRY_CODES = [code for code, _name in countries]
COUNTRY_CODES_OR_BLANK = ["", *COUNTRY_CODES]
CONTACT_LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh", "pt"]


class CountryCodeField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code (django-countries' ``Country`` shown as its code)."""

    def to_representation(self, value) -> str:
        return "" if value is None else str(value)


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(serializers.Field):
    """The organization's page on the public directory."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = getattr(value, "public_url", None) or reverse(
            "partners:organization_detail", kwargs={"slug": value.slug}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


LANGUAGE_HELP = "Code of the language the text is written in (one of the portal's languages)."


class TranslationSerializer(serializers.Serializer):
    """An organization's description and mission statement in one language."""

    description = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["description"]
    )
    mission_statement = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["mission_statement"]
    )


class TranslationsField(serializers.DictField):
    """``{language code: {"description": …, "mission_statement": …}}``: the texts in the
    languages other than ``profile_language`` (only those given)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", TranslationSerializer())
        kwargs.setdefault(
            "help_text",
            "The description and mission statement in other languages, by language code ("
            + ", ".join(PROFILE_LANGUAGES)
            + "); never in the profile's own language.",
        )
        super().__init__(**kwargs)


class ShownTextMixin(serializers.Serializer):
    """The description and mission statement in the request's language (``Accept-Language``)
    when the organization gave them in it, else in the original language; each with the code
    of the language it is in."""

    description = serializers.SerializerMethodField(
        help_text="In the request's language (Accept-Language) when given, else the original."
    )
    description_language = serializers.SerializerMethodField(help_text=LANGUAGE_HELP)
    mission_statement = serializers.SerializerMethodField(
        help_text="In the request's language (Accept-Language) when given, else the original."
    )
    mission_statement_language = serializers.SerializerMethodField(help_text=LANGUAGE_HELP)

    def _text(self, organization) -> ProfileText:
        # Cached on the row: four fields read the same choice.
        text = getattr(organization, "profile_text", None)
        if text is None:
            text = profile_text(organization)
            organization.profile_text = text
        return text

    def get_description(self, organization) -> str:
        return self._text(organization).description.text

    @extend_schema_field(serializers.ChoiceField(choices=PROFILE_LANGUAGES))
    def get_description_language(self, organization) -> str:
        return self._text(organization).description.language

    def get_mission_statement(self, organization) -> str:
        return self._text(organization).mission_statement.text

    @extend_schema_field(serializers.ChoiceField(choices=PROFILE_LANGUAGES))
    def get_mission_statement_language(self, organization) -> str:
        return self._text(organization).mission_statement.language


class OrganizationSummarySerializer(ShownTextMixin, serializers.ModelSerializer):
    """One row of the directory (the columns the directory's list reads)."""

    partner_type = serializers.ChoiceField(choices=PartnerType.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    headquarters_country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    regions = serializers.ListField(child=serializers.ChoiceField(choices=Region.choices))
    url = PublicUrlField(help_text="The organization's public page.")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "acronym",
            "partner_type",
            "level",
            "headquarters_country",
            "regions",
            "is_network",
            "description",
            "description_language",
            "mission_statement",
            "mission_statement_language",
            "url",
        ]


class LinkedOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    acronym = serializers.CharField()


class NetworkLinkSerializer(serializers.Serializer):
    network = LinkedOrganizationSerializer()
    since = serializers.DateField(allow_null=True)
    role = serializers.CharField()


class MemberLinkSerializer(serializers.Serializer):
    member = LinkedOrganizationSerializer()
    since = serializers.DateField(allow_null=True)
    role = serializers.CharField()


class PublicCooperationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CooperationKind.choices)

    class Meta:
        model = CooperationRecord
        fields = ["kind", "title", "iom_office", "start_date", "end_date"]


PUBLIC_PROFILE_FIELDS = [
    "slug",
    "name",
    "acronym",
    "partner_type",
    "level",
    "is_network",
    "headquarters_country",
    "countries_of_operation",
    "regions",
    "activities",
    "operating_settings",
    "description",
    "mission_statement",
    "website",
    "public_email",
    "public_phone",
    "year_founded",
    "ecosoc_status",
    "ecosoc_year",
]


class OrganizationPublicSerializer(ShownTextMixin, serializers.ModelSerializer):
    """What the organization's public page shows; never contacts, documents or notes.

    ``description`` and ``mission_statement`` are in the request's language when the
    organization gave them in it; ``profile_language`` and ``profile_translations`` give the
    original's language and every translation."""

    partner_type = serializers.ChoiceField(choices=PartnerType.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    headquarters_country = serializers.CharField()
    countries_of_operation = serializers.ListField(child=serializers.CharField())
    regions = serializers.ListField(child=serializers.ChoiceField(choices=Region.choices))
    activities = serializers.ListField(child=serializers.ChoiceField(choices=Activity.choices))
    operating_settings = serializers.ListField(
        child=serializers.ChoiceField(choices=Setting.choices)
    )
    ecosoc_status = serializers.ChoiceField(choices=EcosocStatus.choices)
    profile_language = serializers.ChoiceField(
        choices=PROFILE_LANGUAGES,
        help_text="The language the organization wrote its description and mission in.",
    )
    profile_translations = TranslationsField()
    url = PublicUrlField()

    class Meta:
        model = Organization
        fields = [
            *PUBLIC_PROFILE_FIELDS,
            "description_language",
            "mission_statement_language",
            "profile_language",
            "profile_translations",
            "url",
        ]


class PublicProfileSerializer(serializers.Serializer):
    organization = OrganizationPublicSerializer()
    networks = NetworkLinkSerializer(many=True, help_text="Verified networks it belongs to.")
    members = MemberLinkSerializer(
        many=True, help_text="For a network: its first 100 verified members by name."
    )
    member_count = serializers.IntegerField()
    cooperation_records = PublicCooperationSerializer(many=True)


class NetworkMemberSerializer(serializers.Serializer):
    member = OrganizationSummarySerializer()
    since = serializers.DateField(allow_null=True)
    role = serializers.CharField()


# --- a partner's own organization ---------------------------------------------------


class PartnerProfileSerializer(serializers.Serializer):
    """The profile fields a partner edits (as on the portal's profile form)."""

    name = serializers.CharField(max_length=255)
    acronym = serializers.CharField(max_length=50, allow_blank=True)
    partner_type = serializers.ChoiceField(choices=PartnerType.choices)
    is_network = serializers.BooleanField()
    headquarters_country = CountryCodeField(choices=COUNTRY_CODES)
    legal_registration_number = serializers.CharField(max_length=100, allow_blank=True)
    legal_registration_country = CountryCodeField(choices=COUNTRY_CODES_OR_BLANK, allow_blank=True)
    year_founded = serializers.IntegerField(min_value=1800, max_value=2100, allow_null=True)
    level = serializers.ChoiceField(choices=Level.choices)
    countries_of_operation = serializers.ListField(
        child=serializers.ChoiceField(choices=COUNTRY_CODES)
    )
    activities = serializers.ListField(child=serializers.ChoiceField(choices=Activity.choices))
    operating_settings = serializers.ListField(
        child=serializers.ChoiceField(choices=Setting.choices)
    )
    ecosoc_status = serializers.ChoiceField(choices=EcosocStatus.choices)
    ecosoc_year = serializers.IntegerField(min_value=1946, max_value=2100, allow_null=True)
    profile_language = serializers.ChoiceField(
        choices=PROFILE_LANGUAGES,
        help_text="The language the description and mission statement are written in.",
    )
    description = serializers.CharField(
        allow_blank=True, max_length=TEXT_MAX_LENGTHS["description"]
    )
    mission_statement = serializers.CharField(
        allow_blank=True, max_length=TEXT_MAX_LENGTHS["mission_statement"]
    )
    profile_translations = TranslationsField()
    website = serializers.URLField(allow_blank=True)
    public_email = serializers.EmailField(allow_blank=True)
    public_phone = serializers.CharField(max_length=30, allow_blank=True)


class PartnerOrganizationSerializer(PartnerProfileSerializer):
    """The organization as its own team sees it, with its review state."""

    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    verification_status = serializers.ChoiceField(choices=VerificationStatus.choices)
    regions = serializers.ListField(child=serializers.ChoiceField(choices=Region.choices))
    identity_changes_awaiting_review = serializers.DictField(
        source="pending_identity_changes",
        help_text=(
            "Changes to " + ", ".join(IDENTITY_FIELDS) + " of a verified profile, published "
            "after IOM staff review them."
        ),
    )
    updated_at = serializers.DateTimeField()


class ContactSerializer(serializers.ModelSerializer):
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=CONTACT_LANGUAGES), required=False
    )

    class Meta:
        model = Contact
        fields = ["id", "name", "position", "email", "phone", "languages", "is_primary"]
        read_only_fields = ["id"]


class CooperationRecordSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CooperationKind.choices)

    class Meta:
        model = CooperationRecord
        fields = [
            "id",
            "kind",
            "title",
            "iom_office",
            "start_date",
            "end_date",
            "description",
            "is_public",
        ]
        read_only_fields = ["id"]


class TokenSerializer(serializers.ModelSerializer):
    organization_id = serializers.IntegerField(allow_null=True)
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices)

    class Meta:
        model = ApiToken
        fields = ["name", "prefix", "scope", "organization_id", "expires_at", "created_at"]


# --- staff ----------------------------------------------------------------------


class StaffOrganizationSerializer(OrganizationSummarySerializer):
    verification_status = serializers.ChoiceField(choices=VerificationStatus.choices)

    class Meta(OrganizationSummarySerializer.Meta):
        fields = [
            "id",
            *OrganizationSummarySerializer.Meta.fields,
            "verification_status",
            "created_at",
        ]


class StaffOrganizationDetailSerializer(PartnerOrganizationSerializer):
    status_reason = serializers.CharField()
    status_changed_at = serializers.DateTimeField(allow_null=True)
    verified_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    url = PublicUrlField()

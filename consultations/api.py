"""The consultations' API endpoints (wired under /api/v1/ in iomcso/urls.py).

Public: consultations with their public fields, agenda and public documents. Partner
tokens: the organization's consultation invitations and delegates, through the same
services as the pages (capacity, waitlist, per-organization limit).
"""

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api.base import ConditionalDetailMixin, validated_by_form
from partners.api.pagination import cursor_pagination
from partners.api.permissions import PartnerToken, token_organization
from partners.api.problems import Conflict

from . import selectors, services
from .forms import DelegateForm
from .models import (
    AgendaSession,
    Consultation,
    ConsultationDocument,
    Invitation,
    Registration,
    Speaker,
)

# Names of the vocabularies for the schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
ConsultationStatus = Consultation.Status
InvitationStatus = Invitation.Status
RegistrationStatus = Registration.Status
DocumentKind = ConsultationDocument.Kind


# --- serializers -----------------------------------------------------------------------


class ConsultationSummarySerializer(serializers.ModelSerializer):
    series = serializers.CharField(source="series.name")
    status = serializers.ChoiceField(choices=Consultation.Status.choices)
    format = serializers.ChoiceField(choices=Consultation.Format.choices)
    is_registration_open = serializers.BooleanField()

    class Meta:
        model = Consultation
        fields = [
            "slug",
            "title",
            "theme",
            "series",
            "status",
            "format",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "registration_closes_at",
            "is_registration_open",
        ]


class SpeakerSerializer(serializers.ModelSerializer):
    affiliation = serializers.CharField()

    class Meta:
        model = Speaker
        fields = ["name", "role", "affiliation"]


class AgendaSessionSerializer(serializers.ModelSerializer):
    speakers = SpeakerSerializer(many=True)

    class Meta:
        model = AgendaSession
        fields = ["title", "starts_at", "ends_at", "room", "description", "speakers"]


class PublicDocumentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ConsultationDocument.Kind.choices)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationDocument
        fields = ["kind", "title", "content_type", "size", "url"]

    def get_url(self, document: ConsultationDocument) -> str:
        request = self.context.get("request")
        url = document.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ActionPointSerializer(serializers.Serializer):
    text = serializers.CharField()
    owner = serializers.CharField()
    status = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)


class ConsultationDetailSerializer(ConsultationSummarySerializer):
    sessions = AgendaSessionSerializer(many=True, help_text="The agenda.")
    documents = PublicDocumentSerializer(many=True, source="public_documents")
    action_points = ActionPointSerializer(many=True)
    interpretation_languages = serializers.ListField(child=serializers.CharField())
    capacity = serializers.IntegerField(allow_null=True)
    max_delegates_per_organization = serializers.IntegerField()

    class Meta(ConsultationSummarySerializer.Meta):
        fields = [
            *ConsultationSummarySerializer.Meta.fields,
            "description",
            "registration_opens_at",
            "eligibility",
            "capacity",
            "max_delegates_per_organization",
            "interpretation_languages",
            "sessions",
            "documents",
            "action_points",
        ]


class InvitationSerializer(serializers.ModelSerializer):
    consultation = ConsultationSummarySerializer()
    status = serializers.ChoiceField(choices=Invitation.Status.choices)

    class Meta:
        model = Invitation
        fields = ["id", "consultation", "status", "sent_at", "responded_at"]


class RegistrationSerializer(serializers.ModelSerializer):
    consultation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.ChoiceField(choices=Registration.Status.choices, read_only=True)
    gender = serializers.ChoiceField(
        choices=Registration.Gender.choices, allow_blank=True, required=False
    )

    class Meta:
        model = Registration
        fields = ["id", "consultation", *DelegateForm.Meta.fields, "status", "created_at"]
        read_only_fields = ["id", "consultation", "status", "created_at"]


# --- views --------------------------------------------------------------------------------


@extend_schema(tags=["public"])
class ConsultationList(generics.ListAPIView):
    """Published consultations (upcoming, past and cancelled), newest first."""

    serializer_class = ConsultationSummarySerializer
    permission_classes = [AllowAny]
    pagination_class = cursor_pagination("-created_at", "pk")

    def get_queryset(self):
        return selectors.public_consultations()


@extend_schema(tags=["public"], responses=ConsultationDetailSerializer)
class ConsultationDetail(ConditionalDetailMixin, APIView):
    """A published consultation with its agenda, public documents and follow-up."""

    permission_classes = [AllowAny]

    def get(self, request: Request, slug: str) -> Response:
        consultation = selectors.consultation_public_detail(slug=slug)
        self.last_modified = consultation.updated_at
        return Response(
            ConsultationDetailSerializer(consultation, context={"request": request}).data
        )


@extend_schema(tags=["partner"])
class InvitationList(generics.ListAPIView):
    """The organization's invitations to consultations."""

    queryset = Invitation.objects.none()  # the model, for the schema
    serializer_class = InvitationSerializer
    permission_classes = [PartnerToken]
    pagination_class = cursor_pagination("-created_at", "pk")

    def get_queryset(self):
        organization = token_organization(self.request, self.kwargs["organization_id"])
        return selectors.organization_sent_invitations(organization=organization)


@extend_schema(tags=["partner"], request=None, responses=InvitationSerializer)
class InvitationDecline(APIView):
    """Decline the organization's invitation to a consultation (as the page's button)."""

    permission_classes = [PartnerToken]

    def post(self, request: Request, organization_id: int, slug: str) -> Response:
        organization = token_organization(request, organization_id, write=True)
        invitation = selectors.organization_sent_invitation(organization=organization, slug=slug)
        try:
            invitation = services.invitation_decline(invitation=invitation, actor=request.user)
        except services.InvalidTransition as error:
            raise Conflict(str(error)) from error
        return Response(InvitationSerializer(invitation).data)


@extend_schema(tags=["partner"])
class DelegateList(generics.ListCreateAPIView):
    """The organization's delegates at one consultation. POST registers one: a seat when
    one is free, else the waiting list (``status``); refused when registration is closed,
    the organization is not eligible, or its limit of delegates is reached."""

    queryset = Registration.objects.none()  # the model, for the schema
    serializer_class = RegistrationSerializer
    permission_classes = [PartnerToken]
    pagination_class = cursor_pagination("created_at", "pk")

    def get_queryset(self):
        organization = token_organization(self.request, self.kwargs["organization_id"])
        return selectors.organization_delegates_with_consultation(
            consultation=selectors.public_consultation(slug=self.kwargs["slug"]),
            organization=organization,
        )

    def create(self, request, *args, **kwargs):
        organization = token_organization(request, kwargs["organization_id"], write=True)
        consultation = selectors.public_consultation(slug=kwargs["slug"])
        values = validated_by_form(DelegateForm, data=request.data, consultation=consultation)
        registration = services.registration_create(
            consultation=consultation,
            organization=organization,
            delegate=services.DelegateData(**values),
            actor=request.user,
        )
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


def _own_registration(
    request: Request, organization_id: int, registration_id: int, *, write: bool = False
) -> Registration:
    """One of the token's organization's registrations; another organization's is 404."""
    organization = token_organization(request, organization_id, write=write)
    return selectors.organization_registration(
        organization=organization, registration_id=registration_id
    )


@extend_schema(tags=["partner"])
class DelegateDetail(ConditionalDetailMixin, APIView):
    permission_classes = [PartnerToken]

    @extend_schema(responses=RegistrationSerializer)
    def get(self, request: Request, organization_id: int, registration_id: int) -> Response:
        registration = _own_registration(request, organization_id, registration_id)
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(request=RegistrationSerializer(partial=True), responses=RegistrationSerializer)
    def patch(self, request: Request, organization_id: int, registration_id: int) -> Response:
        """Correct a delegate's details while registration is open."""
        registration = _own_registration(request, organization_id, registration_id, write=True)
        values = _delegate_values(request.data, registration)
        registration = services.registration_update(
            registration=registration, delegate=services.DelegateData(**values), actor=request.user
        )
        return Response(RegistrationSerializer(registration).data)


def _delegate_values(data, registration: Registration) -> dict:
    """Every delegate field: those sent, the others as they are (the service sets them all)."""
    sent = validated_by_form(
        DelegateForm,
        data=data,
        instance=registration,
        partial=True,
        consultation=registration.consultation,
    )
    current = {field: getattr(registration, field) for field in DelegateForm.Meta.fields}
    return {**current, **sent}


@extend_schema(
    tags=["partner"],
    request=None,
    responses={200: RegistrationSerializer, 409: OpenApiResponse(description="Already cancelled.")},
)
class DelegateCancel(APIView):
    """Cancel a delegate; a freed seat goes to the first waitlisted delegate."""

    permission_classes = [PartnerToken]

    def post(self, request: Request, organization_id: int, registration_id: int) -> Response:
        registration = _own_registration(request, organization_id, registration_id, write=True)
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except services.InvalidTransition as error:
            raise Conflict(str(error)) from error
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration).data)


PARTNER = "partner/organizations/<int:organization_id>/"
urlpatterns = [
    path("consultations/", ConsultationList.as_view(), name="api-consultation-list"),
    path("consultations/<slug:slug>/", ConsultationDetail.as_view(), name="api-consultation"),
    path(
        PARTNER + "consultation-invitations/",
        InvitationList.as_view(),
        name="api-partner-invitation-list",
    ),
    path(
        PARTNER + "consultations/<slug:slug>/decline/",
        InvitationDecline.as_view(),
        name="api-partner-invitation-decline",
    ),
    path(
        PARTNER + "consultations/<slug:slug>/delegates/",
        DelegateList.as_view(),
        name="api-partner-delegate-list",
    ),
    path(
        PARTNER + "delegates/<int:registration_id>/",
        DelegateDetail.as_view(),
        name="api-partner-delegate",
    ),
    path(
        PARTNER + "delegates/<int:registration_id>/cancel/",
        DelegateCancel.as_view(),
        name="api-partner-delegate-cancel",
    ),
]

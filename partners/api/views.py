"""The registry's API endpoints: thin, each calls a selector or a service.

Public (anonymous): the directory of verified organizations, one organization's public
profile, networks and their members. Partner tokens: the token's own organization, its
contacts and cooperation records. Staff tokens: the whole registry.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import selectors
from partners.directory_cache import DIRECTORY_PARAMETERS, cached_directory_data
from partners.models import Contact, CooperationRecord, NetworkMembership, Organization
from partners.portal import selectors as portal_selectors
from partners.portal import services as portal_services
from partners.portal.forms import ContactForm, CooperationRecordForm, OrganizationProfileForm

from . import serializers as api
from .base import ConditionalDetailMixin, validated_by_form
from .filters import ApiOrganizationFilter, StaffOrganizationFilter
from .pagination import QuerysetOrderCursorPagination, cursor_pagination
from .permissions import PartnerToken, StaffToken, request_token, token_organization

# The query-string parameters the organizations list reads (any other is ignored).
API_LIST_PARAMETERS = (*DIRECTORY_PARAMETERS, "cursor", "page_size")

# --- public ---------------------------------------------------------------------------


@extend_schema(tags=["public"])
class OrganizationList(generics.ListAPIView):
    """Verified organizations, with the public directory's search (``q``) and filters."""

    queryset = Organization.objects.none()  # the model, for the schema
    serializer_class = api.OrganizationSummarySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiOrganizationFilter
    permission_classes = [AllowAny]
    # Pages in the directory's order: by name, or newest first (``sort``).
    pagination_class = QuerysetOrderCursorPagination

    def get_queryset(self):
        # The directory's own queryset; the FilterSet (the directory's) applies the same
        # filters and sort.
        return selectors.directory_queryset_with_dates()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        selectors.attach_public_urls(page or [])
        return page

    def list(self, request, *args, **kwargs):
        """Pages are kept a minute in the shared cache, like the directory's (see
        ``partners.directory_cache``); an invalid filter is answered, never kept."""
        data = cached_directory_data(
            kind=f"api-organizations:{request.get_host()}:{request.is_secure()}",
            params=request.query_params,
            names=API_LIST_PARAMETERS,
            compute=lambda: super(OrganizationList, self).list(request, *args, **kwargs).data,
        )
        return Response(data)


@extend_schema(tags=["public"], responses=api.PublicProfileSerializer)
class OrganizationDetail(ConditionalDetailMixin, APIView):
    """A verified organization: its public profile, networks, members (for a network) and
    public cooperation history. Any other organization is 404."""

    permission_classes = [AllowAny]

    def get(self, request: Request, slug: str) -> Response:
        profile = selectors.organization_public_profile(slug=slug)
        self.last_modified = profile.organization.updated_at
        return Response(api.PublicProfileSerializer(profile, context={"request": request}).data)


@extend_schema(tags=["public"])
class NetworkList(generics.ListAPIView):
    """Verified networks."""

    serializer_class = api.OrganizationSummarySerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.verified_networks()


@extend_schema(tags=["public"])
class NetworkMemberList(generics.ListAPIView):
    """The verified members of a verified network, by name."""

    queryset = NetworkMembership.objects.none()  # the model, for the schema
    serializer_class = api.NetworkMemberSerializer
    permission_classes = [AllowAny]
    pagination_class = cursor_pagination("member_name", "pk")

    def get_queryset(self):
        return selectors.verified_network_memberships(slug=self.kwargs["slug"])


# --- partner token --------------------------------------------------------------------


@extend_schema(tags=["token"])
class TokenInfo(APIView):
    """The token sent: its organization (none for a staff token), scope and expiry."""

    @extend_schema(responses=api.TokenSerializer)
    def get(self, request: Request) -> Response:
        token = request_token(request)
        if token is None:
            raise NotAuthenticated
        return Response(api.TokenSerializer(token).data)


@extend_schema(tags=["partner"])
class PartnerOrganization(ConditionalDetailMixin, APIView):
    """The token's organization as its team sees it. PATCH changes the profile as the portal
    does: on a verified profile, changes to the name, type, country and legal registration
    wait for IOM staff review (``identity_changes_awaiting_review``). ``profile_translations``
    sent replaces all the translations (send ``{}`` to remove them)."""

    permission_classes = [PartnerToken]

    @extend_schema(responses=api.PartnerOrganizationSerializer)
    def get(self, request: Request, organization_id: int) -> Response:
        organization = token_organization(request, organization_id)
        self.last_modified = organization.updated_at
        return Response(api.PartnerOrganizationSerializer(organization).data)

    @extend_schema(
        request=api.PartnerProfileSerializer(partial=True),
        responses=api.PartnerOrganizationSerializer,
    )
    def patch(self, request: Request, organization_id: int) -> Response:
        organization = token_organization(request, organization_id, write=True)
        values = validated_by_form(
            OrganizationProfileForm, data=request.data, instance=organization, partial=True
        )
        if "profile_translations" in request.data:
            # Checked, with the profile's language, by the model's rules when the service
            # saves (partners/translations.py); a refusal is a 400 naming the language.
            values["profile_translations"] = request.data["profile_translations"]
        portal_services.organization_submit_profile_changes(
            organization=organization, actor=request.user, data=values
        )
        organization.refresh_from_db()
        return Response(api.PartnerOrganizationSerializer(organization).data)


def _own_contact(
    request: Request, organization_id: int, contact_id: int, *, write: bool = False
) -> tuple[Organization, Contact]:
    """The token's organization and one of its contacts; another organization's is 404."""
    organization = token_organization(request, organization_id, write=write)
    contact = portal_selectors.organization_contact(
        organization=organization, contact_id=contact_id
    )
    return organization, contact


def _own_record(
    request: Request, organization_id: int, record_id: int, *, write: bool = False
) -> tuple[Organization, CooperationRecord]:
    """The token's organization and one of its cooperation records; another's is 404."""
    organization = token_organization(request, organization_id, write=write)
    record = portal_selectors.organization_cooperation_record(
        organization=organization, record_id=record_id
    )
    return organization, record


@extend_schema(tags=["partner"])
class ContactList(generics.ListCreateAPIView):
    """The organization's contacts (personal data: only its own tokens see them)."""

    queryset = Contact.objects.none()  # the model, for the schema
    serializer_class = api.ContactSerializer
    permission_classes = [PartnerToken]
    pagination_class = cursor_pagination("pk")

    def get_queryset(self):
        organization = token_organization(self.request, self.kwargs["organization_id"])
        return portal_selectors.organization_contacts(organization)

    def create(self, request, *args, **kwargs):
        organization = token_organization(request, kwargs["organization_id"], write=True)
        values = validated_by_form(ContactForm, data=request.data)
        contact = portal_services.contact_save(
            organization=organization, actor=request.user, data=values
        )
        return Response(api.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["partner"])
class ContactDetail(ConditionalDetailMixin, APIView):
    permission_classes = [PartnerToken]

    @extend_schema(responses=api.ContactSerializer)
    def get(self, request: Request, organization_id: int, contact_id: int) -> Response:
        _organization, contact = _own_contact(request, organization_id, contact_id)
        return Response(api.ContactSerializer(contact).data)

    @extend_schema(request=api.ContactSerializer(partial=True), responses=api.ContactSerializer)
    def patch(self, request: Request, organization_id: int, contact_id: int) -> Response:
        organization, contact = _own_contact(request, organization_id, contact_id, write=True)
        values = validated_by_form(ContactForm, data=request.data, instance=contact, partial=True)
        contact = portal_services.contact_save(
            organization=organization, actor=request.user, data=values, contact=contact
        )
        return Response(api.ContactSerializer(contact).data)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted.")})
    def delete(self, request: Request, organization_id: int, contact_id: int) -> Response:
        _organization, contact = _own_contact(request, organization_id, contact_id, write=True)
        portal_services.contact_delete(contact=contact, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["partner"])
class CooperationRecordList(generics.ListCreateAPIView):
    """The organization's records of cooperation with IOM (public and private ones)."""

    queryset = CooperationRecord.objects.none()  # the model, for the schema
    serializer_class = api.CooperationRecordSerializer
    permission_classes = [PartnerToken]
    pagination_class = cursor_pagination("pk")

    def get_queryset(self):
        organization = token_organization(self.request, self.kwargs["organization_id"])
        return portal_selectors.organization_cooperation_records(organization)

    def create(self, request, *args, **kwargs):
        organization = token_organization(request, kwargs["organization_id"], write=True)
        values = validated_by_form(CooperationRecordForm, data=request.data)
        record = portal_services.cooperation_record_save(
            organization=organization, actor=request.user, data=values
        )
        return Response(
            api.CooperationRecordSerializer(record).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["partner"])
class CooperationRecordDetail(ConditionalDetailMixin, APIView):
    permission_classes = [PartnerToken]

    @extend_schema(responses=api.CooperationRecordSerializer)
    def get(self, request: Request, organization_id: int, record_id: int) -> Response:
        _organization, record = _own_record(request, organization_id, record_id)
        return Response(api.CooperationRecordSerializer(record).data)

    @extend_schema(
        request=api.CooperationRecordSerializer(partial=True),
        responses=api.CooperationRecordSerializer,
    )
    def patch(self, request: Request, organization_id: int, record_id: int) -> Response:
        organization, record = _own_record(request, organization_id, record_id, write=True)
        values = validated_by_form(
            CooperationRecordForm, data=request.data, instance=record, partial=True
        )
        record = portal_services.cooperation_record_save(
            organization=organization, actor=request.user, data=values, record=record
        )
        return Response(api.CooperationRecordSerializer(record).data)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted.")})
    def delete(self, request: Request, organization_id: int, record_id: int) -> Response:
        _organization, record = _own_record(request, organization_id, record_id, write=True)
        portal_services.cooperation_record_delete(record=record, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- staff ------------------------------------------------------------------------------


@extend_schema(tags=["staff"])
class StaffOrganizationList(generics.ListAPIView):
    """Every organization of the registry, pending, rejected and suspended ones too."""

    serializer_class = api.StaffOrganizationSerializer
    permission_classes = [StaffToken]
    staff_permissions = ("partners.view_organization",)
    filter_backends = [DjangoFilterBackend]
    filterset_class = StaffOrganizationFilter

    def get_queryset(self):
        return selectors.registry_organizations()


@extend_schema(tags=["staff"], responses=api.StaffOrganizationDetailSerializer)
class StaffOrganizationDetail(ConditionalDetailMixin, APIView):
    permission_classes = [StaffToken]
    staff_permissions = ("partners.view_organization",)

    def get(self, request: Request, organization_id: int) -> Response:
        organization = selectors.registry_organization(organization_id=organization_id)
        self.last_modified = organization.updated_at
        return Response(
            api.StaffOrganizationDetailSerializer(organization, context={"request": request}).data
        )

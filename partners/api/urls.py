"""/api/v1/: the schema, its documentation, and the registry's endpoints. The consultations'
and observers' endpoints are included next to these in iomcso/urls.py."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

PARTNER = "partner/organizations/<int:organization_id>/"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("organizations/", views.OrganizationList.as_view(), name="api-organization-list"),
    path("organizations/<slug:slug>/", views.OrganizationDetail.as_view(), name="api-organization"),
    path("networks/", views.NetworkList.as_view(), name="api-network-list"),
    path(
        "networks/<slug:slug>/members/",
        views.NetworkMemberList.as_view(),
        name="api-network-member-list",
    ),
    path("token/", views.TokenInfo.as_view(), name="api-token"),
    path(PARTNER, views.PartnerOrganization.as_view(), name="api-partner-organization"),
    path(PARTNER + "contacts/", views.ContactList.as_view(), name="api-partner-contact-list"),
    path(
        PARTNER + "contacts/<int:contact_id>/",
        views.ContactDetail.as_view(),
        name="api-partner-contact",
    ),
    path(
        PARTNER + "cooperation-records/",
        views.CooperationRecordList.as_view(),
        name="api-partner-cooperation-list",
    ),
    path(
        PARTNER + "cooperation-records/<int:record_id>/",
        views.CooperationRecordDetail.as_view(),
        name="api-partner-cooperation",
    ),
    path(
        "staff/organizations/",
        views.StaffOrganizationList.as_view(),
        name="api-staff-organization-list",
    ),
    path(
        "staff/organizations/<int:organization_id>/",
        views.StaffOrganizationDetail.as_view(),
        name="api-staff-organization",
    ),
]

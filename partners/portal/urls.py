from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Registration of a new organization, in steps, with a saved draft.
    path("register/", views.registration_start, name="registration_start"),
    path("register/step/<int:step>/", views.registration_step, name="registration_step"),
    path("register/discard/", views.registration_discard, name="registration_discard"),
    path("join/", views.join_request_create, name="join_request_create"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # One organization's pages: every view loads it through partners.permissions.
    path("org/<int:organization_id>/", views.organization_detail, name="organization_detail"),
    path("org/<int:organization_id>/edit/", views.organization_edit, name="organization_edit"),
    path(
        "org/<int:organization_id>/resubmit/",
        views.organization_resubmit,
        name="organization_resubmit",
    ),
    path(
        "org/<int:organization_id>/confirm/",
        views.organization_confirm,
        name="organization_confirm",
    ),
    path(
        "org/<int:organization_id>/logo/",
        views.organization_logo_edit,
        name="organization_logo_edit",
    ),
    path(
        "org/<int:organization_id>/logo/remove/",
        views.organization_logo_remove,
        name="organization_logo_remove",
    ),
    path(
        "org/<int:organization_id>/logo.png",
        views.organization_logo_preview,
        name="organization_logo_preview",
    ),
    path("org/<int:organization_id>/team/", views.team, name="team"),
    path(
        "org/<int:organization_id>/team/invite/", views.invitation_create, name="invitation_create"
    ),
    path(
        "org/<int:organization_id>/team/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "org/<int:organization_id>/team/members/<int:member_id>/role/",
        views.member_change_role,
        name="member_change_role",
    ),
    path(
        "org/<int:organization_id>/team/members/<int:member_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("org/<int:organization_id>/team/leave/", views.membership_leave, name="membership_leave"),
    path(
        "org/<int:organization_id>/team/requests/<int:join_request_id>/decide/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("org/<int:organization_id>/documents/", views.documents, name="documents"),
    path(
        "org/<int:organization_id>/documents/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "org/<int:organization_id>/documents/<int:document_id>/delete/",
        views.document_delete,
        name="document_delete",
    ),
    path("org/<int:organization_id>/contacts/", views.contacts, name="contacts"),
    path("org/<int:organization_id>/contacts/add/", views.contact_edit, name="contact_add"),
    path(
        "org/<int:organization_id>/contacts/<int:contact_id>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "org/<int:organization_id>/contacts/<int:contact_id>/delete/",
        views.contact_delete,
        name="contact_delete",
    ),
    path("org/<int:organization_id>/cooperation/", views.cooperation, name="cooperation"),
    path(
        "org/<int:organization_id>/cooperation/add/",
        views.cooperation_edit,
        name="cooperation_add",
    ),
    path(
        "org/<int:organization_id>/cooperation/<int:record_id>/edit/",
        views.cooperation_edit,
        name="cooperation_edit",
    ),
    path(
        "org/<int:organization_id>/cooperation/<int:record_id>/delete/",
        views.cooperation_delete,
        name="cooperation_delete",
    ),
    # Staff review of identity changes to verified profiles.
    path("staff/identity-changes/", views.staff_identity_changes, name="staff_identity_changes"),
    path(
        "staff/identity-changes/<int:organization_id>/",
        views.staff_identity_change_decide,
        name="staff_identity_change_decide",
    ),
]

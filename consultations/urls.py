from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.index, name="index"),
    path("my-organizations/", views.mine, name="mine"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.calendar, name="calendar"),
    path("<slug:slug>/documents/<int:document_id>/", views.document, name="document"),
    path("<slug:slug>/invitation/<str:token>/", views.invitation, name="invitation"),
    path(
        "<slug:slug>/organizations/<int:organization_id>/",
        views.manage,
        name="manage",
    ),
    path(
        "<slug:slug>/organizations/<int:organization_id>/decline/",
        views.invitation_decline,
        name="invitation_decline",
    ),
    path(
        "<slug:slug>/organizations/<int:organization_id>/delegates/<int:registration_id>/",
        views.delegate_edit,
        name="delegate_edit",
    ),
    path(
        "<slug:slug>/organizations/<int:organization_id>/delegates/<int:registration_id>/cancel/",
        views.delegate_cancel,
        name="delegate_cancel",
    ),
    path(
        "<slug:slug>/organizations/<int:organization_id>/delegates/<int:registration_id>/"
        "<str:kind>.pdf",
        views.letter,
        name="letter",
    ),
]

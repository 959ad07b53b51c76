from django.urls import path

from . import views

app_name = "observers"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/step/<slug:criterion>/",
        views.application_step,
        name="application_step",
    ),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path(
        "applications/<int:pk>/resubmit/", views.application_resubmit, name="application_resubmit"
    ),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    path(
        "applications/<int:pk>/evidence/<int:document_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("organizations/<int:organization_id>/delegates/", views.delegates, name="delegates"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("review/<int:pk>/assess/", views.review_assess, name="review_assess"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("review/<int:pk>/<slug:verb>/", views.review_action, name="review_action"),
    path("staff/observers/<int:pk>/end/", views.observer_end, name="observer_end"),
    path("staff/sessions/<int:pk>/delegates/", views.session_delegates, name="session_delegates"),
    path(
        "staff/reports/<int:pk>/<slug:file_format>/", views.report_download, name="report_download"
    ),
]

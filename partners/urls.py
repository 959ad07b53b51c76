from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path(
        "open-data/organizations.<str:file_format>.gz",
        views.open_data_download,
        name="open_data",
    ),
    path("<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("<slug:slug>/logo.png", views.organization_logo, name="organization_logo"),
]

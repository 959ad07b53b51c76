from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_overview, name="overview"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("privacy/accept/", views.privacy_accept, name="privacy_accept"),
    path("data/", views.data_export, name="data_export"),
    path("delete/", views.account_delete, name="account_delete"),
]

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("privacy/accept/", views.privacy_accept, name="privacy_accept"),
]

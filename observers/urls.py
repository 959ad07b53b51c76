from django.urls import path

from . import views

app_name = "observers"
urlpatterns = [
    path("", views.index, name="index"),
]

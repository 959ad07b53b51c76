"""The portal's URLs plus views that fail on purpose, to test the error pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from iomcso.urls import handler400, handler403, handler404, handler500  # noqa: F401
from iomcso.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug in a view")


def forbidden_view(request):
    raise PermissionDenied


urlpatterns = [
    path("test-broken", broken_view),
    path("test-forbidden", forbidden_view),
    *portal_urlpatterns,
]

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Organization


def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = Organization.objects.verified()[:50]
    return render(request, "partners/organization_list.html", {"organizations": organizations})


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.verified(), slug=slug)
    return render(request, "partners/organization_detail.html", {"organization": organization})

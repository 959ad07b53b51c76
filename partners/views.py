"""The public directory: verified organizations only."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import (
    organization_directory,
    organization_directory_page,
    organization_public_profile,
)


def organization_list(request: HttpRequest) -> HttpResponse:
    directory = organization_directory(params=request.GET)
    page = organization_directory_page(directory=directory, page=request.GET.get("page"))
    return render(
        request,
        "partners/organization_list.html",
        {"filter": directory, "page_obj": page, "organizations": page.organizations},
    )


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = organization_public_profile(slug=slug)
    return render(
        request,
        "partners/organization_detail.html",
        {"organization": profile.organization, "profile": profile},
    )

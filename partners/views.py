"""The public directory: verified organizations only."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import attach_public_urls, organization_directory, organization_public_profile

PAGE_SIZE = 20


def organization_list(request: HttpRequest) -> HttpResponse:
    directory = organization_directory(params=request.GET)
    page = Paginator(directory.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_public_urls(page.object_list)
    return render(
        request,
        "partners/organization_list.html",
        {"filter": directory, "page_obj": page, "organizations": page.object_list},
    )


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = organization_public_profile(slug=slug)
    return render(
        request,
        "partners/organization_detail.html",
        {"organization": profile.organization, "profile": profile},
    )

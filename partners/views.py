"""The public directory: verified organizations only."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from .models import Organization
from .selectors import attach_public_urls, organization_directory, organization_public_profile
from .uploads import logo_png

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


@cache_control(public=True, max_age=3600)
def organization_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """A verified organization's logo, re-encoded; a pending or rejected one's is never public."""
    organization = (
        Organization.objects.verified().filter(slug=slug).only("pk", "slug", "logo").first()
    )
    if organization is None or not organization.logo:
        raise Http404
    try:
        with organization.logo.open("rb") as source:
            png = logo_png(source)
    except (FileNotFoundError, ValidationError) as error:
        raise Http404 from error
    response = HttpResponse(png, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response

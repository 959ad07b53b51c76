"""The public directory: verified organizations only."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import cache_control

from .directory_cache import DIRECTORY_PARAMETERS, cached_directory_html
from .opendata import FORMATS, open_data_metadata
from .selectors import (
    organization_directory,
    organization_directory_page,
    organization_public_profile,
    organization_with_public_logo,
)
from .uploads import logo_response


def organization_list(request: HttpRequest) -> HttpResponse:
    def render_results() -> str:
        directory = organization_directory(params=request.GET)
        page = organization_directory_page(directory=directory, page=request.GET.get("page"))
        return render_to_string(
            "partners/_directory_results.html",
            {"filter": directory, "page_obj": page, "organizations": page.organizations},
            request=request,
        )

    results = cached_directory_html(
        params=request.GET, names=DIRECTORY_PARAMETERS, render=render_results
    )
    open_data = open_data_metadata()
    return render(
        request,
        "partners/organization_list.html",
        {
            "results": results,
            "open_data": open_data,
            # Written like every other date of the site, not as the file's ISO timestamp.
            "open_data_published": parse_datetime(open_data["published_at"]) if open_data else None,
        },
    )


def open_data_download(request: HttpRequest, file_format: str) -> FileResponse:
    """The last published open-data file (gzip), streamed from storage."""
    metadata = open_data_metadata()
    if file_format not in FORMATS or metadata is None:
        raise Http404
    name = metadata["files"][file_format]["name"]
    try:
        stream = default_storage.open(name)
    except FileNotFoundError:
        raise Http404 from None
    day = metadata["published_at"][:10]
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=f"iomcso-organizations-{day}.{file_format}.gz",
        content_type="application/gzip",
    )
    response["Link"] = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    return response


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
    organization = organization_with_public_logo(slug=slug)
    if organization is None:
        raise Http404
    return logo_response(organization.logo)

"""The API's documentation loads every asset from the portal itself (no CDN)."""

import re

import pytest

pytestmark = pytest.mark.django_db

ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def test_the_documentation_page_loads_no_asset_from_another_host(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assets = ASSET.findall(response.content.decode())
    assert any(asset.endswith(".js") for asset in assets)
    assert [asset for asset in assets if "//" in asset] == []


def test_no_redoc_page_is_served_since_drf_spectaculars_loads_google_fonts(client):
    assert client.get("/api/v1/redoc/").status_code == 404


def test_the_documentation_page_has_no_inline_style_or_script_for_the_policy_to_block(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_redoc_template_loads_nothing_from_another_host():
    from django.template.loader import get_template

    source = get_template("drf_spectacular/redoc.html").template.source  # type: ignore[attr-defined]
    assert "http://" not in source
    assert "https://" not in source


def test_the_environment_holds_no_dependency_template_that_loads_from_another_host():
    """``make install`` removes them (bin/remove_remote_asset_templates.py)."""
    import sysconfig
    from pathlib import Path

    site_packages = Path(sysconfig.get_paths()["purelib"])
    # An asset the browser fetches (a stylesheet, script, image, font), not a link to click.
    remote = re.compile(r"""<(?:link|script|img|source)\b[^>]*\b(?:src|href)=["']https?://""")
    offenders = [
        str(path.relative_to(site_packages))
        for package in ("drf_spectacular", "allauth", "django", "rest_framework")
        for path in (site_packages / package).rglob("*.html")
        if remote.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []

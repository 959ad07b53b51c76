"""Delete the installed packages' templates that load assets from another host.

The portal serves every CSS, JS and font file itself. Three templates of its dependencies
load theirs from CDNs or Google Fonts, and the portal renders none of them: drf-spectacular's
Redoc page (replaced by ``templates/drf_spectacular/redoc.html``, no route serves it) and
allauth's headless API specification pages (``allauth.headless`` is not installed). Removing
them after ``pip install`` leaves nothing in the environment that could fetch from another
host, should a later change route one by mistake (it would then fail loudly: no template).

Run by ``make install``; safe to run twice.
"""

import sysconfig
from pathlib import Path

UNUSED_REMOTE_TEMPLATES = (
    "drf_spectacular/templates/drf_spectacular/redoc.html",
    "allauth/headless/templates/headless/spec/redoc_cdn.html",
    "allauth/headless/templates/headless/spec/swagger_cdn.html",
)


def main() -> None:
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for relative in UNUSED_REMOTE_TEMPLATES:
        path = site_packages / relative
        if path.exists():
            path.unlink()
            print(f"removed {relative} (loads assets from another host; unused here)")


if __name__ == "__main__":
    main()

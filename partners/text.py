"""Text normalisation used by the registry's uniqueness and duplicate checks."""

import re
import unicodedata
from urllib.parse import urlsplit

_SPACES = re.compile(r"\s+")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_key(name: str) -> str:
    """The case- and accent-free form of a name: "Cáritas  Suiza" -> "caritas suiza"."""
    return _SPACES.sub(" ", strip_accents(name).casefold()).strip()


def website_domain(url: str) -> str:
    """The host of a website without ``www.``, lower case; "" when there is none."""
    if not url:
        return ""
    if "//" not in url:
        url = f"//{url}"
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")

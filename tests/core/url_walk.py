"""Every URL pattern of the project as one concrete URL, for tests that must cover them all.

Each captured value becomes ``1`` (it matches the int, str, slug and path converters and
the regexes in use) or the first choice of an alternation (the admin's app list).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?\w+>")


@dataclass(frozen=True)
class WalkedUrl:
    url: str
    view_name: str


def every_url(language: str = "en") -> Iterator[WalkedUrl]:
    yield from _walk(get_resolver().url_patterns, "/", [], language)


def _walk(patterns, prefix: str, namespaces: list[str], language: str) -> Iterator[WalkedUrl]:
    for pattern in patterns:
        piece = _sample(pattern.pattern, language)
        if isinstance(pattern, URLResolver):
            inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, prefix + piece, inner, language)
        elif isinstance(pattern, URLPattern):
            name = ":".join([*namespaces, pattern.name]) if pattern.name else "(unnamed)"
            yield WalkedUrl(prefix + piece, name)


def _sample(pattern, language: str) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return f"{language}/"
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub("1", str(pattern))
    assert isinstance(pattern, RegexPattern), pattern
    return _sample_regex(str(pattern))


def _sample_regex(regex: str) -> str:
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out: list[str] = []
    group: list[str] = []
    depth = 0
    for char in regex:
        if char == "(":
            depth += 1
            if depth == 1:
                group = []
                continue
        elif char == ")":
            depth -= 1
            if depth == 0:
                out.append(_sample_group("".join(group)))
                continue
        if depth:
            group.append(char)
        else:
            out.append(char)
    return "".join(out).replace("\\", "")


def _sample_group(group: str) -> str:
    body = re.sub(r"^\?P<\w+>", "", group)
    if re.fullmatch(r"[\w|]+", body) and "|" in body:
        return body.split("|")[0]
    return "1"

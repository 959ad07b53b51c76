"""Reading the UN Security Council Consolidated List (XML) into plain data.

The official file (https://scsanctions.un.org/resources/xml/en/consolidated.xml) has a
``CONSOLIDATED_LIST`` root with ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``. Parsing
goes through defusedxml: entity expansion and external references are refused.
"""

import datetime
import hashlib
import json
import urllib.request
from dataclasses import asdict, dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import ElementTree  # type: ignore[import-untyped]
from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .models import EntryKind


class ListFileError(Exception):
    """The file is not a usable Consolidated List; nothing was imported."""


@dataclass
class ParsedEntry:
    reference_number: str
    kind: str
    name: str
    original_script_name: str = ""
    list_type: str = ""
    listed_on: datetime.date | None = None
    nationalities: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    # [{"name": ..., "quality": "Good" | "Low" | "a.k.a." ...}]
    aliases: list[dict[str, str]] = field(default_factory=list)
    comments: str = ""

    def content_hash(self) -> str:
        data = asdict(self)
        data["listed_on"] = self.listed_on.isoformat() if self.listed_on else None
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class ParsedList:
    generated_at: datetime.datetime | None
    entries: list[ParsedEntry]


def _text(element: Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _values(parent: Element, tag: str) -> list[str]:
    """The VALUE children of every ``tag`` element (NATIONALITY/VALUE, ...)."""
    return [
        text
        for container in parent.findall(tag)
        for text in (_text(value) for value in container.findall("VALUE"))
        if text
    ]


def _address(element: Element) -> str:
    parts = [
        _text(element.find(tag))
        for tag in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE")
    ]
    return ", ".join(part for part in parts if part)


def _entry(element: Element, kind: str) -> ParsedEntry:
    reference = _text(element.find("REFERENCE_NUMBER"))
    name = " ".join(
        part
        for part in (
            _text(element.find(tag))
            for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        )
        if part
    )
    if not reference or not name:
        raise ListFileError(
            _("An entry has no reference number or no name (data id %(id)s).")
            % {"id": _text(element.find("DATAID")) or "?"}
        )
    alias_tag = "INDIVIDUAL_ALIAS" if kind == EntryKind.INDIVIDUAL else "ENTITY_ALIAS"
    address_tag = "INDIVIDUAL_ADDRESS" if kind == EntryKind.INDIVIDUAL else "ENTITY_ADDRESS"
    aliases = [
        {"name": alias_name, "quality": _text(alias.find("QUALITY"))}
        for alias in element.findall(alias_tag)
        if (alias_name := _text(alias.find("ALIAS_NAME")))
    ]
    listed_on = _text(element.find("LISTED_ON"))
    return ParsedEntry(
        reference_number=reference,
        kind=kind,
        name=name[:500],
        original_script_name=_text(element.find("NAME_ORIGINAL_SCRIPT"))[:500],
        list_type=_text(element.find("UN_LIST_TYPE"))[:100],
        listed_on=parse_date(listed_on[:10]) if listed_on else None,
        nationalities=_values(element, "NATIONALITY"),
        addresses=[text for text in map(_address, element.findall(address_tag)) if text],
        aliases=aliases,
        comments=_text(element.find("COMMENTS1")),
    )


def parse(content: bytes) -> ParsedList:
    """Parse the whole file or raise ``ListFileError``: never a partial list."""
    try:
        root = ElementTree.fromstring(content, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise ListFileError(
            _("The file is not well-formed XML (%(error)s).") % {"error": error}
        ) from error
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFileError(_("The file is not a UN Security Council Consolidated List."))
    individuals, entities = root.find("INDIVIDUALS"), root.find("ENTITIES")
    if individuals is None or entities is None:
        raise ListFileError(_("The list has no INDIVIDUALS or no ENTITIES section."))
    entries = [
        _entry(element, EntryKind.INDIVIDUAL) for element in individuals.findall("INDIVIDUAL")
    ]
    entries += [_entry(element, EntryKind.ENTITY) for element in entities.findall("ENTITY")]
    references = [entry.reference_number for entry in entries]
    if len(set(references)) != len(references):
        raise ListFileError(_("The list names the same reference number twice."))
    generated = root.get("dateGenerated")
    return ParsedList(
        generated_at=parse_datetime(generated) if generated else None, entries=entries
    )


def download(url: str, *, timeout: int) -> bytes:
    """The list from its official address (HTTPS in production; any scheme is refused but http(s))."""
    if not url.startswith(("https://", "http://")):
        raise ListFileError(_("The list address must be an http(s) URL."))
    request = urllib.request.Request(url, headers={"User-Agent": "IOM-CSO-portal screening"})  # noqa: S310 (scheme checked above)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read()

from pathlib import Path

import pytest

from partners.screening import services

FIXTURE = Path(__file__).parent / "fixtures" / "consolidated.xml"


def fixture_bytes() -> bytes:
    return FIXTURE.read_bytes()


def without_entry(content: bytes, reference: str) -> bytes:
    """The fixture with one ENTITY or INDIVIDUAL block taken out (a later list version)."""
    text = content.decode()
    marker = f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>"
    at = text.index(marker)
    for tag in ("ENTITY", "INDIVIDUAL"):
        start = text.rfind(f"<{tag}>", 0, at)
        end = text.find(f"</{tag}>", at)
        if start != -1 and end != -1 and text.rfind(f"</{tag}>", 0, at) < start:
            return (text[:start] + text[end + len(f"</{tag}>") :]).encode()
    raise ValueError(reference)


@pytest.fixture
def list_version(db):
    """The fixture list imported (version 1)."""
    return services.list_import(content=fixture_bytes(), source=str(FIXTURE))

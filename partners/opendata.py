"""Open data: the verified directory published every night as CSV and JSON (gzip), with a
licence statement and the date, written through Django's storage API.

The files are written row by row from a server-side cursor into a temporary file that
spills to disk, so a million organizations never sit in memory at once. Each run writes
dated files and then ``metadata.json``, which names the current ones: a reader never sees
a half-written file. Running twice on the same day rewrites the same files.
"""

import csv
import datetime
import gzip
import io
import json
import tempfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from iomcso.core.spreadsheets import neutralise_cell

from .models import Organization

COLUMNS = (
    "slug",
    "name",
    "acronym",
    "partner_type",
    "level",
    "is_network",
    "headquarters_country",
    "countries_of_operation",
    "regions",
    "activities",
    "operating_settings",
    "website",
    "public_email",
    "public_phone",
    "year_founded",
    "ecosoc_status",
    "ecosoc_year",
)
LIST_COLUMNS = {"countries_of_operation", "regions", "activities", "operating_settings"}
METADATA_CACHE_KEY = "open-data-metadata"
FORMATS = ("csv", "json")


def _path(name: str) -> str:
    return f"{settings.OPEN_DATA_DIRECTORY}/{name}"


def _rows() -> Iterator[dict[str, Any]]:
    base = settings.SITE_URL.rstrip("/")
    template = reverse("partners:organization_detail", kwargs={"slug": "__slug__"})
    queryset = Organization.objects.verified().order_by("name", "pk").values_list(*COLUMNS)
    for values in queryset.iterator(chunk_size=2000):
        row = dict(zip(COLUMNS, values, strict=True))
        row["headquarters_country"] = str(row["headquarters_country"])
        row["url"] = base + template.replace("__slug__", row["slug"])
        yield row


def _write_csv(target) -> int:
    count = 0
    with gzip.open(target, "wt", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([*COLUMNS, "url"])
        for row in _rows():
            writer.writerow(
                [
                    ";".join(row[column])
                    if column in LIST_COLUMNS
                    else neutralise_cell(str(row[column]))
                    if isinstance(row[column], str)
                    else ("" if row[column] is None else row[column])
                    for column in (*COLUMNS, "url")
                ]
            )
            count += 1
    return count


def _write_json(target, *, published_at: str) -> int:
    count = 0
    with gzip.open(target, "wt", encoding="utf-8") as stream:
        header = {"licence": settings.OPEN_DATA_LICENCE, "published_at": published_at}
        stream.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "organizations": [\n')
        for row in _rows():
            stream.write(("" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
            count += 1
        stream.write("\n]}\n")
    return count


def _save(name: str, spooled) -> str:
    spooled.seek(0)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, File(spooled, name=name.rsplit("/", 1)[-1]))


def open_data_publish(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Write today's CSV and JSON files and the metadata naming them; remove older files."""
    now = now or timezone.now()
    day = now.date().isoformat()
    published_at = now.isoformat(timespec="seconds")
    files = {}
    count = 0
    for file_format in FORMATS:
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spooled:
            if file_format == "csv":
                count = _write_csv(spooled)
            else:
                count = _write_json(spooled, published_at=published_at)
            size = spooled.tell()
            files[file_format] = {
                "name": _save(_path(f"organizations-{day}.{file_format}.gz"), spooled),
                "size": size,
            }
    metadata = {
        "published_at": published_at,
        "licence": settings.OPEN_DATA_LICENCE,
        "organizations": count,
        "files": files,
    }
    _save(_path("metadata.json"), io.BytesIO(json.dumps(metadata, indent=2).encode()))
    cache.delete(METADATA_CACHE_KEY)
    current = {entry["name"] for entry in files.values()} | {_path("metadata.json")}
    _directories, names = default_storage.listdir(settings.OPEN_DATA_DIRECTORY)
    for name in names:
        if _path(name) not in current:
            default_storage.delete(_path(name))
    return metadata


# Before the first run, "nothing published" is kept a minute too: the directory reads the
# metadata on every request, and asking the storage each time is a network call with S3.
# Publishing deletes the key, so the files show at once.
NOT_PUBLISHED = "not-published"


def open_data_metadata() -> dict[str, Any] | None:
    """What was published last (cached ten minutes), or None before the first run."""
    metadata = cache.get(METADATA_CACHE_KEY)
    if metadata == NOT_PUBLISHED:
        return None
    if metadata is None:
        name = _path("metadata.json")
        if not default_storage.exists(name):
            cache.set(METADATA_CACHE_KEY, NOT_PUBLISHED, 60)
            return None
        with default_storage.open(name) as stream:
            metadata = json.load(stream)
        cache.set(METADATA_CACHE_KEY, metadata, 600)
    return metadata

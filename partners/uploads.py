"""Upload rules shared by the portal and observer applications: type by content, 10 MB."""

import io
import posixpath
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from iomcso.core.audit import Action, audit_record

# MIME type detected from the file's bytes -> a label users recognise.
ALLOWED_DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}
EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/png": "png",
    "image/jpeg": "jpg",
}
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A DOCX or XLSX is a zip: refused when it would unpack to more than this, or holds more
# entries than any real document (zip bombs).
MAX_UNCOMPRESSED_OFFICE_SIZE = 50 * 1024 * 1024
MAX_OFFICE_ENTRIES = 1000


def document_file_name(name: str, mime: str) -> str:
    """The name a file is kept and served under: the user's, with the extension of the type
    its bytes have (``report.html`` holding a PDF becomes ``report.pdf``)."""
    stem = posixpath.splitext(posixpath.basename((name or "").replace("\\", "/")))[0]
    stem = stem.strip(". ") or "document"
    extension = EXTENSIONS[mime]
    return f"{stem[: 250 - len(extension)]}.{extension}"


def validate_document_upload(upload: UploadedFile) -> str:
    """Check size and real content type; return the detected MIME type.

    The file name and the browser's declared type are ignored: an executable renamed
    ``report.pdf`` is refused because its bytes are not a PDF.
    """
    max_size = settings.MAX_UPLOAD_SIZE
    if upload.size is None or upload.size > max_size:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size or 0), "limit": filesizeformat(max_size)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_DOCUMENT_TYPES:
        raise ValidationError(
            _("This file type is not accepted. Upload a PDF, DOCX, XLSX, PNG or JPEG file."),
            code="file_type",
        )
    if kind.mime in OFFICE_TYPES:
        _refuse_zip_bomb(upload)
    return kind.mime


def _refuse_zip_bomb(upload: UploadedFile) -> None:
    refused = ValidationError(
        _("This document is damaged or unpacks to an unreasonable size; it was refused."),
        code="file_unsafe",
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refused from error
    finally:
        upload.seek(0)
    if len(entries) > MAX_OFFICE_ENTRIES:
        raise refused
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_OFFICE_SIZE:
        raise refused


def private_file_response(
    stored: FieldFile, *, request: HttpRequest, filename: str, content_type: str
) -> FileResponse:
    """A stored file as a download the browser neither caches nor sniffs, in the audit log.

    Callers check who may read it first. A file the storage no longer has is a 404, not a
    server error. Every download served is recorded (who, which file, from where).
    """
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as missing:  # ValueError: no file on the field
        raise Http404 from missing
    audit_record(
        action=Action.DOWNLOAD,
        request=request,
        target=stored.instance,
        message=filename,
        detail={"field": stored.field.name, "path": request.path},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Logos ---------------------------------------------------------------------------
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 4096
LOGO_MAX_PIXELS = LOGO_MAX_SIDE * LOGO_MAX_SIDE
LOGO_SIZE = 256
LOGO_FORMATS = ("PNG", "JPEG")


def logo_png(source) -> bytes:
    """A logo re-encoded by Pillow as a PNG of at most 256 × 256 pixels.

    The one check of every logo: the portal and the admin store what it returns, and the
    public page serves it again through it. Whatever was uploaded, only pixels
    Pillow decoded leave the server: no metadata, no script in an SVG or a polyglot file.
    Raises ValidationError for a file too large, too many pixels (a decompression bomb),
    or not an image.
    """
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - Pillow only on this path

    source.seek(0)
    data = source.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large. The limit is %(limit)s."),
            code="logo_too_large",
            params={"limit": filesizeformat(LOGO_MAX_BYTES)},
        )
    too_many_pixels = ValidationError(
        _("The logo has too many pixels. Use an image of at most %(limit)s pixels."),
        code="logo_too_big",
        params={"limit": f"{LOGO_MAX_SIDE} × {LOGO_MAX_SIDE}"},
    )
    try:
        # Only the two formats the message names: nothing else is parsed at all.
        with Image.open(io.BytesIO(data), formats=LOGO_FORMATS) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise too_many_pixels
            image.load()
            picture = image.convert("RGBA")
    except Image.DecompressionBombError as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(
            _("The logo must be a PNG or JPEG image."), code="logo_not_image"
        ) from error
    picture.thumbnail((LOGO_SIZE, LOGO_SIZE))
    output = io.BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return output.getvalue()


def logo_response(logo: FieldFile) -> HttpResponse:
    """The stored logo re-encoded as a PNG, served so that nothing in it can run; 404 when
    there is none or it no longer reads as an image. Callers add their own caching."""
    if not logo:
        raise Http404
    try:
        with logo.open("rb") as source:
            png = logo_png(source)
    except (FileNotFoundError, ValidationError) as error:
        raise Http404 from error
    response = HttpResponse(png, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response

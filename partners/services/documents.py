"""Documents an organization keeps in the registry, uploaded from the portal or with an
observer application (both apps call these)."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..models import (
    Organization,
    OrganizationDocument,
)
from ..uploads import document_file_name, validate_document_upload


@transaction.atomic
def document_upload(
    *, organization: Organization, actor, kind: str, title: str, upload: UploadedFile
) -> OrganizationDocument:
    """Store a supporting document after checking its real type and size.

    A refused file raises ``ValidationError`` before anything is written, to the
    database or to storage.
    """
    content_type = validate_document_upload(upload)
    document = OrganizationDocument(
        organization=organization,
        kind=kind,
        title=title,
        original_name=document_file_name(upload.name or "", content_type),
        content_type=content_type,
        size=upload.size or 0,  # validate_document_upload refused a file without a size
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    # Saved through the storage API under a random name (see organization_document_path).
    document.file.save(upload.name or "document", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_delete(*, document: OrganizationDocument, actor) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))

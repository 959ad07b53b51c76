"""The organization's documents, contacts and cooperation history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partners.models import Contact, CooperationRecord, OrganizationDocument
from partners.permissions import (
    CAN_EDIT,
    document_for_user,
    organization_for_user,
    organization_object_for_user,
)
from partners.uploads import private_file_response

from .. import selectors, services
from ..forms import ContactForm, CooperationRecordForm, DocumentUploadForm
from .common import add_errors, organization_context


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    context = organization_context(request, organization)
    form = DocumentUploadForm()
    if request.method == "POST":
        # Uploading needs editor rights; a viewer's POST is answered like an outsider's.
        organization = organization_for_user(
            request.user, organization_id=organization_id, roles=CAN_EDIT
        )
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.document_upload(
                    organization=organization,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect("portal:documents", organization_id=organization.pk)
    context.update(form=form, documents=selectors.organization_documents(organization))
    return render(
        request,
        "partners/portal/documents.html",
        context,
        status=400 if form.errors else 200,
    )


def document_download(request: HttpRequest, organization_id: int, document_id: int):
    # Staff with the document permission, or a member of the organization; 404 for anyone else.
    document = document_for_user(
        request.user, organization_id=organization_id, document_id=document_id
    )
    return private_file_response(
        document.file,
        request=request,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, organization_id: int, document_id: int) -> HttpResponse:

    _organization, document = organization_object_for_user(
        request.user,
        model=OrganizationDocument,
        organization_id=organization_id,
        object_id=document_id,
        roles=CAN_EDIT,
    )
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The document was deleted."))
    return redirect("portal:documents", organization_id=organization_id)


# --- contacts and cooperation history -------------------------------------------------------


@login_required
def contacts(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    return render(
        request,
        "partners/portal/contacts.html",
        organization_context(
            request, organization, contacts=selectors.organization_contacts(organization)
        ),
    )


def _organization_object_edit(
    request: HttpRequest,
    *,
    organization_id: int,
    object_id: int | None,
    model,
    form_class,
    save,
    template: str,
    saved_message: str,
    list_url_name: str,
    context_name: str,
) -> HttpResponse:
    """Add or edit one of an organization's records (contacts, cooperation history).

    Editors and administrators only; an id from another organization answers 404.
    """
    if object_id is None:
        organization = organization_for_user(
            request.user, organization_id=organization_id, roles=CAN_EDIT
        )
        instance = None
    else:
        organization, instance = organization_object_for_user(
            request.user,
            model=model,
            organization_id=organization_id,
            object_id=object_id,
            roles=CAN_EDIT,
        )
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(
                organization=organization,
                actor=request.user,
                data=form.cleaned_data,
                instance=instance,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, saved_message)
            return redirect(list_url_name, organization_id=organization.pk)
    return render(
        request,
        template,
        organization_context(request, organization, form=form, **{context_name: instance}),
    )


def _organization_object_delete(
    request: HttpRequest,
    *,
    organization_id: int,
    object_id: int,
    model,
    delete,
    deleted_message: str,
    list_url_name: str,
) -> HttpResponse:
    _organization, instance = organization_object_for_user(
        request.user,
        model=model,
        organization_id=organization_id,
        object_id=object_id,
        roles=CAN_EDIT,
    )
    delete(instance=instance, actor=request.user)
    messages.success(request, deleted_message)
    return redirect(list_url_name, organization_id=organization_id)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, organization_id: int, contact_id: int | None = None):
    return _organization_object_edit(
        request,
        organization_id=organization_id,
        object_id=contact_id,
        model=Contact,
        form_class=ContactForm,
        save=lambda instance, **kwargs: services.contact_save(contact=instance, **kwargs),
        template="partners/portal/contact_form.html",
        saved_message=_("The contact was saved."),
        list_url_name="portal:contacts",
        context_name="contact",
    )


@login_required
@require_POST
def contact_delete(request: HttpRequest, organization_id: int, contact_id: int) -> HttpResponse:
    return _organization_object_delete(
        request,
        organization_id=organization_id,
        object_id=contact_id,
        model=Contact,
        delete=lambda instance, actor: services.contact_delete(contact=instance, actor=actor),
        deleted_message=_("The contact was deleted."),
        list_url_name="portal:contacts",
    )


@login_required
def cooperation(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for_user(request.user, organization_id=organization_id)
    return render(
        request,
        "partners/portal/cooperation.html",
        organization_context(
            request,
            organization,
            records=selectors.organization_cooperation_records(organization),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_edit(request: HttpRequest, organization_id: int, record_id: int | None = None):
    return _organization_object_edit(
        request,
        organization_id=organization_id,
        object_id=record_id,
        model=CooperationRecord,
        form_class=CooperationRecordForm,
        save=lambda instance, **kwargs: services.cooperation_record_save(record=instance, **kwargs),
        template="partners/portal/cooperation_form.html",
        saved_message=_("The cooperation record was saved."),
        list_url_name="portal:cooperation",
        context_name="record",
    )


@login_required
@require_POST
def cooperation_delete(request: HttpRequest, organization_id: int, record_id: int) -> HttpResponse:
    return _organization_object_delete(
        request,
        organization_id=organization_id,
        object_id=record_id,
        model=CooperationRecord,
        delete=lambda instance, actor: services.cooperation_record_delete(
            record=instance, actor=actor
        ),
        deleted_message=_("The cooperation record was deleted."),
        list_url_name="portal:cooperation",
    )

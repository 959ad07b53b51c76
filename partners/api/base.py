"""Pieces every API view uses: conditional GETs on detail resources, and validation of a
JSON body by the portal's own forms (so the API and the pages accept the same data and
refuse it with the same messages)."""

import hashlib
from datetime import datetime
from typing import Any

from django import forms
from django.forms.models import model_to_dict
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


class ConditionalDetailMixin:
    """Detail resources answer with ``ETag`` (a hash of the body) and, when the view set
    ``self.last_modified``, ``Last-Modified``; a matching ``If-None-Match`` (or, without it,
    ``If-Modified-Since``) gets 304 Not Modified."""

    last_modified: datetime | None = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        timestamp = None
        if self.last_modified is not None:
            timestamp = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        response["Cache-Control"] = "no-cache" if request.auth is None else "private, no-cache"
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )


def _as_form_value(value: Any, *, multiple: bool) -> Any:
    """A JSON value as an HTML form would send it: text, or a list of texts for a field
    that takes several values (anything else is left for the form to refuse)."""
    if value is None:
        return [] if multiple else ""
    if multiple and isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def validated_by_form(
    form_class: type[forms.ModelForm],
    *,
    data: Any,
    instance=None,
    partial: bool = False,
    **form_kwargs,
) -> dict[str, Any]:
    """Validate a JSON body with a portal form; return the cleaned values of the fields sent
    (of every field when not ``partial``). A field left out keeps its current value, or for
    a new object the model's default. Unknown keys are ignored, as in DRF."""
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    fields = list(form_class._meta.fields or ())
    model = form_class._meta.model
    assert model is not None  # noqa: S101 - every form passed here is a ModelForm
    current = model_to_dict(instance if instance is not None else model(), fields=fields)
    sent = {key: value for key, value in data.items() if key in fields}
    multiple = {
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.MultipleChoiceField)
    }
    merged = {
        key: _as_form_value(value, multiple=key in multiple)
        for key, value in {**current, **sent}.items()
    }
    form = form_class(data=merged, instance=instance, **form_kwargs)
    if not form.is_valid():
        raise ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
                for field, messages in form.errors.items()
            }
        )
    keys = sent.keys() if partial else fields
    return {key: form.cleaned_data[key] for key in keys if key in form.cleaned_data}

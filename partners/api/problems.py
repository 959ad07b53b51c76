"""Errors as RFC 9457 problem documents (``application/problem+json``), in the language of
the request's ``Accept-Language``.

Every refusal of the API, whether DRF's (authentication, permission, throttling,
validation), Django's (``Http404``) or a service's ``ValidationError``, goes through
``problem_exception_handler``; ``add_problem_responses`` documents them in the schema.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("The request is not valid"),
    401: gettext_lazy("Authentication is needed"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict with the current state"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


class Conflict(exceptions.APIException):
    """A refusal of the workflow (an invitation already answered, a cancelled delegate)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This cannot be done in the current state.")
    default_code = "conflict"


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat: list = []
        for item in detail:
            value = _flatten(item)
            flat.extend(value if isinstance(value, list) else [value])
        return flat
    return str(detail)


def problem_response(
    status_code: int, detail: str, *, errors: dict | None = None, headers=None
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        # A service refused the data: same messages as the portal's forms.
        messages = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(messages)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling and logging take over
    request = context.get("request")
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Some fields are not valid.")
        data = exc.detail
        errors = _flatten(data if isinstance(data, dict) else {"non_field_errors": data})
    else:
        data = response.data
        detail = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    problem = problem_response(response.status_code, detail, errors=errors)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    if request is not None:
        problem.data["instance"] = request.path
    return problem


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 9457 problem document.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "For a 400: the messages of each field that is not valid.",
            "additionalProperties": {},
        },
    },
    "required": ["type", "title", "status"],
}

DOCUMENTED_ERRORS = {
    "400": "The request is not valid (query parameters or body).",
    "401": "A token is needed, or the token sent is unknown, expired or revoked.",
    "403": "The token does not allow this.",
    "404": "Not found, or not reachable with this token.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "409": "Not possible in the current state.",
    "415": "Unsupported media type.",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation may answer a problem document."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "put", "patch", "post", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in DOCUMENTED_ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {PROBLEM_CONTENT_TYPE: {"schema": reference}},
                    },
                )
    return result

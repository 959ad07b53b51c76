"""Search-as-you-type over a table too large for a ``<select>`` (networks, organizations,
users), resolving the chosen item by id.

A filter over an unbounded table never renders its choices: at a million organizations
the directory's network ``<select>`` alone was 8,747 options and half of each page's time.
Instead:

- an app registers a **source** in its ``AppConfig.ready()`` (the core imports no app)::

      autocomplete_register(AutocompleteSource(
          name="networks",
          search=lambda text, limit: [(pk, label), ...],   # at most ``limit`` rows
          label=lambda pk: "label" or None,                 # None: unknown or not visible
          is_allowed=lambda user: True,                     # who may query it
      ))

- ``autocomplete_view`` answers ``GET /autocomplete/<source>/?q=text`` with
  ``{"results": [{"id": 1, "label": "..."}]}`` (at most ``RESULT_LIMIT`` rows);
- ``AutocompleteField`` (a form field) renders a text input and a hidden id. With
  JavaScript (``static/site/autocomplete.js``, the ARIA 1.2 combobox pattern) typing lists
  matches and choosing one fills the hidden id. **Without JavaScript** the text is
  resolved on the server: an exact or single match is taken; several matches come back
  as an error listing up to ``RESULT_LIMIT`` buttons, each submitting its item's id;
- ``AutocompleteListFilter`` is the same field as a Django admin list filter.

The submitted parameters for a field named ``network`` are ``network`` (the id),
``network_text`` (what the user typed or chose) and ``network_pick`` (a candidate button).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, JsonResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

RESULT_LIMIT = 10
MAX_TEXT_LENGTH = 100

Choice = tuple[int, str]


@dataclass(frozen=True)
class AutocompleteSource:
    name: str
    search: Callable[[str, int], Sequence[Choice]]
    label: Callable[[int], str | None]
    is_allowed: Callable[[Any], bool] = lambda user: True


_SOURCES: dict[str, AutocompleteSource] = {}


def autocomplete_register(source: AutocompleteSource) -> None:
    _SOURCES[source.name] = source


def autocomplete_source(name: str) -> AutocompleteSource:
    try:
        return _SOURCES[name]
    except KeyError:
        raise LookupError(f"no autocomplete source named {name!r}") from None


def autocomplete_view(request: HttpRequest, source: str) -> JsonResponse:
    """Matches for ``q`` as JSON; 404 for an unknown source or one the user may not read."""
    found = _SOURCES.get(source)
    if found is None or not found.is_allowed(request.user):
        raise Http404
    text = (request.GET.get("q") or "").strip()[:MAX_TEXT_LENGTH]
    results = found.search(text, RESULT_LIMIT) if text else []
    response = JsonResponse({"results": [{"id": pk, "label": label} for pk, label in results]})
    response["Cache-Control"] = "private, max-age=60"
    return response


class AutocompleteWidget(forms.Widget):
    """A text input and a hidden id (see the module docstring); the template adds the
    combobox behaviour through ``data-`` attributes read by ``site/autocomplete.js``."""

    template_name = "core/widgets/autocomplete.html"

    def __init__(self, source: str, attrs=None):
        super().__init__(attrs)
        self.source = source
        # Set while the field cleans (each form has its own copy of the widget).
        self.candidates: list[Choice] = []
        self.chosen: Choice | None = None

    def value_from_datadict(self, data, files, name):
        text = data.get(f"{name}_text")
        return (
            (data.get(name) or "").strip(),
            # None: no text field was submitted at all (a link carrying only the id).
            None if text is None else text.strip()[:MAX_TEXT_LENGTH],
            (data.get(f"{name}_pick") or "").strip(),
        )

    def value_omitted_from_data(self, data, files, name):
        return not any(key in data for key in (name, f"{name}_text", f"{name}_pick"))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if self.chosen is not None:
            widget["chosen_id"], widget["text"] = self.chosen
        else:
            widget["chosen_id"] = ""
            widget["text"] = (value[1] or "") if isinstance(value, tuple) else ""
        widget["url"] = reverse("autocomplete", kwargs={"source": self.source})
        widget["candidates"] = self.candidates
        return context


class AutocompleteField(forms.Field):
    """Cleans to the chosen item's id (``int``) or ``None``; see the module docstring."""

    default_error_messages = {
        "gone": _("This choice is no longer available: type the name again."),
        "none": _("Nothing matches “%(text)s”. Check the spelling or type fewer letters."),
        "several": _("Several match “%(text)s”: choose one below, or type more of the name."),
    }

    def __init__(self, *, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", AutocompleteWidget(source))
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        chosen_id, text, pick = value if isinstance(value, tuple) else ("", str(value or ""), "")
        source = autocomplete_source(self.source)
        widget: AutocompleteWidget = self.widget
        for candidate in (pick, chosen_id):
            # A picked button wins; a hidden id counts while its text still shows (the user
            # may have typed over it without JavaScript), or when only the id was sent.
            if candidate.isdigit() and len(candidate) < 12:
                label = source.label(int(candidate))
                if label is not None and (candidate == pick or text is None or label == text):
                    widget.chosen = (int(candidate), label)
                    return int(candidate)
        if not text:
            if chosen_id or pick:
                raise ValidationError(self.error_messages["gone"], "gone")
            return None
        matches = list(source.search(text, RESULT_LIMIT))
        typed = text.casefold()
        exact = [
            choice
            for choice in matches
            if choice[1].casefold() == typed or choice[1].casefold().startswith(f"{typed} (")
        ]
        if len(exact) == 1 or len(matches) == 1:
            widget.chosen = (exact or matches)[0]
            return widget.chosen[0]
        if not matches:
            raise ValidationError(self.error_messages["none"], "none", {"text": text})
        widget.candidates = matches
        raise ValidationError(self.error_messages["several"], "several", {"text": text})


class _FilterForm(forms.Form):
    def __init__(self, *args, field_name: str, source: str, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[field_name] = AutocompleteField(source=source, label=label)


class AutocompleteListFilter(admin.SimpleListFilter):
    """An admin list filter over an unbounded table: the autocomplete field in a small GET
    form that keeps the changelist's other filters. Subclasses set ``title``,
    ``parameter_name``, ``source`` and ``filter_by_id(queryset, pk)``."""

    template = "core/admin/autocomplete_filter.html"
    source: str = ""

    def __init__(self, request, params, model, model_admin):
        name = self.parameter_name or ""
        # The text and pick parameters belong to this filter: the changelist must not
        # take them for field lookups.
        self.raw = QueryDict(mutable=True)
        for key in (name, f"{name}_text", f"{name}_pick"):
            if key in params:
                self.raw.setlist(key, params.pop(key))
        self.form = _FilterForm(self.raw, field_name=name, source=self.source, label=self.title)
        chosen = self.form.cleaned_data.get(name) if self.form.is_valid() else None
        super().__init__(request, params, model, model_admin)
        self.chosen_id: int | None = chosen
        if chosen is not None:
            self.used_parameters[name] = str(chosen)

    def lookups(self, request, model_admin):
        return ()

    def has_output(self) -> bool:
        return True

    def expected_parameters(self):
        name = self.parameter_name or ""
        return [name, f"{name}_text", f"{name}_pick"]

    def value(self):
        return None if self.chosen_id is None else str(self.chosen_id)

    def choices(self, changelist):
        # The template reads the form and the other parameters instead of links.
        self.keep = [
            (key, value)
            for key, values in QueryDict(
                changelist.get_query_string(remove=[*self.expected_parameters(), "p"]).lstrip("?")
            ).lists()
            for value in values
        ]
        self.clear_url = changelist.get_query_string(remove=[*self.expected_parameters(), "p"])
        return []

    def queryset(self, request, queryset):
        if self.chosen_id is None:
            return queryset
        return self.filter_by_id(queryset, self.chosen_id)

    def filter_by_id(self, queryset, pk: int):
        raise NotImplementedError

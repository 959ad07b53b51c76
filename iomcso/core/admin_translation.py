"""The admin in the staff member's language where Django and its packages leave English.

- History pages (django-simple-history): column headings from verbose names, choice labels
  instead of stored codes, a dash instead of "None" (the package prints field names and raw
  values).
- Export page (django-import-export): each field's checkbox is labelled with the model
  field's verbose name (the package title-cases the attribute name: "Countries Of Operation").
- Permissions: Django stores their names in English ("Can add organization") when it creates
  them; the labels are built again from the translated verbose names.
- Staff roles: the groups keep their English names (the code finds them by name); the
  admin shows each role's translated label.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .roles import role_label

EMPTY = "—"


# --- History ----------------------------------------------------------------------------


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _readable(field: models.Field | None, value: Any) -> Any:
    """A stored value as staff read it: a choice's label, each label of a list of choices."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field is None:
        return value
    base = getattr(field, "base_field", None)  # ArrayField
    if isinstance(value, list) and base is not None and base.choices:
        labels = dict(base.flatchoices)
        return [labels.get(item, item) for item in value]
    if field.choices:
        # django-countries gives Country objects; their code is the key of the choices.
        return dict(field.flatchoices).get(str(getattr(value, "code", value)), value)
    return value


class _ReadableHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return _readable(_field(self.model, change.field), value)


class TranslatedHistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, with the history list readable in every language.

    ``history_list_display`` may name model fields (shown with their verbose name and, for
    choices, the label) or admin methods (shown with their ``description``).
    """

    object_history_list_template = "admin/simple_history/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return _ReadableHistoryHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        columns = [
            (name, self._history_column_label(name))
            for name in self.get_history_list_display(request)
        ]
        return super().history_view(
            request, object_id, extra_context={"history_columns": columns, **(extra_context or {})}
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # Called by history_view for the page of records shown: the place to give each
        # record its column values as staff should read them.
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        names = list(self.get_history_list_display(request))
        for record in historical_records:
            record.history_column_values = [self._history_column_value(record, n) for n in names]

    def _history_column_label(self, name: str) -> str:
        method = getattr(self, name, None)
        if callable(method):
            return str(getattr(method, "short_description", capfirst(name.replace("_", " "))))
        field = _field(self.model, name)
        return str(capfirst(field.verbose_name)) if field is not None else name

    def _history_column_value(self, record, name: str) -> Any:
        if callable(getattr(self, name, None)):
            return getattr(record, name)  # set by history_view from the admin method
        return _readable(_field(self.model, name), getattr(record, name, None))


# --- Export -----------------------------------------------------------------------------


class TranslatedExportForm(SelectableFieldsExportForm):
    """The export page's field checkboxes, labelled with the model fields' verbose names (or
    a resource field's own ``label``)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = _field(resource._meta.model, field_name)
        if field is not None:
            return str(capfirst(field.verbose_name))
        # A resource's own column (not a model field) may carry its label.
        label = getattr(resource.fields.get(field_name), "label", None)
        if label is not None:
            return str(label)
        return super()._get_field_label(resource, field_name)


# --- Permissions and roles --------------------------------------------------------------

DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add “%(name)s”"),
    "change": _("Can change “%(name)s”"),
    "delete": _("Can delete “%(name)s”"),
    "view": _("Can view “%(name)s”"),
}


def permission_label(permission: Permission) -> str:
    """``app | model | name`` as Django shows a permission, with the name translated."""
    model = permission.content_type.model_class()
    name = permission.name
    if model is not None:
        action, _separator, model_name = permission.codename.partition("_")
        if action in DEFAULT_PERMISSION_NAMES and model_name == model._meta.model_name:
            name = DEFAULT_PERMISSION_NAMES[action] % {"name": model._meta.verbose_name}
        else:
            name = dict(model._meta.permissions).get(permission.codename, name)
    return f"{permission.content_type} | {name}"


class RoleListFilter(admin.RelatedFieldListFilter):
    """The list filter on groups, naming each staff role in the staff member's language."""

    def field_choices(self, field, request, model_admin):
        return [
            (pk, role_label(str(name)))
            for pk, name in super().field_choices(field, request, model_admin)
        ]


class TranslatedPermissionsMixin:
    """For the admin of users and of groups: permissions and roles in the staff's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and db_field.related_model is Permission:
            formfield.label_from_instance = permission_label
        elif formfield is not None and db_field.name == "groups":
            formfield.label_from_instance = lambda group: role_label(group.name)
        return formfield

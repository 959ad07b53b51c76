"""Directory template helpers: ``{{ filter.form|active_filter_labels }}``."""

from django import forms, template

register = template.Library()

# Fields that order the results rather than narrow them.
NOT_FILTERS = {"sort", "ordering", "page"}


@register.filter
def active_filter_labels(form: forms.Form) -> list[str]:
    """The labels of the filters the visitor set (cleaned to a value), in the form's order.

    Reads the cleaned values, not the raw ones: a widget may send several empty parts
    (the network autocomplete) and an unset multi-value filter cleans to an empty list.
    """
    if not form.is_bound:
        return []
    form.is_valid()  # keeps the values that are valid in cleaned_data
    cleaned = getattr(form, "cleaned_data", {})
    return [
        str(field.label)
        for name, field in form.fields.items()
        if name not in NOT_FILTERS and cleaned.get(name) not in (None, "", [], ())
    ]

"""Import and export of organizations (django-import-export), through the registry's rules.

Every imported row is derived and validated like an organization created in the admin
(``full_clean`` including the name-per-country rule); a file with any bad row saves nothing.
New rows are pending and go through the duplicate check.

The profile's translations travel as one column per text and language
(``description_fr``, ``mission_statement_ar``…), the profile's own language left empty (its
text is in ``description`` and ``mission_statement``). A file without a translation's column
leaves that translation as it is; an empty cell removes it. The registry's rules
(``partners.translations``) check the result like any other change.
"""

from django.conf import settings
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from import_export import fields, widgets

from iomcso.core.spreadsheets import NeutralisedExportResource

from .models import Organization
from .services import _record_history, organization_derive_fields, organization_duplicates_flag
from .translations import (
    PROFILE_LANGUAGES,
    TEXT_LABELS,
    TRANSLATED_FIELDS,
    normalise_profile_translations,
)

ARRAY_FIELDS = ("countries_of_operation", "activities", "operating_settings")


class CountryWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return (super().clean(value, row, **kwargs) or "").strip().upper()

    def render(self, value, obj=None, **kwargs):
        return str(value or "")


class TranslatedTextField(fields.Field):
    """One text of the profile in one language: a cell of ``profile_translations``."""

    def __init__(self, *, language: str, text_field: str):
        super().__init__(
            attribute="profile_translations",
            column_name=translation_column(language, text_field),
            widget=widgets.CharWidget(),
        )
        self.language, self.text_field = language, text_field
        # The export page's checkbox: "Description (French)" in the staff member's language.
        self.label = format_lazy(
            "{} ({})",
            capfirst(TEXT_LABELS[text_field]),
            capfirst(dict(settings.LANGUAGES)[language]),
        )

    def get_value(self, instance):
        translations = instance.profile_translations or {}
        texts = translations.get(self.language)
        return texts.get(self.text_field, "") if isinstance(texts, dict) else ""

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = self.clean(row, **kwargs) or ""
        translations = dict(instance.profile_translations or {})
        texts = dict(translations.get(self.language) or {})
        texts[self.text_field] = text
        translations[self.language] = texts
        instance.profile_translations = translations


def translation_column(language: str, text_field: str) -> str:
    return f"{text_field}_{language}"


TRANSLATION_FIELDS = {
    translation_column(language, text_field): TranslatedTextField(
        language=language, text_field=text_field
    )
    for language in PROFILE_LANGUAGES
    for text_field in TRANSLATED_FIELDS
}


class OrganizationResource(NeutralisedExportResource):
    countries_of_operation = fields.Field(
        attribute="countries_of_operation",
        column_name="countries_of_operation",
        widget=widgets.SimpleArrayWidget(separator=","),
    )
    activities = fields.Field(
        attribute="activities", column_name="activities", widget=widgets.SimpleArrayWidget(",")
    )
    operating_settings = fields.Field(
        attribute="operating_settings",
        column_name="operating_settings",
        widget=widgets.SimpleArrayWidget(","),
    )
    headquarters_country = fields.Field(
        attribute="headquarters_country", column_name="headquarters_country", widget=CountryWidget()
    )
    legal_registration_country = fields.Field(
        attribute="legal_registration_country",
        column_name="legal_registration_country",
        widget=CountryWidget(),
    )
    regions = fields.Field(
        attribute="regions",
        column_name="regions",
        widget=widgets.SimpleArrayWidget(","),
        readonly=True,
    )
    verification_status = fields.Field(
        attribute="verification_status", column_name="verification_status", readonly=True
    )
    created_at = fields.Field(attribute="created_at", column_name="created_at", readonly=True)
    # One declared field per language and text (``description_fr``…), see the docstring.
    vars().update(TRANSLATION_FIELDS)

    class Meta:
        model = Organization
        fields = (
            "id",
            "name",
            "acronym",
            "partner_type",
            "level",
            "headquarters_country",
            "countries_of_operation",
            "regions",
            "activities",
            "operating_settings",
            "profile_language",
            "description",
            "mission_statement",
            *TRANSLATION_FIELDS,
            "website",
            "public_email",
            "public_phone",
            "year_founded",
            "legal_registration_number",
            "legal_registration_country",
            "ecosoc_status",
            "ecosoc_year",
            "is_network",
            "verification_status",
            "created_at",
        )
        export_order = fields
        import_id_fields = ("id",)
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = False

    # In the import preview whatever columns the file has: which organization a row is, and
    # what the registry derives from it. The file's own columns follow.
    PREVIEW_COLUMNS = frozenset({"id", "name", "regions", "verification_status"})

    def import_data(self, dataset, *args, **kwargs):
        self._file_columns = frozenset(dataset.headers or ())
        return super().import_data(dataset, *args, **kwargs)

    def get_import_fields(self):
        """During an import, only the file's columns (and ``PREVIEW_COLUMNS``): a column the
        file does not have is never imported anyway, and the preview of a three-column file
        then shows those columns rather than all 42."""
        import_fields = super().get_import_fields()
        file_columns = getattr(self, "_file_columns", None)
        if file_columns is None:  # the import page's list of fields, and exports
            return import_fields
        return [
            field
            for field in import_fields
            if field.column_name in file_columns or field.column_name in self.PREVIEW_COLUMNS
        ]

    def get_user_visible_fields(self):
        # The import page lists every column a file may have, not the last file's.
        return super().get_import_fields()

    def before_import(self, dataset, **kwargs):
        # A file of new organizations needs no id column.
        if "id" not in (dataset.headers or []):
            dataset.insert_col(0, lambda row: "", header="id")

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        for name in ARRAY_FIELDS:
            setattr(instance, name, [value for value in getattr(instance, name) or [] if value])
        # Empty cells removed a translation: drop them as the portal's forms do.
        instance.profile_translations = normalise_profile_translations(
            instance.profile_translations
        )
        # Derive before validation so the case/accent-insensitive uniqueness is checked.
        organization_derive_fields(instance)

    def before_save_instance(self, instance, row, **kwargs):
        _record_history(instance, actor=kwargs.get("user"), reason=gettext("Imported"))

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            organization_duplicates_flag(organization=instance)

"""Forms of the CSO self-service portal: validation only, the services do the writes."""

from typing import Any, cast

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from iomcso.core.widgets import checkbox_field, country_field, language_field
from partners.choices import Activity, DocumentKind, MemberRole, Setting
from partners.forms import ProfileTranslationsForm, keep_profile_language_when_not_sent
from partners.models import Contact, CooperationRecord, Organization
from partners.translations import page_language
from partners.uploads import LOGO_MAX_BYTES, LOGO_SIZE
from partners.validators import validate_phone

# Fields a partner edits on its profile. Identity fields of a verified profile go to
# staff review before the public directory shows them.
IDENTITY_FIELDS = (
    "name",
    # The directory shows "name (ACRONYM)": a new acronym waits with the name, or the
    # directory would pair the old name with the new acronym.
    "acronym",
    "partner_type",
    "headquarters_country",
    "legal_registration_number",
    "legal_registration_country",
)
PROFILE_FIELDS = (
    "name",
    "acronym",
    "partner_type",
    "is_network",
    "headquarters_country",
    "legal_registration_number",
    "legal_registration_country",
    "year_founded",
    "level",
    "countries_of_operation",
    "activities",
    "operating_settings",
    "ecosoc_status",
    "ecosoc_year",
    "profile_language",
    "description",
    "mission_statement",
    "website",
    "public_email",
    "public_phone",
)


class OrganizationProfileForm(forms.ModelForm):
    """Every field a partner may edit; the registration steps use slices of it."""

    countries_of_operation = country_field(
        label=_("Countries of operation"),
        help_text=_("Type a few letters of a country's name to find it; choose as many as apply."),
    )
    activities = checkbox_field(label=_("Activities"), choices=Activity.choices)
    operating_settings = checkbox_field(label=_("Settings you work in"), choices=Setting.choices)

    class Meta:
        model = Organization
        fields = PROFILE_FIELDS
        widgets = {
            # dir="auto": a text in a left-to-right language reads so on an Arabic page.
            "description": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "mission_statement": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model checks the phone too, but only after every field is valid: checked here,
        # a bad number is reported with the other mistakes instead of on the next try.
        if "public_phone" in self.fields:
            self.fields["public_phone"].validators.append(validate_phone)
        if "profile_language" in self.fields:
            language = self.fields["profile_language"]
            language.label = _("Language of the description and mission statement")
            language.help_text = _(
                "Write them in one language. Once registered, you can add them in other "
                "languages on your profile."
            )
            keep_profile_language_when_not_sent(self)
            if self.instance.pk is None and "profile_language" not in (kwargs.get("initial") or {}):
                # A new registration is most likely written in the language of the pages.
                self.initial["profile_language"] = page_language()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("ecosoc_status") not in (None, "", "none") and not cleaned.get(
            "ecosoc_year"
        ):
            self.add_error("ecosoc_year", _("Give the year the ECOSOC status was granted."))
        return cleaned

    def _post_clean(self):
        # Uniqueness and derived fields are the services' business (name + country
        # uniqueness depends on the stored, normalised name); the form only validates input.
        pass


class OrganizationEditForm(ProfileTranslationsForm, OrganizationProfileForm):
    """The profile page's form: the profile, and its translations in <details> fieldsets."""

    template_name = "partners/portal/_organization_edit_form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile_language"].help_text = _(
            "Write them in one language; below, you can add them in the other languages."
        )


class RegistrationStep:
    def __init__(self, number: int, title, fields: tuple[str, ...]):
        self.number = number
        self.title = title
        self.fields = fields


REGISTRATION_STEPS = [
    RegistrationStep(
        1,
        _("Identity"),
        (
            "name",
            "acronym",
            "partner_type",
            "is_network",
            "headquarters_country",
            "legal_registration_number",
            "legal_registration_country",
            "year_founded",
        ),
    ),
    RegistrationStep(
        2,
        _("Work"),
        (
            "level",
            "countries_of_operation",
            "activities",
            "operating_settings",
            "ecosoc_status",
            "ecosoc_year",
        ),
    ),
    RegistrationStep(
        3,
        _("Description and public contact"),
        (
            "profile_language",
            "description",
            "mission_statement",
            "website",
            "public_email",
            "public_phone",
        ),
    ),
]
REVIEW_STEP = len(REGISTRATION_STEPS) + 1


def registration_step_form(step: RegistrationStep, *, data=None, initial=None, instance=None):
    """A form with only the step's fields, validated like the full profile form.

    With ``instance``, the profile page's "Change" links edit one step of a registered
    organization's profile.
    """
    form_class = forms.modelform_factory(
        Organization, form=OrganizationProfileForm, fields=step.fields
    )
    form = form_class(data=data, initial=initial, instance=instance)
    # Fields declared on the full form are inherited by every step; keep the step's own.
    for name in list(form.fields):
        if name not in step.fields:
            del form.fields[name]
    return form


def raw_values(form: forms.Form, data) -> dict:
    """The values the user typed for the form's fields, as JSON (valid or not)."""
    values = {}
    for name, field in form.fields.items():
        widget_value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        if isinstance(field, forms.BooleanField):
            widget_value = bool(widget_value)
        values[name] = widget_value
    return values


class JoinRequestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        help_text=_("Only registered organizations are listed."),
    )
    message = forms.CharField(
        label=_("Message to the organization's administrators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            cast(forms.ModelChoiceField, self.fields["organization"]).queryset = queryset


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(label=_("Organization name"), required=False, max_length=100)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your colleague"))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.VIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class RejectionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=255)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )


class LogoForm(forms.Form):
    """The file only; ``partners.uploads.logo_png`` (called by the service) checks its content."""

    logo = forms.FileField(
        label=_("Logo"),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _(
            "A PNG or JPEG image of up to %(size)s. It is shown at up to %(pixels)s pixels; "
            "a square logo on a plain background looks best."
        ) % {"size": filesizeformat(LOGO_MAX_BYTES), "pixels": f"{LOGO_SIZE} × {LOGO_SIZE}"}


class ContactForm(forms.ModelForm):
    languages = language_field(label=_("Languages spoken"))

    class Meta:
        model = Contact
        fields = ("name", "position", "email", "phone", "languages", "is_primary")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As on the profile form: a bad number is reported together with the other mistakes.
        self.fields["phone"].validators.append(validate_phone)

    def _post_clean(self):
        pass


class CooperationRecordForm(forms.ModelForm):
    class Meta:
        model = CooperationRecord
        fields = (
            "kind",
            "title",
            "iom_office",
            "start_date",
            "end_date",
            "description",
            "is_public",
        )
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    def _post_clean(self):
        pass

"""Forms of the organization admin and its actions, and the transitions they offer."""

from collections.abc import Callable
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import ProfileTranslationsForm
from ..models import (
    Organization,
)
from ..uploads import logo_png


class OrganizationAdminForm(ProfileTranslationsForm, forms.ModelForm):
    """The organization, its translations in a box per text and language (the same rules
    as the portal's profile form: partners/translations.py)."""

    class Meta:
        model = Organization
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what shows

    def clean_logo(self):
        """A new logo is kept as the portal keeps it: re-encoded by Pillow (``logo_png``)."""
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return ContentFile(logo_png(logo), name="logo.png")
        return logo

    def _post_clean(self):
        # _post_clean and _update_errors are ModelForm's private hooks; the stubs leave them out.
        super()._post_clean()  # type: ignore[misc]
        # name_key is derived, so the form's own constraint check skips the
        # name-per-country rule: derive it and check all constraints here.
        services.organization_derive_fields(self.instance)
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self._update_errors(error)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Kept in the organization's history; a rejection reason is sent to it."),
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Organization.objects.all(),
        label=_("Organization to keep"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["keep"]).queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        )


TRANSITION_LABELS = services.TRANSITION_LABELS
TRANSITION_SERVICES: dict[str, Callable[..., Organization]] = {
    "verify": services.organization_verify,
    "reject": services.organization_reject,
    "suspend": services.organization_suspend,
    "reinstate": services.organization_reinstate,
    "resubmit": services.organization_resubmit,
}
REASON_REQUIRED = {"reject", "suspend"}

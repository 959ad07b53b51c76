from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iomcso.core.emails import normalise_language

from .models import Registration


class DelegateForm(forms.ModelForm):
    """A delegate's details, as the organization's focal point enters them."""

    class Meta:
        model = Registration
        fields = [
            "full_name",
            "email",
            "position",
            "gender",
            "preferred_language",
            "language_needs",
            "accessibility_needs",
            "dietary_needs",
        ]
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "gender": _("Optional; used only for anonymous statistics."),
            "preferred_language": _("Emails and letters to the delegate use this language."),
            "dietary_needs": _("For in-person events only."),
        }

    def __init__(self, *args, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultation is not None and not consultation.has_venue:
            del self.fields["dietary_needs"]
        if self.instance.pk is None:
            # A new delegate's emails default to the language the focal point works in.
            self.fields["preferred_language"].initial = normalise_language(get_language())
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def validate_unique(self) -> None:
        # The consultation is set by the service, which checks uniqueness itself.
        return None

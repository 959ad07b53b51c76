from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PossibleMatch


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (PossibleMatch.Status.CONFIRMED, _("Confirmed match")),
            (PossibleMatch.Status.FALSE_POSITIVE, _("False positive")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("What you compared (dates of birth, addresses, registration numbers...)."),
    )


class ListFileForm(forms.Form):
    file = forms.FileField(
        label=_("Consolidated List file (XML)"),
        help_text=_("The consolidated.xml published by the UN Security Council."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload

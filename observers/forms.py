from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.choices import DocumentKind
from partners.models import CooperationRecord, Organization, OrganizationDocument
from partners.uploads import validate_document_upload

from .models import ApplicationStatus, CouncilSession, Criterion, Outcome, ReportKind

# The documents that usually support each criterion, listed first in the step.
SUGGESTED_KINDS: dict[str, list[str]] = {
    Criterion.PRINCIPAL_ACTIVITY: [DocumentKind.ANNUAL_REPORT, DocumentKind.STATUTES],
    Criterion.CONSTITUTION: [DocumentKind.STATUTES],
    Criterion.COOPERATION_HISTORY: [DocumentKind.ANNUAL_REPORT],
    Criterion.INTERNATIONAL: [DocumentKind.ANNUAL_REPORT, DocumentKind.STATUTES],
    Criterion.ECOSOC: [DocumentKind.ECOSOC_LETTER],
}


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=_("Your statement"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_(
            "You can save a draft and come back later; every statement is needed to submit."
        ),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents from your profile"),
        queryset=OrganizationDocument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cooperation_records = forms.ModelMultipleChoiceField(
        label=_("Cooperation records from the registry"),
        queryset=CooperationRecord.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    upload = forms.FileField(
        label=_("Upload a new document"),
        required=False,
        help_text=_(
            "PDF, DOCX, XLSX, PNG or JPEG, up to 10 MB. It is added to your profile's documents."
        ),
    )
    upload_kind = forms.ChoiceField(
        label=_("Kind of the new document"), choices=DocumentKind.choices, required=False
    )

    def __init__(self, *args, organization: Organization, criterion: str, **kwargs):
        super().__init__(*args, **kwargs)
        documents = cast(forms.ModelMultipleChoiceField, self.fields["documents"])
        documents.queryset = organization.documents.order_by("kind", "-uploaded_at")
        if criterion == Criterion.COOPERATION_HISTORY:
            records = cast(forms.ModelMultipleChoiceField, self.fields["cooperation_records"])
            records.queryset = organization.cooperation_records.all()
        else:
            del self.fields["cooperation_records"]
        suggested = SUGGESTED_KINDS.get(criterion, [])
        if suggested:
            self.fields["upload_kind"].initial = suggested[0]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            validate_document_upload(upload)
        return upload


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("What information is needed?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AssessmentForm(forms.Form):
    """One outcome and note per criterion: a reviewer's assessment in one go."""

    def __init__(self, *args, initial_assessments: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_assessments = initial_assessments or {}
        for criterion in Criterion:
            existing = initial_assessments.get(criterion.value)
            self.fields[f"outcome_{criterion.value}"] = forms.ChoiceField(
                label=criterion.label,
                choices=[("", _("Not assessed"))] + list(Outcome.choices),
                required=False,
                initial=existing.outcome if existing else "",
            )
            self.fields[f"note_{criterion.value}"] = forms.CharField(
                label=_("Note on: %(criterion)s") % {"criterion": criterion.label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=existing.note if existing else "",
            )

    def rows(self):
        for criterion in Criterion:
            yield criterion, self[f"outcome_{criterion.value}"], self[f"note_{criterion.value}"]

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        for criterion in Criterion:
            # A note is only kept with an outcome: refuse rather than drop what was written.
            if cleaned_data.get(f"note_{criterion.value}", "").strip() and not cleaned_data.get(
                f"outcome_{criterion.value}"
            ):
                self.add_error(
                    f"outcome_{criterion.value}",
                    _("%(criterion)s: choose an outcome to keep your note.")
                    % {"criterion": criterion.label},
                )
        return cleaned_data

    def assessments(self) -> dict[str, tuple[str, str]]:
        """The criteria given an outcome, as {criterion: (outcome, note)}."""
        return {
            criterion.value: (
                self.cleaned_data[f"outcome_{criterion.value}"],
                self.cleaned_data.get(f"note_{criterion.value}", ""),
            )
            for criterion in Criterion
            if self.cleaned_data.get(f"outcome_{criterion.value}")
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Council decision"),
        choices=[("grant", _("Granted")), ("decline", _("Declined"))],
        widget=forms.RadioSelect,
    )
    session = forms.ModelChoiceField(
        label=_("Council session"), queryset=CouncilSession.objects.all()
    )
    reference = forms.CharField(label=_("Decision reference"), max_length=100)
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        session, decided_on = cleaned.get("session"), cleaned.get("decided_on")
        if session and decided_on and not (session.starts_on <= decided_on <= session.ends_on):
            raise ValidationError(
                _("The date of the decision must fall within the session's dates.")
            )
        return cleaned


class ObserverEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Ended on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DelegateForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Council session"), queryset=CouncilSession.objects.none()
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    position = forms.CharField(label=_("Position"), max_length=200, required=False)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = sessions


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    statuses = forms.MultipleChoiceField(
        label=_("Application states (applications report; none = all)"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = forms.DateField(
        label=_("Started from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Started until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["statuses"]).choices = ApplicationStatus.choices

    def filters(self) -> dict:
        data = self.cleaned_data
        if data["kind"] != ReportKind.APPLICATIONS:
            return {}
        return {
            "statuses": list(data.get("statuses") or []),
            "date_from": data["date_from"].isoformat() if data.get("date_from") else None,
            "date_to": data["date_to"].isoformat() if data.get("date_to") else None,
        }

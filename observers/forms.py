from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partners.choices import DocumentKind
from partners.models import CooperationRecord, Organization, OrganizationDocument
from partners.screening.models import ListVersion, PossibleMatch
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


class CouncilSessionChoiceField(forms.ModelChoiceField):
    """Sessions named with their dates: "116th Session of the Council (25–27 Nov 2025)"."""

    def label_from_instance(self, obj) -> str:
        return council_session_label(obj)


def council_session_label(session: CouncilSession) -> str:
    return _("%(session)s, %(first_day)s – %(last_day)s") % {
        "session": session,
        "first_day": date_format(session.starts_on, "DATE_FORMAT"),
        "last_day": date_format(session.ends_on, "DATE_FORMAT"),
    }


def decision_sessions() -> QuerySet[CouncilSession]:
    """Sessions that have begun: a decision is never taken at a session still to come."""
    return CouncilSession.objects.filter(starts_on__lte=timezone.localdate()).order_by("-starts_on")


def default_decision_date(session: CouncilSession | None) -> date:
    """The session's first day, or the nearest valid date: never after today."""
    today = timezone.localdate()
    if session is None:
        return today
    return min(session.starts_on, today)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Council decision"),
        choices=[("grant", _("Granted")), ("decline", _("Declined"))],
        widget=forms.RadioSelect,
    )
    session = CouncilSessionChoiceField(
        label=_("Council session"), queryset=CouncilSession.objects.none()
    )
    reference = forms.CharField(label=_("Decision reference"), max_length=100)
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Within the session's dates, and not after today."),
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = decision_sessions()
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = sessions
        latest = sessions.first()
        if latest is not None:
            self.fields["session"].initial = latest.pk
        self.fields["decided_on"].initial = default_decision_date(latest)

    def clean_decided_on(self) -> date:
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise ValidationError(_("The date of the decision cannot be in the future."))
        return decided_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        session, decided_on = cleaned.get("session"), cleaned.get("decided_on")
        if session and decided_on and not (session.starts_on <= decided_on <= session.ends_on):
            raise ValidationError(
                _(
                    "The date of the decision must fall within the session's dates "
                    "(%(first_day)s to %(last_day)s)."
                )
                % {
                    "first_day": date_format(session.starts_on, "DATE_FORMAT"),
                    "last_day": date_format(session.ends_on, "DATE_FORMAT"),
                }
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

    list_version = forms.ModelChoiceField(
        label=_("List version (sanctions screening report; none = all)"),
        queryset=ListVersion.objects.order_by("-imported_at"),
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (sanctions screening report)"),
        choices=[("", _("All")), *PossibleMatch.Status.choices],
        required=False,
    )

    def __init__(self, *args, may_see_screening: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["statuses"]).choices = ApplicationStatus.choices
        if not may_see_screening:
            # Sanctions screening is for due-diligence and registry staff only.
            kind = cast(forms.ChoiceField, self.fields["kind"])
            kind.choices = [
                choice
                for choice in ReportKind.choices
                if choice[0] != ReportKind.SANCTIONS_SCREENING
            ]
            del self.fields["list_version"], self.fields["outcome"]

    def filters(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == ReportKind.SANCTIONS_SCREENING:
            version = data.get("list_version")
            return {
                "version_id": version.pk if version else None,
                "status": data.get("outcome") or "",
            }
        if data["kind"] != ReportKind.APPLICATIONS:
            return {}
        return {
            "statuses": list(data.get("statuses") or []),
            "date_from": data["date_from"].isoformat() if data.get("date_from") else None,
            "date_to": data["date_to"].isoformat() if data.get("date_to") else None,
        }

# Over 400 lines: thin views (parse a form, call one service or selector), one per page of
# the application, review and delegate journeys; split by journey when it grows further.
"""Observer-status pages: the public list, the applicant's steps, the reviewers' desk."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from iomcso.accounts.http import AuthenticatedHttpRequest
from partners.permissions import CAN_ADMINISTER, CAN_EDIT, document_for_user, organization_for_user
from partners.uploads import private_file_response

from . import selectors, services
from .forms import (
    AssessmentForm,
    CommentForm,
    DecisionForm,
    DelegateForm,
    ObserverEndForm,
    RequiredCommentForm,
    StatementForm,
)
from .models import (
    ApplicationStatus,
    CouncilSession,
    Criterion,
    EligibilityReport,
    ReportKind,
    ReportStatus,
)

CRITERIA = list(Criterion)


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Public ------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Current observer organizations at the IOM Council."""
    return render(
        request, "observers/observer_list.html", {"observers": selectors.current_observers()}
    )


# --- Applicant ---------------------------------------------------------------------------


def _application_for_applicant(request: HttpRequest, pk: int):
    application = selectors.application_for_applicant(application_id=pk)
    if application is None:
        raise Http404
    organization_for_user(
        request.user, organization_id=application.organization_id, roles=CAN_ADMINISTER
    )
    return application


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """Choose the organization and start (or continue) its application."""
    if request.method == "POST":
        try:
            organization_id = int(request.POST.get("organization", ""))
        except ValueError:
            raise Http404 from None
        organization = organization_for_user(
            request.user, organization_id=organization_id, roles=CAN_ADMINISTER
        )
        try:
            application = services.application_start(organization=organization, actor=request.user)
        except ValidationError as error:
            _error_messages(request, error)
            return redirect("observers:apply")
        messages.success(request, _("Your application is started as a draft."))
        return redirect(
            "observers:application_step", pk=application.pk, criterion=CRITERIA[0].value
        )
    rows = selectors.applicant_organizations(user=request.user)
    return render(request, "observers/application_start.html", {"rows": rows})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_applicant(request, pk)
    statements = selectors.statements_by_criterion(application=application)
    return render(
        request,
        "observers/application_detail.html",
        {
            "application": application,
            "steps": [(criterion, statements.get(criterion.value)) for criterion in CRITERIA],
            "precheck": selectors.organization_precheck(organization=application.organization),
            "empty": selectors.empty_statement_criteria(application=application),
            "transitions": application.transitions.all(),
            "comment_form": CommentForm(),
        },
    )


@login_required
def application_step(request: HttpRequest, pk: int, criterion: str) -> HttpResponse:
    """One step per criterion: statement and evidence, saved as a draft at every post."""
    application = _application_for_applicant(request, pk)
    if criterion not in Criterion.values:
        raise Http404
    if not application.is_editable:
        messages.info(request, _("The statements can no longer be changed."))
        return redirect(application)
    statement = selectors.statements_by_criterion(application=application)[criterion]
    index_ = Criterion.values.index(criterion)
    form_kwargs = {"organization": application.organization, "criterion": criterion}
    if request.method == "POST":
        form = StatementForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.statement_save(
                    application=application,
                    criterion=criterion,
                    statement=data["statement"],
                    documents=data["documents"],
                    cooperation_records=data.get("cooperation_records") or [],
                    upload=data.get("upload"),
                    upload_kind=data.get("upload_kind") or "other",
                    actor=request.user,
                )
            except ValidationError as error:
                _error_messages(request, error)
            else:
                messages.success(request, _("Saved."))
                if "next" in request.POST and index_ + 1 < len(CRITERIA):
                    return redirect(
                        "observers:application_step", pk=pk, criterion=CRITERIA[index_ + 1].value
                    )
                if "next" in request.POST:
                    return redirect(application)
                return redirect("observers:application_step", pk=pk, criterion=criterion)
    else:
        form = StatementForm(
            initial={
                "statement": statement.statement,
                "documents": list(statement.documents.all()),
                "cooperation_records": list(statement.cooperation_records.all()),
            },
            **form_kwargs,
        )
    precheck = {
        check.criterion: check
        for check in selectors.organization_precheck(organization=application.organization)
    }
    return render(
        request,
        "observers/application_step.html",
        {
            "application": application,
            "criterion": Criterion(criterion),
            "criteria": CRITERIA,
            "step_number": index_ + 1,
            "form": form,
            "check": precheck[criterion],
            "previous": CRITERIA[index_ - 1] if index_ else None,
        },
    )


def _applicant_action(service: Callable[..., object], success_message: str | Promise):
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        application = _application_for_applicant(request, pk)
        form = CommentForm(request.POST)
        form.is_valid()
        try:
            service(
                application=application,
                actor=request.user,
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, str(success_message))
        return redirect(application)

    return view


application_submit = _applicant_action(
    services.application_submit, gettext_lazy("Your application has been submitted.")
)
application_resubmit = _applicant_action(
    services.application_resubmit, gettext_lazy("Your answer has been sent to IOM.")
)
_withdraw = _applicant_action(
    services.application_withdraw, gettext_lazy("Your application has been withdrawn.")
)


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing cannot be undone, so the applicant confirms it on a page of its own."""
    if request.method == "POST":
        return _withdraw(request, pk)
    application = _application_for_applicant(request, pk)
    return render(
        request,
        "observers/application_withdraw.html",
        {"application": application, "form": CommentForm()},
    )


@login_required
def evidence_download(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """An evidence file, for the applicant's members and staff only (404 for anyone else)."""
    application = selectors.application_for_applicant(application_id=pk)
    if application is None:
        raise Http404
    document = document_for_user(
        request.user, organization_id=application.organization_id, document_id=document_id
    )
    return private_file_response(
        document.file,
        request=request,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
def delegates(request: HttpRequest, organization_id: int) -> HttpResponse:
    """An observer registers its delegates to Council sessions (observers do not vote)."""
    organization = organization_for_user(
        request.user, organization_id=organization_id, roles=CAN_EDIT
    )
    observer = selectors.current_observer(organization=organization)
    if observer is None:
        raise Http404
    sessions = selectors.upcoming_sessions(today=timezone.localdate())
    form = DelegateForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_register(observer=observer, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The delegate is registered."))
            return redirect("observers:delegates", organization_id=organization_id)
    return render(
        request,
        "observers/delegate_list.html",
        {
            "organization": organization,
            "observer": observer,
            "form": form,
            "delegates": selectors.observer_delegates(observer=observer),
        },
    )


# --- Staff ---------------------------------------------------------------------------------


def reviewer_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.user_is_reviewer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@reviewer_required
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "observers/review_list.html", {"applications": selectors.applications_for_review()}
    )


@reviewer_required
def review_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(application_id=pk)
    if application is None or application.status == ApplicationStatus.DRAFT:
        raise Http404
    return _review_page(request, application)


def _review_page(
    request: HttpRequest,
    application,
    *,
    assessment_form: AssessmentForm | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    """The review page; a refused form comes back bound, so nothing typed is lost."""
    if assessment_form is None:
        mine = selectors.assessments_by_criterion(application=application, reviewer=request.user)
        assessment_form = AssessmentForm(initial_assessments=mine)
    refused = assessment_form.is_bound or decision_form is not None
    return render(
        request,
        "observers/review_detail.html",
        {
            "application": application,
            "precheck": selectors.organization_precheck(organization=application.organization),
            "steps": [
                (
                    criterion,
                    selectors.statements_by_criterion(application=application).get(criterion.value),
                )
                for criterion in CRITERIA
            ],
            "matrix": selectors.assessment_matrix(application=application),
            "assessment_form": assessment_form,
            "request_form": RequiredCommentForm(auto_id="request_%s"),
            "comment_form": CommentForm(auto_id="action_%s"),
            "decision_form": decision_form or DecisionForm(auto_id="decision_%s"),
            "transitions": application.transitions.all(),
        },
        status=400 if refused else 200,
    )


REVIEW_ACTIONS: dict[str, tuple[Callable[..., object], Promise]] = {
    "start_review": (services.application_start_review, gettext_lazy("The review has started.")),
    "request_information": (
        services.application_request_information,
        gettext_lazy("The request for information was sent."),
    ),
    "recommend": (
        services.application_recommend,
        gettext_lazy("The application is recommended to the Council."),
    ),
    "not_recommend": (
        services.application_not_recommend,
        gettext_lazy("The application is not recommended."),
    ),
}


@reviewer_required
@require_POST
def review_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    if verb not in REVIEW_ACTIONS:
        raise Http404
    application = selectors.application_for_applicant(application_id=pk)
    if application is None:
        raise Http404
    service, success = REVIEW_ACTIONS[verb]
    try:
        service(
            application=application, actor=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, str(success))
    return redirect("observers:review_detail", pk=pk)


@reviewer_required
@require_POST
def review_assess(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_applicant(application_id=pk)
    if application is None:
        raise Http404
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        _error_messages(request, ValidationError(form.errors))
        return _review_page(request, application, assessment_form=form)
    try:
        saved = services.assessments_record(
            application=application, assessments=form.assessments(), actor=request.user
        )
    except ValidationError as error:
        _error_messages(request, error)
        return _review_page(request, application, assessment_form=form)
    messages.success(
        request, _("Your assessment is saved (%(count)s criteria).") % {"count": saved}
    )
    return redirect("observers:review_detail", pk=pk)


@reviewer_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record the Council's decision, taken at a session, with its reference."""
    if not request.user.has_perm("observers.add_councildecision"):
        raise PermissionDenied
    application = selectors.application_for_applicant(application_id=pk)
    if application is None:
        raise Http404
    form = DecisionForm(request.POST, auto_id="decision_%s")
    if not form.is_valid():
        _error_messages(request, ValidationError(form.errors))
        return _review_page(request, application, decision_form=form)
    data = form.cleaned_data
    try:
        services.application_decide(
            application=application,
            granted=data["decision"] == "grant",
            session=data["session"],
            reference=data["reference"],
            decided_on=data["decided_on"],
            actor=request.user,
            comment=data["comment"],
        )
    except ValidationError as error:
        _error_messages(request, error)
        return _review_page(request, application, decision_form=form)
    messages.success(request, _("The Council's decision is recorded."))
    return redirect("observers:review_detail", pk=pk)


@reviewer_required
def observer_end(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("observers.change_observer"):
        raise PermissionDenied
    observer = selectors.current_observer_get(pk=pk)
    form = ObserverEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.observer_end(observer=observer, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("Observer status has ended."))
            return redirect("admin:observers_observer_changelist")
    return render(
        request,
        "observers/observer_end.html",
        {
            "observer": observer,
            "form": form,
        },
    )


@reviewer_required
def session_delegates(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable list of observer delegates to a Council session."""

    session = get_object_or_404(CouncilSession, pk=pk)
    return render(
        request,
        "observers/session_delegates.html",
        {"session": session, "delegates": selectors.session_delegates(session=session)},
    )


@login_required
def report_download(request: HttpRequest, pk: int, file_format: str) -> FileResponse:
    """A built report, for staff with the permission to see reports; 404 for anyone else."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("observers.view_eligibilityreport")):
        raise Http404
    report = get_object_or_404(EligibilityReport, pk=pk, status=ReportStatus.DONE)
    if report.kind == ReportKind.SANCTIONS_SCREENING and not user.has_perm(
        "screening.view_possiblematch"
    ):
        raise Http404
    field = {"csv": report.csv_file, "xlsx": report.xlsx_file}.get(file_format)
    if not field:
        raise Http404
    content_type = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[file_format]
    return private_file_response(
        field, request=request, filename=field.name.rsplit("/", 1)[-1], content_type=content_type
    )

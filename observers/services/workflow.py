"""The observer application's allowed transitions and the notification each one sends."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from iomcso.core.services import email_queue
from iomcso.core.workflow import InvalidTransition, transition

from .. import selectors
from ..models import (
    ApplicationStatus,
    ObserverApplication,
)

S = ApplicationStatus
BEFORE_DECISION = frozenset(
    {
        S.DRAFT,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.INFORMATION_REQUESTED,
        S.RESUBMITTED,
        S.RECOMMENDED,
        S.NOT_RECOMMENDED,
    }
)

# verb -> (states it may start from, state it leads to). The one map of the workflow.
ALLOWED_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "start_review": (frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW),
    "request_information": (frozenset({S.UNDER_REVIEW}), S.INFORMATION_REQUESTED),
    "resubmit": (frozenset({S.INFORMATION_REQUESTED}), S.RESUBMITTED),
    "recommend": (frozenset({S.UNDER_REVIEW}), S.RECOMMENDED),
    "not_recommend": (frozenset({S.UNDER_REVIEW}), S.NOT_RECOMMENDED),
    "grant": (frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED}), S.GRANTED),
    "decline": (frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED}), S.DECLINED),
    "withdraw": (BEFORE_DECISION, S.WITHDRAWN),
}

# What each email says happened, in the recipient's language (lazy: rendered under override).
TRANSITION_MESSAGES = {
    "submit": _("The application has been submitted to IOM."),
    "start_review": _("IOM has started reviewing the application."),
    "request_information": _("IOM has asked for more information on the application."),
    "resubmit": _("The applicant has answered IOM's request for information."),
    "recommend": _("IOM has recommended the application to the Council."),
    "not_recommend": _("IOM has not recommended the application to the Council."),
    "grant": _("The IOM Council has granted Observer status."),
    "decline": _("The IOM Council has declined the application."),
    "withdraw": _("The application has been withdrawn."),
}


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _notify(*, application: ObserverApplication, verb: str, comment: str) -> None:
    """Queue one email per person, in each person's language: applicant side, then reviewers."""
    message = TRANSITION_MESSAGES[verb]
    for user in selectors.applicant_recipients(application=application):
        email_queue(
            to=user.email,
            template="observers/application_status_applicant",
            context={
                "application": application,
                "organization_name": application.organization.name,
                "message": message,
                "status": ApplicationStatus(application.status).label,
                "comment": comment,
                "url": _url("observers:application_detail", user.language, pk=application.pk),
            },
            language=user.language,
        )
    for user in selectors.reviewer_recipients():
        email_queue(
            to=user.email,
            template="observers/application_status_reviewer",
            context={
                "application": application,
                "organization_name": application.organization.name,
                "message": message,
                "status": ApplicationStatus(application.status).label,
                "comment": comment,
                "url": _url("observers:review_detail", user.language, pk=application.pk),
            },
            language=user.language,
        )


def _transition(
    *, application: ObserverApplication, verb: str, actor, comment: str = ""
) -> ObserverApplication:
    """Move the (locked) application along ``verb``; the single place that assigns status."""
    allowed_from, target = ALLOWED_TRANSITIONS[verb]

    def stamp(locked: ObserverApplication) -> None:
        now = timezone.now()
        locked.status_changed_at = now
        if verb == "submit":
            locked.submitted_at = now
        if verb == "request_information":
            locked.information_request = comment

    locked = transition(
        application,
        to=target,
        allowed_from=allowed_from,
        actor=actor,
        comment=comment,
        apply=stamp,
        error=lambda locked: InvalidTransition(
            _("An application that is “%(status)s” cannot be moved to “%(target)s”."),
            code="invalid_transition",
            params={
                "status": locked.get_status_display(),
                "target": ApplicationStatus(target).label,
            },
        ),
    )
    _notify(application=locked, verb=verb, comment=comment)
    return locked

"""Every write of observer status: applications and their transitions, assessments,
Council decisions, observers, delegates, eligibility reports and reminders.

Only the transition functions below change an application's ``status``. Each one checks
the current state against ``ALLOWED_TRANSITIONS``, raises ``InvalidTransition`` (and
changes nothing) when the move is not allowed, records who/when/why in
a row of the shared ``TransitionLog`` and queues the emails to the applicant and the reviewers in the
same transaction (the outbox delivers them after commit).
"""

from iomcso.core.workflow import InvalidTransition

from .applications import (
    application_decide,
    application_decline,
    application_grant,
    application_not_recommend,
    application_recommend,
    application_request_information,
    application_resubmit,
    application_start,
    application_start_review,
    application_submit,
    application_withdraw,
    assessment_record,
    assessments_record,
    statement_save,
)
from .delegates import (
    delegate_register,
    delegate_remove,
    observer_end,
)
from .merges import (
    organization_merge_prepare,
)
from .reminders import (
    reminders_send,
)
from .reports import (
    REPORT_BUILD_TIME_LIMIT_SECONDS,
    monthly_reports_request,
    report_build,
    report_complete,
    report_fail,
    report_request,
    report_retry,
    report_write,
)
from .workflow import (
    ALLOWED_TRANSITIONS,
    BEFORE_DECISION,
    TRANSITION_MESSAGES,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "BEFORE_DECISION",
    "InvalidTransition",
    "REPORT_BUILD_TIME_LIMIT_SECONDS",
    "TRANSITION_MESSAGES",
    "application_decide",
    "application_decline",
    "application_grant",
    "application_not_recommend",
    "application_recommend",
    "application_request_information",
    "application_resubmit",
    "application_start",
    "application_start_review",
    "application_submit",
    "application_withdraw",
    "assessment_record",
    "assessments_record",
    "delegate_register",
    "delegate_remove",
    "monthly_reports_request",
    "observer_end",
    "organization_merge_prepare",
    "reminders_send",
    "report_build",
    "report_complete",
    "report_fail",
    "report_request",
    "report_retry",
    "report_write",
    "statement_save",
]

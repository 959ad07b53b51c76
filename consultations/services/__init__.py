"""Every write of the consultations domain.

Invariants that must always hold:
- a consultation's status only changes through ``_consultation_transition`` along
  ``CONSULTATION_TRANSITIONS``, with a row in the shared transition log;
- seats held (pending + confirmed) never exceed the capacity and an organization's active
  delegates never exceed its limit, even under concurrent requests: each registration
  write locks the consultation row first (``SELECT ... FOR UPDATE``), so seat counts are
  read and written one request at a time per consultation;
- a freed seat goes to the first waitlisted delegate in the same transaction;
- emails are written to the outbox in the same transaction and sent after commit.
"""

from iomcso.core.workflow import InvalidTransition

from .creation import (
    consultation_clone,
    consultation_create,
)
from .invitations import (
    INVITATION_TRANSITIONS,
    invitation_can_be_declined,
    invitation_decline,
    invitation_open,
    invitations_send,
)
from .registrations import (
    REGISTRATION_TRANSITIONS,
    DelegateData,
    RegistrationRefused,
    consultation_waitlist_promote,
    registration_cancel,
    registration_check_in,
    registration_confirm,
    registration_create,
    registration_decline,
    registration_mark_no_show,
    registration_update,
)
from .reminders import (
    AUTOMATIC_CLOSING_COMMENT,
    REMINDER_CLOSING,
    REMINDER_EVENT,
    REMINDER_FEEDBACK,
    REMINDER_INVITATION,
    REMINDER_REPORT,
    consultation_reminders_send,
    consultations_close_due_registrations,
    consultations_needing_reminders,
)
from .workflow import (
    CONSULTATION_TRANSITIONS,
    consultation_cancel,
    consultation_close_registration,
    consultation_mark_held,
    consultation_open_registration,
    consultation_publish,
    consultation_publish_report,
    consultation_unpublish,
)

__all__ = [
    "AUTOMATIC_CLOSING_COMMENT",
    "CONSULTATION_TRANSITIONS",
    "DelegateData",
    "INVITATION_TRANSITIONS",
    "InvalidTransition",
    "REGISTRATION_TRANSITIONS",
    "REMINDER_CLOSING",
    "REMINDER_EVENT",
    "REMINDER_FEEDBACK",
    "REMINDER_INVITATION",
    "REMINDER_REPORT",
    "RegistrationRefused",
    "consultation_cancel",
    "consultation_clone",
    "consultation_close_registration",
    "consultation_create",
    "consultation_mark_held",
    "consultation_open_registration",
    "consultation_publish",
    "consultation_publish_report",
    "consultation_reminders_send",
    "consultation_unpublish",
    "consultation_waitlist_promote",
    "consultations_close_due_registrations",
    "consultations_needing_reminders",
    "invitation_can_be_declined",
    "invitation_decline",
    "invitation_open",
    "invitations_send",
    "registration_cancel",
    "registration_check_in",
    "registration_confirm",
    "registration_create",
    "registration_decline",
    "registration_mark_no_show",
    "registration_update",
]

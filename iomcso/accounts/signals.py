"""Sign-ins, failed sign-ins, sign-outs and two-factor changes go to the audit log.

Receivers only record: allauth and Django send these signals at the moment of the event,
with the request (address, browser, request id) at hand.
"""

from allauth.account.signals import user_logged_in
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver

from iomcso.core.audit import Action, audit_record


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit_record(action=Action.SIGN_IN, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(action=Action.SIGN_OUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password; the address typed is what an auditor needs.
    typed = credentials.get("email") or credentials.get("username") or ""
    audit_record(
        action=Action.SIGN_IN_FAILED,
        request=request,
        actor_email=str(typed),
        message="password",
    )


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit_second_factor_failed")
def audit_second_factor_failed(sender, request, user, **kwargs) -> None:
    audit_record(action=Action.SIGN_IN_FAILED, request=request, actor=user, message="second factor")


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit_second_factor_added")
def audit_second_factor_added(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(
        action=Action.TWO_FACTOR_ADDED,
        request=request,
        actor=user,
        message=str(authenticator.type),
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit_second_factor_removed")
def audit_second_factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(
        action=Action.TWO_FACTOR_REMOVED,
        request=request,
        actor=user,
        message=str(authenticator.type),
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="audit_recovery_codes_reset")
def audit_recovery_codes_reset(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(
        action=Action.RECOVERY_CODES_RESET,
        request=request,
        actor=user,
        message=str(authenticator.type),
    )

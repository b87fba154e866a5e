"""Audit receivers for authentication events. They record who and from where, never what was typed."""

from __future__ import annotations

from allauth.account.signals import password_changed
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from concord.audit.choices import AuditAction
from concord.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    audit_record(action=AuditAction.LOGIN, actor=user, target=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, target=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, **kwargs) -> None:
    # The attempted e-mail address is not recorded: it may be a mistyped personal address.
    audit_record(action=AuditAction.LOGIN_FAILED)


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    audit_record(action=AuditAction.LOCKED_OUT)


@receiver(authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(
        action=AuditAction.MFA_ACTIVATED,
        actor=user,
        target=user,
        details={"type": authenticator.type},
    )


@receiver(authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(
        action=AuditAction.MFA_DEACTIVATED,
        actor=user,
        target=user,
        details={"type": authenticator.type},
    )


@receiver(authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    audit_record(action=AuditAction.RECOVERY_CODES_GENERATED, actor=user, target=user)


@receiver(password_changed)
def _password_changed(sender, request, user, **kwargs) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit_record(action=AuditAction.PASSWORD_CHANGED, actor=user, target=user)

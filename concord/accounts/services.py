"""Writes for users, memberships and agencies. Every change is audited without personal data."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concord.accounts.capabilities import Capability
from concord.accounts.choices import Role
from concord.accounts.models import Agency, Membership, User
from concord.audit.choices import AuditAction
from concord.audit.services import audit_record
from concord.territory.models import Territory


def _ensure_may_manage_agency_users(actor: User, agency: Agency, role: str | None = None) -> None:
    """A second line behind the views' selectors: services refuse even if a caller forgot to check."""
    if actor.has_capability(Capability.MANAGE_ALL_USERS):
        return
    if not actor.has_capability(Capability.MANAGE_AGENCY_USERS) or actor.agency != agency:
        raise PermissionDenied
    if role == Role.SYSTEM_ADMIN:
        raise PermissionDenied


def _check_jurisdiction(agency: Agency, jurisdiction: Iterable[Territory]) -> list[Territory]:
    units = list(jurisdiction)
    for unit in units:
        if not unit.path.startswith(agency.territory.path):
            raise ValidationError({"jurisdiction": _("A jurisdiction must lie within the agency's territory.")})
    return units


@transaction.atomic
def user_create(
    *,
    actor: User,
    agency: Agency,
    email: str,
    full_name: str,
    role: str,
    password: str,
    jurisdiction: Iterable[Territory] = (),
    phone: str = "",
    language: str = "",
) -> User:
    """Create a member of staff in `agency`. The initial password must be changed at the first login."""
    _ensure_may_manage_agency_users(actor, agency, role)
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    units = _check_jurisdiction(agency, jurisdiction)
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name.strip(),
        phone=phone.strip(),
        language=language,
        must_change_password=True,
        created_by=actor,
    )
    membership = Membership.objects.create(user=user, agency=agency, role=role)
    membership.jurisdiction.set(units)
    audit_record(
        action=AuditAction.USER_CREATED,
        actor=actor,
        target=user,
        details={"agency": agency.code, "role": role, "jurisdiction": [unit.code for unit in units]},
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    agency: Agency,
    full_name: str,
    role: str,
    jurisdiction: Iterable[Territory] = (),
    phone: str = "",
    language: str = "",
) -> User:
    """Update a user's details and their membership in `agency`."""
    _ensure_may_manage_agency_users(actor, agency, role)
    membership = Membership.objects.select_for_update().filter(user=user, agency=agency).first()
    if membership is None:
        raise PermissionDenied
    if user == actor and role != membership.role:
        raise ValidationError({"role": _("You cannot change your own role.")})
    units = _check_jurisdiction(agency, jurisdiction)
    changed_fields = [
        name
        for name, value in (
            ("full_name", full_name.strip()),
            ("phone", phone.strip()),
            ("language", language),
        )
        if getattr(user, name) != value
    ]
    user.full_name, user.phone, user.language = full_name.strip(), phone.strip(), language
    user.save()
    old_units = {unit.code for unit in membership.jurisdiction.all()}
    new_units = {unit.code for unit in units}
    if membership.role != role or old_units != new_units:
        old_role = membership.role
        membership.role = role
        membership.save()
        membership.jurisdiction.set(units)
        audit_record(
            action=AuditAction.MEMBERSHIP_UPDATED,
            actor=actor,
            target=membership,
            details={"agency": agency.code, "role": [old_role, role], "jurisdiction": sorted(new_units)},
        )
    if changed_fields:
        audit_record(
            action=AuditAction.USER_UPDATED,
            actor=actor,
            target=user,
            details={"fields": changed_fields},
        )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, agency: Agency, active: bool) -> User:
    _ensure_may_manage_agency_users(actor, agency)
    if user == actor:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # End every session the user has open, so deactivation takes effect at once.
        from django.contrib.sessions.models import Session

        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
    audit_record(
        action=AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED,
        actor=actor,
        target=user,
    )
    return user


@transaction.atomic
def user_reset_password(*, actor: User, user: User, agency: Agency, password: str) -> User:
    _ensure_may_manage_agency_users(actor, agency)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(
        action=AuditAction.USER_UPDATED,
        actor=actor,
        target=user,
        details={"fields": ["password"]},
    )
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def agency_save(*, actor: User, agency: Agency, changed_fields: list[str]) -> Agency:
    """Create or update an agency from a validated form instance."""
    if not actor.has_capability(Capability.MANAGE_AGENCIES):
        raise PermissionDenied
    created = agency.pk is None
    agency.save()
    audit_record(
        action=AuditAction.AGENCY_CREATED if created else AuditAction.AGENCY_UPDATED,
        actor=actor,
        target=agency,
        details={"code": agency.code, "fields": sorted(changed_fields)},
    )
    return agency

"""Writes of the referrals app: send, answer, complete, revoke, reassign, contact attempts and expiry. Each refuses
with a translated error before writing anything, logs the change on the case's timeline and in the audit log
(codes and ids only), and keeps the receiving agency's involvement in step with the referral."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.models import Agency, User
from concord.accounts.selectors import agency_supervisors, case_staff_of
from concord.cases.choices import InvolvementBasis, LegalException
from concord.cases.extension import case_log
from concord.cases.models import Case, Consent, Involvement
from concord.cases.rules import may_edit_case
from concord.common.transactions import service
from concord.countries.calendar import working_calendar
from concord.countries.clock import country_local_date, country_zone
from concord.notifications.services import notify
from concord.referrals import selectors
from concord.referrals.choices import (
    ContactOutcome,
    DeclineReason,
    Outcome,
    ReferralAuditAction,
    ReferralNotification,
    ReferralState,
    ReferralTimelineKind,
    SharedSection,
    Urgency,
)
from concord.referrals.deadlines import referral_deadlines
from concord.referrals.models import AgencyService, ContactAttempt, PathwayRule, Referral, deadline_row
from concord.referrals.rules import is_receiving_worker, may_update_places, may_withdraw_referral

JUSTIFICATION_MIN_CHARS = 20
TEXT_MAX_CHARS = 4000


def _refuse_unless(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def _ensure_state(referral: Referral, *states: str) -> None:
    if referral.state not in states:
        raise ValidationError(
            _("This referral is %(state)s: that can no longer be done.") % {"state": referral.get_state_display()}
        )


def _text(value: str, field: str, errors: dict[str, str], *, required: bool, label_missing: str) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = label_missing
    elif len(value) > TEXT_MAX_CHARS:
        errors[field] = _("Keep it under %(count)d characters.") % {"count": TEXT_MAX_CHARS}
    return value


def survivor_safe_contact(case: Case) -> str:
    """The survivor's safe-contact details as the case holds them, carried over for the receiver to read first."""
    from concord.cases.choices import ParticipantRole

    participant = case.participants.filter(role=ParticipantRole.SURVIVOR).select_related("person").first()
    if participant is None:
        return ""
    person = participant.person
    parts = []
    if person.safe_phone:
        parts.append(_("Safe number: %(phone)s") % {"phone": person.safe_phone})
    if person.safe_times:
        parts.append(_("Safe times: %(times)s") % {"times": person.safe_times})
    if person.leave_no_messages:
        parts.append(_("Leave no messages."))
    return "\n".join(parts)


def eligibility_error(service: AgencyService, case: Case) -> str:
    """Why the case cannot be referred to the service, or "" when it can (or nothing is known that says not): a
    service for women or for men is for the survivor's sex; one with ages needs someone of those ages in the case,
    the survivor or a child (a Child and Family Support Centre's services are for the children)."""
    from concord.cases import classification
    from concord.cases.choices import ParticipantRole
    from concord.countries.clock import country_today

    people = [
        participant.person
        for participant in case.participants.filter(role__in=[ParticipantRole.SURVIVOR, ParticipantRole.CHILD])
        .select_related("person")
        .order_by("pk")
    ]
    survivor = next(iter(people), None)
    if survivor is None:
        return ""
    if (service.eligibility, survivor.sex) in {("women", "male"), ("men", "female")}:
        return str(_("This service is for %(group)s.") % {"group": service.get_eligibility_display().lower()})
    if service.min_age is None and service.max_age is None:
        return ""
    today = country_today(case.territory.country_code)
    low, high = service.min_age or 0, service.max_age if service.max_age is not None else 200
    ages = [
        classification.youngest_possible_age(birth_date=person.birth_date, birth_year=person.birth_year, on=today)
        for person in people
    ]
    if any(age is None or low <= age <= high for age in ages):
        return ""
    shown_high = service.max_age if service.max_age is not None else "…"
    return str(_("This service is for people aged %(low)s to %(high)s.") % {"low": low, "high": shown_high})


def _open_involvement(referral: Referral, actor: User) -> None:
    """The receiver sees the case while the referral is open: an involvement of its own unless the agency is
    involved already. Sensitive sections only where the consent includes them and covers that agency."""
    existing = Involvement.objects.filter(case=referral.case, agency=referral.to_agency, ended_at__isnull=True)
    if existing.exists():
        return
    consent = referral.consent
    referral.involvement = Involvement.objects.create(
        case=referral.case,
        agency=referral.to_agency,
        basis=InvolvementBasis.REFERRAL,
        consent=consent,
        legal_exception="" if consent else referral.legal_exception,
        justification="" if consent else referral.justification,
        sensitive_access=bool(consent and consent.includes_sensitive and consent.covers(referral.to_agency)),
        granted_by=actor,
    )


def _close_involvement(referral: Referral) -> None:
    """A declined, revoked, reassigned or expired referral takes back the access it gave, unless another open
    referral to the same agency rests on it (that one then holds it)."""
    involvement = referral.involvement
    if involvement is None or involvement.ended_at is not None:
        return
    other = (
        Referral.objects.filter(
            case=referral.case, to_agency=referral.to_agency, state__in=[ReferralState.SENT, ReferralState.ACCEPTED]
        )
        .exclude(pk=referral.pk)
        .order_by("pk")
        .first()
    )
    if other is not None:
        Referral.objects.filter(pk=other.pk).update(involvement=involvement)
        return
    involvement.ended_at = timezone.now()
    involvement.save(update_fields=["ended_at"])


def _check_basis(
    case: Case, agency: Agency, consent: Consent | None, legal_exception: str, justification: str
) -> dict[str, str]:
    """The consent basis, exactly as for sharing: the survivor's consent for that recipient, or a legal exception
    with a written justification."""
    if consent is not None:
        if consent.pk not in {c.pk for c in selectors.referral_consents(case, agency)}:
            return {"consent": _("This consent does not cover a referral to that agency.")}
        return {}
    if not legal_exception:
        return {"consent": _("A referral needs the survivor's consent or a legal exception.")}
    if legal_exception not in LegalException.values:
        return {"legal_exception": _("Choose one of the legal exceptions offered.")}
    if len(justification.strip()) < JUSTIFICATION_MIN_CHARS:
        return {"justification": _("Explain in a few sentences why the exception applies.")}
    return {}


@service
def referral_send(
    *,
    actor: User,
    case: Case,
    service: AgencyService,
    urgency: str,
    reason: str,
    shared_sections: list[str] | None = None,
    safe_contact: str | None = None,
    consent: Consent | None = None,
    legal_exception: str = "",
    justification: str = "",
    pathway: PathwayRule | None = None,
    now: datetime.datetime | None = None,
) -> Referral:
    """Refer the case to one agency's service. The deadlines are those of the pack in force on the day it is sent,
    in the country's time zone and working calendar."""
    _refuse_unless(may_edit_case(actor, case))
    agency = actor.agency
    if agency is None:
        raise PermissionDenied
    now = now or timezone.now()
    errors: dict[str, str] = {}
    country = case.territory.country_code
    serving = selectors.services_serving(case.territory, service_type=service.service_type)
    if service.agency.territory.country_code != country or not serving.filter(pk=service.pk).exists():
        errors["service"] = _("This agency does not offer that service in the case's territory.")
    elif service.agency_id == agency.pk:
        errors["service"] = _("Choose another agency than your own.")
    elif Referral.objects.filter(
        case=case, service=service, state__in=[ReferralState.SENT, ReferralState.ACCEPTED]
    ).exists():
        errors["service"] = _("An open referral of this case to that service exists already.")
    elif not_eligible := eligibility_error(service, case):
        errors["service"] = not_eligible
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose how urgent the referral is.")
    reason = _text(reason, "reason", errors, required=True, label_missing=_("Say why you refer the case."))
    sections = list(dict.fromkeys(shared_sections or [SharedSection.SUMMARY]))
    if any(section not in SharedSection.values for section in sections):
        errors["shared_sections"] = _("Choose among the sections offered.")
    if consent is not None and consent.case_id != case.pk:
        errors["consent"] = _("This consent does not cover a referral to that agency.")
    elif "service" not in errors:
        errors |= _check_basis(case, service.agency, consent, legal_exception, justification)
    rules = selectors.rules_on(country, country_local_date(country, now))
    row = deadline_row(rules, service.service_type.code, urgency) if rules else None
    if row is None and not errors:
        errors["urgency"] = _("The country pack sets no deadlines for this service and urgency.")
    if errors:
        raise ValidationError(errors)
    assert rules is not None and row is not None
    zone = country_zone(country)
    assert zone is not None
    due = referral_deadlines(now, row, working_calendar(country), zone)
    safe = survivor_safe_contact(case) if safe_contact is None else safe_contact.strip()
    referral = Referral(
        case=case,
        territory=case.territory,
        service=service,
        service_type=service.service_type,
        to_agency=service.agency,
        from_agency=agency,
        sent_by=actor,
        sent_at=now,
        urgency=urgency,
        reason=reason,
        shared_sections=sections,
        safe_contact=safe[:TEXT_MAX_CHARS],
        consent=consent,
        legal_exception="" if consent else legal_exception,
        justification="" if consent else justification.strip(),
        pathway=pathway,
        state=ReferralState.SENT,
        state_changed_at=now,
        rules_version=rules.version,
        acknowledge_due_at=due.acknowledge,
        first_contact_due_at=due.first_contact,
        expires_at=due.expire,
        due_at=due.acknowledge,
    )
    _open_involvement(referral, actor)
    referral.save()
    details: dict[str, Any] = {"service": service.service_type.code, "agency": service.agency.code, "urgency": urgency}
    if pathway is not None:
        details |= {"pathway": pathway.code, "pathway_version": pathway.version}
    case_log(
        case=case,
        actor=actor,
        kind=ReferralTimelineKind.REFERRAL_SENT,
        target=referral,
        action=ReferralAuditAction.REFERRAL_SENT,
        legal_exception=referral.legal_exception,
        **details,
    )
    notify(
        recipients=case_staff_of(service.agency),
        kind=ReferralNotification.REFERRAL_RECEIVED,
        case=case,
        key=f"referral_received:{referral.pk}",
    )
    return referral


@service
def referral_accept(*, actor: User, referral: Referral, now: datetime.datetime | None = None) -> Referral:
    _refuse_unless(is_receiving_worker(actor, referral))
    _ensure_state(referral, ReferralState.SENT)
    now = now or timezone.now()
    referral.state, referral.state_changed_at = ReferralState.ACCEPTED, now
    referral.answered_by, referral.answered_at = actor, now
    referral.due_at = None if referral.first_contact_at else referral.first_contact_due_at
    referral.save(update_fields=["state", "state_changed_at", "answered_by", "answered_at", "due_at"])
    _log(referral, actor, ReferralTimelineKind.REFERRAL_ACCEPTED, ReferralAuditAction.REFERRAL_ACCEPTED)
    _tell_sender(referral, ReferralNotification.REFERRAL_ANSWERED, "accepted")
    return referral


@service
def referral_decline(*, actor: User, referral: Referral, reason: str, text: str) -> Referral:
    _refuse_unless(is_receiving_worker(actor, referral))
    _ensure_state(referral, ReferralState.SENT)
    errors: dict[str, str] = {}
    if reason not in DeclineReason.values:
        errors["reason"] = _("Choose why the referral is declined.")
    text = _text(text, "text", errors, required=True, label_missing=_("Explain the decision to the sender."))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    referral.state, referral.state_changed_at, referral.due_at = ReferralState.DECLINED, now, None
    referral.answered_by, referral.answered_at = actor, now
    referral.decline_reason, referral.decline_text = reason, text
    referral.save(
        update_fields=[
            "state",
            "state_changed_at",
            "due_at",
            "answered_by",
            "answered_at",
            "decline_reason",
            "decline_text",
        ]
    )
    _close_involvement(referral)
    _log(referral, actor, ReferralTimelineKind.REFERRAL_DECLINED, ReferralAuditAction.REFERRAL_DECLINED, reason=reason)
    _tell_sender(referral, ReferralNotification.REFERRAL_ANSWERED, "declined")
    return referral


@service
def referral_complete(*, actor: User, referral: Referral, outcome: str, text: str = "") -> Referral:
    """The receiver closes its work; it keeps the case it worked on."""
    _refuse_unless(is_receiving_worker(actor, referral))
    _ensure_state(referral, ReferralState.ACCEPTED)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    elif outcome == Outcome.NOT_REACHED:
        rules = selectors.rules_of(referral)
        needed = rules.not_reached_after_attempts if rules else 1
        if selectors.not_reached_count(referral) < needed:
            errors["outcome"] = _(
                "Record %(count)d attempts that did not reach the survivor before closing it as not reached."
            ) % {"count": needed}
    text = _text(text, "text", errors, required=False, label_missing="")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    referral.state, referral.state_changed_at, referral.due_at = ReferralState.COMPLETED, now, None
    referral.outcome, referral.completed_at, referral.end_text = outcome, now, text
    referral.save(update_fields=["state", "state_changed_at", "due_at", "outcome", "completed_at", "end_text"])
    _log(
        referral,
        actor,
        ReferralTimelineKind.REFERRAL_COMPLETED,
        ReferralAuditAction.REFERRAL_COMPLETED,
        outcome=outcome,
    )
    _tell_sender(referral, ReferralNotification.REFERRAL_ANSWERED, "completed")
    return referral


@service
def referral_revoke(*, actor: User, referral: Referral, reason: str) -> Referral:
    _refuse_unless(may_withdraw_referral(actor, referral))
    _ensure_state(referral, ReferralState.SENT, ReferralState.ACCEPTED)
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors, required=True, label_missing=_("Say why the referral is revoked."))
    if errors:
        raise ValidationError(errors)
    referral.state, referral.state_changed_at, referral.due_at = ReferralState.REVOKED, timezone.now(), None
    referral.ended_by, referral.end_text = actor, reason
    referral.save(update_fields=["state", "state_changed_at", "due_at", "ended_by", "end_text"])
    _close_involvement(referral)
    _log(referral, actor, ReferralTimelineKind.REFERRAL_REVOKED, ReferralAuditAction.REFERRAL_REVOKED)
    notify(
        recipients=case_staff_of(referral.to_agency),
        kind=ReferralNotification.REFERRAL_ANSWERED,
        case=referral.case,
        key=f"referral_revoked:{referral.pk}",
    )
    return referral


@service
def referral_reassign(*, actor: User, referral: Referral, service: AgencyService, reason: str) -> Referral:
    """Send the same referral to another agency offering the same service; the first one ends as reassigned."""
    _refuse_unless(may_withdraw_referral(actor, referral))
    _ensure_state(referral, ReferralState.SENT, ReferralState.ACCEPTED)
    errors: dict[str, str] = {}
    if service.service_type_id != referral.service_type_id or service.pk == referral.service_id:
        errors["service"] = _("Choose another agency offering the same service.")
    reason = _text(reason, "reason", errors, required=True, label_missing=_("Say why the referral is reassigned."))
    consent = None
    if referral.consent_id is not None and "service" not in errors:
        # The survivor consented to the first agency; the other one needs a consent of its own.
        consents = selectors.referral_consents(referral.case, service.agency)
        consent = consents[0] if consents else None
        if consent is None:
            errors["service"] = _("The survivor's consent does not cover that agency: record her consent first.")
    if errors:
        raise ValidationError(errors)
    referral.state, referral.state_changed_at, referral.due_at = ReferralState.REASSIGNED, timezone.now(), None
    referral.ended_by, referral.end_text = actor, reason
    referral.save(update_fields=["state", "state_changed_at", "due_at", "ended_by", "end_text"])
    _close_involvement(referral)
    _log(referral, actor, ReferralTimelineKind.REFERRAL_REASSIGNED, ReferralAuditAction.REFERRAL_REASSIGNED)
    successor = referral_send(
        actor=actor,
        case=referral.case,
        service=service,
        urgency=referral.urgency,
        reason=referral.reason,
        shared_sections=referral.shared_sections,
        safe_contact=referral.safe_contact,
        consent=consent,
        legal_exception=referral.legal_exception,
        justification=referral.justification,
        pathway=referral.pathway,
    )
    successor.reassigned_from = referral
    successor.save(update_fields=["reassigned_from"])
    return successor


@service
def contact_attempt_record(
    *, actor: User, referral: Referral, attempted_at: datetime.datetime, channel: str, outcome: str, note: str = ""
) -> ContactAttempt:
    """An attempt to reach the survivor. The first that reaches her (or learns she declines help or that contact
    is unsafe) is the first contact; after the pack's number of attempts that did not reach her, the sender is told."""
    from concord.referrals.choices import ContactChannel

    _refuse_unless(is_receiving_worker(actor, referral))
    _ensure_state(referral, ReferralState.ACCEPTED)
    errors: dict[str, str] = {}
    if channel not in ContactChannel.values:
        errors["channel"] = _("Choose how you tried to reach her.")
    if outcome not in ContactOutcome.values:
        errors["outcome"] = _("Choose what came of the attempt.")
    if attempted_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["attempted_at"] = _("The time cannot be in the future.")
    elif attempted_at < referral.sent_at.replace(second=0, microsecond=0):  # the form gives minutes
        errors["attempted_at"] = _("The time cannot be before the referral was sent.")
    note = _text(note, "note", errors, required=False, label_missing="")
    if errors:
        raise ValidationError(errors)
    attempt = ContactAttempt.objects.create(
        referral=referral, attempted_at=attempted_at, channel=channel, outcome=outcome, note=note, recorded_by=actor
    )
    if outcome != ContactOutcome.NOT_REACHED and referral.first_contact_at is None:
        referral.first_contact_at, referral.due_at = attempted_at, None
        referral.save(update_fields=["first_contact_at", "due_at"])
    _log(referral, actor, ReferralTimelineKind.REFERRAL_CONTACT, ReferralAuditAction.REFERRAL_CONTACT, outcome=outcome)
    if outcome == ContactOutcome.NOT_REACHED and referral.first_contact_at is None:
        rules = selectors.rules_of(referral)
        if rules and selectors.not_reached_count(referral) == rules.not_reached_after_attempts:
            _tell_sender(referral, ReferralNotification.REFERRAL_NOT_REACHED, "not_reached")
    return attempt


@service
def referral_expire(*, referral: Referral, now: datetime.datetime) -> Referral | None:
    """A referral nobody answered in time: its access ends and the sender learns of it. None when it was answered
    meanwhile."""
    current = Referral.objects.select_for_update().filter(pk=referral.pk, state=ReferralState.SENT).first()
    if current is None or current.expires_at > now:
        return None
    current.state, current.state_changed_at, current.due_at = ReferralState.EXPIRED, now, None
    current.save(update_fields=["state", "state_changed_at", "due_at"])
    _close_involvement(current)
    _log(current, None, ReferralTimelineKind.REFERRAL_EXPIRED, ReferralAuditAction.REFERRAL_EXPIRED)
    recipients = [current.sent_by, *agency_supervisors(current.from_agency_id)]
    notify(
        recipients=recipients,
        kind=ReferralNotification.REFERRAL_EXPIRED_NOTICE,
        case=current.case,
        key=f"referral_expired:{current.pk}",
    )
    return current


@service
def referral_close_without_access(*, referral: Referral) -> Referral | None:
    """An open referral whose access ended under it (the consent it rested on was withdrawn) ends as revoked, and
    both sides are told; None when it still has access or was closed meanwhile."""
    current = (
        Referral.objects.select_for_update()
        .filter(pk=referral.pk, state__in=[ReferralState.SENT, ReferralState.ACCEPTED])
        .first()
    )
    if current is None or current.involvement is None or current.involvement.ended_at is None:
        return None
    if Involvement.objects.filter(case=current.case, agency=current.to_agency, ended_at__isnull=True).exists():
        return None
    current.state, current.state_changed_at, current.due_at = ReferralState.REVOKED, timezone.now(), None
    current.save(update_fields=["state", "state_changed_at", "due_at"])
    _log(
        current, None, ReferralTimelineKind.REFERRAL_REVOKED, ReferralAuditAction.REFERRAL_REVOKED, cause="access_ended"
    )
    notify(
        recipients=[current.sent_by, *case_staff_of(current.to_agency)],
        kind=ReferralNotification.REFERRAL_ANSWERED,
        case=current.case,
        key=f"referral_access_ended:{current.pk}",
    )
    return current


@service
def service_set_places(*, actor: User, service: AgencyService, places_free: int) -> AgencyService:
    """A shelter's places free today, kept by its own agency."""
    from concord.audit.services import audit_record

    _refuse_unless(may_update_places(actor, service))
    if service.places_total is None:
        raise ValidationError({"places_free": _("This service has no places to count.")})
    if not 0 <= places_free <= service.places_total:
        raise ValidationError(
            {"places_free": _("Enter a number from 0 to %(total)d.") % {"total": service.places_total}}
        )
    service.places_free, service.places_updated_at = places_free, timezone.now()
    service.save(update_fields=["places_free", "places_updated_at"])
    audit_record(
        action=ReferralAuditAction.SERVICE_CHANGED, actor=actor, target=service, details={"places_free": places_free}
    )
    return service


def _log(referral: Referral, actor: User | None, kind: str, action: str, **details: Any) -> None:
    case_log(case=referral.case, actor=actor, kind=kind, target=referral, action=action, **details)


def _tell_sender(referral: Referral, kind: str, what: str) -> None:
    notify(recipients=[referral.sent_by], kind=kind, case=referral.case, key=f"{kind}:{what}:{referral.pk}")

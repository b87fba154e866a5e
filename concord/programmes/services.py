"""Writes of the programmes module: the programmes a provider runs, and an alleged perpetrator's way through one —
required by a protection order's condition, or requested by an agency of the case on a court's decision, a referral
or his own agreement; enrolled by the provider after the first contact; sessions attended or missed; completed, or
left by drop-out or exclusion. Each refuses with a translated error before writing anything and logs the change
on the case's timeline and in the audit log (codes and ids only).

The survivor's side hears of what matters to her safety: the lead worker is told of every missed session, a
completion and a leaving, and a leaving makes the case's risk reassessment due (the risk module reacts to
CaseEvent.PROGRAMME_LEFT). The provider never reaches the case itself."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.models import Agency, AgencyKind, User
from concord.accounts.selectors import agency_supervisors
from concord.cases.choices import ParticipantRole
from concord.cases.extension import CaseEvent, case_log, emit
from concord.cases.models import Case, Participant
from concord.cases.rules import may_edit_case
from concord.cases.selectors import case_lead_recipients
from concord.common import obligations
from concord.common.checks import CLOCK_TOLERANCE
from concord.common.checks import cleaned_text as _text
from concord.common.checks import not_in_future as _not_in_future
from concord.common.transactions import service
from concord.common.uploads import checked_upload
from concord.countries.calendar import period_end, working_calendar
from concord.countries.clock import country_local_date, country_today, zone_of
from concord.notifications.services import notify
from concord.people.choices import Sex
from concord.programmes.choices import (
    DECLINE_REASONS,
    LEAVING_REASONS,
    LEFT,
    OPEN,
    PENDING,
    RECORDED_BASES,
    Audience,
    Basis,
    Channel,
    EnrolmentStatus,
    MaterialKind,
    Presence,
    ProgrammesAuditAction,
    ProgrammesNotification,
    ProgrammesTimelineKind,
    PublicAudience,
)
from concord.programmes.models import (
    Attendance,
    Campaign,
    CampaignActivity,
    CampaignProgramme,
    Enrolment,
    Material,
    MaterialVersion,
    Programme,
    ProgrammeRules,
    ProgrammeSession,
    ProgrammeType,
    Trainee,
    TrainingPlan,
    TrainingSession,
)
from concord.programmes.rules import is_provider_staff, may_manage_programmes, may_run_trainings
from concord.territory.models import Territory

NAME_MAX_CHARS = 200
MAX_SESSION_HOURS = Decimal("12")


def _log(enrolment: Enrolment, actor: User | None, kind: str, **details: Any) -> None:
    case_log(
        case=enrolment.case,
        actor=actor,
        kind=kind,
        target=enrolment,
        action=ProgrammesAuditAction.ENROLMENT_CHANGED,
        programme_type=enrolment.programme_type.code,
        **details,
    )


def provider_recipients(programme: Programme) -> list[User]:
    """Who hears of a programme's enrolments at the provider: its supervisors."""
    return list(agency_supervisors(programme.provider_id))


def _ensure_provider(actor: User, programme: Programme | None) -> None:
    if not is_provider_staff(actor, programme):
        raise PermissionDenied


def _ensure_case_side(actor: User, case: Case) -> Agency:
    if not may_edit_case(actor, case) or actor.agency is None:
        raise PermissionDenied
    return actor.agency


# ---- the pack's numbers ----------------------------------------------------------------------------------------


def rules_on(programme_type: ProgrammeType, day: datetime.date) -> ProgrammeRules | None:
    """The rules of a programme type in force on `day`."""
    return programme_type.versions.filter(effective_from__lte=day).order_by("-effective_from").first()


def first_contact_due(rules: ProgrammeRules, start: datetime.datetime, country_code: str) -> datetime.datetime:
    return period_end(start, rules.first_contact, working_calendar(country_code), zone_of(country_code))


def serving_programmes(programme_type: ProgrammeType, case: Case):
    """The active programmes of a type whose provider serves the case: of its region, or national."""
    from concord.programmes.selectors import programmes_near

    return programmes_near(case.territory).filter(programme_type=programme_type)


# ---- programmes -------------------------------------------------------------------------------------------------


def _programme_values(
    programme_type: ProgrammeType, provider: Agency, name: str, sessions: int, hours: int, capacity: int, curriculum
) -> dict[str, Any]:
    if not programme_type.is_active or programme_type.country.code != provider.territory.country_code:
        raise ValidationError({"programme_type": _("Choose a programme type of this country.")})
    if provider.kind.code not in programme_type.provider_kinds:
        raise ValidationError({"programme_type": _("Your agency's kind does not run programmes of this type.")})
    today = country_today(provider.territory.country_code)
    rules = rules_on(programme_type, today)
    if rules is None:
        raise ValidationError({"programme_type": _("This programme type has no rules in force yet.")})
    if not 1 <= sessions <= 500:
        raise ValidationError({"sessions": _("Enter the number of sessions, from 1 to 500.")})
    if sessions < rules.sessions:
        raise ValidationError(
            {"sessions": _("The rules ask for at least %(count)d sessions attended.") % {"count": rules.sessions}}
        )
    if not 1 <= hours <= 2000:
        raise ValidationError({"hours": _("Enter the hours in all, from 1 to 2000.")})
    if not 1 <= capacity <= 1000:
        raise ValidationError({"capacity": _("Enter the number of places, from 1 to 1000.")})
    return {
        "programme_type": programme_type,
        "name": _text(name, required=_("Give the programme a name."), limit=NAME_MAX_CHARS),
        "sessions": sessions,
        "hours": hours,
        "capacity": capacity,
        "curriculum": _text(curriculum),
    }


def _programme_log(actor: User, programme: Programme, change: str) -> None:
    from concord.audit.services import audit_record

    audit_record(
        action=ProgrammesAuditAction.PROGRAMME_CHANGED,
        actor=actor,
        target=programme,
        details={"change": change, "programme_type": programme.programme_type.code},
    )


@service
def programme_create(
    *,
    actor: User,
    programme_type: ProgrammeType,
    name: str,
    sessions: int,
    hours: int,
    capacity: int,
    curriculum: str = "",
) -> Programme:
    """A programme the actor's agency runs; only a supervisor of an agency of a kind the type allows sets one up."""
    provider = actor.agency
    if provider is None or not may_manage_programmes(actor, provider):
        raise PermissionDenied
    values = _programme_values(programme_type, provider, name, sessions, hours, capacity, curriculum)
    programme = Programme.objects.create(provider=provider, created_by=actor, **values)
    _programme_log(actor, programme, "created")
    return programme


@service
def programme_update(
    *,
    actor: User,
    programme: Programme,
    name: str,
    sessions: int,
    hours: int,
    capacity: int,
    curriculum: str = "",
    is_active: bool = True,
) -> Programme:
    """Its curriculum and places; a programme that stops taking enrolments keeps those it has."""
    if not may_manage_programmes(actor, programme.provider):
        raise PermissionDenied
    values = _programme_values(
        programme.programme_type, programme.provider, name, sessions, hours, capacity, curriculum
    )
    attending = programme.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if capacity < attending:
        raise ValidationError(
            {"capacity": _("%(count)d people attend this programme now: keep at least as many places.")
             % {"count": attending}}
        )  # fmt: skip
    for field, value in values.items():
        setattr(programme, field, value)
    programme.is_active = bool(is_active)
    programme.save()
    _programme_log(actor, programme, "updated")
    return programme


# ---- how an enrolment begins ------------------------------------------------------------------------------------


def _check_perpetrator(case: Case, participant: Participant) -> None:
    if participant.case_id != case.pk or participant.role != ParticipantRole.ALLEGED_PERPETRATOR:
        raise ValidationError({"participant": _("Choose an alleged perpetrator of this case.")})


def _check_programme(programme: Programme, case: Case) -> None:
    if not programme.is_active or not serving_programmes(programme.programme_type, case).filter(pk=programme.pk):
        raise ValidationError({"programme": _("Choose a programme that serves this case's area.")})


def _check_not_attending(participant: Participant, programme: Programme, exclude: int | None = None) -> None:
    others = Enrolment.objects.filter(participant=participant, programme=programme, status__in=list(OPEN))
    if others.exclude(pk=exclude).exists():
        raise ValidationError({"programme": _("He is already enrolled in this programme or awaits it.")})


@service
def enrolment_request(
    *,
    actor: User,
    case: Case,
    participant: Participant,
    programme: Programme,
    basis: str,
    reference: str = "",
    required_at: datetime.datetime | None = None,
) -> Enrolment:
    """An agency of the case asks a provider to enrol an alleged perpetrator: on a court's decision (with its
    reference), by referral, or because he agreed to attend. The first contact falls due under the rules in force
    when the requirement began."""
    agency = _ensure_case_side(actor, case)
    if basis not in RECORDED_BASES:
        raise ValidationError({"basis": _("Choose why he is to attend the programme.")})
    _check_perpetrator(case, participant)
    _check_programme(programme, case)
    _check_not_attending(participant, programme)
    now = timezone.now()
    required_at = required_at or now
    _not_in_future(required_at, "required_at")
    reference = _text(reference)
    if basis == Basis.COURT_ORDER and not reference:
        raise ValidationError({"reference": _("Give the court decision's number and date.")})
    code = case.territory.country_code
    rules = rules_on(programme.programme_type, country_local_date(code, required_at))
    if rules is None:
        raise ValidationError({"required_at": _("The programme type had no rules in force on that day.")})
    enrolment = Enrolment.objects.create(
        case=case,
        participant=participant,
        territory=case.territory,
        programme_type=programme.programme_type,
        rules_version=rules.version,
        programme=programme,
        basis=basis,
        reference=reference,
        required_at=required_at,
        first_contact_due_at=first_contact_due(rules, required_at, code),
        requested_by=actor,
        requesting_agency=agency,
        status=EnrolmentStatus.REQUESTED,
        status_changed_at=now,
    )
    _log(enrolment, actor, ProgrammesTimelineKind.REQUESTED, basis=basis, programme=programme.pk)
    _tell_provider(enrolment, actor)
    return enrolment


def _tell_provider(enrolment: Enrolment, actor: User | None) -> None:
    assert enrolment.programme is not None
    recipients = [user for user in provider_recipients(enrolment.programme) if actor is None or user.pk != actor.pk]
    notify(recipients=recipients, kind=ProgrammesNotification.REQUESTED, key=f"programme-requested:{enrolment.pk}")


def required_types(imposed_by: str, requirement: str, case: Case, day: datetime.date) -> list[ProgrammeType]:
    """The programme types whose rules in force on `day` say that this order type's condition requires them."""
    wanted = {"measure": imposed_by, "condition": requirement}
    types = ProgrammeType.objects.filter(country__code=case.territory.country_code, is_active=True)
    return [kind for kind in types if (rules := rules_on(kind, day)) is not None and wanted in rules.required_by]


@service
def enrolments_required(*, case_id: int, order_id: int, actor: User | None) -> list[Enrolment]:
    """What an issued order requires of its respondent, as enrolments: in the one programme that serves the case,
    or awaiting the lead worker's choice where several do or none does. Idempotent: a replayed event finds the
    enrolments it made."""
    made = []
    for obligation in obligations.of(CaseEvent.ORDER_ISSUED, order_id):
        case = Case.objects.select_related("territory", "lead_worker").get(pk=obligation.case_id)
        code = case.territory.country_code
        day = country_local_date(code, obligation.imposed_at)
        for programme_type in required_types(obligation.imposed_by, obligation.requirement, case, day):
            if Enrolment.objects.filter(
                order_id=order_id, participant_id=obligation.participant_id, programme_type=programme_type
            ).exists():
                continue
            rules = rules_on(programme_type, day)
            assert rules is not None  # required_types found the type by these rules
            serving = list(serving_programmes(programme_type, case)[:2])
            programme = serving[0] if len(serving) == 1 else None
            enrolment = Enrolment.objects.create(
                case=case,
                participant_id=obligation.participant_id,
                territory=case.territory,
                programme_type=programme_type,
                rules_version=rules.version,
                programme=programme,
                basis=Basis.PROTECTION_ORDER,
                order_id=order_id,
                imposed_by=obligation.imposed_by,
                required_at=obligation.imposed_at,
                required_until=obligation.ends_at,
                first_contact_due_at=first_contact_due(rules, obligation.imposed_at, code),
                requesting_agency_id=obligation.issuer_agency_id,
                status=EnrolmentStatus.REQUESTED if programme else EnrolmentStatus.AWAITING_PROGRAMME,
            )
            _log(enrolment, actor, ProgrammesTimelineKind.REQUIRED, basis=Basis.PROTECTION_ORDER, order=order_id)
            if programme is not None:
                _tell_provider(enrolment, actor)
            else:
                notify(
                    recipients=case_lead_recipients(case),
                    kind=ProgrammesNotification.REQUIRED,
                    case=case,
                    key=f"programme-required:{enrolment.pk}",
                )
            made.append(enrolment)
    return made


def on_order_issued(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    if object_id is None:
        return
    actor = User.objects.filter(pk=actor_id, is_active=True).first() if actor_id else None
    enrolments_required(case_id=case_id, order_id=object_id, actor=actor)


@service
def enrolment_choose(*, actor: User, enrolment: Enrolment, programme: Programme) -> Enrolment:
    """The lead worker's choice of programme for a requirement that awaits one."""
    _ensure_case_side(actor, enrolment.case)
    if enrolment.status != EnrolmentStatus.AWAITING_PROGRAMME:
        raise ValidationError(_("A programme has already been chosen for this enrolment."))
    if programme.programme_type_id != enrolment.programme_type_id:
        raise ValidationError({"programme": _("Choose a programme of the type required.")})
    _check_programme(programme, enrolment.case)
    _check_not_attending(enrolment.participant, programme, exclude=enrolment.pk)
    enrolment.programme = programme
    enrolment.status = EnrolmentStatus.REQUESTED
    enrolment.status_changed_at = timezone.now()
    enrolment.requested_by = actor
    enrolment.save(update_fields=["programme", "status", "status_changed_at", "requested_by"])
    _log(enrolment, actor, ProgrammesTimelineKind.REQUESTED, basis=enrolment.basis, programme=programme.pk)
    _tell_provider(enrolment, actor)
    return enrolment


@service
def enrolment_withdraw(*, actor: User, enrolment: Enrolment, text: str) -> Enrolment:
    """The case's agency takes back a request the provider has not yet acted on (a referral made in error, a
    decision quashed). A requirement of a protection order stands while the order does: it is not withdrawn."""
    _ensure_case_side(actor, enrolment.case)
    if enrolment.status not in PENDING:
        raise ValidationError(_("Only a request the provider has not acted on can be withdrawn."))
    if enrolment.basis == Basis.PROTECTION_ORDER:
        raise ValidationError(_("A protection order requires this programme: it cannot be withdrawn."))
    enrolment.end_text = _text(text, required=_("Say why the request is withdrawn."))
    _end(enrolment, actor, EnrolmentStatus.WITHDRAWN, timezone.now())
    _log(enrolment, actor, ProgrammesTimelineKind.WITHDRAWN)
    return enrolment


def _end(enrolment: Enrolment, actor: User, status: str, when: datetime.datetime, reason: str = "") -> None:
    enrolment.status = status
    enrolment.status_changed_at = timezone.now()
    enrolment.ended_at = when
    enrolment.end_reason = reason
    enrolment.decided_by = actor
    enrolment.save(update_fields=["status", "status_changed_at", "ended_at", "end_reason", "end_text", "decided_by"])


# ---- the provider's side ----------------------------------------------------------------------------------------


@service
def enrolment_enrol(*, actor: User, enrolment: Enrolment, first_contact_at: datetime.datetime) -> Enrolment:
    """The provider met the perpetrator and takes him into the programme, if a place is free."""
    programme = enrolment.programme
    _ensure_provider(actor, programme)
    assert programme is not None  # the provider's staff act on their own programme's enrolments
    if enrolment.status != EnrolmentStatus.REQUESTED:
        raise ValidationError(_("Only a requested enrolment can be accepted."))
    _not_in_future(first_contact_at, "first_contact_at")
    if first_contact_at < enrolment.required_at:
        raise ValidationError({"first_contact_at": _("The first contact cannot come before the requirement.")})
    # Locked, so that two staff enrolling at once cannot take the same last place.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    attending = programme.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if attending >= programme.capacity:
        raise ValidationError(_("The programme is full: decline the enrolment or free a place first."))
    now = timezone.now()
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.status_changed_at = now
    enrolment.enrolled_at = now
    enrolment.first_contact_at = first_contact_at
    enrolment.decided_by = actor
    enrolment.save(update_fields=["status", "status_changed_at", "enrolled_at", "first_contact_at", "decided_by"])
    _log(enrolment, actor, ProgrammesTimelineKind.ENROLLED, programme=programme.pk)
    return enrolment


@service
def enrolment_decline(*, actor: User, enrolment: Enrolment, reason: str, text: str = "") -> Enrolment:
    """The provider cannot take him (not eligible, no place): the case's lead worker hears of it and chooses
    another way; a protection order's requirement is then asked of another programme."""
    _ensure_provider(actor, enrolment.programme)
    if enrolment.status != EnrolmentStatus.REQUESTED:
        raise ValidationError(_("Only a requested enrolment can be declined."))
    if reason not in DECLINE_REASONS:
        raise ValidationError({"reason": _("Choose the reason.")})
    enrolment.end_text = _text(text)
    _end(enrolment, actor, EnrolmentStatus.DECLINED, timezone.now(), reason)
    _log(enrolment, actor, ProgrammesTimelineKind.DECLINED, reason=reason)
    notify(
        recipients=case_lead_recipients(enrolment.case),
        kind=ProgrammesNotification.DECLINED,
        case=enrolment.case,
        key=f"programme-declined:{enrolment.pk}",
    )
    if enrolment.basis == Basis.PROTECTION_ORDER:
        _require_again(enrolment, actor)
    return enrolment


def _require_again(declined: Enrolment, actor: User) -> None:
    """The order still requires a programme: a new requirement awaits the lead worker's choice."""
    again = Enrolment.objects.create(
        case=declined.case,
        participant=declined.participant,
        territory=declined.territory,
        programme_type=declined.programme_type,
        rules_version=declined.rules_version,
        basis=declined.basis,
        imposed_by=declined.imposed_by,
        required_at=declined.required_at,
        required_until=declined.required_until,
        first_contact_due_at=declined.first_contact_due_at,
        requesting_agency=declined.requesting_agency,
        status=EnrolmentStatus.AWAITING_PROGRAMME,
    )
    _log(again, actor, ProgrammesTimelineKind.REQUIRED, basis=again.basis, follows=declined.pk)
    notify(
        recipients=case_lead_recipients(again.case),
        kind=ProgrammesNotification.REQUIRED,
        case=again.case,
        key=f"programme-required:{again.pk}",
    )


@service
def session_record(
    *,
    actor: User,
    programme: Programme,
    held_at: datetime.datetime,
    hours: Decimal,
    topic: str = "",
    attendance: dict[int, str],
) -> ProgrammeSession:
    """A session held, with the attendance of each person it concerned. Every person marked must have been
    attending the programme on the session's day; a missed session is told to the case's lead worker."""
    _ensure_provider(actor, programme)
    _not_in_future(held_at, "held_at")
    if not (Decimal("0") < hours <= MAX_SESSION_HOURS):
        raise ValidationError({"hours": _("Enter the session's length, up to 12 hours.")})
    if not attendance:
        raise ValidationError({"attendance": _("Mark the attendance of at least one person.")})
    if set(attendance.values()) - set(Presence.values):
        raise ValidationError({"attendance": _("Mark each person present or absent.")})
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(programme=programme, pk__in=list(attendance)).select_related(
            "case__lead_worker", "programme_type"
        )
    }
    if set(enrolments) != set(attendance):
        raise ValidationError({"attendance": _("Mark only people enrolled in this programme.")})
    for enrolment in enrolments.values():
        attended_then = (
            enrolment.enrolled_at is not None
            and enrolment.first_contact_at is not None
            and enrolment.first_contact_at <= held_at
            and (enrolment.ended_at is None or held_at <= enrolment.ended_at)
            and enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, *LEFT)
        )
        if not attended_then:
            raise ValidationError(
                {"attendance": _("Enrolment #%(number)d was not attending the programme on that day.")
                 % {"number": enrolment.pk}}
            )  # fmt: skip
        if enrolment.status != EnrolmentStatus.ENROLLED:
            raise ValidationError(
                {"attendance": _("Enrolment #%(number)d has ended: its attendance can no longer change.")
                 % {"number": enrolment.pk}}
            )  # fmt: skip
    session = ProgrammeSession.objects.create(
        programme=programme, held_at=held_at, hours=hours, topic=_text(topic, limit=NAME_MAX_CHARS), recorded_by=actor
    )
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, enrolment=enrolments[pk], case_id=enrolments[pk].case_id, presence=presence)
            for pk, presence in sorted(attendance.items())
        ]
    )
    from concord.audit.services import audit_record

    audit_record(
        action=ProgrammesAuditAction.SESSION_RECORDED,
        actor=actor,
        target=session,
        details={"programme": programme.pk, "marked": len(attendance)},
    )
    for pk, presence in sorted(attendance.items()):
        if presence == Presence.ABSENT:
            enrolment = enrolments[pk]
            _log(enrolment, actor, ProgrammesTimelineKind.ABSENT, session=session.pk)
            notify(
                recipients=case_lead_recipients(enrolment.case),
                kind=ProgrammesNotification.ABSENT,
                case=enrolment.case,
                key=f"programme-absent:{enrolment.pk}:{session.pk}",
            )
    return session


def _ensure_attending(actor: User, enrolment: Enrolment, when: datetime.datetime) -> None:
    _ensure_provider(actor, enrolment.programme)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("Only someone attending the programme can complete or leave it."))
    _not_in_future(when, "ended_at")
    if enrolment.first_contact_at and when < enrolment.first_contact_at:
        raise ValidationError({"ended_at": _("This is before he joined the programme.")})
    last = enrolment.attendance.order_by("-session__held_at").values_list("session__held_at", flat=True).first()
    if last is not None and when < last:
        raise ValidationError({"ended_at": _("This is before the last session recorded for him.")})


@service
def enrolment_complete(*, actor: User, enrolment: Enrolment, completed_at: datetime.datetime) -> Enrolment:
    """He attended the sessions the rules ask for: the programme is completed and the lead worker hears of it."""
    _ensure_attending(actor, enrolment, completed_at)
    needed = enrolment.rules().sessions
    attended = enrolment.attendance.filter(presence=Presence.PRESENT).count()
    if attended < needed:
        raise ValidationError(
            _("He attended %(attended)d of the %(needed)d sessions the rules ask for: the programme is not completed.")
            % {"attended": attended, "needed": needed}
        )
    enrolment.end_text = ""
    _end(enrolment, actor, EnrolmentStatus.COMPLETED, completed_at)
    _log(enrolment, actor, ProgrammesTimelineKind.COMPLETED, attended=attended)
    notify(
        recipients=case_lead_recipients(enrolment.case),
        kind=ProgrammesNotification.COMPLETED,
        case=enrolment.case,
        key=f"programme-completed:{enrolment.pk}",
    )
    return enrolment


@service
def enrolment_leave(
    *, actor: User, enrolment: Enrolment, status: str, reason: str, left_at: datetime.datetime, text: str = ""
) -> Enrolment:
    """He dropped out or was excluded. The survivor may be in more danger: the lead worker hears of it and the
    case's risk reassessment falls due (the risk module reacts to CaseEvent.PROGRAMME_LEFT)."""
    _ensure_attending(actor, enrolment, left_at)
    if status not in LEFT:
        raise ValidationError({"status": _("Choose whether he dropped out or was excluded.")})
    if reason not in LEAVING_REASONS:
        raise ValidationError({"reason": _("Choose the reason.")})
    enrolment.end_text = _text(text)
    _end(enrolment, actor, status, left_at, reason)
    _log(enrolment, actor, ProgrammesTimelineKind.LEFT, status=status, reason=reason)
    notify(
        recipients=case_lead_recipients(enrolment.case),
        kind=ProgrammesNotification.LEFT,
        case=enrolment.case,
        key=f"programme-left:{enrolment.pk}",
    )
    emit(CaseEvent.PROGRAMME_LEFT, case_id=enrolment.case_id, object_id=enrolment.pk, actor_id=actor.pk)
    return enrolment


# ---- trainings ------------------------------------------------------------------------------------------------

MAX_TOPICS = 20
MAX_TARGET = 100_000
MAX_SCORE = Decimal(100)


def _ensure_trainer(actor: User, agency: Agency | None) -> Agency:
    if agency is None or not may_run_trainings(actor, agency):
        raise PermissionDenied
    return agency


def _topics(values: list[str]) -> list[str]:
    topics = list(dict.fromkeys(_text(value, limit=NAME_MAX_CHARS) for value in values if (value or "").strip()))
    if not topics or len(topics) > MAX_TOPICS:
        raise ValidationError({"topics": _("Give the plan from 1 to 20 topics, one a line.")})
    return topics


def _plan_values(
    actor: User, year: int, audience: str, title: str, topics: list[str], target_people: int, target_sessions: int
) -> dict[str, Any]:
    today = country_today(actor.agency.territory.country_code if actor.agency else None)
    if not 2000 <= year <= today.year + 5:
        raise ValidationError({"year": _("Choose a year from 2000 to five years ahead.")})
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose whom the plan is for.")})
    if not (1 <= target_people <= MAX_TARGET and 1 <= target_sessions <= 1000):
        raise ValidationError({"target_people": _("Give how many people and sessions the plan aims at.")})
    return {
        "year": year,
        "audience": audience,
        "title": _text(title, required=_("Give the plan a title."), limit=NAME_MAX_CHARS),
        "topics": _topics(topics),
        "target_people": target_people,
        "target_sessions": target_sessions,
    }


def _training_log(actor: User, target: Any, change: str, **details: Any) -> None:
    from concord.audit.services import audit_record

    audit_record(
        action=ProgrammesAuditAction.TRAINING_CHANGED, actor=actor, target=target, details={"change": change} | details
    )


@service
def training_plan_create(
    *, actor: User, year: int, audience: str, title: str, topics: list[str], target_people: int, target_sessions: int
) -> TrainingPlan:
    """A plan of the actor's agency, for the area it covers."""
    owner = _ensure_trainer(actor, actor.agency)
    values = _plan_values(actor, year, audience, title, topics, target_people, target_sessions)
    plan = TrainingPlan.objects.create(owner=owner, territory=owner.territory, created_by=actor, **values)
    _training_log(actor, plan, "plan_created", audience=audience, year=year)
    return plan


@service
def training_plan_update(
    *,
    actor: User,
    plan: TrainingPlan,
    year: int,
    audience: str,
    title: str,
    topics: list[str],
    target_people: int,
    target_sessions: int,
) -> TrainingPlan:
    """Its targets and topics; a topic a session covered stays, and the year must still hold its sessions."""
    _ensure_trainer(actor, plan.owner)
    values = _plan_values(actor, year, audience, title, topics, target_people, target_sessions)
    covered = {topic for session in plan.sessions.all() for topic in session.topics}
    if covered - set(values["topics"]):
        raise ValidationError({"topics": _("Keep the topics the sessions held have covered.")})
    code = plan.owner.territory.country_code
    if any(country_local_date(code, session.starts_at).year != year for session in plan.sessions.all()):
        raise ValidationError({"year": _("The plan's sessions were held in another year.")})
    for field, value in values.items():
        setattr(plan, field, value)
    plan.save()
    _training_log(actor, plan, "plan_updated")
    return plan


@service
def training_session_record(
    *,
    actor: User,
    plan: TrainingPlan,
    starts_at: datetime.datetime,
    hours: Decimal,
    trainer: str,
    topics: list[str],
    online: bool = False,
    place: str = "",
) -> TrainingSession:
    """A training held (or planned) under the plan, in the plan's year, on some of its topics."""
    _ensure_trainer(actor, plan.owner)
    if country_local_date(plan.owner.territory.country_code, starts_at).year != plan.year:
        raise ValidationError({"starts_at": _("A session of this plan must fall in %(year)d.") % {"year": plan.year}})
    if not (Decimal("0") < hours <= MAX_SESSION_HOURS):
        raise ValidationError({"hours": _("Enter the session's length, up to 12 hours.")})
    chosen = list(dict.fromkeys(topics))
    if not chosen or set(chosen) - set(plan.topics):
        raise ValidationError({"topics": _("Choose the topics of the plan the session covered.")})
    place = _text(place, limit=NAME_MAX_CHARS)
    if not online and not place:
        raise ValidationError({"place": _("Give the place, or mark the session as online.")})
    session = TrainingSession.objects.create(
        plan=plan, starts_at=starts_at, hours=hours, online=bool(online), place=place, topics=chosen,
        trainer=_text(trainer, required=_("Name the trainer."), limit=NAME_MAX_CHARS), recorded_by=actor,
    )  # fmt: skip
    _training_log(actor, session, "session_recorded", plan=plan.pk)
    return session


def _score(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        score = Decimal(str(value))
    except (ArithmeticError, ValueError):
        raise ValidationError({field: _("A score is a number from 0 to 100.")}) from None
    if not (Decimal(0) <= score <= MAX_SCORE) or not score.is_finite():
        raise ValidationError({field: _("A score is a number from 0 to 100.")})
    return score.quantize(Decimal("0.1"))


@service
def trainees_record(*, actor: User, session: TrainingSession, rows: list[dict[str, Any]]) -> list[Trainee]:
    """The session's attendance sheet, as filled in (it replaces what was recorded): each line a member of staff or
    someone from outside, whether they attended, and the test scores. Staff are users of the session's country;
    each comes once."""
    _ensure_trainer(actor, session.plan.owner)
    if session.starts_at > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError(_("The session has not been held yet: its attendance is recorded afterwards."))
    code = session.plan.owner.territory.country_code
    user_ids = [row["user"] for row in rows if row.get("user")]
    if len(set(user_ids)) < len(user_ids):
        raise ValidationError({"rows": _("Each member of staff comes once on the sheet.")})
    users = {
        user.pk: user
        for user in User.objects.filter(
            pk__in=user_ids,
            is_active=True,
            memberships__is_active=True,
            memberships__agency__territory__country_code=code,
        ).distinct()
    }
    if set(user_ids) - set(users):
        raise ValidationError({"rows": _("Choose members of staff of this country.")})
    kinds = set(AgencyKind.objects.filter(country_code=code).values_list("code", flat=True))
    trainees = []
    for line, row in enumerate(rows, start=1):
        user = users.get(row["user"]) if row.get("user") else None
        agency = user.agency if user is not None else None
        name = user.full_name if user is not None else _text(row.get("name", ""), limit=NAME_MAX_CHARS)
        if not name:
            raise ValidationError({"rows": _("Line %(line)d: give the person's name.") % {"line": line}})
        kind = agency.kind.code if agency is not None else row.get("agency_kind", "") or ""
        if kind and kind not in kinds:
            raise ValidationError({"rows": _("Line %(line)d: choose an agency kind of the country.") % {"line": line}})
        sex = row.get("sex") or Sex.UNKNOWN
        if sex not in Sex.values:
            raise ValidationError({"rows": _("Line %(line)d: choose the sex.") % {"line": line}})
        trainees.append(
            Trainee(
                session=session, user=user, name=name, agency=agency, agency_kind=kind,
                organisation=_text(row.get("organisation") or (agency.name if agency else ""), limit=NAME_MAX_CHARS),
                role=_text(row.get("role", ""), limit=NAME_MAX_CHARS), sex=sex,
                attended=bool(row.get("attended", True)),
                pre_score=_score(row.get("pre_score"), "rows"), post_score=_score(row.get("post_score"), "rows"),
            )
        )  # fmt: skip
    session.trainees.all().delete()
    Trainee.objects.bulk_create(trainees)
    _training_log(actor, session, "attendance_recorded", lines=len(trainees))
    return list(session.trainees.all())


# ---- the materials library and the awareness campaigns ----------------------------------------------------------


def document_languages() -> list[tuple[str, str]]:
    """The languages a material may be in: any Django knows, by their own name."""
    from django.conf.locale import LANG_INFO

    named = [(code, info["name_local"]) for code, info in LANG_INFO.items() if "name_local" in info and "-" not in code]
    return sorted(named, key=lambda item: item[1].casefold())


@service
def material_create(*, actor: User, kind: str, title: str, description: str = "") -> Material:
    """A material of the actor's agency in the library, open to every member of staff."""
    owner = _ensure_trainer(actor, actor.agency)
    if kind not in MaterialKind.values:
        raise ValidationError({"kind": _("Choose the kind of material.")})
    material = Material.objects.create(
        owner=owner,
        kind=kind,
        title=_text(title, required=_("Give the material a title."), limit=NAME_MAX_CHARS),
        description=_text(description),
        created_by=actor,
    )
    _training_log(actor, material, "material_created", kind=kind)
    return material


@service
def material_version_add(
    *, actor: User, material: Material, version: str, language: str, upload: UploadedFile
) -> MaterialVersion:
    """A file of the material in a version and a language; a version in a language is uploaded once."""
    _ensure_trainer(actor, material.owner)
    version = _text(version, required=_("Name the version, e.g. 2026 or 2nd edition."), limit=40)
    if language not in dict(document_languages()):
        raise ValidationError({"language": _("Choose the material's language.")})
    if material.versions.filter(version=version, language=language).exists():
        raise ValidationError({"version": _("This version in this language is already in the library.")})
    content_type = checked_upload(upload)
    name = _text(upload.name or "", limit=NAME_MAX_CHARS) or "material"
    stored = MaterialVersion.objects.create(
        material=material, version=version, language=language, file=upload, file_name=name.rsplit("/", 1)[-1],
        content_type=content_type, size=upload.size or 0, uploaded_by=actor,
    )  # fmt: skip
    _training_log(actor, stored, "material_version_added", material=material.pk, language=language)
    return stored


def material_downloaded(*, actor: User, version: MaterialVersion) -> None:
    """Counted, and audited as every download is."""
    from concord.audit.services import audit_record

    MaterialVersion.objects.filter(pk=version.pk).update(downloads=F("downloads") + 1)
    audit_record(
        action=ProgrammesAuditAction.MATERIAL_DOWNLOADED,
        actor=actor,
        target=version,
        details={"material": version.material_id, "language": version.language},
    )


def _codes(values: list[str], allowed: list[str], field: str, message: str) -> list[str]:
    chosen = list(dict.fromkeys(values))
    if not chosen or set(chosen) - set(allowed):
        raise ValidationError({field: message})
    return chosen


@service
def campaign_programme_create(
    *, actor: User, title: str, starts_on: datetime.date, ends_on: datetime.date, objectives: str = ""
) -> CampaignProgramme:
    owner = _ensure_trainer(actor, actor.agency)
    if ends_on < starts_on or (ends_on - starts_on).days > 366 * 10:
        raise ValidationError({"ends_on": _("The programme ends after it starts, within ten years.")})
    programme = CampaignProgramme.objects.create(
        owner=owner, territory=owner.territory, starts_on=starts_on, ends_on=ends_on, created_by=actor,
        title=_text(title, required=_("Give the programme a title."), limit=NAME_MAX_CHARS),
        objectives=_text(objectives),
    )  # fmt: skip
    _training_log(actor, programme, "campaign_programme_created")
    return programme


@service
def campaign_create(
    *,
    actor: User,
    programme: CampaignProgramme,
    title: str,
    audiences: list[str],
    channels: list[str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    objectives: str = "",
) -> Campaign:
    """A campaign within its programme's dates, for some audiences, through some channels."""
    _ensure_trainer(actor, programme.owner)
    if not (programme.starts_on <= starts_on <= ends_on <= programme.ends_on):
        raise ValidationError({"starts_on": _("A campaign runs within its programme's dates.")})
    campaign = Campaign.objects.create(
        programme=programme, starts_on=starts_on, ends_on=ends_on, created_by=actor,
        title=_text(title, required=_("Give the campaign a title."), limit=NAME_MAX_CHARS),
        objectives=_text(objectives),
        audiences=_codes(audiences, PublicAudience.values, "audiences", _("Choose whom the campaign addresses.")),
        channels=_codes(channels, Channel.values, "channels", _("Choose the campaign's channels.")),
    )  # fmt: skip
    _training_log(actor, campaign, "campaign_created", programme=programme.pk)
    return campaign


@service
def campaign_activity_record(
    *,
    actor: User,
    campaign: Campaign,
    channel: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    territory: Territory,
    reach: int,
    materials: list[Material] | None = None,
) -> CampaignActivity:
    """An activity on one of the campaign's channels, within its dates and its programme's area, with the people it
    reached."""
    _ensure_trainer(actor, campaign.programme.owner)
    if channel not in campaign.channels:
        raise ValidationError({"channel": _("Choose one of the campaign's channels.")})
    if not (campaign.starts_on <= starts_on <= ends_on <= campaign.ends_on):
        raise ValidationError({"starts_on": _("An activity falls within its campaign's dates.")})
    if not territory.path.startswith(campaign.programme.territory.path):
        raise ValidationError({"territory": _("Choose a place within the programme's area.")})
    if not 0 <= reach <= 100_000_000:
        raise ValidationError({"reach": _("Give the number of people reached.")})
    activity = CampaignActivity.objects.create(
        campaign=campaign, channel=channel, starts_on=starts_on, ends_on=ends_on, territory=territory, reach=reach,
        title=_text(title, required=_("Say what was done."), limit=NAME_MAX_CHARS), recorded_by=actor,
    )  # fmt: skip
    activity.materials.set(materials or [])
    _training_log(actor, activity, "campaign_activity_recorded", campaign=campaign.pk, channel=channel)
    return activity

"""Writes of the protection module: applying for an order, the decision, extension, revocation, appeal, the dates
of the hearing and of the copies sent, breaches, and the stages of proceedings. Each refuses with a translated error
before writing anything and logs the change on the case's timeline and in the audit log (codes and ids only).

The numbers (deadlines, durations, extensions, conditions) come from the order type's version in force on the
application date; an order keeps that version whatever the pack says later."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.models import Agency, User
from concord.accounts.selectors import agency_supervisors
from concord.cases.choices import AttachmentKind, ParticipantRole
from concord.cases.extension import CaseEvent, case_log, emit
from concord.cases.models import Case, Incident, Participant
from concord.cases.rules import may_edit_case
from concord.cases.selectors import case_lead_recipients
from concord.cases.services import attachment_add
from concord.common.checks import cleaned_text as _text
from concord.common.checks import not_in_future as _not_in_future
from concord.common.transactions import service
from concord.countries.calendar import period_end, working_calendar
from concord.countries.clock import country_local_date, zone_of
from concord.notifications.services import notify
from concord.protection.choices import (
    CONDITION_NUMBERS,
    NEXT_STAGES,
    PROTECTING,
    STAGES_WITH_REASON,
    STAGES_WITH_SANCTION,
    AppealOutcome,
    ApplicantKind,
    Body,
    BreachResponse,
    Deadline,
    EndReason,
    OrderStatus,
    ProceedingKind,
    ProtectionAuditAction,
    ProtectionNotification,
    ProtectionTimelineKind,
    Relation,
    Sanction,
    Stage,
)
from concord.protection.models import Breach, MeasureType, MeasureVersion, Order, Proceeding, Qualification, Step

PROTECTED_ROLES = (ParticipantRole.SURVIVOR, ParticipantRole.CHILD)


def _ensure_may_edit(actor: User, case: Case) -> Agency:
    if not may_edit_case(actor, case) or actor.agency is None:
        raise PermissionDenied
    return actor.agency


def _log(order: Order, actor: User | None, kind: str, action: str, **details: Any) -> None:
    case_log(
        case=order.case, actor=actor, kind=kind, target=order, action=action, measure=order.measure.code, **details
    )


# ---- the pack's numbers ----------------------------------------------------------------------------------------


def version_on(measure: MeasureType, day: datetime.date) -> MeasureVersion | None:
    """The version of an order type in force on `day`."""
    return measure.versions.filter(effective_from__lte=day).order_by("-effective_from").first()


def version_of(order: Order) -> MeasureVersion:
    """The version an order was applied for under."""
    return MeasureVersion.objects.get(measure_id=order.measure_id, version=order.rules_version)


def deadline_after(start: datetime.datetime, period: dict[str, Any], country_code: str) -> datetime.datetime:
    return period_end(start, period, working_calendar(country_code), zone_of(country_code))


def timed_deadlines(version: MeasureVersion, start: datetime.datetime, names: tuple[str, ...], country_code: str):
    """The deadlines of `version` among `names`, counted from `start` (None where the law sets none)."""
    return {
        name: deadline_after(start, version.deadlines[name], country_code) if version.deadlines.get(name) else None
        for name in names
    }


def end_of_day(day: datetime.date, country_code: str) -> datetime.datetime:
    """The moment a day ends in the country: an order "until 30 January" protects through that day."""
    midnight = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone_of(country_code)
    )
    return midnight.astimezone(datetime.UTC)


def _ends_at(
    starts_at: datetime.datetime, ends_on: datetime.date | None, duration: dict[str, Any], country_code: str
) -> datetime.datetime:
    """The end of an order starting at `starts_at`, from the day chosen or, for a fixed duration, from the law;
    refused when it is not after the start or outside the duration the law allows."""
    shortest = deadline_after(starts_at, {"amount": duration["min"], "unit": duration["unit"]}, country_code)
    longest = deadline_after(starts_at, {"amount": duration["max"], "unit": duration["unit"]}, country_code)
    if ends_on is None:
        if duration["min"] != duration["max"]:
            raise ValidationError({"ends_on": _("Give the day the order ends.")})
        return longest
    ends_at = end_of_day(ends_on, country_code)
    if ends_at <= starts_at:
        raise ValidationError({"ends_on": _("The end must be after the start.")})
    if not shortest <= ends_at <= longest:
        unit = _("days") if duration["unit"] == "days" else _("months")
        raise ValidationError(
            {
                "ends_on": _("The law allows this order for %(low)s to %(high)s %(unit)s.")
                % {"low": duration["min"], "high": duration["max"], "unit": unit}
            }
        )
    return ends_at


def clean_conditions(version: MeasureVersion, chosen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conditions chosen ([{code, number?}]), checked against those the version offers."""
    cleaned = []
    for item in chosen:
        code = item.get("code") if isinstance(item, dict) else None
        offered = version.condition(code) if isinstance(code, str) else None
        if offered is None:
            raise ValidationError({"conditions": _("This order type does not offer that condition.")})
        if code in CONDITION_NUMBERS:
            number = item.get("number")
            if not (
                isinstance(number, int) and not isinstance(number, bool) and offered["min"] <= number <= offered["max"]
            ):
                raise ValidationError(
                    {
                        "conditions": _("Give a number from %(low)s to %(high)s for this condition.")
                        % {"low": offered["min"], "high": offered["max"]}
                    }
                )
            cleaned.append({"code": code, "number": number})
        else:
            cleaned.append({"code": code})
    if len({item["code"] for item in cleaned}) < len(cleaned):
        raise ValidationError({"conditions": _("Each condition once.")})
    return cleaned


# ---- applying and deciding ----------------------------------------------------------------------------------------


def _check_parties(case: Case, respondent: Participant, protected: list[Participant]) -> None:
    if respondent.case_id != case.pk or respondent.role != ParticipantRole.ALLEGED_PERPETRATOR:
        raise ValidationError({"respondent": _("The respondent must be an alleged perpetrator of this case.")})
    if not protected:
        raise ValidationError({"protected": _("Choose the persons the order protects.")})
    if any(person.case_id != case.pk or person.role not in PROTECTED_ROLES for person in protected):
        raise ValidationError({"protected": _("An order protects the survivor and the children of this case.")})


@service
def order_apply(
    *,
    actor: User,
    case: Case,
    measure: MeasureType,
    applicant_kind: str,
    respondent: Participant,
    protected: list[Participant],
    issuer: Agency,
    applied_at: datetime.datetime,
    applicant_agency: Agency | None = None,
    previous: Order | None = None,
    relation: str = "",
) -> Order:
    """Record an application for an order; its decision and hearing deadlines run from `applied_at` under the
    version of the law in force that day. An application may also extend an order in force automatically, where the
    law says so (Austria: an application for an interim injunction extends the police ban)."""
    agency = _ensure_may_edit(actor, case)
    country_code = case.territory.country_code
    if measure.country.code != country_code or not measure.is_active:
        raise ValidationError({"measure": _("Choose an order type of the case's country.")})
    _not_in_future(applied_at, "applied_at")
    version = version_on(measure, country_local_date(country_code, applied_at))
    if version is None:
        raise ValidationError({"applied_at": _("No version of this order type was in force on that date.")})
    if applicant_kind not in measure.applicants:
        raise ValidationError({"applicant_kind": _("The law does not let this applicant apply for this order.")})
    _check_parties(case, respondent, protected)
    if issuer.kind.code != measure.issuer_kind or not issuer.is_active or issuer.territory.country_code != country_code:
        raise ValidationError({"issuer": _("Choose an agency that issues this order type.")})
    if previous is not None:
        if previous.case_id != case.pk or relation not in (Relation.REPLACES, Relation.RENEWS):
            raise ValidationError({"previous": _("Choose an order of this case that the new one replaces or renews.")})
        if relation == Relation.RENEWS and (previous.measure_id != measure.pk or not version.renewable):
            raise ValidationError({"previous": _("The law does not let this order be renewed.")})
    elif relation:
        raise ValidationError({"previous": _("Choose the order the new one replaces or renews.")})
    deadlines = timed_deadlines(version, applied_at, (Deadline.DECISION, Deadline.HEARING), country_code)
    order = Order.objects.create(
        case=case,
        territory=case.territory,
        measure=measure,
        rules_version=version.version,
        applicant_kind=applicant_kind,
        applicant_agency=applicant_agency,
        respondent=respondent,
        issuer=issuer,
        applied_at=applied_at,
        recorded_by=actor,
        agency=agency,
        decision_due_at=deadlines[Deadline.DECISION],
        hearing_due_at=deadlines[Deadline.HEARING],
        previous=previous,
        relation=relation,
        status_changed_at=timezone.now(),
    )
    order.protected.set(protected)
    _log(
        order, actor, ProtectionTimelineKind.ORDER_APPLIED, ProtectionAuditAction.ORDER_APPLIED, version=version.version
    )
    _extend_automatically(case, measure, applied_at, actor)
    return order


def _extend_automatically(case: Case, applied_for: MeasureType, applied_at: datetime.datetime, actor: User) -> None:
    for order in Order.objects.filter(case=case, status__in=PROTECTING, ends_at__gt=applied_at).select_related(
        "measure"
    ):
        rule = version_of(order).automatic_extension
        if not rule or rule["on_application_of"] != applied_for.code or order.starts_at is None:
            continue
        until = deadline_after(order.starts_at, rule["until"], case.territory.country_code)
        if until > order.ends_at:
            order.ends_at = until
            order.automatically_extended_at = applied_at
            order.save(update_fields=["ends_at", "automatically_extended_at"])
            _log(
                order, actor, ProtectionTimelineKind.ORDER_EXTENDED, ProtectionAuditAction.ORDER_CHANGED, automatic=True
            )


def _ensure_status(order: Order, *statuses: str) -> None:
    if order.status not in statuses:
        raise ValidationError(
            _("This order is %(status)s: that can no longer be done.") % {"status": order.get_status_display()}
        )


def _status_by_dates(order: Order, now: datetime.datetime) -> str:
    if order.ends_at is not None and order.ends_at <= now:
        return OrderStatus.EXPIRED
    return OrderStatus.IN_FORCE if order.starts_at is not None and order.starts_at <= now else OrderStatus.ISSUED


def _period(order: Order) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of an order that was issued (a decision to issue always sets both)."""
    if order.starts_at is None or order.ends_at is None:
        raise ValidationError(_("This order was not issued."))
    return order.starts_at, order.ends_at


def _set_status(order: Order, status: str, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(order, name, value)
    order.status, order.status_changed_at = status, timezone.now()
    order.save(update_fields=["status", "status_changed_at", *fields])


@service
def order_decide(
    *,
    actor: User,
    order: Order,
    issued: bool,
    decided_at: datetime.datetime,
    starts_at: datetime.datetime | None = None,
    ends_on: datetime.date | None = None,
    conditions: list[dict[str, Any]] | None = None,
    refusal_text: str = "",
) -> Order:
    """The issuer's decision: an order issued runs from `starts_at` (the decision, unless given) to the end of
    `ends_on` (for a fixed duration, to the end the law sets); a refusal keeps its grounds, encrypted."""
    _ensure_may_edit(actor, order.case)
    _ensure_status(order, OrderStatus.APPLIED)
    _not_in_future(decided_at, "decided_at")
    if decided_at < order.applied_at:
        raise ValidationError({"decided_at": _("The decision cannot come before the application.")})
    version = version_of(order)
    country_code = order.territory.country_code
    copies = timed_deadlines(version, decided_at, (Deadline.NOTIFICATION,), country_code)[Deadline.NOTIFICATION]
    if not issued:
        text = _text(refusal_text, required=_("Give the grounds for the refusal."))
        _set_status(order, OrderStatus.REFUSED, decided_at=decided_at, decided_by=actor, refusal_text=text)
        _log(order, actor, ProtectionTimelineKind.ORDER_REFUSED, ProtectionAuditAction.ORDER_DECIDED, issued=False)
        return order
    starts_at = starts_at or decided_at
    if starts_at < order.applied_at:
        raise ValidationError({"starts_at": _("The order cannot start before the application.")})
    ends_at = _ends_at(starts_at, ends_on, version.duration, country_code)
    chosen = clean_conditions(version, conditions or [])
    if not chosen:
        raise ValidationError({"conditions": _("Choose what the order imposes.")})
    order.starts_at, order.ends_at = starts_at, ends_at
    _set_status(
        order,
        _status_by_dates(order, timezone.now()),
        decided_at=decided_at,
        decided_by=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        conditions=chosen,
        notification_due_at=copies,
    )
    _log(order, actor, ProtectionTimelineKind.ORDER_ISSUED, ProtectionAuditAction.ORDER_DECIDED, issued=True)
    emit(CaseEvent.ORDER_ISSUED, case_id=order.case_id, object_id=order.pk, actor_id=actor.pk)
    return order


def extension_count(order: Order) -> int:
    """How many times the order's protection was extended before it: the extensions up its chain."""
    count = 0
    while order.relation == Relation.EXTENDS and order.previous_id:
        count += 1
        order = Order.objects.only("relation", "previous_id").get(pk=order.previous_id)
    return count


@service
def order_extend(
    *, actor: User, order: Order, decided_at: datetime.datetime, ends_on: datetime.date | None = None
) -> Order:
    """An extension decided by the issuer: a new order that follows this one from its end, with the same parties
    and conditions, for a period the law allows; this one is marked extended. An order that has ended cannot be
    extended (apply for a new one)."""
    agency = _ensure_may_edit(actor, order.case)
    now = timezone.now()
    if order.status not in (OrderStatus.ISSUED, OrderStatus.IN_FORCE, OrderStatus.APPEALED) or _period(order)[1] <= now:
        raise ValidationError(_("Only an order still in force can be extended; apply for a new order instead."))
    _not_in_future(decided_at, "decided_at")
    version = version_of(order)
    rule = version.extension
    if not rule:
        raise ValidationError(_("The law does not let this order be extended."))
    if extension_count(order) >= rule["times"]:
        raise ValidationError(
            _("The law lets this order be extended %(count)s times, and it has been.") % {"count": rule["times"]}
        )
    country_code = order.territory.country_code
    ends_at = _ends_at(_period(order)[1], ends_on, rule["duration"], country_code)
    extension = Order.objects.create(
        case=order.case,
        territory=order.territory,
        measure=order.measure,
        rules_version=order.rules_version,
        applicant_kind=order.applicant_kind,
        applicant_agency=order.applicant_agency,
        respondent=order.respondent,
        issuer=order.issuer,
        applied_at=decided_at,
        recorded_by=actor,
        agency=agency,
        decided_at=decided_at,
        decided_by=actor,
        starts_at=order.ends_at,
        ends_at=ends_at,
        conditions=order.conditions,
        previous=order,
        relation=Relation.EXTENDS,
        status=OrderStatus.ISSUED,
        status_changed_at=timezone.now(),
    )
    extension.protected.set(order.protected.all())
    _set_status(order, OrderStatus.EXTENDED)
    _log(extension, actor, ProtectionTimelineKind.ORDER_EXTENDED, ProtectionAuditAction.ORDER_CHANGED, extends=order.pk)
    return extension


@service
def order_revoke(*, actor: User, order: Order, text: str, at: datetime.datetime | None = None) -> Order:
    """The issuer revoked the order (or the application was withdrawn): its protection ends at `at`."""
    _ensure_may_edit(actor, order.case)
    _ensure_status(order, OrderStatus.APPLIED, *PROTECTING)
    at = at or timezone.now()
    _not_in_future(at, "at")
    explanation = _text(text, required=_("Say why the order was revoked."))
    fields: dict[str, Any] = {"ended_text": explanation}
    if order.status != OrderStatus.APPLIED:
        starts_at, ends_at = _period(order)
        # Not before its start: an order revoked before it began ends a moment after it.
        fields["ends_at"] = min(ends_at, max(at, starts_at + datetime.timedelta(seconds=1)))
    _set_status(order, OrderStatus.REVOKED, **fields)
    _log(order, actor, ProtectionTimelineKind.ORDER_REVOKED, ProtectionAuditAction.ORDER_CHANGED)
    return order


@service
def order_appeal(*, actor: User, order: Order, appealed_at: datetime.datetime) -> Order:
    """An appeal against an issued order; the order still protects while it is heard."""
    _ensure_may_edit(actor, order.case)
    _ensure_status(order, OrderStatus.ISSUED, OrderStatus.IN_FORCE)
    _not_in_future(appealed_at, "appealed_at")
    if order.decided_at is not None and appealed_at < order.decided_at:
        raise ValidationError({"appealed_at": _("The appeal cannot come before the decision.")})
    _set_status(order, OrderStatus.APPEALED, appealed_at=appealed_at)
    _log(order, actor, ProtectionTimelineKind.ORDER_APPEALED, ProtectionAuditAction.ORDER_CHANGED)
    return order


@service
def order_appeal_decide(
    *, actor: User, order: Order, outcome: str, decided_at: datetime.datetime, text: str = ""
) -> Order:
    """Upheld, the order runs on (or has expired meanwhile); quashed, its protection ends at the decision."""
    _ensure_may_edit(actor, order.case)
    _ensure_status(order, OrderStatus.APPEALED)
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the appeal.")})
    _not_in_future(decided_at, "decided_at")
    if order.appealed_at is not None and decided_at < order.appealed_at:
        raise ValidationError({"decided_at": _("The decision cannot come before the appeal.")})
    explanation = _text(text)
    if outcome == AppealOutcome.UPHELD:
        _set_status(order, _status_by_dates(order, timezone.now()), appeal_outcome=outcome)
    else:
        starts_at, ends_at = _period(order)
        ends_at = min(ends_at, max(decided_at, starts_at + datetime.timedelta(seconds=1)))
        _set_status(order, OrderStatus.REVOKED, appeal_outcome=outcome, ends_at=ends_at, ended_text=explanation)
    _log(
        order, actor, ProtectionTimelineKind.ORDER_APPEAL_DECIDED, ProtectionAuditAction.ORDER_CHANGED, outcome=outcome
    )
    return order


@service
def order_record_dates(
    *,
    actor: User,
    order: Order,
    hearing_at: datetime.datetime | None = None,
    served_at: datetime.datetime | None = None,
) -> Order:
    """When the hearing was held, and when copies of the decision went to the parties and the police."""
    _ensure_may_edit(actor, order.case)
    fields: dict[str, Any] = {}
    if hearing_at is not None:
        _not_in_future(hearing_at, "hearing_at")
        if hearing_at < order.applied_at:
            raise ValidationError({"hearing_at": _("The hearing cannot come before the application.")})
        fields["hearing_at"] = hearing_at
    if served_at is not None:
        _not_in_future(served_at, "served_at")
        if order.decided_at is None or served_at < order.decided_at:
            raise ValidationError({"served_at": _("Copies are sent after the decision.")})
        fields["served_at"] = served_at
    if not fields:
        raise ValidationError(_("Give the time of the hearing or of the copies sent."))
    for name, value in fields.items():
        setattr(order, name, value)
    order.save(update_fields=list(fields))
    _log(
        order,
        actor,
        ProtectionTimelineKind.ORDER_SERVED if served_at else ProtectionTimelineKind.ORDER_HEARING,
        ProtectionAuditAction.ORDER_CHANGED,
        dates=sorted(fields),
    )
    return order


@service
def order_attach_document(*, actor: User, order: Order, upload: UploadedFile) -> Order:
    """The order's document, stored encrypted among the case's documents."""
    order.document = attachment_add(actor=actor, case=order.case, upload=upload, kind=AttachmentKind.COURT_DOCUMENT)
    order.save(update_fields=["document"])
    _log(
        order,
        actor,
        ProtectionTimelineKind.ORDER_DOCUMENT,
        ProtectionAuditAction.ORDER_CHANGED,
        document=order.document.pk,
    )
    return order


# ---- breaches -----------------------------------------------------------------------------------------------------


def issuer_recipients(order: Order) -> list[User]:
    """Who hears of an order at its issuing agency: its supervisors (the agency's own staff may not see the case)."""
    return list(agency_supervisors(order.issuer_id))


@service
def breach_record(
    *,
    actor: User,
    order: Order,
    occurred_at: datetime.datetime,
    reported_by_kind: str,
    conditions: list[str],
    response: str,
    description: str = "",
    response_text: str = "",
) -> Breach:
    """A breach of an order while it protected: the lead worker and the issuer hear of it, the case's risk
    reassessment falls due (risk module) and the "order breached" pathways apply (referrals module)."""
    agency = _ensure_may_edit(actor, order.case)
    if order.starts_at is None or order.ends_at is None or order.status in (OrderStatus.APPLIED, OrderStatus.REFUSED):
        raise ValidationError(_("Only an issued order can be breached."))
    _not_in_future(occurred_at, "occurred_at")
    if not order.starts_at <= occurred_at < order.ends_at:
        raise ValidationError({"occurred_at": _("The breach must fall within the order's period.")})
    if reported_by_kind not in ApplicantKind.values:
        raise ValidationError({"reported_by_kind": _("Choose who reported the breach.")})
    imposed = {item["code"] for item in order.conditions}
    if not conditions or set(conditions) - imposed:
        raise ValidationError({"conditions": _("Choose the conditions of this order that were breached.")})
    if response not in BreachResponse.values:
        raise ValidationError({"response": _("Choose the response to the breach.")})
    breach = Breach.objects.create(
        order=order,
        case=order.case,
        occurred_at=occurred_at,
        reported_by_kind=reported_by_kind,
        conditions=sorted(set(conditions)),
        description=_text(description),
        response=response,
        response_text=_text(response_text),
        recorded_by=actor,
        agency=agency,
        recorded_at=timezone.now(),
    )
    case_log(
        case=order.case,
        actor=actor,
        kind=ProtectionTimelineKind.BREACH_RECORDED,
        target=breach,
        action=ProtectionAuditAction.BREACH_RECORDED,
        order=order.pk,
        response=response,
    )
    recipients = [user for user in case_lead_recipients(order.case) + issuer_recipients(order) if user.pk != actor.pk]
    notify(
        recipients=recipients, kind=ProtectionNotification.ORDER_BREACHED, case=order.case, key=f"breach:{breach.pk}"
    )
    emit(CaseEvent.ORDER_BREACHED, case_id=order.case_id, object_id=breach.pk, actor_id=actor.pk)
    return breach


# ---- proceedings ------------------------------------------------------------------------------------------------


def qualifications_on(country_code: str, day: datetime.date):
    """The articles proceedings may be brought under for an act on `day`: those in force that day."""
    from django.db.models import Q

    return Qualification.objects.filter(country__code=country_code, effective_from__lte=day).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )


@service
def proceeding_open(
    *,
    actor: User,
    incident: Incident,
    kind: str,
    body: str,
    qualification: Qualification,
    registered_on: datetime.date,
    reference: str = "",
) -> Proceeding:
    """Proceedings that followed an incident, from the report registered, under an article in force on the day of
    the act (an act before a criminalisation date cannot be qualified under the new article)."""
    case = incident.case
    agency = _ensure_may_edit(actor, case)
    country_code = case.territory.country_code
    if kind not in ProceedingKind.values:
        raise ValidationError({"kind": _("Choose criminal or administrative proceedings.")})
    if body not in Body.values:
        raise ValidationError({"body": _("Choose the body that registered the report.")})
    act_day = country_local_date(country_code, incident.occurred_at)
    if qualification.kind != kind or not qualifications_on(country_code, act_day).filter(pk=qualification.pk).exists():
        raise ValidationError(
            {"qualification": _("Choose an article of this kind that was in force on the day of the incident.")}
        )
    if registered_on < act_day or registered_on > country_local_date(country_code, timezone.now()):
        raise ValidationError(
            {"registered_on": _("The report is registered after the incident, and not in the future.")}
        )
    proceeding = Proceeding.objects.create(
        case=case,
        incident=incident,
        territory=case.territory,
        kind=kind,
        body=body,
        qualification=qualification,
        reference=_text(reference),
        stage=Stage.REPORT_REGISTERED,
        stage_on=registered_on,
        recorded_by=actor,
        agency=agency,
        created_at=timezone.now(),
    )
    Step.objects.create(
        proceeding=proceeding,
        stage=Stage.REPORT_REGISTERED,
        on=registered_on,
        body=body,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    _log_stage(proceeding, actor, Stage.REPORT_REGISTERED)
    return proceeding


def _log_stage(proceeding: Proceeding, actor: User, stage: str) -> None:
    case_log(
        case=proceeding.case,
        actor=actor,
        kind=ProtectionTimelineKind.PROCEEDING_STAGE,
        target=proceeding,
        action=ProtectionAuditAction.PROCEEDING_CHANGED,
        stage=stage,
        qualification=proceeding.qualification.code,
    )


@service
def proceeding_advance(
    *,
    actor: User,
    proceeding: Proceeding,
    stage: str,
    on: datetime.date,
    body: str,
    end_reason: str = "",
    sanction: str = "",
    sanction_text: str = "",
) -> Proceeding:
    """The next stage of a proceeding, on or after the last one; one that ends it without a verdict gives the
    reason, a conviction or an administrative penalty the sanction."""
    _ensure_may_edit(actor, proceeding.case)
    if stage not in NEXT_STAGES.get(proceeding.stage, ()):
        raise ValidationError({"stage": _("This stage cannot follow the stage the proceedings are at.")})
    if body not in Body.values:
        raise ValidationError({"body": _("Choose the body that took this step.")})
    if on < proceeding.stage_on or on > country_local_date(proceeding.territory.country_code, timezone.now()):
        raise ValidationError({"on": _("The date falls on or after the last stage, and not in the future.")})
    if stage in STAGES_WITH_REASON and end_reason not in EndReason.values:
        raise ValidationError({"end_reason": _("Give the reason the proceedings ended.")})
    if stage in STAGES_WITH_SANCTION and sanction not in Sanction.values:
        raise ValidationError({"sanction": _("Give the sanction.")})
    Step.objects.create(
        proceeding=proceeding,
        stage=stage,
        on=on,
        body=body,
        end_reason=end_reason if stage in STAGES_WITH_REASON else "",
        sanction=sanction if stage in STAGES_WITH_SANCTION else "",
        sanction_text=_text(sanction_text) if stage in STAGES_WITH_SANCTION else "",
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    proceeding.stage, proceeding.stage_on, proceeding.body = stage, on, body
    proceeding.save(update_fields=["stage", "stage_on", "body"])
    _log_stage(proceeding, actor, stage)
    return proceeding

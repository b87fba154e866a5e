"""Writes for risk: storing instrument versions, assessments and their overrides, and the flags of a new incident.
Every service is atomic and refuses bad input with a translated ValidationError before writing anything."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.selectors import agency_supervisors
from concord.audit.services import audit_record
from concord.cases.choices import ParticipantRole
from concord.cases.extension import CaseEvent, case_log, emit
from concord.cases.models import Case, Incident, Participant
from concord.cases.rules import may_edit_case
from concord.cases.services import case_set_risk_standing, incident_set_flags
from concord.common.transactions import operation_memo, service
from concord.countries.calendar import Unit, add_months, working_calendar
from concord.countries.models import Country
from concord.notifications.services import notify
from concord.risk.choices import (
    PROTECTED_LEVELS,
    AssessmentSource,
    InstrumentStatus,
    Lowering,
    RiskAuditAction,
    RiskNotification,
    RiskTimelineKind,
)
from concord.risk.definitions import DefinitionInvalid, check_publishable, to_json
from concord.risk.models import Assessment, InstrumentVersion, ReassessmentCall, RiskRules
from concord.risk.rules import is_lowering_decider
from concord.risk.scoring import (
    MISSING,
    REFUSE,
    YES,
    Level,
    OverrideRefused,
    applicable_items,
    final_level,
    score,
)
from concord.risk.selectors import instruments_for_case, risk_rules_on

if TYPE_CHECKING:
    from concord.accounts.models import Agency, User


class InstrumentConflict(ValueError):
    """A published version exists under the same code and version with different content."""


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _content(data: dict) -> dict:
    # Status is not content: retiring a version in its file must not look like an edit of it.
    return {key: value for key, value in data.items() if key != "status"}


def instrument_digest(data: dict) -> str:
    """What identifies a version's content (not its status): a published version's digest never changes. The pack
    loader compares a file's digest with the published one to find a conflict before it writes anything."""
    return _digest(_content(to_json(data)))


@service
def instrument_publish(*, data: Any, source: str, actor: User | None) -> tuple[InstrumentVersion, bool]:
    """Store an instrument version from a parsed YAML/JSON definition. Returns (version, created).

    The same content again changes nothing (so packs load idempotently); a draft may be replaced; a published
    version with other content is refused: an edit needs a new version number."""
    problems = check_publishable(data)
    if problems:
        raise DefinitionInvalid(problems)
    stored = to_json(data)
    digest = instrument_digest(stored)
    status = stored.get("status", InstrumentStatus.DRAFT)
    values = {
        "method": stored["method"],
        "effective_from": datetime.date.fromisoformat(stored["effective_from"]),
        "effective_to": datetime.date.fromisoformat(stored["effective_to"]) if stored.get("effective_to") else None,
        "jurisdictions": stored["jurisdictions"],
        "name": stored["name"],
        "licence_note": stored.get("licence_note") or {},
        "definition": stored,
        "digest": digest,
    }
    existing = (
        InstrumentVersion.objects.select_for_update().filter(code=stored["code"], version=stored["version"]).first()
    )
    if existing is not None and existing.is_published and existing.digest != digest:
        raise InstrumentConflict(
            _(
                "Version %(version)s of %(code)s is published and differs from this file; give the edit a new "
                "version number."
            )
            % {"version": existing.version, "code": existing.code}
        )
    created = existing is None
    if existing is None:
        existing = InstrumentVersion(code=stored["code"], version=stored["version"], source=source, created_by=actor)
    elif existing.digest == digest and existing.status == status:
        return existing, False
    if not existing.is_published:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.source = source
    if existing.is_published and status == InstrumentStatus.DRAFT:
        raise InstrumentConflict(_("A published version cannot go back to draft."))
    existing.status = status
    existing.save()
    if actor is not None:
        audit_record(
            action=RiskAuditAction.RISK_INSTRUMENT_PUBLISHED,
            actor=actor,
            target=existing,
            details={"code": existing.code, "version": existing.version, "status": existing.status},
        )
    return existing, created


@service
def instrument_set_status(*, actor: User, instrument: InstrumentVersion, status: str) -> InstrumentVersion:
    if status not in InstrumentStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if instrument.is_published and status == InstrumentStatus.DRAFT:
        raise ValidationError({"status": _("A published version cannot go back to draft.")})
    if status == instrument.status:
        return instrument
    instrument.status = status
    instrument.save()
    audit_record(
        action=RiskAuditAction.RISK_INSTRUMENT_STATUS,
        actor=actor,
        target=instrument,
        details={"code": instrument.code, "version": instrument.version, "status": status},
    )
    return instrument


# ---- assessments -------------------------------------------------------------------------------------------------


def _country(case: Case) -> Country:
    code = case.territory.country_code
    # Read once per operation: an assessment asks for it five times (its rules, the review date, the standing).
    memo = operation_memo()
    if memo is None:
        return Country.objects.get(code=code)
    key = ("country", code)
    if key not in memo:
        memo[key] = Country.objects.get(code=code)
    return memo[key]


def _clean_answers(instrument: InstrumentVersion, answers: Mapping[str, Any]) -> dict[str, str]:
    """The answers to the items that apply, checked against their response type. Items that do not apply are
    dropped; a missing answer is an error, so that "not known" is always a choice someone made."""
    definition = instrument.parsed
    known = {item.code for item in definition.items}
    unexpected = sorted(set(answers) - known)
    if unexpected:
        raise ValidationError({"answers": _("Unknown questions: %(codes)s.") % {"codes": ", ".join(unexpected)}})
    normalised = {code: str(value) for code, value in answers.items() if value not in (None, "")}
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for item in applicable_items(definition, normalised):
        value = normalised.get(item.code)
        if value is None:
            errors[item.code] = _("Answer this question; choose “Not known” if nobody knows.")
        elif item.response == "scale":
            if value not in MISSING and not (value.isdigit() and 0 <= int(value) <= item.scale_max):
                errors[item.code] = _("Choose a value from 0 to %(max)s.") % {"max": item.scale_max}
        elif value not in {YES, "no", *MISSING}:
            errors[item.code] = _("Choose yes, no, not known or declined.")
        if value is not None:
            cleaned[item.code] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_review(case: Case, level: int | None, on: datetime.date) -> tuple[datetime.date | None, str]:
    return next_review_under(risk_rules_on(_country(case), on), case.territory.country_code, level, on)


def next_review_under(
    rules: RiskRules | None, country_code: str, level: int | None, on: datetime.date
) -> tuple[datetime.date | None, str]:
    """The next review after an assessment on `on` with a final `level`, under the country's risk rules of that day,
    and the rules' version."""
    if rules is None:
        return None, ""
    days = rules.review_days(level)
    if not days:
        return None, rules.version
    # Calendar days (the pack's review_days): a review may fall due on a day off, when risk does not rest.
    return working_calendar(country_code).deadline(on, days, Unit.DAYS), rules.version


def case_risk_refresh(case: Case) -> None:
    """Work out the case's standing level and next review from its assessments and incidents, and store them on
    the case for lists, filters and the reassessment schedule (DESIGN.md, "The case's level")."""
    country = _country(case)
    rows = list(
        case.assessments.order_by("assessed_at", "pk").values(
            "pk", "assessed_at", "incomplete", "final_level", "next_review_on", "lowering"
        )
    )
    latest = rows[-1]["assessed_at"] if rows else None
    incidents = case.incidents.all() if latest is None else case.incidents.filter(recorded_at__gt=latest)
    calls = ReassessmentCall.objects.filter(case=case)
    calls = calls if latest is None else calls.filter(called_at__gt=latest)
    first_new = min(
        (
            moment
            for moment in (
                incidents.order_by("recorded_at").values_list("recorded_at", flat=True).first(),
                calls.order_by("called_at").values_list("called_at", flat=True).first(),
            )
            if moment is not None
        ),
        default=None,
    )
    level, assessed_at, next_review_on = risk_standing(
        rows, None if first_new is None else country.local_date(first_new)
    )
    case_set_risk_standing(case=case, level=level, assessed_at=assessed_at, next_review_on=next_review_on)


def reassessment_call(*, case_id: int, object_id: int | None, actor_id: int | None, event: str) -> None:
    """Another module's event that calls for a reassessment (a breach of a protection order): due from today.
    Idempotent, so a replayed event changes nothing."""
    if object_id is None:
        return
    call, created = ReassessmentCall.objects.get_or_create(
        event=event, object_id=object_id, defaults={"case_id": case_id, "called_at": timezone.now()}
    )
    if created:
        case_risk_refresh(Case.objects.select_related("territory").get(pk=case_id))


def on_order_breached(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    reassessment_call(case_id=case_id, object_id=object_id, actor_id=actor_id, event="order_breached")


def on_programme_left(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    reassessment_call(case_id=case_id, object_id=object_id, actor_id=actor_id, event="programme_left")


def risk_standing(
    rows: list[dict[str, Any]], first_new_incident_on: datetime.date | None
) -> tuple[int | None, datetime.datetime | None, datetime.date | None]:
    """The standing level, when it was assessed, and the next review, from a case's assessments (oldest first: pk,
    assessed_at, incomplete, final_level, next_review_on, lowering) and the day of the first incident recorded
    after the latest of them.

    The level is that of the latest complete assessment in effect: a lowering that awaits or was refused a
    supervisor's confirmation is not in effect. A later incomplete assessment never lowers or clears it; its
    red-flag floor may raise it, and its earlier review date counts. An incident (or a breach of a protection
    order) recorded after the latest assessment makes a reassessment due on the day it was recorded."""
    in_effect = [row for row in rows if row["lowering"] not in {Lowering.PENDING, Lowering.REJECTED}]
    complete = [row for row in in_effect if not row["incomplete"]]
    base = complete[-1] if complete else None
    level = base["final_level"] if base else None
    assessed_at = base["assessed_at"] if base else None
    reviews = [base["next_review_on"]] if base else []
    for row in in_effect[in_effect.index(base) + 1 if base else 0 :]:
        # Only incomplete ones follow the latest complete assessment in effect.
        if row["final_level"] is not None and (level is None or row["final_level"] > level):
            level, assessed_at = row["final_level"], row["assessed_at"]
        reviews.append(row["next_review_on"])
    if first_new_incident_on is not None:
        reviews.append(first_new_incident_on)
    due = [day for day in reviews if day is not None]
    return level, assessed_at, min(due) if due else None


def _record(actor: User, case: Case, assessment: Assessment, step: str) -> None:
    """The timeline entry and audit event of a step in an assessment's life: assessed, override, or a supervisor's
    decision on a lower level."""
    level = None if assessment.final_level is None else Level(assessment.final_level).name
    case_log(
        case=case,
        actor=actor,
        kind=RiskTimelineKind.RISK_ASSESSED,
        target=assessment,
        action=RiskAuditAction.RISK_ASSESSED,
        step=step,
        level=level,
        instrument=str(assessment.instrument),
    )


def _acting_agency(actor: User, case: Case) -> Agency:
    """The agency the actor writes for, after checking that they may change the case."""
    agency = actor.agency
    if agency is None or not may_edit_case(actor, case):
        raise PermissionDenied
    return agency


def _override(instrument: InstrumentVersion, computed: int | None, level: int | None, rationale: str) -> int | None:
    if level is None:
        return computed
    if not instrument.overrides_allowed:
        raise ValidationError({"override_level": _("This instrument does not allow an override.")})
    try:
        result = final_level(None if computed is None else Level(computed), Level(level), rationale)
    except OverrideRefused as refusal:
        if refusal.field == "rationale":
            raise ValidationError({"override_rationale": _("Give the reason for the override.")}) from refusal
        raise ValidationError({"override_level": _("An override may only raise the level.")}) from refusal
    return None if result is None else int(result)


@service
def assessment_create(
    *,
    actor: User,
    case: Case,
    instrument: InstrumentVersion,
    answers: Mapping[str, Any],
    source: str,
    perpetrator: Participant | None = None,
    override_level: int | None = None,
    override_rationale: str = "",
    lowering_reason: str = "",
    assessed_at: datetime.datetime | None = None,
) -> Assessment:
    """Score the answers with the exact instrument version and store the result; the case's standing level and
    next review follow (case_risk_refresh).

    A result below the case's HIGH or EXTREME level needs a reason; the lead worker and the owning agency's
    supervisors are told, and where the country's risk rules say so the lower level waits for a supervisor of the
    owning agency to confirm it. An incomplete result never lowers anything."""
    agency = _acting_agency(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    country = _country(case)
    assessed_at = assessed_at or timezone.now()
    day = country.local_date(assessed_at)
    errors: dict[str, str] = {}
    if instrument.pk not in {usable.pk for usable in instruments_for_case(case, day)}:
        errors["instrument"] = _("This instrument is not in use for this case's country.")
    if source not in AssessmentSource.values:
        errors["source"] = _("Choose where the answers come from.")
    if perpetrator is not None and (
        perpetrator.case_id != case.pk or perpetrator.role != ParticipantRole.ALLEGED_PERPETRATOR
    ):
        errors["perpetrator"] = _("Choose an alleged perpetrator of this case.")
    if assessed_at > timezone.now():
        errors["assessed_at"] = _("An assessment cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    cleaned = _clean_answers(instrument, answers)
    result = score(instrument.parsed, cleaned)
    if result.incomplete and instrument.parsed.too_many_unknown == REFUSE:
        raise ValidationError(
            {
                "answers": _(
                    "%(count)s answers are not known or declined; this instrument takes at most %(max)s. Find out "
                    "more before assessing."
                )
                % {"count": result.unknown_count, "max": instrument.parsed.max_unknown}
            }
        )
    computed = None if result.computed_level is None else int(result.computed_level)
    final = _override(instrument, computed, override_level, override_rationale)
    next_review_on, rules_version = _next_review(case, final, day)
    lowered_from = _lowers(case, final, incomplete=result.incomplete, assessed_at=assessed_at)
    lowering = ""
    if lowered_from is not None:
        if len(lowering_reason.strip()) < 10:
            raise ValidationError(
                {"lowering_reason": _("This would lower the case's level: say why the risk is lower now.")}
            )
        rules = risk_rules_on(country, day)
        lowering = Lowering.PENDING if rules and rules.lowering_needs_confirmation else Lowering.APPLIED
    survivor = case.participants.get(role=ParticipantRole.SURVIVOR)
    assessment = Assessment.objects.create(
        case=case,
        survivor=survivor,
        perpetrator=perpetrator,
        instrument=instrument,
        assessor=actor,
        agency=agency,
        source=source,
        assessed_at=assessed_at,
        answers_json=json.dumps(cleaned, sort_keys=True),
        findings_json=json.dumps({"red_flags": result.red_flags, "driving_factors": result.driving_factors}),
        score=result.score,
        score_is_minimum=result.score_is_minimum,
        unknown_count=result.unknown_count,
        incomplete=result.incomplete,
        computed_level=computed,
        override_level=override_level if final != computed else None,
        override_rationale=override_rationale.strip() if final != computed else "",
        final_level=final,
        rules_version=rules_version,
        next_review_on=next_review_on,
        lowered_from=lowered_from,
        lowering_reason=lowering_reason.strip() if lowered_from is not None else "",
        lowering=lowering,
    )
    case_risk_refresh(case)
    _record(actor, case, assessment, "assessed")
    emit(CaseEvent.ASSESSMENT_COMPLETED, case_id=case.pk, object_id=assessment.pk, actor_id=actor.pk)
    if lowering:
        kind = RiskNotification.RISK_LOWERING_PENDING if lowering == Lowering.PENDING else RiskNotification.RISK_LOWERED
        notify(recipients=_lowering_recipients(case, actor), kind=kind, case=case)
    return assessment


def _lowers(case: Case, final: int | None, *, incomplete: bool, assessed_at: datetime.datetime) -> int | None:
    """The case's standing level, when a new result would take its place at a lower level and that level is one
    that may not fall silently (HIGH, EXTREME); otherwise None."""
    standing = case.risk_level
    if incomplete or final is None or standing is None or standing not in PROTECTED_LEVELS or final >= standing:
        return None
    if case.risk_assessed_at is not None and assessed_at < case.risk_assessed_at:
        return None  # entered after the fact, older than the standing assessment: it does not take its place
    return standing


def _lowering_recipients(case: Case, actor: User) -> list[User]:
    recipients = list(agency_supervisors(case.owning_agency_id))
    if case.lead_worker_id is not None and case.lead_worker is not None:
        recipients.append(case.lead_worker)
    return [user for user in recipients if user.pk != actor.pk]


@service
def assessment_decide_lowering(*, actor: User, assessment: Assessment, confirm: bool) -> Assessment:
    """A supervisor of the owning agency, other than the assessor, confirms a pending lower level (the case takes
    it) or refuses it (the case keeps its level and schedule)."""
    case = Case.objects.select_for_update().get(pk=assessment.case_id)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not is_lowering_decider(actor, assessment):
        raise PermissionDenied
    if assessment.lowering != Lowering.PENDING:
        raise ValidationError({"lowering": _("No lower level of this assessment awaits a decision.")})
    assessment.lowering = Lowering.CONFIRMED if confirm else Lowering.REJECTED
    assessment.lowering_decided_by = actor
    assessment.lowering_decided_at = timezone.now()
    assessment.save(update_fields=["lowering", "lowering_decided_by", "lowering_decided_at"])
    case_risk_refresh(case)
    _record(actor, case, assessment, "lowering_confirmed" if confirm else "lowering_rejected")
    notify(
        recipients=[user for user in (assessment.assessor, case.lead_worker) if user is not None and user != actor],
        kind=RiskNotification.RISK_LOWERING_DECIDED,
        case=case,
    )
    return assessment


@service
def assessment_override(*, actor: User, assessment: Assessment, level: int, rationale: str) -> Assessment:
    """Raise the level by professional judgement after the computed level was seen. Once per assessment: a later
    change of view is a new assessment."""
    case = assessment.case
    _acting_agency(actor, case)
    if assessment.override_level is not None:
        raise ValidationError({"override_level": _("This assessment already has an override.")})
    if case.assessments.order_by("-assessed_at", "-pk").values_list("pk", flat=True).first() != assessment.pk:
        raise ValidationError({"override_level": _("Only the latest assessment of a case can be overridden.")})
    final = _override(assessment.instrument, assessment.computed_level, level, rationale)
    assessment.override_level = level
    assessment.override_rationale = rationale.strip()
    assessment.final_level = final
    assessed_on = _country(case).local_date(assessment.assessed_at)
    assessment.next_review_on, assessment.rules_version = _next_review(case, final, assessed_on)
    if assessment.lowered_from is not None and final is not None and final >= assessment.lowered_from:
        # Raised back to where the case stood: nothing is lowered any more, and nothing awaits a supervisor.
        assessment.lowered_from, assessment.lowering = None, ""
    assessment.save(
        update_fields=[
            "override_level",
            "override_rationale",
            "final_level",
            "next_review_on",
            "rules_version",
            "lowered_from",
            "lowering",
        ]
    )
    case_risk_refresh(case)
    _record(actor, case, assessment, "override")
    return assessment


# ---- flags on a new incident -------------------------------------------------------------------------------------


def incident_flags_under(
    rules: RiskRules, day: datetime.date, incident_days: list[datetime.date], referral: datetime.date | None
) -> tuple[bool, bool]:
    """Whether an incident on `day` is a repeat (within the window after the case's last monitoring-group
    referral) and whether it signals escalation (enough of the case's incidents, `incident_days`, in the window
    ending on it)."""
    is_repeat = referral is not None and referral <= day <= add_months(referral, rules.repeat_window_months)
    window_start = add_months(day, -rules.escalation_window_months)
    is_escalation = sum(1 for other in incident_days if window_start < other <= day) >= rules.escalation_count
    return is_repeat, is_escalation


def incident_flag(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    """Repeat and escalation flags of a newly recorded incident (DOMAIN.md §1.6), stored with the rule version
    that raised them, and a reassessment made due: a new incident always calls for one. Runs after the incident
    was committed (cases.extension); a flag raised goes on the case's timeline."""
    incident = Incident.objects.select_related("case__territory").get(pk=object_id)
    case = incident.case
    country = _country(case)
    rules = risk_rules_on(country, country.today())
    if rules is not None:
        dates = [country.local_date(occurred) for occurred in case.incidents.values_list("occurred_at", flat=True)]
        is_repeat, is_escalation = incident_flags_under(
            rules, country.local_date(incident.occurred_at), dates, case.last_group_referral_on
        )
        incident_set_flags(incident=incident, is_repeat=is_repeat, is_escalation=is_escalation, version=rules.version)
        if is_repeat or is_escalation:
            case_log(
                case=case,
                actor=None,
                kind=RiskTimelineKind.INCIDENT_FLAGGED,
                target=incident,
                is_repeat=is_repeat,
                is_escalation=is_escalation,
                rules=rules.version,
            )
    case_risk_refresh(case)

"""Pathways: the pack's rules that refer a case or propose it to the monitoring group when something happens to
it. Each rule is applied once per case, rule and event (PathwayFiring); a referral it makes names the rule and its
version and goes through `referral_send` like any other. Handlers of case events run after the change was
committed; `jobs.apply_pathways` applies what a failed handler left undone."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from concord.accounts.models import User
from concord.cases.choices import ParticipantRole
from concord.cases.extension import case_log
from concord.cases.models import Case, Incident, Participant
from concord.countries.clock import country_today
from concord.notifications.services import notify
from concord.referrals import selectors
from concord.referrals.choices import (
    OPEN_STATES,
    FiringOutcome,
    ProposalState,
    ReferralAuditAction,
    ReferralNotification,
    ReferralTimelineKind,
    Trigger,
)
from concord.referrals.models import AgencyService, GroupProposal, PathwayFiring, PathwayRule, Referral
from concord.territory.selectors import territory_prefixes


def _target_services(case: Case, rule: PathwayRule) -> list[AgencyService]:
    """The agencies of the rule's kind offering the rule's service to the case's territory, the closest first (a
    district's before a region's)."""
    services = selectors.services_serving(case.territory, agency_kind=rule.target_kind).filter(
        service_type__code=rule.service_code
    )
    prefixes = set(territory_prefixes(case.territory))

    def closeness(service: AgencyService) -> tuple[int, int]:
        depth = max((len(area.path) for area in service.areas.all() if area.path in prefixes), default=0)
        return (-depth, service.pk)

    from concord.referrals.services import eligibility_error

    eligible = [service for service in services.prefetch_related("areas") if not eligibility_error(service, case)]
    return sorted(eligible, key=closeness)


def _justification(rule: PathwayRule, case: Case) -> str:
    from concord.countries.models import Country

    language = (
        Country.objects.filter(code=case.territory.country_code).values_list("default_language", flat=True).first()
    )
    texts = rule.justification or {}
    return texts.get(language or "en") or texts.get("en", "")


def apply_rule(*, rule: PathwayRule, case: Case, event_key: str, actor: User) -> PathwayFiring | None:
    """Apply one rule to a case for one event; None when it was applied for that event already."""
    from concord.referrals.services import referral_send

    if PathwayFiring.objects.filter(
        case=case, rule__code=rule.code, rule__country=rule.country, event_key=event_key
    ).exists():
        return None
    firing = PathwayFiring(case=case, rule=rule, event_key=event_key, actor=actor)
    service: AgencyService | None = None
    consent = None
    if rule.action == PathwayRule.Action.PROPOSE_TO_GROUP:
        pending = GroupProposal.objects.filter(case=case, state=ProposalState.PENDING).exists()
        firing.outcome = FiringOutcome.ALREADY_OPEN if pending else FiringOutcome.PROPOSED_TO_GROUP
    else:
        open_referral = Referral.objects.filter(case=case, pathway__code=rule.code, state__in=OPEN_STATES).exists()
        candidates = [] if open_referral else _target_services(case, rule)
        service = candidates[0] if candidates else None
        if open_referral:
            firing.outcome = FiringOutcome.ALREADY_OPEN
        elif service is None:
            firing.outcome = FiringOutcome.NO_AGENCY
        elif rule.basis == "consent":
            # The closest agency the survivor consented to; without one, the closest waits for her consent.
            for candidate in candidates:
                consents = selectors.referral_consents(case, candidate.agency)
                if consents:
                    service, consent = candidate, consents[0]
                    break
            firing.outcome = FiringOutcome.REFERRED if consent else FiringOutcome.AWAITING_CONSENT
        else:
            firing.outcome = FiringOutcome.REFERRED
        own_agency = actor.agency is not None and service is not None and service.agency_id == actor.agency.pk
        if firing.outcome == FiringOutcome.REFERRED and own_agency:
            firing.outcome = FiringOutcome.ALREADY_OPEN
    try:
        # The firing is claimed before anything is sent: the same event handled twice at once (the handler and the
        # tick) makes one referral, not two.
        with transaction.atomic():
            firing.save()
    except IntegrityError:
        return None
    if firing.outcome == FiringOutcome.REFERRED and service is not None and actor.agency is not None:
        firing.referral = referral_send(
            actor=actor,
            case=case,
            service=service,
            urgency=rule.urgency,
            reason=rule.name_en if not rule.names else rule.name,
            consent=consent,
            legal_exception="" if consent else rule.basis,
            justification="" if consent else _justification(rule, case),
            pathway=rule,
        )
        firing.save(update_fields=["referral"])
    if firing.outcome == FiringOutcome.PROPOSED_TO_GROUP:
        GroupProposal.objects.create(case=case, firing=firing)
    case_log(
        case=case,
        actor=actor,
        kind=ReferralTimelineKind.PATHWAY_FIRED,
        target=firing,
        action=ReferralAuditAction.PATHWAY_FIRED,
        pathway=rule.code,
        pathway_version=rule.version,
        outcome=firing.outcome,
    )
    notify(
        recipients=[actor],
        kind=ReferralNotification.PATHWAY_APPLIED,
        case=case,
        key=f"pathway:{firing.pk}",
    )
    return firing


def _fire(case: Case, trigger: str, event_key: str, actor: User | None, *, agency_kind: str = "", level=None) -> list:
    if actor is None:
        return []
    fired = []
    for rule in selectors.pathways_in_force(
        case.territory.country_code, country_today(case.territory.country_code), trigger
    ):
        wanted_kind = rule.conditions.get("agency_kind")
        if wanted_kind and wanted_kind != agency_kind:
            continue
        min_level = rule.conditions.get("min_level")
        if min_level is not None and (level is None or level < min_level):
            continue
        firing = apply_rule(rule=rule, case=case, event_key=event_key, actor=actor)
        if firing is not None:
            fired.append(firing)
    return fired


def _user(actor_id: int | None) -> User | None:
    return User.objects.filter(pk=actor_id, is_active=True).first() if actor_id else None


def on_incident(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    incident = (
        Incident.objects.select_related("case__territory", "reporting_agency__kind", "recorded_by")
        .filter(pk=object_id)
        .first()
    )
    if incident is None:
        return
    actor = _user(actor_id) or incident.recorded_by
    incidents_pathways(incident, actor)


def incidents_pathways(incident: Incident, actor: User) -> list:
    """Every trigger an incident may fire: recorded by an agency of a kind, children in the household, repeat
    and escalation flags (set by the risk module beforehand; the tick job looks again later)."""
    case = incident.case
    reporter = incident.reporting_agency or actor.agency
    kind = reporter.kind.code if reporter is not None else ""
    key = f"incident:{incident.pk}"
    fired = _fire(case, Trigger.INCIDENT_RECORDED, key, actor, agency_kind=kind)
    children = (
        incident.children_present
        or incident.children_witnessed
        or case.participants.filter(role=ParticipantRole.CHILD, lives_with_survivor=True).exists()
    )
    if children:
        fired += _fire(case, Trigger.CHILD_IN_HOUSEHOLD, key, actor)
    if incident.is_repeat:
        fired += _fire(case, Trigger.REPEAT, key, actor)
    if incident.is_escalation:
        fired += _fire(case, Trigger.ESCALATION, key, actor)
    return fired


def on_participant(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    participant = Participant.objects.select_related("case__territory").filter(pk=object_id).first()
    actor = _user(actor_id)
    if participant is None or actor is None:
        return
    if participant.role == ParticipantRole.CHILD and participant.lives_with_survivor:
        _fire(participant.case, Trigger.CHILD_IN_HOUSEHOLD, f"participant:{participant.pk}", actor)


def on_assessment(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    """An assessment leaves its level on the case (the risk module sets `risk_level`); that level is compared."""
    case = Case.objects.select_related("territory").filter(pk=case_id).first()
    actor = _user(actor_id)
    if case is None or actor is None:
        return
    _fire(case, Trigger.ASSESSMENT_LEVEL, f"assessment:{object_id}", actor, level=case.risk_level)


def on_order_issued(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    _on_order(case_id, object_id, actor_id, Trigger.ORDER_ISSUED)


def on_order_breached(*, case_id: int, object_id: int | None, actor_id: int | None) -> None:
    _on_order(case_id, object_id, actor_id, Trigger.ORDER_BREACHED)


def _on_order(case_id: int, object_id: int | None, actor_id: int | None, trigger: str) -> None:
    case = Case.objects.select_related("territory").filter(pk=case_id).first()
    actor = _user(actor_id)
    if case is None or actor is None:
        return
    _fire(case, trigger, f"{trigger}:{object_id}", actor)

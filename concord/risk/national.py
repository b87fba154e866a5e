"""The risk module's part of the national data set (concord.cases.national): incident flags, one to three
assessments per case after it was opened, and the case's standing level and next review worked out by the same
functions the services use."""

from __future__ import annotations

import datetime
import json
from functools import cache

from django.db import models
from django.utils import timezone

from concord.cases.national import Chunk, GeneratedCase
from concord.countries.clock import country_local_date, zone_of
from concord.countries.models import Country
from concord.risk.choices import AssessmentSource, Lowering, RiskAuditAction, RiskTimelineKind
from concord.risk.models import Assessment, InstrumentVersion, RiskRules
from concord.risk.scoring import REFUSE, Level, score
from concord.risk.selectors import risk_rules_on
from concord.risk.services import (
    _clean_answers,
    _lowers,
    incident_flags_under,
    next_review_under,
    risk_standing,
)

LOWERING_REASON = "Generated: reassessed at a follow-up visit; the situation has eased."


class RiskSection:
    models: tuple[type[models.Model], ...] = (Assessment,)

    def __init__(self) -> None:
        self.instrument: InstrumentVersion | None = None
        self.country: Country | None = None

    def build(self, chunk: Chunk) -> None:
        country = chunk.run.country
        if self.country != country:
            self.country = country
            usable = InstrumentVersion.objects.in_force_on(chunk.run.now.date()).for_country(country.code)
            self.instrument = usable[0] if usable else None
            self._rules.cache_clear()
        for generated in chunk.cases:
            self._flags(chunk, generated)
            if self.instrument is not None:
                self._assessments(chunk, generated, self.instrument)

    @cache  # noqa: B019 - one section per run; cleared when the country changes
    def _rules(self, day: datetime.date) -> RiskRules | None:
        assert self.country is not None
        return risk_rules_on(self.country, day)

    def _flags(self, chunk: Chunk, generated: GeneratedCase) -> None:
        code = chunk.run.country.code
        rules = self._rules(chunk.run.now.date())
        if rules is None:
            return
        days = [country_local_date(code, incident.occurred_at) for incident in generated.incidents]
        for incident, day in zip(generated.incidents, days, strict=True):
            _repeat, escalation = incident_flags_under(rules, day, days, None)
            incident.is_escalation, incident.flag_rules_version = escalation, rules.version
            if escalation:
                chunk.log(
                    generated,
                    RiskTimelineKind.INCIDENT_FLAGGED,
                    incident.recorded_at,
                    by_system=True,
                    target=incident,
                    is_repeat=False,
                    is_escalation=True,
                    rules=rules.version,
                )

    def _assessments(self, chunk: Chunk, generated: GeneratedCase, instrument: InstrumentVersion) -> None:
        rng, case, code = chunk.rng, generated.case, chunk.run.country.code
        noon = datetime.datetime.combine(instrument.effective_from, datetime.time(12))
        earliest = max(case.opened_at, timezone.make_aware(noon, zone_of(code)))
        until = case.closed_at or chunk.now
        if until <= earliest:
            return
        count = rng.choices([1, 2, 3], weights=[50, 30, 20])[0]
        severity = rng.choice([0.02, 0.06, 0.12, 0.25, 0.45])
        rows = []
        for index in range(count):
            # The first at the first meeting, the others spread over the time the case stayed open.
            if index == 0:
                assessed_at = min(until, earliest + datetime.timedelta(hours=rng.randint(1, 48)))
            else:
                assessed_at = earliest + (until - earliest) * (index + rng.random()) / count
            answers = {
                item.code: "unknown" if rng.random() < 0.04 else ("yes" if rng.random() < severity else "no")
                for item in instrument.parsed.items
            }
            answers = _clean_answers(instrument, answers)
            result = score(instrument.parsed, answers)
            if result.incomplete and instrument.parsed.too_many_unknown == REFUSE:
                continue  # the assessor would have had to find out more first
            computed = None if result.computed_level is None else int(result.computed_level)
            day = country_local_date(code, assessed_at)
            next_review_on, version = next_review_under(self._rules(day), code, computed, day)
            lowered_from = _lowers(case, computed, incomplete=result.incomplete, assessed_at=assessed_at)
            assessment = chunk.add(
                Assessment(
                    case_id=case.pk,
                    survivor_id=generated.survivor.pk,
                    perpetrator_id=generated.perpetrators[0].pk,
                    instrument_id=instrument.pk,
                    assessor_id=generated.lead_id,
                    agency_id=case.owning_agency_id,
                    source=rng.choice(list(AssessmentSource.values)),
                    assessed_at=assessed_at,
                    answers_json=json.dumps(answers, sort_keys=True),
                    findings_json=json.dumps(
                        {"red_flags": result.red_flags, "driving_factors": result.driving_factors}
                    ),
                    score=result.score,
                    score_is_minimum=result.score_is_minimum,
                    unknown_count=result.unknown_count,
                    incomplete=result.incomplete,
                    computed_level=computed,
                    final_level=computed,
                    rules_version=version,
                    next_review_on=next_review_on,
                    lowered_from=lowered_from,
                    lowering_reason=LOWERING_REASON if lowered_from is not None else "",
                    # Generated lowerings were confirmed: the data set has no decisions waiting.
                    lowering=Lowering.APPLIED if lowered_from is not None else "",
                    created_at=assessed_at,
                )
            )
            rows.append(
                {
                    "pk": assessment.pk,
                    "assessed_at": assessed_at,
                    "incomplete": result.incomplete,
                    "final_level": computed,
                    "next_review_on": next_review_on,
                    "lowering": assessment.lowering,
                }
            )
            case.risk_level, case.risk_assessed_at, case.next_risk_review_on = risk_standing(rows, None)
            chunk.log(
                generated,
                RiskTimelineKind.RISK_ASSESSED,
                assessed_at,
                target=assessment,
                action=RiskAuditAction.RISK_ASSESSED,
                step="assessed",
                level=None if computed is None else Level(computed).name,
                instrument=str(instrument),
            )
            severity = min(0.9, max(0.0, severity + rng.choice([-0.15, 0.0, 0.1, 0.2])))

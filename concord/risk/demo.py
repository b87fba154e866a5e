"""The risk module's part of the demo cases (registered with cases.demo in RiskConfig.ready())."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from concord.accounts.models import User
from concord.cases.models import Case, Participant, TimelineEntry
from concord.countries.clock import zone_of
from concord.countries.models import Country
from concord.risk.selectors import instruments_for_case
from concord.risk.services import assessment_create


def seed_assessments(
    rng: random.Random, actor: User, case: Case, alleged: Participant, opened: datetime.datetime
) -> None:
    """One to three assessments between opening and now, the last one recent enough that some reassessments are
    due, some overdue and some ahead: the home page and the history chart then have something to show."""
    day = Country.objects.get(code=case.territory.country_code).today()
    instruments = instruments_for_case(case, day)
    if not instruments:
        return
    instrument = instruments[0]
    severity = rng.choice([0.02, 0.06, 0.12, 0.25, 0.45])
    last = timezone.now() - datetime.timedelta(days=rng.randint(0, 70), hours=rng.randint(0, 8))
    count = rng.choices([1, 2, 3], weights=[50, 30, 20])[0]
    # Noon of the first day in force, where the case is (the instrument's dates are the country's days).
    noon = datetime.datetime.combine(instrument.effective_from, datetime.time(12))
    in_force = timezone.make_aware(noon, zone_of(case.territory.country_code))
    earliest = max(opened, in_force)
    span = max(1, (last - earliest).days)
    for index in range(count):
        assessed_at = max(earliest, last - datetime.timedelta(days=span * (count - 1 - index) // count))
        answers = {
            item["code"]: "unknown" if rng.random() < 0.04 else ("yes" if rng.random() < severity else "no")
            for item in instrument.definition["items"]
        }
        assessment = assessment_create(
            actor=actor,
            case=case,
            instrument=instrument,
            answers=answers,
            source=rng.choice(["interview", "interview", "both", "records"]),
            perpetrator=alleged,
            assessed_at=assessed_at,
            lowering_reason="Demo: reassessed at a follow-up visit; the situation has eased.",
        )
        TimelineEntry.objects.filter(case=case, kind="risk_assessed", object_id=assessment.pk).update(
            occurred_at=assessed_at
        )
        severity = min(0.9, max(0.0, severity + rng.choice([-0.15, 0.0, 0.1, 0.2])))

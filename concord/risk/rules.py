"""Object rules of risk assessments (see concord/cases/rules.py for the case's own)."""

from __future__ import annotations

import rules

from concord.cases.rules import is_owning_supervisor, may_edit_case
from concord.risk.scoring import Level


@rules.predicate
def is_latest_assessment(user, assessment) -> bool:
    latest = assessment.case.assessments.order_by("-assessed_at", "-pk").values_list("pk", flat=True).first()
    return latest == assessment.pk


@rules.predicate
def may_override_assessment(user, assessment) -> bool:
    """Professional judgement raises the latest assessment once, where the instrument allows it and the level can
    still rise."""
    return (
        assessment.override_level is None
        and assessment.instrument.overrides_allowed
        and (assessment.computed_level is None or assessment.computed_level < Level.EXTREME)
        and may_edit_case(user, assessment.case)
        and is_latest_assessment(user, assessment)
    )


@rules.predicate
def is_lowering_decider(user, assessment) -> bool:
    """A supervisor of the owning agency decides on a lower level, never the one who assessed it."""
    return user.pk != assessment.assessor_id and is_owning_supervisor(user, assessment.case)


@rules.predicate
def may_decide_lowering(user, assessment) -> bool:
    return assessment.lowering_pending and is_lowering_decider(user, assessment)


rules.add_perm("risk.override_assessment", may_override_assessment)
rules.add_perm("risk.decide_lowering", may_decide_lowering)

"""GBVIMS classification (DOMAIN.md §2): the six core types in order of severity, the first that applies wins.

The type depends only on the acts, never on the relationship; the case context is derived separately. Both are
for statistics and must never restrict services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from concord.cases.choices import (
    FAMILY_RELATIONSHIPS,
    INTIMATE_PARTNER_RELATIONSHIPS,
    CaseContext,
    GbvType,
    ViolenceAct,
)

# The ordered rule: each core type with the acts that make it apply.
GBVIMS_ORDER: tuple[tuple[GbvType, frozenset[str]], ...] = (
    (GbvType.RAPE, frozenset({ViolenceAct.PENETRATION})),
    (GbvType.SEXUAL_ASSAULT, frozenset({ViolenceAct.ATTEMPTED_RAPE, ViolenceAct.SEXUAL_TOUCHING, ViolenceAct.FGM})),
    (
        GbvType.PHYSICAL_ASSAULT,
        frozenset({ViolenceAct.HITTING, ViolenceAct.STRANGULATION, ViolenceAct.BURNING, ViolenceAct.WEAPON_ATTACK}),
    ),
    (GbvType.FORCED_MARRIAGE, frozenset({ViolenceAct.FORCED_MARRIAGE})),
    (GbvType.DENIAL_OF_RESOURCES, frozenset({ViolenceAct.DENIAL_OF_RESOURCES, ViolenceAct.DENIAL_OF_EDUCATION})),
    (
        GbvType.PSYCHOLOGICAL_ABUSE,
        frozenset(
            {
                ViolenceAct.THREATS,
                ViolenceAct.HUMILIATION,
                ViolenceAct.ISOLATION,
                ViolenceAct.STALKING,
                ViolenceAct.DESTRUCTION,
                ViolenceAct.CONFINEMENT,
            }
        ),
    ),
)

SEXUAL_TYPES = {GbvType.RAPE, GbvType.SEXUAL_ASSAULT}
# The forms of violence the national laws and EIGE's indicators count (physical, sexual, psychological, economic).
PHYSICAL_ACTS = frozenset(GBVIMS_ORDER[2][1])
SEXUAL_ACTS = GBVIMS_ORDER[0][1] | GBVIMS_ORDER[1][1]
PSYCHOLOGICAL_ACTS = GBVIMS_ORDER[5][1]
ECONOMIC_ACTS = GBVIMS_ORDER[4][1]


def gbvims_type(acts: Iterable[str]) -> GbvType:
    present = set(acts)
    for core_type, qualifying in GBVIMS_ORDER:
        if present & qualifying:
            return core_type
    return GbvType.NOT_GBV


def case_contexts(
    *, core_type: GbvType, acts: Iterable[str], relationships: Iterable[str], survivor_age: int | None
) -> list[str]:
    """Every context that applies, from the perpetrators' relationships and the survivor's age; "other" only when
    none does."""
    acts = set(acts)
    relationships = set(relationships)
    is_child = survivor_age is not None and survivor_age < 18
    contexts = []
    if is_child and core_type in SEXUAL_TYPES:
        contexts.append(CaseContext.CHILD_SEXUAL_ABUSE)
    if is_child and ViolenceAct.FORCED_MARRIAGE in acts:
        contexts.append(CaseContext.CHILD_MARRIAGE)
    if relationships & INTIMATE_PARTNER_RELATIONSHIPS:
        contexts.append(CaseContext.INTIMATE_PARTNER)
    if relationships & FAMILY_RELATIONSHIPS:
        contexts.append(CaseContext.OTHER_FAMILY)
    return [str(context) for context in contexts] or [str(CaseContext.OTHER)]


def youngest_possible_age(*, birth_date: datetime.date | None, birth_year: int | None, on: datetime.date) -> int | None:
    """The person's age on a day. With a birth year only, the youngest age she may be: it is the reading that
    protects a child (a girl born in 2008 is counted as 17 all through 2026, not as 18)."""
    if birth_date:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if birth_year:
        return max(on.year - birth_year - 1, 0)
    return None

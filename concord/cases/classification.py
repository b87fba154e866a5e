"""GBVIMS classification (DOMAIN.md §2): the six core types in order of severity, the first that applies wins.

The type depends only on the acts, never on the relationship; the case context is derived separately. Both are
for statistics and must never restrict services.
"""

from __future__ import annotations

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


def case_context(*, core_type: GbvType, acts: Iterable[str], relationship: str | None, survivor_age: int | None) -> str:
    """Intimate partner / other family / child contexts, from the relationship and the survivor's age."""
    is_child = survivor_age is not None and survivor_age < 18
    if is_child and core_type in SEXUAL_TYPES:
        return CaseContext.CHILD_SEXUAL_ABUSE
    if is_child and ViolenceAct.FORCED_MARRIAGE in set(acts):
        return CaseContext.CHILD_MARRIAGE
    if relationship in INTIMATE_PARTNER_RELATIONSHIPS:
        return CaseContext.INTIMATE_PARTNER
    if relationship in FAMILY_RELATIONSHIPS:
        return CaseContext.OTHER_FAMILY
    return CaseContext.OTHER

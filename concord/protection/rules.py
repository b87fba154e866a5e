"""Object conditions of the protection module, shared by services, views, templates and the API."""

from __future__ import annotations

import rules

from concord.cases.rules import may_edit_case


@rules.predicate
def may_record_order(user, order) -> bool:
    """Whoever may change the case records what happens to its orders (the issuer's decision, breaches)."""
    return order is not None and may_edit_case(user, order.case)


rules.add_perm("protection.change_order", may_record_order)

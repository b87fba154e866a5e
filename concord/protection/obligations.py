"""What an issued protection order requires of its respondent, for the module that carries it out
(concord.common.obligations): a perpetrator programme, where the order imposes one."""

from __future__ import annotations

from concord.cases.extension import CaseEvent
from concord.common.obligations import Obligation
from concord.protection.choices import PROTECTING, Condition
from concord.protection.models import Order

CARRIED_OUT_ELSEWHERE = (Condition.ATTEND_PROGRAMME,)


def order_obligations(order_id: int) -> list[Obligation]:
    order = Order.objects.select_related("measure").filter(pk=order_id, status__in=PROTECTING).first()
    if order is None or order.starts_at is None:
        return []
    return [
        Obligation(
            case_id=order.case_id,
            participant_id=order.respondent_id,
            requirement=item["code"],
            imposed_by=order.measure.code,
            imposed_at=order.starts_at,
            ends_at=order.ends_at,
            issuer_agency_id=order.issuer_id,
        )
        for item in order.conditions
        if item["code"] in CARRIED_OUT_ELSEWHERE
    ]


EVENT = CaseEvent.ORDER_ISSUED

"""Reads of the protection module, through the case scope: a case's orders and proceedings, one order with its
legal timeline, the order types and articles on offer, and the register of a territory's orders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from concord.accounts.models import Agency, User
from concord.accounts.selectors import agencies_near
from concord.cases.choices import ParticipantRole
from concord.cases.extension import RecordEntry
from concord.cases.models import Case, Incident, Participant
from concord.cases.scoping import VIEW, get_for
from concord.protection.choices import NEXT_STAGES, PROTECTING, Condition, OrderStatus
from concord.protection.models import Breach, Gap, MeasureType, Order, Proceeding, Qualification
from concord.protection.services import PROTECTED_ROLES
from concord.territory.models import Territory

ORDER_RELATED = ("case", "measure", "issuer", "territory", "respondent__person")


def measure_types(country_code: str) -> QuerySet[MeasureType]:
    return MeasureType.objects.filter(country__code=country_code, is_active=True)


def issuer_kinds(country_code: str) -> list[str]:
    return sorted(set(measure_types(country_code).values_list("issuer_kind", flat=True)))


def issuers_for(country_code: str) -> QuerySet[Agency]:
    """The agencies that issue one of the country's order types (the service checks the type's kind)."""
    return (
        Agency.objects.filter(
            kind__code__in=issuer_kinds(country_code), territory__country_code=country_code, is_active=True
        )
        .select_related("kind")
        .order_by("name_en")
    )


def issuers_near(territory: Territory) -> QuerySet[Agency]:
    """The issuing agencies a form offers first: those of the territory's region and the national ones; a country's
    hundreds of courts and police stations are found by name."""
    return issuers_for(territory.country_code).filter(pk__in=agencies_near(territory).values("pk"))


def perpetrators_of(case: Case) -> QuerySet[Participant]:
    return case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR).select_related("person")


def protectable_of(case: Case) -> QuerySet[Participant]:
    return case.participants.filter(role__in=PROTECTED_ROLES).select_related("person").order_by("role", "pk")


def case_orders(user: User, case: Case) -> list[Order]:
    return list(
        Order.objects.visible_to(user, among=[case.pk])
        .filter(case=case)
        .select_related(*ORDER_RELATED)
        .prefetch_related("protected__person")
        .order_by("-applied_at", "-pk")
    )


def order_get_for(user: User, pk: Any, action: str = VIEW) -> Order:
    return get_for(Order.objects.select_related(*ORDER_RELATED), user, pk, action)


def open_gap(user: User, case: Case) -> Gap | None:
    gaps = Gap.objects.visible_to(user, among=[case.pk]).filter(case=case, closed_at__isnull=True)
    return gaps.select_related("order__measure").first()


def case_proceedings(user: User, case: Case) -> list[Proceeding]:
    return list(
        Proceeding.objects.visible_to(user, among=[case.pk])
        .filter(case=case)
        .select_related("qualification", "incident")
        .prefetch_related("steps")
        .order_by("-created_at", "-pk")
    )


def proceeding_get_for(user: User, pk: Any, action: str = VIEW) -> Proceeding:
    return get_for(Proceeding.objects.select_related("case", "qualification", "territory"), user, pk, action)


def next_stages(proceeding: Proceeding) -> tuple[str, ...]:
    return NEXT_STAGES.get(proceeding.stage, ())


def case_incidents(case: Case) -> QuerySet[Incident]:
    return case.incidents.order_by("-occurred_at")


def qualifications_of(country_code: str) -> QuerySet[Qualification]:
    return Qualification.objects.filter(country__code=country_code).order_by("order", "code")


# ---- one order's legal timeline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    label: Any
    due: datetime.datetime | None
    done: datetime.datetime | None
    # When it will happen, for what the order itself fixes (its start and end), shown until it has.
    scheduled: datetime.datetime | None = None

    @property
    def late(self) -> bool:
        """Done after its deadline, or still not done with the deadline passed."""
        if self.due is None:
            return False
        return (self.done or timezone.now()) > self.due

    @property
    def waiting(self) -> bool:
        return self.done is None and self.due is not None and not self.late


def order_timeline(order: Order) -> list[Milestone]:
    """The order's legal deadlines beside what happened, in order, each with whether it is late."""
    decided = order.decided_at if order.status != OrderStatus.APPLIED else None
    rows = [
        Milestone(_("Application"), None, order.applied_at),
        Milestone(_("Decision"), order.decision_due_at, decided),
    ]
    if order.hearing_due_at or order.hearing_at:
        rows.append(Milestone(_("Hearing"), order.hearing_due_at, order.hearing_at))
    if order.notification_due_at or order.served_at:
        rows.append(
            Milestone(_("Copies sent to the parties and the police"), order.notification_due_at, order.served_at)
        )
    now = timezone.now()
    if order.starts_at:
        started = order.starts_at if order.starts_at <= now else None
        rows.append(Milestone(_("In force from"), None, started, order.starts_at))
    if order.ends_at:
        ended = order.ends_at if order.ends_at <= now else None
        rows.append(Milestone(_("Ends"), None, ended, order.ends_at))
    return rows


def condition_labels(items: list[dict[str, Any]] | list[str]) -> list[str]:
    """What an order imposes (or a breach broke), in words, with its number where it has one."""
    labels = []
    for item in items:
        code, number = (item, None) if isinstance(item, str) else (item["code"], item.get("number"))
        label = str(Condition(code).label)
        if number is not None:
            if code == Condition.STAY_AWAY:
                amount = gettext("%(count)s m") % {"count": number}
            else:
                amount = ngettext("%(count)s time a month", "%(count)s times a month", number) % {"count": number}
            label = f"{label}: {amount}"
        labels.append(label)
    return labels


def followers(user: User, order: Order) -> list[Order]:
    return list(Order.objects.visible_to(user, among=[order.case_id]).filter(previous=order).order_by("applied_at"))


# ---- the register ------------------------------------------------------------------------------------------------

IN_FORCE, EXPIRING, BREACHED, GAPS, APPLIED, ALL = "in_force", "expiring", "breached", "gaps", "applied", "all"
REGISTER_VIEWS = {
    IN_FORCE: pgettext_lazy("order status", "In force"),
    EXPIRING: _("Expiring within 7 days"),
    BREACHED: _("Breached"),
    GAPS: _("Protection gaps"),
    APPLIED: _("Awaiting a decision"),
    ALL: _("All orders"),
}


def register(
    user: User, view: str, *, measure: int | None = None, issuer: int | None = None, issued_by_own_agency: bool = True
) -> QuerySet[Order]:
    """The orders the user reaches through the case scope (the coordinator's territory, the cases their agency is
    involved in), newest application first, by one of the register's views. With `issued_by_own_agency`, also the
    orders the user's agency issued in cases it does not see: the register's rows name no one, so the page and its
    export list them; the API answers whole orders, so it does not."""
    now = timezone.now()
    orders = Order.objects.visible_to(user)
    if issued_by_own_agency and user.agency is not None:
        orders = Order.objects.filter(Q(pk__in=orders.values("pk")) | Q(issuer_id=user.agency.pk))
    if view == IN_FORCE:
        orders = orders.filter(status__in=PROTECTING, starts_at__lte=now, ends_at__gt=now)
    elif view == EXPIRING:
        orders = orders.filter(status__in=PROTECTING, ends_at__gt=now, ends_at__lte=now + datetime.timedelta(days=7))
    elif view == BREACHED:
        orders = orders.filter(breaches__isnull=False).distinct()
    elif view == GAPS:
        orders = orders.filter(gaps__closed_at__isnull=True, gaps__isnull=False)
    elif view == APPLIED:
        orders = orders.filter(status=OrderStatus.APPLIED)
    if measure:
        orders = orders.filter(measure_id=measure)
    if issuer:
        orders = orders.filter(Q(issuer_id=issuer))
    return orders.select_related("measure", "issuer", "territory", "case").order_by("-applied_at", "-pk")


def person_record(user: User, participant_ids: list[int]) -> list[RecordEntry]:
    """The person's record across cases, as far as protection knows it: the orders against him and their breaches,
    in the cases the reader may see."""
    orders = (
        Order.objects.visible_to(user)
        .filter(respondent_id__in=participant_ids)
        .select_related("case", "measure")
        .order_by("-applied_at")
    )
    breaches = (
        Breach.objects.visible_to(user)
        .filter(order__respondent_id__in=participant_ids)
        .select_related("case", "order__measure")
        .order_by("-occurred_at")
    )
    entries = [
        RecordEntry(
            case=order.case,
            when=order.applied_at,
            title=order.measure.name,
            detail=order.get_status_display(),
            url=reverse("protection:order_detail", args=[order.pk]),
        )
        for order in orders
    ]
    entries += [
        RecordEntry(
            case=breach.case,
            when=breach.occurred_at,
            title=gettext("Breach of %(measure)s") % {"measure": breach.order.measure.name},
            detail=breach.get_response_display(),
            url=reverse("protection:order_detail", args=[breach.order_id]),
        )
        for breach in breaches
    ]
    return entries

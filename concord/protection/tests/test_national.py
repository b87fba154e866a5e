"""The protection orders and proceedings of the national data set read back as the services' rows would: the
version of the law in force on the application day and its deadlines, durations within the law, gaps only behind
ended orders of high-risk cases, proceedings under articles in force on the day of the act, in the stage order."""

import pytest

from concord.cases.models import TimelineEntry
from concord.cases.tests.test_national import national  # noqa: F401 - the generated country, as a fixture
from concord.countries.clock import country_local_date
from concord.protection.choices import ENDED, NEXT_STAGES, OrderStatus
from concord.protection.models import Gap, Order, Proceeding
from concord.protection.services import deadline_after, qualifications_on, version_on

pytestmark = pytest.mark.django_db(transaction=False)


def test_generated_orders_follow_the_law_in_force_on_their_application_day(national):  # noqa: F811
    orders = Order.objects.filter(case__in=national).select_related("measure", "case")
    assert orders.count() > 5
    assert {OrderStatus.IN_FORCE, OrderStatus.EXPIRED} & set(orders.values_list("status", flat=True))
    for order in orders[:40]:
        version = version_on(order.measure, country_local_date("xq", order.applied_at))
        assert version is not None and order.rules_version == version.version
        assert order.decision_due_at == deadline_after(order.applied_at, version.deadlines["decision"], "xq")
        assert list(order.protected.values_list("role", flat=True)) == ["survivor"]
        if order.starts_at is not None and order.status != OrderStatus.REVOKED:
            duration = version.duration
            shortest = deadline_after(order.starts_at, {"amount": duration["min"], "unit": duration["unit"]}, "xq")
            longest = deadline_after(order.starts_at, {"amount": duration["max"], "unit": duration["unit"]}, "xq")
            assert shortest <= order.ends_at <= longest
    for gap in Gap.objects.filter(case__in=national).select_related("order", "case"):
        assert gap.order.status in ENDED and gap.case.risk_level >= 3
    logged = TimelineEntry.objects.filter(case__in=national, kind="order_applied").values_list("object_id", flat=True)
    assert set(logged) == set(orders.values_list("pk", flat=True))


def test_generated_proceedings_keep_the_articles_and_the_stage_order(national):  # noqa: F811
    proceedings = Proceeding.objects.filter(case__in=national).select_related("incident", "qualification")
    assert proceedings.count() > 5
    for proceeding in proceedings[:40]:
        act_day = country_local_date("xq", proceeding.incident.occurred_at)
        assert qualifications_on("xq", act_day).filter(pk=proceeding.qualification_id).exists()
        stages = [step.stage for step in proceeding.steps.order_by("on", "pk")]
        assert stages[0] == "report_registered" and stages[-1] == proceeding.stage
        for before, after in zip(stages, stages[1:], strict=False):
            assert after in NEXT_STAGES[before]

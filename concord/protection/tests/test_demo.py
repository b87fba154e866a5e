"""The demo: orders of the pack's types applied for, decided and some breached, and proceedings, in each of the
three packs, through the services (so every rule of the law holds for them)."""

import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from concord.countries.loader import apply_pack, read_pack
from concord.protection.models import Order, Proceeding

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("country", ["az", "al", "kz"])
def test_seed_demo_applies_for_orders_of_the_packs_types(country):
    apply_pack(read_pack(country))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", "--country", country, "--cases", "12", "--seed", "3", stdout=io.StringIO())
    orders = Order.objects.select_related("measure", "issuer__kind")
    assert orders.exists() and Proceeding.objects.exists()
    for order in orders:
        assert order.measure.country.code == country and order.issuer.kind.code == order.measure.issuer_kind
        assert order.respondent.role == "alleged_perpetrator"

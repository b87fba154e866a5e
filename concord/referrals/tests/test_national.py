"""The referrals of the national data set read back through the module's selectors as the services' rows would:
deadlines from the pack by the same arithmetic, the receiver's access while open or completed, the queues."""

import pytest

from concord.accounts.choices import Role
from concord.accounts.models import User
from concord.cases.models import Case, Involvement, TimelineEntry
from concord.cases.tests.test_national import national  # noqa: F401 - the generated country, as a fixture
from concord.countries.calendar import working_calendar
from concord.countries.clock import country_local_date, country_zone
from concord.referrals import selectors
from concord.referrals.choices import OPEN_STATES, ReferralState
from concord.referrals.deadlines import referral_deadlines
from concord.referrals.models import Referral, deadline_row

pytestmark = pytest.mark.django_db(transaction=False)


def test_generated_referrals_keep_the_packs_deadlines_and_the_access_rules(national):  # noqa: F811
    referrals = Referral.objects.filter(case__in=national).select_related("service_type", "case")
    assert referrals.count() > 20
    states = set(referrals.values_list("state", flat=True))
    assert ReferralState.COMPLETED in states and states & set(OPEN_STATES)
    zone, calendar = country_zone("xq"), working_calendar("xq")
    for referral in referrals[:40]:
        rules = selectors.rules_on("xq", country_local_date("xq", referral.sent_at))
        row = deadline_row(rules, referral.service_type.code, referral.urgency)
        due = referral_deadlines(referral.sent_at, row, calendar, zone)
        assert (referral.acknowledge_due_at, referral.first_contact_due_at, referral.expires_at) == (
            due.acknowledge,
            due.first_contact,
            due.expire,
        )
        involved = Involvement.objects.filter(case=referral.case, agency=referral.to_agency, ended_at__isnull=True)
        if referral.state in (*OPEN_STATES, ReferralState.COMPLETED):
            assert involved.exists()
    logged = TimelineEntry.objects.filter(case__in=national, kind="referral_sent").values_list("object_id", flat=True)
    assert set(logged) == set(referrals.values_list("pk", flat=True))


def test_the_receivers_queue_reads_the_generated_referrals(national):  # noqa: F811
    waiting = Referral.objects.filter(case__in=national, state__in=OPEN_STATES).select_related("to_agency").first()
    assert waiting is not None
    receiver = User.objects.filter(memberships__agency=waiting.to_agency, memberships__role=Role.CASEWORKER).first()
    rows, count = selectors.incoming_page(receiver, 50)
    expected = Referral.objects.filter(to_agency=waiting.to_agency, state__in=OPEN_STATES)
    assert count == expected.count() and waiting.pk in {row.pk for row in rows}
    without_deadline = [row.due_at is None for row in rows]
    deadlines = [row.due_at for row in rows if row.due_at is not None]
    assert without_deadline == sorted(without_deadline) and deadlines == sorted(deadlines)
    assert Case.objects.visible_to(receiver).filter(pk=waiting.case_id).exists()

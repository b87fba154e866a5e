"""The enrolments of the national data set read back as the services' rows would: the rules in force on the day of
the requirement and their first-contact deadline, attendance only while attending, completions only with the
sessions the rules ask for, and a timeline entry for every enrolment."""

import pytest
from django.db.models import Count, Q

from concord.cases.models import TimelineEntry
from concord.cases.tests.test_national import national  # noqa: F401 - the generated country, as a fixture
from concord.countries.clock import country_local_date
from concord.programmes.choices import EnrolmentStatus, Presence
from concord.programmes.models import Attendance, Enrolment
from concord.programmes.services import first_contact_due, rules_on

pytestmark = pytest.mark.django_db(transaction=False)


def test_generated_enrolments_follow_the_rules_in_force_on_the_day_they_were_required(national):  # noqa: F811
    enrolments = Enrolment.objects.filter(case__in=national).select_related("programme_type", "programme__provider")
    assert enrolments.count() >= 3
    statuses = set(enrolments.values_list("status", flat=True))
    assert statuses & {EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED_OUT, EnrolmentStatus.ENROLLED}
    for enrolment in enrolments[:40]:
        rules = rules_on(enrolment.programme_type, country_local_date("xq", enrolment.required_at))
        assert rules is not None and enrolment.rules_version == rules.version
        assert enrolment.first_contact_due_at == first_contact_due(rules, enrolment.required_at, "xq")
        assert (
            enrolment.participant.role == "alleged_perpetrator" and enrolment.participant.case_id == enrolment.case_id
        )
        assert enrolment.programme.provider.kind.code in enrolment.programme_type.provider_kinds
        assert enrolment.programme.provider.territory_id == enrolment.territory_id
        marks = Attendance.objects.filter(enrolment=enrolment).select_related("session")
        for mark in marks:
            assert enrolment.first_contact_at <= mark.session.held_at
            assert enrolment.ended_at is None or mark.session.held_at <= enrolment.ended_at
        if enrolment.status == EnrolmentStatus.COMPLETED:
            assert marks.filter(presence=Presence.PRESENT).count() >= rules.sessions
    counted = enrolments.annotate(entries=Count("pk", filter=Q(status__isnull=False)))
    logged = TimelineEntry.objects.filter(case__in=national, kind="programme_requested")
    assert set(logged.values_list("object_id", flat=True)) == set(counted.values_list("pk", flat=True))


def test_generated_trainings_hold_their_plans_year_and_the_districts_staff(national):  # noqa: F811
    from concord.accounts.models import Membership
    from concord.programmes.models import Trainee, TrainingPlan, TrainingSession

    plans = TrainingPlan.objects.filter(territory__in=national.values("territory"))
    assert plans.exists()
    for session in TrainingSession.objects.filter(plan__in=plans).select_related("plan")[:20]:
        assert session.starts_at.year == session.plan.year and set(session.topics) <= set(session.plan.topics)
    staff = Trainee.objects.filter(session__plan__in=plans, user__isnull=False).select_related("session__plan")
    for trainee in staff[:40]:
        district = trainee.session.plan.territory_id
        assert Membership.objects.filter(user_id=trainee.user_id, agency__territory_id=district).exists()

"""A programmes scene on the test cast (Testland, tt): a social protection office of district A runs a
violence-prevention counselling programme (three sessions to complete, one absence tolerated, first contact within
five days), which the injunction of the protection scene may require; its staff are the personas "provider" (a
caseworker) and "provider_supervisor"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import TestCase
from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency
from concord.cases.models import Case
from concord.cases.tests.factories import ensure_country
from concord.common.testing.factories import AgencyFactory, AgencyKindFactory, MembershipFactory, UserFactory
from concord.programmes import services
from concord.programmes.models import Enrolment, Programme, ProgrammeRules, ProgrammeType
from concord.protection.models import MeasureVersion
from concord.protection.tests.factories import Scene, apply, build_scene, issue, respondent_of

PROVIDER_PERSONAS = {"provider": Role.CASEWORKER, "provider_supervisor": Role.SUPERVISOR}


@dataclass
class ProgrammeScene:
    protection: Scene
    provider: Agency
    programme_type: ProgrammeType
    programme: Programme


def build_programme_scene(cast) -> ProgrammeScene:
    country = ensure_country("tt")
    protection = build_scene(cast)
    # The injunction may require the programme.
    version = MeasureVersion.objects.get(measure=protection.injunction)
    version.conditions = [*version.conditions, {"code": "attend_programme"}]
    version.save()
    provider = AgencyFactory(
        code="TT-DA-SOCIAL",
        kind=AgencyKindFactory(code="social_protection"),
        territory=cast.district_a,
        name_en="Social protection A",
    )
    for name, role in PROVIDER_PERSONAS.items():
        user = UserFactory(email=f"{name.replace('_', '.')}@example.org", full_name=name.replace("_", " ").title())
        MembershipFactory(user=user, agency=provider, role=role)
        cast.totp_secrets[name] = generate_totp_secret()
        TOTP.activate(user, cast.totp_secrets[name])
        cast.users[name] = user
    programme_type = ProgrammeType.objects.create(
        country=country,
        code="counselling",
        name_en="Violence-prevention counselling",
        names={"ru": "Консультирование по предотвращению насилия"},
        provider_kinds=["social_protection"],
    )
    ProgrammeRules.objects.create(
        programme_type=programme_type,
        version="2020",
        effective_from=datetime.date(2020, 1, 1),
        required_by=[{"measure": "injunction", "condition": "attend_programme"}],
        first_contact={"amount": 5, "unit": "days"},
        sessions=3,
        hours=6,
        absences=1,
    )
    programme = services.programme_create(
        actor=cast["provider_supervisor"],
        programme_type=programme_type,
        name="Men's group A",
        sessions=4,
        hours=8,
        capacity=2,
    )
    return ProgrammeScene(protection=protection, provider=provider, programme_type=programme_type, programme=programme)


def order_requiring_programme(cast, case: Case, scene: ProgrammeScene):
    """An injunction issued with the programme among its conditions (its events run as after commit)."""
    order = apply(cast, case, scene.protection.injunction, issuer=cast.other_agency_a)
    return issue(
        cast,
        order,
        conditions=[{"code": "no_contact"}, {"code": "attend_programme"}],
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
    )


def request_enrolment(cast, case: Case, scene: ProgrammeScene, **overrides) -> Enrolment:
    values = {"basis": "voluntary", "participant": respondent_of(case), "programme": scene.programme} | overrides
    return services.enrolment_request(actor=cast["caseworker"], case=case, **values)


def enrolled(cast, case: Case, scene: ProgrammeScene, **overrides) -> Enrolment:
    enrolment = request_enrolment(cast, case, scene, **overrides)
    first = timezone.now() - datetime.timedelta(days=20)
    Enrolment.objects.filter(pk=enrolment.pk).update(required_at=first - datetime.timedelta(days=1))
    enrolment.refresh_from_db()
    return services.enrolment_enrol(actor=cast["provider"], enrolment=enrolment, first_contact_at=first)


def hold_session(cast, scene: ProgrammeScene, marks: dict[int, str], *, days_ago: int = 1):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.session_record(
            actor=cast["provider"],
            programme=scene.programme,
            held_at=timezone.now() - datetime.timedelta(days=days_ago),
            hours=Decimal("2"),
            topic="Responsibility",
            attendance=marks,
        )

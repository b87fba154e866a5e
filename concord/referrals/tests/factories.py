"""A referral scene on the test cast (Testland, tt): service types, a support centre in district A serving the
whole region, a shelter serving the country, the pack's deadlines and pathways, and the centre's staff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import TestCase

from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.cases import services as case_services
from concord.cases.choices import ConsentMethod, ConsentPurpose, ParticipantRole
from concord.cases.models import Case, Consent
from concord.cases.tests.factories import ensure_country
from concord.common.testing.factories import AgencyFactory, AgencyKindFactory, MembershipFactory, UserFactory
from concord.referrals import services
from concord.referrals.models import AgencyService, PathwayRule, Referral, ReferralRules, ServiceType

DEADLINES = [
    {"services": ["*"], "urgency": "emergency", "acknowledge": {"amount": 2, "unit": "hours"},
     "first_contact": {"amount": 4, "unit": "hours"}, "expire": {"amount": 24, "unit": "hours"}},
    {"services": ["*"], "urgency": "urgent", "acknowledge": {"amount": 24, "unit": "hours"},
     "first_contact": {"amount": 1, "unit": "working_days"}, "expire": {"amount": 3, "unit": "working_days"}},
    {"services": ["*"], "urgency": "routine", "acknowledge": {"amount": 1, "unit": "working_days"},
     "first_contact": {"amount": 3, "unit": "working_days"}, "expire": {"amount": 10, "unit": "working_days"}},
]  # fmt: skip
ESCALATION = {
    "supervisor_after": {"amount": 0, "unit": "hours"},
    "coordinator_after": {"amount": 1, "unit": "working_days"},
}


@dataclass
class Scene:
    support: Agency
    shelter_agency: Agency
    psychosocial: ServiceType
    shelter_type: ServiceType
    support_service: AgencyService
    shelter: AgencyService
    other_support: AgencyService
    receiver: User
    receiver_supervisor: User
    rules: ReferralRules


def build_scene(cast) -> Scene:
    country = ensure_country("tt")
    psychosocial = ServiceType.objects.create(
        country=country, code="psychosocial_support", sector="psychosocial", name_en="Psychosocial support",
        names={"az": "Psixososial dəstək", "ru": "Психосоциальная поддержка", "sq": "Mbështetje psikosociale"},
    )  # fmt: skip
    shelter_type = ServiceType.objects.create(
        country=country, code="safe_accommodation", sector="shelter", name_en="Shelter"
    )
    kind = AgencyKindFactory(code="victim_support_centre")
    support: Agency = AgencyFactory(
        code="TT-DA-SUPPORT", kind=kind, territory=cast.district_a, name_en="Support Centre A"
    )
    other: Agency = AgencyFactory(
        code="TT-DB-SUPPORT", kind=kind, territory=cast.district_b, name_en="Support Centre B"
    )
    shelter_agency: Agency = AgencyFactory(
        code="TT-SHELTER", kind=AgencyKindFactory(code="shelter"), territory=cast.country, name_en="Shelter"
    )
    support_service = AgencyService.objects.create(agency=support, service_type=psychosocial)
    support_service.areas.set([cast.district_a.parent])  # the region: it serves both districts
    other_support = AgencyService.objects.create(agency=other, service_type=psychosocial)
    other_support.areas.set([cast.district_a, cast.district_b])
    shelter = AgencyService.objects.create(
        agency=shelter_agency, service_type=shelter_type, places_total=10, places_free=3
    )
    shelter.areas.set([cast.country])
    rules = ReferralRules.objects.create(
        country=country, effective_from=datetime.date(2000, 1, 1), version="TT-REF-1",
        deadlines=DEADLINES, escalation=ESCALATION, not_reached_after_attempts=3,
    )  # fmt: skip
    receiver = staff_member(cast, support, Role.CASEWORKER, "receiver")
    receiver_supervisor = staff_member(cast, support, Role.SUPERVISOR, "receiver_supervisor")
    return Scene(support, shelter_agency, psychosocial, shelter_type, support_service, shelter, other_support,
                 receiver, receiver_supervisor, rules)  # fmt: skip


def staff_member(cast, agency: Agency, role: str, name: str) -> User:
    """A member of the agency, added to the cast under `name` (with the second factor they enrolled)."""
    user: User = UserFactory(email=f"{name.replace('_', '.')}@example.org", full_name=name.replace("_", " ").title())
    MembershipFactory(user=user, agency=agency, role=role)
    cast.totp_secrets[name] = generate_totp_secret()
    TOTP.activate(user, cast.totp_secrets[name])
    cast.users[name] = user
    return user


def survivor_consent(
    cast, case: Case, agency: Agency, *, includes_sensitive: bool = False, actor_name="caseworker"
) -> Consent:
    survivor = case.participants.get(role=ParticipantRole.SURVIVOR)
    return case_services.consent_record(
        actor=cast[actor_name], case=case, participant=survivor, purpose=ConsentPurpose.SERVICES,
        method=ConsentMethod.VERBAL, recipient_agency=agency, includes_sensitive=includes_sensitive,
    )  # fmt: skip


def send(
    cast, case: Case, service: AgencyService, *, actor_name: str = "caseworker", consent=None, **overrides
) -> Referral:
    values = {"urgency": "urgent", "reason": "She asked for counselling after the incident."} | overrides
    if consent is None and "legal_exception" not in values:
        consent = survivor_consent(cast, case, service.agency)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.referral_send(actor=cast[actor_name], case=case, service=service, consent=consent, **values)


def add_pathway(code: str, trigger: str, *, action: str = "refer", **values) -> PathwayRule:
    defaults = {
        "country": ensure_country("tt"), "version": "1", "effective_from": datetime.date(2000, 1, 1),
        "name_en": code.replace("-", " ").capitalize(), "trigger": trigger, "action": action,
    }  # fmt: skip
    return PathwayRule.objects.create(code=code, **(defaults | values))

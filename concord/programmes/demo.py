"""What the programmes module adds to `make run`: a programme at the demo district's agency that may run the
country's first programme type, with a facilitator and a supervisor to log in as, and a few of the demo cases'
alleged perpetrators sent to it over the past weeks — enrolled, attending weekly sessions, one completed, one
dropped out, one still awaiting his first contact. Written through the services and dated as it would have been."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from concord.accounts.choices import Role
from concord.accounts.models import Agency, User
from concord.cases.choices import CaseStatus, ParticipantRole
from concord.cases.models import Case, Participant
from concord.countries.models import Country
from concord.programmes import services
from concord.programmes.choices import Basis, EnrolmentStatus, Presence
from concord.programmes.models import Material, Programme, ProgrammeType, TrainingPlan
from concord.programmes.selectors import programme_types

TOPICS = ("Responsibility for violence", "Anger and its signals", "Control and jealousy", "Children and violence")
WEEK = datetime.timedelta(days=7)


def _provider(country: str) -> tuple[Agency, ProgrammeType] | None:
    country_obj = Country.objects.filter(code=country).first()
    kind = programme_types(country).first()
    if country_obj is None or kind is None:
        return None
    agencies = Agency.objects.filter(
        territory__code=country_obj.demo_district, kind__code__in=kind.provider_kinds, is_active=True
    )
    ranked = sorted(agencies, key=lambda agency: (kind.provider_kinds.index(agency.kind.code), agency.code))
    return (ranked[0], kind) if ranked else None


def provider_users(country: str) -> list[tuple[str, Agency, str, str]]:
    found = _provider(country)
    if found is None:
        return []
    agency, _kind = found
    return [
        (Role.CASEWORKER, agency, f"provider.{country}@example.org", "Demo Programme Facilitator"),
        (Role.SUPERVISOR, agency, f"provider.supervisor.{country}@example.org", "Demo Programme Supervisor"),
    ]


def _sessions(rng, facilitator, programme, enrolments, start, count) -> None:
    """Weekly sessions from `start`, each with the attendance of those attending on the day."""
    for week in range(count):
        held_at = start + week * WEEK
        if held_at > timezone.now() - datetime.timedelta(hours=1):
            return
        # The first of them attends every session: the demo shows a completion.
        marks = {
            e.pk: Presence.PRESENT if index == 0 else rng.choices(Presence.values, weights=(8, 1, 1))[0]
            for index, e in enumerate(enrolments)
            if e.status == EnrolmentStatus.ENROLLED and e.first_contact_at <= held_at
        }
        if marks:
            services.session_record(
                actor=facilitator, programme=programme, held_at=held_at, hours=Decimal(2),
                topic=TOPICS[week % len(TOPICS)], attendance=marks,
            )  # fmt: skip


@transaction.atomic
def seed_programmes(country: str, seed: int) -> None:
    found = _provider(country)
    supervisor = User.objects.filter(email=f"provider.supervisor.{country}@example.org").first()
    facilitator = User.objects.filter(email=f"provider.{country}@example.org").first()
    if found is None or supervisor is None or facilitator is None:
        return
    agency, kind = found
    if Programme.objects.filter(provider=agency).exists():
        return
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible by seed
    rules = services.rules_on(kind, timezone.localdate())
    if rules is None:
        return
    programme = services.programme_create(
        actor=supervisor, programme_type=kind, name=f"{kind.name_en} — {agency.territory.name_en}",
        sessions=rules.sessions, hours=rules.hours, capacity=12,
        curriculum="Weekly group sessions of two hours: responsibility, anger, control, children, safety planning.",
    )  # fmt: skip
    cases = list(
        Case.objects.filter(territory__code=agency.territory.code, status__in=[CaseStatus.OPEN, CaseStatus.ACTIVE])
        .exclude(lead_worker=None)
        .order_by("opened_at")[:5]
    )
    start = timezone.now() - WEEK * (rules.sessions + 2)
    enrolments = []
    for index, case in enumerate(cases):
        alleged = Participant.objects.filter(case=case, role=ParticipantRole.ALLEGED_PERPETRATOR).first()
        if alleged is None:
            continue
        basis = (Basis.COURT_ORDER, Basis.REFERRAL, Basis.VOLUNTARY)[index % 3]
        required_at = start - datetime.timedelta(days=3) if index < 4 else timezone.now() - datetime.timedelta(days=1)
        enrolment = services.enrolment_request(
            actor=case.lead_worker, case=case, participant=alleged, programme=programme, basis=basis,
            reference="2-115/2026" if basis == Basis.COURT_ORDER else "", required_at=required_at,
        )  # fmt: skip
        if index < 4:
            services.enrolment_enrol(
                actor=facilitator, enrolment=enrolment, first_contact_at=required_at + datetime.timedelta(days=2)
            )
        enrolments.append(enrolment)
    _sessions(rng, facilitator, programme, enrolments, start, rules.sessions + 2)
    attending = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    if attending:
        services.enrolment_leave(
            actor=facilitator, enrolment=attending[-1], status=EnrolmentStatus.DROPPED_OUT,
            reason="stopped_attending", left_at=timezone.now() - datetime.timedelta(minutes=30),
        )  # fmt: skip
    for enrolment in attending[:-1]:
        present = enrolment.attendance.filter(presence=Presence.PRESENT).count()
        if present >= rules.sessions:
            services.enrolment_complete(
                actor=facilitator, enrolment=enrolment, completed_at=timezone.now() - datetime.timedelta(minutes=20)
            )
            break


TRAINING_TOPICS = [
    "The amendments to the law on domestic violence",
    "Identifying risk factors",
    "Case management, referral and monitoring",
]


@transaction.atomic
def seed_trainings(country: str, seed: int) -> None:
    """The seed's training of the municipality: 53 staff of its administrative units trained on the law's
    amendments, on risk factors and on case management, referral and monitoring — with the district's coordinator
    and the monitoring group's members among them, so that the coverage report has something to show."""
    coordinator = User.objects.filter(email=f"coordinator.{country}@example.org").first()
    if coordinator is None or coordinator.agency is None:
        return
    if TrainingPlan.objects.filter(owner=coordinator.agency).exists():
        return
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible by seed
    today = timezone.localdate()
    held = timezone.now() - datetime.timedelta(days=min(20, today.timetuple().tm_yday - 1))
    plan = services.training_plan_create(
        actor=coordinator, year=today.year, audience="admin_unit_staff",
        title="Staff of the administrative units", topics=TRAINING_TOPICS, target_people=53, target_sessions=2,
    )  # fmt: skip
    session = services.training_session_record(
        actor=coordinator, plan=plan, starts_at=held, hours=Decimal(6), trainer="Demo Trainer",
        topics=TRAINING_TOPICS, place=coordinator.agency.name,
    )  # fmt: skip
    staff = list(
        User.objects.filter(
            is_demo_account=True, is_active=True, memberships__agency__territory=coordinator.agency.territory
        )
        .distinct()
        .order_by("email")[:8]
    )
    rows = [{"user": user.pk, "sex": rng.choice(["female", "male"])} for user in staff]
    rows += [
        {"name": f"Staff member {n}", "organisation": f"Administrative unit {n % 12 + 1}", "role": "Specialist",
         "sex": "female" if rng.random() < 0.7 else "male", "agency_kind": coordinator.agency.kind.code}
        for n in range(1, 54 - len(rows))
    ]  # fmt: skip
    for row in rows:
        before = rng.randint(30, 65)
        row |= {"attended": True, "pre_score": before, "post_score": min(100, before + rng.randint(5, 35))}
    services.trainees_record(actor=coordinator, session=session, rows=rows)
    upcoming = held + datetime.timedelta(days=30)
    if timezone.localtime(upcoming).year == today.year:
        services.training_session_record(
            actor=coordinator, plan=plan, starts_at=upcoming, hours=Decimal(6), trainer="Demo Trainer",
            topics=TRAINING_TOPICS[:2], online=True,
        )  # fmt: skip


@transaction.atomic
def seed_outreach(country: str, seed: int) -> None:
    """The seeds' handbook for journalists in the library, and an awareness campaign programme with the "16 days of
    activism" campaign: a TV spot, posts on social media and a march, with the people they reached."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    coordinator = User.objects.filter(email=f"coordinator.{country}@example.org").first()
    if coordinator is None or coordinator.agency is None:
        return
    if Material.objects.filter(owner=coordinator.agency).exists():
        return
    handbook = services.material_create(
        actor=coordinator, kind="handbook", title="Handbook for journalists and PR staff",
        description="How to report on domestic violence without putting survivors at risk.",
    )  # fmt: skip
    known = dict(services.document_languages())
    country_languages = Country.objects.get(code=country).languages
    for language in dict.fromkeys(code for code in ["en", *country_languages] if code in known):
        pdf = HTML(string=f"<h1>{handbook.title}</h1><p>Demo ({language}).</p>").write_pdf()
        upload = SimpleUploadedFile(f"handbook-{language}.pdf", pdf, "application/pdf")
        services.material_version_add(
            actor=coordinator, material=handbook, version="2026", language=language, upload=upload
        )
    today = timezone.localdate()
    programme = services.campaign_programme_create(
        actor=coordinator, title="Awareness campaigns", starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(year=today.year + 1, month=12, day=31),
        objectives="Make violence at home a matter for everyone, and the services known.",
    )  # fmt: skip
    start = max(today - datetime.timedelta(days=20), programme.starts_on)
    campaign = services.campaign_create(
        actor=coordinator, programme=programme, title="16 days of activism",
        audiences=["general_public", "young_people"],
        channels=["tv", "social_media", "events"], starts_on=start, ends_on=start + datetime.timedelta(days=16),
    )  # fmt: skip
    territory = coordinator.agency.territory
    for channel, title, reach in (
        ("tv", "TV spot on the national channel", 120000),
        ("social_media", "Posts and stories", 45000),
        ("events", "March and information stands", 800),
    ):
        services.campaign_activity_record(
            actor=coordinator, campaign=campaign, channel=channel, title=title, starts_on=start,
            ends_on=start + datetime.timedelta(days=5), territory=territory, reach=reach, materials=[handbook],
        )  # fmt: skip

"""Reads of the programmes module. The case's agencies read enrolments through the case scope; a provider reads the
enrolments of its own programmes (`enrolments_provided`) and nothing of the case behind them: the enrolled person,
why and by when he must attend, and his attendance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.accounts.choices import Role
from concord.accounts.models import Agency, AgencyKind, Membership, User
from concord.accounts.selectors import agencies_near
from concord.cases.choices import ParticipantRole
from concord.cases.extension import RecordEntry
from concord.cases.models import Case, Participant
from concord.cases.scoping import VIEW
from concord.common import audiences as audience_sources
from concord.programmes.choices import OPEN, Audience, Channel, EnrolmentStatus, Presence
from concord.programmes.models import (
    Attendance,
    Campaign,
    CampaignActivity,
    CampaignProgramme,
    Enrolment,
    Material,
    MaterialVersion,
    Programme,
    ProgrammeSession,
    ProgrammeType,
    Trainee,
    TrainingPlan,
    TrainingSession,
)
from concord.programmes.rules import is_provider_staff
from concord.territory.models import Territory

ENROLMENT_RELATED = ("programme__provider", "programme_type", "participant__person", "requesting_agency")


def programme_types(country_code: str) -> QuerySet[ProgrammeType]:
    return ProgrammeType.objects.filter(country__code=country_code, is_active=True)


def provider_kinds(country_code: str) -> set[str]:
    return {kind for kinds in programme_types(country_code).values_list("provider_kinds", flat=True) for kind in kinds}


def programmes_near(territory: Territory) -> QuerySet[Programme]:
    """The active programmes whose provider serves a case in `territory`: of its region, or national."""
    return Programme.objects.filter(
        is_active=True, programme_type__is_active=True, provider__in=agencies_near(territory).values("pk")
    ).select_related("provider", "programme_type")


def may_read_programmes(user: User) -> bool:
    """The directory of programmes is open to whoever works on cases."""
    return user.is_authenticated and any(user.has_capability(c) for c in CASE_READER_CAPABILITIES)


def _country_of(user: User) -> str | None:
    agency = user.agency
    return agency.territory.country_code if agency is not None else None


def programme_list_for(user: User) -> QuerySet[Programme]:
    """Every programme of the user's country, with the places taken; none for a user who works on no case."""
    if not may_read_programmes(user):
        return Programme.objects.none()
    return (
        Programme.objects.filter(provider__territory__country_code=_country_of(user))
        .select_related("provider__territory", "programme_type")
        .annotate(attending=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)))
        .order_by("-is_active", "name", "pk")
    )


def programme_get_for(user: User, pk: Any) -> Programme:
    try:
        return programme_list_for(user).get(pk=int(pk))
    except (TypeError, ValueError, Programme.DoesNotExist):
        raise Http404 from None


def enrolments_provided(user: User) -> QuerySet[Enrolment]:
    """The enrolments of the programmes the user's agency runs, for its staff; none for anyone else."""
    membership = user.membership if user.is_authenticated and user.is_active else None
    if membership is None or Capability.EDIT_CASES not in membership.capabilities:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(programme__provider_id=membership.agency_id)


@dataclass(frozen=True)
class EnrolmentAccess:
    enrolment: Enrolment
    as_provider: bool  # the provider's staff: the enrolment, never the case
    case_side: bool  # an agency of the case: may request, choose, withdraw


def enrolment_get_for(user: User, pk: Any, action: str = VIEW) -> EnrolmentAccess:
    """One enrolment as its provider's staff or as a reader of its case sees it; 404 for everyone else (and for
    `edit` to a case reader who may not edit)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    enrolment = Enrolment.objects.select_related(*ENROLMENT_RELATED, "case").filter(pk=pk).first()
    if enrolment is None:
        raise Http404
    as_provider = is_provider_staff(user, enrolment.programme)
    case_side = Enrolment.objects.visible_to(user, action, among=[enrolment.case_id]).filter(pk=pk).exists()
    if not (as_provider or case_side):
        raise Http404
    return EnrolmentAccess(enrolment=enrolment, as_provider=as_provider, case_side=case_side)


def case_enrolments(user: User, case: Case) -> list[Enrolment]:
    return list(
        Enrolment.objects.visible_to(user, among=[case.pk])
        .filter(case=case)
        .select_related(*ENROLMENT_RELATED)
        .order_by("-required_at", "-pk")
    )


def perpetrators_of(case: Case) -> QuerySet[Participant]:
    return case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR).select_related("person")


def with_counts(enrolments: list[Enrolment]) -> list[Enrolment]:
    """The enrolments, each with its attendance counts as `counts`."""
    counts = attendance_counts([e.pk for e in enrolments])
    for enrolment in enrolments:
        enrolment.counts = counts[enrolment.pk]  # type: ignore[attr-defined]
    return enrolments


def attendance_counts(enrolment_ids: list[int]) -> dict[int, dict[str, int]]:
    """{enrolment id: {present, excused, absent}}, in one query."""
    counts = {pk: dict.fromkeys(Presence.values, 0) for pk in enrolment_ids}
    rows = (
        Attendance.objects.filter(enrolment_id__in=enrolment_ids)
        .values_list("enrolment_id", "presence")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for enrolment_id, presence, n in rows:
        counts[enrolment_id][presence] = n
    return counts


def programme_enrolments(programme: Programme) -> list[Enrolment]:
    """A programme's open enrolments for its provider, those awaiting it before those attending: as many as its
    places and its queue, however long its history."""
    rows = list(
        programme.enrolments.filter(status__in=list(OPEN))
        .select_related("participant__person", "programme_type", "requesting_agency")
        .order_by("-status_changed_at", "-pk")
    )
    return sorted(rows, key=lambda e: e.status != EnrolmentStatus.REQUESTED)


def programme_ended_enrolments(programme: Programme) -> QuerySet[Enrolment]:
    """A programme's ended enrolments, the latest first (a page at a time: they grow with its years)."""
    return (
        programme.enrolments.exclude(status__in=list(OPEN))
        .select_related("participant__person", "programme_type", "requesting_agency")
        .order_by("-status_changed_at", "-pk")
    )


def attending(programme: Programme) -> list[Enrolment]:
    """Who a session's attendance sheet lists: those attending the programme now."""
    return list(
        programme.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        .select_related("participant__person")
        .order_by("enrolled_at", "pk")
    )


def programme_sessions(programme: Programme, limit: int = 50) -> list[ProgrammeSession]:
    return list(
        programme.sessions_held.annotate(
            present=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT)),
            marked=Count("attendance"),
        ).order_by("-held_at", "-pk")[:limit]
    )


def enrolment_attendance(enrolment: Enrolment) -> list[Attendance]:
    return list(enrolment.attendance.select_related("session").order_by("session__held_at", "session__pk"))


def choosable_programmes(enrolment: Enrolment) -> QuerySet[Programme]:
    return programmes_near(enrolment.case.territory).filter(programme_type_id=enrolment.programme_type_id)


def cases_programmes(case: Case) -> QuerySet[Programme]:
    return programmes_near(case.territory).order_by("name", "pk")


def person_record(user: User, participant_ids: list[int]) -> list[RecordEntry]:
    """The person's record across cases, as far as the programmes know it: his enrolments and his attendance, in
    the cases the reader may see."""
    enrolments = with_counts(
        list(
            Enrolment.objects.visible_to(user)
            .filter(participant_id__in=participant_ids)
            .select_related("case", "programme", "programme_type")
            .order_by("-required_at")
        )
    )
    return [
        RecordEntry(
            case=enrolment.case,
            when=enrolment.required_at,
            title=enrolment.programme.name if enrolment.programme else enrolment.programme_type.name,
            detail=ngettext(
                "%(status)s: %(present)d session attended, %(absent)d missed",
                "%(status)s: %(present)d sessions attended, %(absent)d missed",
                enrolment.counts["present"],  # type: ignore[attr-defined]
            )
            % {
                "status": enrolment.get_status_display(),
                "present": enrolment.counts["present"],  # type: ignore[attr-defined]
                "absent": enrolment.counts["absent"],  # type: ignore[attr-defined]
            },
            url=reverse("programmes:enrolment_detail", args=[enrolment.pk]),
        )
        for enrolment in enrolments
    ]


# ---- trainings -------------------------------------------------------------------------------------------------

# Police officers who work on domestic violence cases: the police agencies' staff in roles that handle cases.
DV_OFFICER_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


def may_read_trainings(user: User) -> bool:
    """Trainings concern no case: any member of staff who runs them or reads statistics may see them."""
    return user.is_authenticated and (
        user.has_capability(Capability.RUN_TRAININGS) or user.has_capability(Capability.VIEW_STATISTICS)
    )


def training_plan_list_for(user: User) -> QuerySet[TrainingPlan]:
    """The plans of the user's country: their own agency's first."""
    if not may_read_trainings(user) or user.agency is None:
        return TrainingPlan.objects.none()
    return (
        TrainingPlan.objects.filter(owner__territory__country_code=user.agency.territory.country_code)
        .select_related("owner", "territory")
        .annotate(held=Count("sessions", filter=Q(sessions__starts_at__lte=timezone.now()), distinct=True))
        .order_by("-year", "audience", "title", "pk")
    )


def training_plans_filtered(
    plans: QuerySet[TrainingPlan], *, year: int | None = None, audience: str = "", territory: Territory | None = None
) -> QuerySet[TrainingPlan]:
    """The plans of a year, for an audience, of an area and the areas within it (any of them left out: all)."""
    if year:
        plans = plans.filter(year=year)
    if audience:
        plans = plans.filter(audience=audience)
    if territory is not None:
        plans = plans.filter(territory__path__startswith=territory.path)
    return plans


def training_plan_get_for(user: User, pk: Any) -> TrainingPlan:
    try:
        return training_plan_list_for(user).get(pk=int(pk))
    except (TypeError, ValueError, TrainingPlan.DoesNotExist):
        raise Http404 from None


def training_session_get_for(user: User, pk: Any) -> TrainingSession:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    session = TrainingSession.objects.select_related("plan__owner__territory").filter(pk=pk).first()
    if session is None or not training_plan_list_for(user).filter(pk=session.plan_id).exists():
        raise Http404
    return session


def _people(trainees: QuerySet[Trainee]) -> int:
    """People, not attendances: a member of staff trained twice is one; someone from outside is one per line."""
    staff = trainees.filter(user__isnull=False).values("user").distinct().count()
    return staff + trainees.filter(user__isnull=True).count()


@dataclass(frozen=True)
class PlanReport:
    plan: TrainingPlan
    sessions: int
    hours: Any
    people: int
    topics_covered: list[str]
    by_kind_and_sex: list[dict[str, Any]]
    scores: dict[str, Any]


def _scores(trainees: QuerySet[Trainee]) -> dict[str, Any]:
    """Mean scores before and after, of those tested both times, and how many improved."""
    tested = trainees.filter(pre_score__isnull=False, post_score__isnull=False)
    averages = tested.aggregate(before=Avg("pre_score"), after=Avg("post_score"), n=Count("pk"))
    improved = tested.filter(post_score__gt=F("pre_score")).count()
    change = None
    if averages["n"]:
        change = averages["after"] - averages["before"]
    return averages | {"change": change, "improved": improved}


def _by_kind_and_sex(trainees: QuerySet[Trainee], country_code: str) -> list[dict[str, Any]]:
    rows = trainees.values("agency_kind", "sex").annotate(n=Count("pk")).order_by("agency_kind", "sex")
    codes = {row["agency_kind"] for row in rows}
    kinds = {kind.code: kind.name for kind in AgencyKind.objects.filter(country_code=country_code, code__in=codes)}
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        kind = row["agency_kind"]
        line = table.setdefault(kind, {"kind": kinds.get(kind, ""), "female": 0, "male": 0, "unknown": 0, "total": 0})
        line[row["sex"]] += row["n"]
        line["total"] += row["n"]
    return list(table.values())


def plan_report(plan: TrainingPlan) -> PlanReport:
    """What a plan achieved: sessions held, people trained (against its targets), topics covered, participants by
    agency kind and sex, and the test scores."""
    # Sessions still to come are in the calendar, not in what the plan achieved.
    sessions = list(plan.sessions.filter(starts_at__lte=timezone.now()))
    attended = Trainee.objects.filter(session__plan=plan, attended=True)
    covered = [topic for topic in plan.topics if any(topic in session.topics for session in sessions)]
    return PlanReport(
        plan=plan,
        sessions=len(sessions),
        hours=sum((session.hours for session in sessions), Decimal(0)),
        people=_people(attended),
        topics_covered=covered,
        by_kind_and_sex=_by_kind_and_sex(attended, plan.owner.territory.country_code),
        scores=_scores(attended),
    )


@dataclass(frozen=True)
class CoverageLine:
    label: str
    people: int
    trained: int

    @property
    def share(self) -> float | None:
        return None if not self.people else self.trained / self.people


@dataclass(frozen=True)
class Coverage:
    territory: Territory
    since: datetime.date
    groups: list[CoverageLine]
    police: CoverageLine
    by_kind_and_sex: list[dict[str, Any]]
    scores: dict[str, Any]
    people: int


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day where it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def training_coverage(territory: Territory, months: int, today: datetime.date) -> Coverage:
    """Who in a territory was trained in the last `months` months (any plan's training counts): each monitoring
    group's members and the police officers handling domestic violence, as shares; and the participants of the
    territory's plans by agency kind and sex, with their test scores."""
    since = months_before(today, months)
    attended = Trainee.objects.filter(attended=True, session__starts_at__date__gte=since)
    trained = set(attended.filter(user__isnull=False).values_list("user_id", flat=True))
    audience = audience_sources.source(Audience.GROUP_MEMBERS)
    groups = [
        CoverageLine(label=name, people=len(users), trained=len(users & trained))
        for name, users in (audience.people(territory.path) if audience else [])
    ]
    officers = set(
        Membership.objects.filter(
            is_active=True,
            user__is_active=True,
            role__in=DV_OFFICER_ROLES,
            agency__kind__code="police",
            agency__territory__path__startswith=territory.path,
        ).values_list("user_id", flat=True)
    )
    police = CoverageLine(label=str(_("Police officers")), people=len(officers), trained=len(officers & trained))
    local = attended.filter(session__plan__territory__path__startswith=territory.path)
    return Coverage(
        territory=territory,
        since=since,
        groups=groups,
        police=police,
        by_kind_and_sex=_by_kind_and_sex(local, territory.country_code),
        scores=_scores(local),
        people=_people(local),
    )


def training_staff(plan: TrainingPlan) -> QuerySet[User]:
    """The members of staff a plan's attendance sheet offers: the active users of the agencies of its area."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__agency__territory__path__startswith=plan.territory.path,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def agency_kinds_of(country_code: str) -> QuerySet[AgencyKind]:
    return AgencyKind.objects.filter(country_code=country_code).order_by("name_en")


def coverage_territories(agency: Agency) -> QuerySet[Territory]:
    """The areas a coverage report may be asked for: the user's agency's and everything below it."""
    return Territory.objects.filter(path__startswith=agency.territory.path).order_by("path")


def month_from(value: str, today: datetime.date) -> datetime.date:
    """The first day of a month given as YYYY-MM; this month when absent or malformed."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


@dataclass(frozen=True)
class TrainingCalendar:
    month: datetime.date
    weeks: list[list[tuple[datetime.date, list[TrainingSession]]]]
    previous: datetime.date
    following: datetime.date


def training_calendar(user: User, month: datetime.date) -> TrainingCalendar:
    """The month's trainings of the plans the user may read, laid out in weeks from Monday."""
    import calendar

    following = (month + datetime.timedelta(days=32)).replace(day=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    sessions = (
        TrainingSession.objects.filter(
            plan__in=training_plan_list_for(user).values("pk"),
            starts_at__date__gte=month,
            starts_at__date__lt=following,
        )
        .select_related("plan")
        .order_by("starts_at", "pk")
    )
    by_day: dict[datetime.date, list[TrainingSession]] = {}
    for session in sessions:
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    weeks = [
        [(day, by_day.get(day, []) if day.month == month.month else []) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    return TrainingCalendar(month=month, weeks=weeks, previous=previous, following=following)


# ---- the materials library and the awareness campaigns ----------------------------------------------------------


def may_read_library(user: User) -> bool:
    """The library is open to every member of staff signed in with a membership."""
    return bool(user.is_authenticated and user.is_active and user.membership is not None)


def material_list_for(user: User, kind: str = "", language: str = "") -> QuerySet[Material]:
    if not may_read_library(user):
        return Material.objects.none()
    materials = Material.objects.select_related("owner").prefetch_related("versions")
    if kind:
        materials = materials.filter(kind=kind)
    if language:
        materials = materials.filter(versions__language=language).distinct()
    return materials.annotate(downloaded=Sum("versions__downloads")).order_by("title", "pk")


def material_get_for(user: User, pk: Any) -> Material:
    try:
        return material_list_for(user).get(pk=int(pk))
    except (TypeError, ValueError, Material.DoesNotExist):
        raise Http404 from None


def material_version_get_for(user: User, pk: Any) -> MaterialVersion:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    version = MaterialVersion.objects.select_related("material").filter(pk=pk).first()
    if version is None or not may_read_library(user):
        raise Http404
    return version


def campaign_programme_list_for(user: User) -> QuerySet[CampaignProgramme]:
    """The campaign programmes of the user's country, for whoever runs trainings and campaigns or reads statistics."""
    if not may_read_trainings(user) or user.agency is None:
        return CampaignProgramme.objects.none()
    return (
        CampaignProgramme.objects.filter(owner__territory__country_code=user.agency.territory.country_code)
        .select_related("owner", "territory")
        .annotate(campaign_count=Count("campaigns", distinct=True))
        .order_by("-starts_on", "title", "pk")
    )


def campaign_programme_get_for(user: User, pk: Any) -> CampaignProgramme:
    try:
        return campaign_programme_list_for(user).get(pk=int(pk))
    except (TypeError, ValueError, CampaignProgramme.DoesNotExist):
        raise Http404 from None


def campaign_get_for(user: User, pk: Any) -> Campaign:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    campaign = Campaign.objects.select_related("programme__owner", "programme__territory").filter(pk=pk).first()
    if campaign is None or not campaign_programme_list_for(user).filter(pk=campaign.programme_id).exists():
        raise Http404
    return campaign


@dataclass(frozen=True)
class Reach:
    total: int
    activities: int
    by_channel: list[tuple[str, int, int]]  # channel label, activities, people reached


def campaign_reach(activities: QuerySet[CampaignActivity]) -> Reach:
    """The people reached, in all and by channel (one grouped query)."""
    rows = list(activities.values("channel").annotate(n=Count("pk"), people=Sum("reach")).order_by("channel"))
    labels = dict(Channel.choices)
    return Reach(
        total=sum(row["people"] or 0 for row in rows),
        activities=sum(row["n"] for row in rows),
        by_channel=[(str(labels.get(row["channel"], row["channel"])), row["n"], row["people"] or 0) for row in rows],
    )


def programme_territories(programme: CampaignProgramme) -> QuerySet[Territory]:
    return Territory.objects.filter(path__startswith=programme.territory.path, is_active=True).order_by("path")

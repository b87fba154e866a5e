"""Reads of the programmes module. The case's agencies read enrolments through the case scope; a provider reads the
enrolments of its own programmes (`enrolments_provided`) and nothing of the case behind them: the enrolled person,
why and by when he must attend, and his attendance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import ngettext

from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.accounts.models import User
from concord.accounts.selectors import agencies_near
from concord.cases.choices import ParticipantRole
from concord.cases.extension import RecordEntry
from concord.cases.models import Case, Participant
from concord.cases.scoping import VIEW
from concord.programmes.choices import OPEN, EnrolmentStatus, Presence
from concord.programmes.models import Attendance, Enrolment, Programme, ProgrammeSession, ProgrammeType
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
    """A programme's enrolments for its provider: those awaiting it and attending first, then the ended."""
    rows = list(
        programme.enrolments.select_related("participant__person", "programme_type", "requesting_agency").order_by(
            "-status_changed_at", "-pk"
        )
    )
    return sorted(rows, key=lambda e: (e.status not in OPEN, e.status != EnrolmentStatus.REQUESTED))


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

"""The programmes module's work sources: for a provider's staff, the people to contact and enrol (by the first
contact's deadline) and those whose absences call for a decision; for the case's side, requirements of an order
that await the choice of a programme."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.capabilities import Capability
from concord.cases.models import Case
from concord.cases.selectors import work_cases
from concord.common.worklist import WorkItem, WorkPage, WorkSource
from concord.programmes.choices import EnrolmentStatus, Presence
from concord.programmes.models import Enrolment, Programme, ProgrammeRules
from concord.programmes.selectors import enrolments_provided


def _over_absences(enrolments, limit: int) -> list:
    """Attending, with more absences without a reason than their rules allow before the provider decides."""
    missing = enrolments.filter(status=EnrolmentStatus.ENROLLED).annotate(
        absent=Count("attendance", filter=Q(attendance__presence=Presence.ABSENT))
    )
    rows = list(missing.filter(absent__gt=0).order_by("pk")[:200])
    allowed = {
        (row.programme_type_id, row.version): row.absences
        for row in ProgrammeRules.objects.filter(programme_type_id__in={e.programme_type_id for e in rows})
    }
    return [e for e in rows if e.absent > allowed.get((e.programme_type_id, e.rules_version), 0)][:limit]


def _provider(user, scope: str, limit: int) -> WorkPage:
    now = timezone.now()
    provided = enrolments_provided(user).select_related("programme")
    requested = provided.filter(status=EnrolmentStatus.REQUESTED).order_by("first_contact_due_at", "pk")
    rows = list(requested[:limit])
    items = [
        WorkItem(
            title=_("Enrolment #%(number)d") % {"number": enrolment.pk},
            detail=_("%(programme)s: first contact due %(due)s")
            % {
                "programme": enrolment.programme.name if enrolment.programme else "",
                "due": date_format(timezone.localtime(enrolment.first_contact_due_at), "SHORT_DATETIME_FORMAT"),
            },
            url=reverse("programmes:enrolment_detail", args=[enrolment.pk]),
            due_on=timezone.localtime(enrolment.first_contact_due_at).date(),
            overdue=enrolment.first_contact_due_at < now,
        )
        for enrolment in rows
    ]
    count = len(rows) if len(rows) < limit else requested.count()
    decide = [
        WorkItem(
            title=_("Enrolment #%(number)d") % {"number": enrolment.pk},
            detail=_("%(programme)s: %(count)d sessions missed without a reason: decide whether he stays")
            % {"programme": enrolment.programme.name if enrolment.programme else "", "count": enrolment.absent},
            url=reverse("programmes:enrolment_detail", args=[enrolment.pk]),
            overdue=True,
        )
        for enrolment in _over_absences(provided, max(limit - len(items), 0))
    ]
    programme = Programme.objects.filter(provider=user.agency).order_by("pk").first()
    more = reverse("programmes:programme_detail", args=[programme.pk]) if programme else ""
    return WorkPage(items=items + decide, count=count + len(decide), more_url=more)


def _choices(user, scope: str, limit: int) -> WorkPage:
    cases = work_cases(user, scope, Case.objects.all())
    waiting = (
        Enrolment.objects.filter(status=EnrolmentStatus.AWAITING_PROGRAMME, case__in=cases.values("pk"))
        .select_related("case", "programme_type")
        .order_by("required_at", "pk")
    )
    rows = list(waiting[:limit])
    items = [
        WorkItem(
            title=enrolment.case.number,
            detail=_("%(type)s required: choose the programme") % {"type": enrolment.programme_type.name},
            url=reverse("programmes:enrolment_detail", args=[enrolment.pk]),
            due_on=timezone.localtime(enrolment.first_contact_due_at).date(),
            overdue=enrolment.first_contact_due_at < timezone.now(),
            level=enrolment.case.risk_level,
            level_label=enrolment.case.get_risk_level_display(),
        )
        for enrolment in rows
    ]
    count = len(rows) if len(rows) < limit else waiting.count()
    return WorkPage(items=items, count=count)


def _provides(user) -> bool:
    agency = user.agency
    return (
        agency is not None
        and user.has_capability(Capability.EDIT_CASES)
        and Programme.objects.filter(provider=agency).exists()
    )


SOURCES = (
    WorkSource(
        name="programme_enrolments",
        label=gettext_lazy("Perpetrators to enrol and follow"),
        collect=_provider,
        applies=_provides,
        order=18,
    ),
    WorkSource(
        name="programme_choices",
        label=gettext_lazy("Programmes to choose"),
        collect=_choices,
        applies=lambda user: user.has_capability(Capability.EDIT_CASES),
        order=19,
    ),
)

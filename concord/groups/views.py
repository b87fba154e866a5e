"""Pages of the monitoring-group module: the groups a user runs or sits on, a group with its composition, members,
meetings and families; a meeting with its agenda, attendance, the confidentiality statement, the outstanding
actions, and the record of the meeting; the summary of one case on the agenda; the minutes; the calendar; an
agency's actions. Views are thin: scope, service, render. Every read of a case summary or of the minutes is
audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concord.accounts.access import AuthenticatedRequest
from concord.accounts.models import Agency, User
from concord.accounts.selectors import agencies_near
from concord.audit.services import audit_record
from concord.cases import selectors as case_selectors
from concord.cases.models import Case
from concord.common.forms import Nearby, offer_nearby, show_refusal
from concord.countries.clock import country_today
from concord.groups import minutes, selectors, services
from concord.groups.choices import BEFORE_MEETING, GroupsAuditAction, MeetingStatus, Presence
from concord.groups.forms import (
    ActionForm,
    AddCaseForm,
    CloseActionForm,
    ContributionForm,
    DecisionForm,
    FamilyCloseForm,
    FamilyForm,
    FamilyReviewForm,
    HoldForm,
    MemberForm,
    OfficersForm,
    PlanForm,
    RepresentativesForm,
)
from concord.groups.models import AgendaItem, Group, Meeting, Member
from concord.groups.rules import may_approve_minutes, may_manage_group, seat_of
from concord.territory.selectors import territory_prefixes


def _staff(agency_ids: Any) -> Any:
    """Active staff of these agencies, each with the agency they work in (`agency_pk`) for the choice's label."""
    return _with_agency(
        User.objects.filter(memberships__agency_id__in=agency_ids, memberships__is_active=True, is_active=True)
    )


def _with_agency(users: Any) -> Any:
    return users.annotate(agency_pk=Min("memberships__agency", filter=Q(memberships__is_active=True))).order_by(
        "full_name"
    )


def _code(group: Group) -> str:
    return group.territory.country_code


def _country_agencies(group: Group) -> Any:
    return Agency.objects.filter(territory__country_code=group.territory.country_code, is_active=True).order_by(
        "name_en"
    )


def _nearby(request: AuthenticatedRequest, group: Group, page: str) -> Nearby | None:
    if request.GET.get("agencies") == "all":
        return None
    return Nearby(
        choices=agencies_near(group.territory),
        search_url=reverse("accounts:agency_options"),
        all_url=f"{page}?agencies=all",
    )


def _refused(request: AuthenticatedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ---- groups -----------------------------------------------------------------------------------------------------


@login_required
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    groups = list(selectors.groups_for(request.user)[:200])
    upcoming = selectors.next_meetings([g.pk for g in groups])
    return render(
        request,
        "groups/group_list.html",
        {"groups": [(g, upcoming.get(g.pk)) for g in groups], "actions": selectors.open_actions_count(request.user)},
    )


def _group_context(request: AuthenticatedRequest, group: Group, **forms: Any) -> dict[str, Any]:
    manages = may_manage_group(request.user, group)
    members = selectors.members_of(group)
    context: dict[str, Any] = {
        "group": group,
        "manages": manages,
        "members": members,
        "member_rows": [(m, None) for m in members],
        "composition": selectors.composition(group),
        "meetings": list(selectors.meetings_of(group)[:30]),
        "families_due": selectors.families_of(group).filter(review_on__lte=country_today(_code(group))).count(),
        "next_regular": services.next_regular_date(group),
        "figures": selectors.recent_figures(group),
    }
    if manages:
        staff_by_agency = selectors.staff_by_agency([m.agency_id for m in members])
        page = reverse("groups:group_detail", args=[group.pk])
        member_form = forms.get("member_form") or MemberForm(agencies=_country_agencies(group))
        offer_nearby(member_form, "agency", _nearby(request, group, page))
        officers = forms.get("officers_form") or OfficersForm(
            initial={"chair": group.chair_id, "secretary": group.secretary_id, "language": group.language},
            chairs=_officer_candidates(group, "chair"),
            secretaries=_officer_candidates(group, "secretary"),
        )
        suggested = context["next_regular"]
        context |= {
            "plan_form": forms.get("plan_form")
            or PlanForm(suggested=datetime.datetime.combine(suggested, datetime.time(10)) if suggested else None),
            "officers_form": officers,
            "member_form": member_form,
            "member_rows": [(m, list(staff_by_agency.get(m.agency_id, []))) for m in members],
        }
    return context


def _officer_candidates(group: Group, seat: str) -> Any:
    kind = group.kind.composition.get(seat)
    agencies = Agency.objects.filter(kind__code=kind, is_active=True).filter(
        Q(territory__path__startswith=group.territory.path) | Q(territory__path__in=territory_prefixes(group.territory))
    )
    return _staff(agencies.values("pk"))


@login_required
def group_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for(request.user, pk)
    return render(request, "groups/group_detail.html", _group_context(request, group))


@login_required
@require_POST
def group_officers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for(request.user, pk)
    form = OfficersForm(
        request.POST,
        chairs=_officer_candidates(group, "chair"),
        secretaries=_officer_candidates(group, "secretary"),
    )
    if form.is_valid():
        try:
            services.group_set_officers(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The group was saved."))
            return redirect("groups:group_detail", pk=group.pk)
    return render(request, "groups/group_detail.html", _group_context(request, group, officers_form=form), status=400)


@login_required
@require_POST
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for(request.user, pk)
    form = MemberForm(request.POST, agencies=_country_agencies(group))
    if form.is_valid():
        try:
            services.member_save(
                actor=request.user, group=group, agency=form.cleaned_data["agency"], representative=None, deputy=None
            )
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The agency was added to the group."))
            return redirect("groups:group_detail", pk=group.pk)
    return render(request, "groups/group_detail.html", _group_context(request, group, member_form=form), status=400)


def _member(request: AuthenticatedRequest, pk: int) -> Member:
    member = Member.objects.select_related("group", "agency").filter(pk=pk, left_on__isnull=True).first()
    if member is None:
        raise Http404
    selectors.group_get_for(request.user, member.group_id)
    return member


@login_required
@require_POST
def member_representatives(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    form = RepresentativesForm(request.POST, staff=_staff([member.agency_id]))
    if form.is_valid():
        try:
            services.member_save(actor=request.user, group=member.group, agency=member.agency, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The representatives were saved."))
    else:
        messages.error(request, _("Choose members of staff of this agency."))
    return redirect("groups:group_detail", pk=member.group_id)


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    services.member_leave(actor=request.user, member=member)
    messages.success(request, _("The agency left the group."))
    return redirect("groups:group_detail", pk=member.group_id)


@login_required
@require_POST
def meeting_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for(request.user, pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.meeting_plan(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect("groups:meeting_detail", pk=meeting.pk)
    return render(request, "groups/group_detail.html", _group_context(request, group, plan_form=form), status=400)


# ---- a meeting ----------------------------------------------------------------------------------------------------


def _meeting_context(request: AuthenticatedRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    user = request.user
    group = meeting.group
    manages = may_manage_group(user, group)
    items = selectors.agenda_of(meeting)
    members = selectors.members_of(group)
    attendance = {a.member_id: a for a in meeting.attendances.select_related("attendee")}
    staff = selectors.staff_by_agency([m.agency_id for m in members]) if manages else {}
    context: dict[str, Any] = {
        "meeting": meeting,
        "group": group,
        "manages": manages,
        "items": items,
        "accepted": services.has_accepted(user, meeting),
        "readable": selectors.summary_cases(user, [item.case_id for item in items]),
        "outstanding": list(selectors.outstanding_actions(meeting)),
        "attendance_rows": [(m, attendance.get(m.pk), staff.get(m.agency_id, [])) for m in members],
        "presences": Presence.choices,
        "before": meeting.status in BEFORE_MEETING,
        "may_approve": may_approve_minutes(user, meeting) and meeting.status == MeetingStatus.HELD,
        "minutes_open": meeting.status == MeetingStatus.MINUTES_APPROVED
        or (manages and meeting.status == MeetingStatus.HELD),
        "quorum_problems": services.quorum_problems(meeting, group.chair) if manages and meeting.is_before else [],
    }
    if manages:
        context["add_case_form"] = forms.get("add_case_form") or AddCaseForm()
        context["hold_form"] = forms.get("hold_form") or HoldForm(
            initial={"chaired_by": group.chair_id}, chairs=_chairs(meeting)
        )
        context["close_form"] = CloseActionForm()
    return context


def _chairs(meeting: Meeting) -> Any:
    attendees = meeting.attendances.filter(presence=Presence.PRESENT).values("attendee_id")
    return _with_agency(User.objects.filter(Q(pk=meeting.group.chair_id) | Q(pk__in=attendees), is_active=True))


@login_required
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    return render(request, "groups/meeting_detail.html", _meeting_context(request, meeting))


def _managed_meeting(request: AuthenticatedRequest, pk: int) -> Meeting:
    return selectors.meeting_get_for(request.user, pk)


def _meeting_step(request: AuthenticatedRequest, pk: int, step: Any, success: str) -> HttpResponse:
    """A button on the meeting page that calls one service: its refusal shown above the page."""
    meeting = _managed_meeting(request, pk)
    try:
        step(meeting)
    except ValidationError as error:
        _refused(request, error)
        return render(request, "groups/meeting_detail.html", _meeting_context(request, meeting), status=400)
    messages.success(request, success)
    return redirect("groups:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def agenda_build(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def step(meeting: Meeting) -> None:
        added = services.agenda_build(actor=request.user, meeting=meeting)
        if not added:
            messages.info(request, _("No new case for the agenda."))

    return _meeting_step(request, pk, step, _("The agenda was computed."))


@login_required
@require_POST
def agenda_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request, pk, lambda m: services.agenda_send(actor=request.user, meeting=m), _("The agenda was sent.")
    )


@login_required
@require_POST
def meeting_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request, pk, lambda m: services.meeting_cancel(actor=request.user, meeting=m), _("The meeting was cancelled.")
    )


@login_required
@require_POST
def minutes_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request, pk, lambda m: services.minutes_approve(actor=request.user, meeting=m), _("The minutes were approved.")
    )


@login_required
@require_POST
def minutes_distribute(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request,
        pk,
        lambda m: services.minutes_distribute(actor=request.user, meeting=m),
        _("The members were told the minutes are out."),
    )


@login_required
@require_POST
def confidentiality_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request,
        pk,
        lambda m: services.confidentiality_accept(user=request.user, meeting=m),
        _("You accepted the confidentiality statement."),
    )


@login_required
@require_POST
def agenda_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    services.ensure_manages(request.user, meeting.group)
    form = AddCaseForm(request.POST)
    if form.is_valid():
        case = Case.objects.visible_to(request.user).filter(number=form.cleaned_data["number"].strip()).first()
        try:
            if case is None:
                raise ValidationError({"number": _("No case of that number that you may see.")})
            services.agenda_add(actor=request.user, meeting=meeting, case=case, note=form.cleaned_data["note"])
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The case was put on the agenda."))
            return redirect("groups:meeting_detail", pk=meeting.pk)
    context = _meeting_context(request, meeting, add_case_form=form)
    return render(request, "groups/meeting_detail.html", context, status=400)


def _item(request: AuthenticatedRequest, meeting_pk: int, item_pk: int) -> tuple[Meeting, AgendaItem]:
    meeting = selectors.meeting_get_for(request.user, meeting_pk)
    item = AgendaItem.objects.select_related("case__territory", "meeting").filter(pk=item_pk, meeting=meeting).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return meeting, item


@login_required
@require_POST
def agenda_move(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item(request, pk, item_pk)
    order = list(meeting.items.order_by("position", "pk").values_list("pk", flat=True))
    index = order.index(item.pk)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    return _meeting_step(
        request, pk, lambda m: services.agenda_reorder(actor=request.user, meeting=m, item_ids=order), _("Moved.")
    )


@login_required
@require_POST
def agenda_remove(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    _meeting, item = _item(request, pk, item_pk)
    return _meeting_step(
        request,
        pk,
        lambda m: services.agenda_remove(actor=request.user, item=item),
        _("The case was taken off the agenda."),
    )


@login_required
@require_POST
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    rows = []
    for member in selectors.members_of(meeting.group):
        attendee_id = request.POST.get(f"attendee_{member.pk}", "")
        attendee = User.objects.filter(pk=attendee_id).first() if attendee_id.isdigit() else None
        rows.append(
            {
                "member": member,
                "presence": request.POST.get(f"presence_{member.pk}", ""),
                "attendee": attendee,
                "substitute_name": request.POST.get(f"substitute_{member.pk}", ""),
            }
        )
    return _meeting_step(
        request,
        pk,
        lambda m: services.attendance_record(actor=request.user, meeting=m, rows=rows),
        _("The attendance was recorded."),
    )


@login_required
@require_POST
def meeting_hold(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = HoldForm(request.POST, chairs=_chairs(meeting))
    if form.is_valid():
        try:
            services.meeting_hold(actor=request.user, meeting=meeting, chaired_by=form.cleaned_data["chaired_by"])
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The meeting was recorded as held."))
            return redirect("groups:meeting_detail", pk=meeting.pk)
    return render(request, "groups/meeting_detail.html", _meeting_context(request, meeting, hold_form=form), status=400)


@login_required
def minutes_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    manages = may_manage_group(request.user, meeting.group)
    if not (meeting.status == MeetingStatus.MINUTES_APPROVED or (manages and meeting.status == MeetingStatus.HELD)):
        raise Http404
    audit_record(
        action=GroupsAuditAction.MINUTES_DOWNLOADED,
        actor=request.user,
        target=meeting,
        details={"draft": meeting.status == MeetingStatus.HELD},
    )
    response = HttpResponse(minutes.render_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# ---- one case on the agenda ---------------------------------------------------------------------------------------


def _item_context(request: AuthenticatedRequest, meeting: Meeting, item: AgendaItem, **forms: Any) -> dict[str, Any]:
    user = request.user
    group = meeting.group
    manages = may_manage_group(user, group)
    members = selectors.members_of(group)
    member_agencies = Agency.objects.filter(pk__in=[m.agency_id for m in members])
    context: dict[str, Any] = {
        "meeting": meeting,
        "group": group,
        "item": item,
        "manages": manages,
        "summary": selectors.case_summary(user, item.case),
        "contributions": list(item.contributions.select_related("agency", "author")),
        "actions": list(item.actions.select_related("owner", "responsible")),
        "history": selectors.case_history(item),
        "may_contribute": (seat_of(user, group) is not None or manages)
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.status != MeetingStatus.MINUTES_APPROVED,
        "recording": manages and meeting.status not in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED),
        "contribution_form": forms.get("contribution_form") or ContributionForm(),
    }
    if context["recording"]:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(initial={"decision": item.decision})
        action_form = forms.get("action_form") or ActionForm(
            agencies=_country_agencies(group), staff=_staff(member_agencies.values("pk"))
        )
        page = reverse("groups:item_detail", args=[meeting.pk, item.pk])
        offer_nearby(action_form, "owner", _nearby(request, group, page))
        context["action_form"] = action_form
    return context


def _readable_item(request: AuthenticatedRequest, pk: int, item_pk: int) -> tuple[Meeting, AgendaItem]:
    """The item, when the user may read its case's summary now (404 otherwise: the window has closed)."""
    meeting, item = _item(request, pk, item_pk)
    if item.case_id not in selectors.summary_cases(request.user, [item.case_id]):
        raise Http404
    return meeting, item


@login_required
def item_detail(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _readable_item(request, pk, item_pk)
    if not services.has_accepted(request.user, meeting):
        return render(
            request, "groups/confidentiality.html", {"meeting": meeting, "group": meeting.group, "item": item}
        )
    case_selectors.case_read(request.user, item.case, section="group_summary")
    return render(request, "groups/item_detail.html", _item_context(request, meeting, item))


def _item_form(request: AuthenticatedRequest, pk: int, item_pk: int, form_class: Any, name: str, call: Any, done: str):
    meeting, item = _readable_item(request, pk, item_pk)
    kwargs: dict[str, Any] = {}
    if form_class is ActionForm:
        members = selectors.members_of(meeting.group)
        kwargs = {
            "agencies": _country_agencies(meeting.group),
            "staff": _staff([m.agency_id for m in members]),
        }
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            call(item, form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, done)
            return redirect("groups:item_detail", pk=meeting.pk, item_pk=item.pk)
    context = _item_context(request, meeting, item, **{name: form})
    return render(request, "groups/item_detail.html", context, status=400)


@login_required
@require_POST
def item_contribute(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    return _item_form(
        request, pk, item_pk, ContributionForm, "contribution_form",
        lambda item, data: services.contribution_add(actor=request.user, item=item, text=data["text"]),
        _("Your agency's information was added."),
    )  # fmt: skip


@login_required
@require_POST
def item_decide(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    return _item_form(
        request, pk, item_pk, DecisionForm, "decision_form",
        lambda item, data: services.item_decide(actor=request.user, item=item, decision=data["decision"]),
        _("The decision was recorded."),
    )  # fmt: skip


@login_required
@require_POST
def action_create(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    return _item_form(
        request, pk, item_pk, ActionForm, "action_form",
        lambda item, data: services.action_create(actor=request.user, item=item, **data),
        _("The action was recorded and its owner told."),
    )  # fmt: skip


# ---- actions ------------------------------------------------------------------------------------------------------


@login_required
def action_list(request: AuthenticatedRequest) -> HttpResponse:
    actions = list(selectors.open_actions_of(request.user.agency).order_by("due_on", "pk")[:200])
    return render(
        request,
        "groups/action_list.html",
        {"actions": actions, "close_form": CloseActionForm(), "today": timezone.localdate()},
    )


@login_required
@require_POST
def action_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = selectors.action_get_for(request.user, pk)
    form = CloseActionForm(request.POST)
    meeting = None
    if request.POST.get("meeting", "").isdigit():
        meeting = selectors.meeting_get_for(request.user, request.POST["meeting"])
    back = reverse("groups:meeting_detail", args=[meeting.pk]) if meeting else reverse("groups:action_list")
    if not form.is_valid():
        messages.error(request, _("Choose the outcome."))
        return redirect(back)
    try:
        services.action_close(actor=request.user, action=action, meeting=meeting, **form.cleaned_data)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The action was closed."))
    return redirect(back)


# ---- families -----------------------------------------------------------------------------------------------------


def _family_context(request: AuthenticatedRequest, group: Group, form: FamilyForm | None = None) -> dict[str, Any]:
    manages = may_manage_group(request.user, group)
    context: dict[str, Any] = {
        "group": group,
        "manages": manages,
        "families": list(selectors.families_of(group, include_closed=request.GET.get("closed") == "1")),
        "today": country_today(_code(group)),
    }
    if manages:
        form = form or FamilyForm(agencies=_country_agencies(group))
        offer_nearby(form, "responsible", _nearby(request, group, reverse("groups:family_list", args=[group.pk])))
        context["form"] = form
    return context


@login_required
def family_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for(request.user, pk)
    return render(request, "groups/family_list.html", _family_context(request, group))


@login_required
@require_POST
def family_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for(request.user, pk)
    services.ensure_manages(request.user, group)
    form = FamilyForm(request.POST, agencies=_country_agencies(group))
    if form.is_valid():
        numbers = form.case_numbers()
        cases = list(Case.objects.visible_to(request.user).filter(number__in=numbers))
        try:
            if len(cases) != len(set(numbers)):
                raise ValidationError({"numbers": _("No case of that number that you may see.")})
            family = services.family_add(
                actor=request.user,
                group=group,
                cases=cases,
                persons=selectors.household_of(cases),
                reason=form.cleaned_data["reason"],
                review_on=form.cleaned_data["review_on"],
                responsible=form.cleaned_data["responsible"],
            )
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The family was added to the register."))
            return redirect("groups:family_detail", pk=family.pk)
    return render(request, "groups/family_list.html", _family_context(request, group, form), status=400)


@login_required
def family_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.family_get_for(request.user, pk)
    visible = set(Case.objects.visible_to(request.user).filter(followed_families=family).values_list("pk", flat=True))
    audit_record(action=GroupsAuditAction.FAMILY_VIEWED, actor=request.user, target=family)
    return render(
        request,
        "groups/family_detail.html",
        {
            "family": family,
            "group": family.group,
            "manages": may_manage_group(request.user, family.group),
            "cases": list(family.cases.all()),
            "visible": visible,
            "persons": list(family.persons.all()) if visible else [],
            "review_form": FamilyReviewForm(),
            "close_form": FamilyCloseForm(),
        },
    )


@login_required
@require_POST
def family_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.family_get_for(request.user, pk)
    form = FamilyReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the next review date, after today."))
        services.family_review(actor=request.user, family=family, review_on=form.cleaned_data["review_on"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The next review was set."))
    return redirect("groups:family_detail", pk=family.pk)


@login_required
@require_POST
def family_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.family_get_for(request.user, pk)
    form = FamilyCloseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the outcome."))
        services.family_close(actor=request.user, family=family, **form.cleaned_data)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The family is no longer followed."))
    return redirect("groups:family_detail", pk=family.pk)


# ---- the calendar -------------------------------------------------------------------------------------------------


@login_required
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    meetings = selectors.calendar_meetings(request.user, first, following)
    return render(
        request,
        "groups/calendar.html",
        {
            "first": first,
            "weeks": selectors.month_weeks(first, meetings),
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "today": today,
        },
    )

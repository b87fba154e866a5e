from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.accounts.models import AgencyKind
from concord.accounts.selectors import agencies_near
from concord.cases import selectors, services
from concord.cases.choices import CASE_TRANSITIONS, CaseStatus
from concord.cases.extension import case_page_context
from concord.cases.filters import CaseFilter
from concord.cases.forms import (
    AttachmentForm,
    BreakGlassForm,
    CaseMoveForm,
    ClosureRequestForm,
    ConsentForm,
    DuplicateDismissForm,
    GoalForm,
    IncidentForm,
    IntakeForm,
    LeadWorkerForm,
    NoteForm,
    ParticipantForm,
    PersonMergeForm,
    PersonUnmergeForm,
    ShareForm,
    TaskForm,
)
from concord.cases.models import Case, CasePlan
from concord.cases.rules import is_owning_agency, may_review_duplicates
from concord.common import worklist
from concord.common.forms import Nearby, apply_validation_error, form_status
from concord.common.paginator import BoundedPaginator
from concord.common.worklist import TEAM
from concord.people.matching import identity
from concord.people.models import Person
from concord.territory.models import Territory

PAGE_SIZE = 25
# The case list counts this many cases at most (BoundedPaginator): 40 pages, after which filters work better.
LIST_COUNT_LIMIT = 1000


@capability_required(*CASE_READER_CAPABILITIES)
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    cases: Any = Case.objects.all()
    # The exact search takes national ID and phone numbers, so it is POSTed: personal data never goes into a URL
    # (access logs, browser history). Its results are exact matches and fit on one page.
    query = request.POST.get("q", "").strip() if request.method == "POST" else ""
    if query:
        cases = selectors.case_search_for(request.user, query)
    case_filter = CaseFilter(request.GET or None, queryset=cases, user=request.user)
    # VisibleCases narrows the filtered cases to the reader's own: the filter's queryset is never shown as it is.
    visible = selectors.VisibleCases(request.user, case_filter.qs)
    page = BoundedPaginator(visible, PAGE_SIZE, limit=LIST_COUNT_LIMIT).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"filter": case_filter, "page": page, "query": query})


@capability_required(Capability.VIEW_TEAM_WORKLOAD, Capability.VIEW_JURISDICTION_CASES)
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """A supervisor's (their agency's cases) or coordinator's (their jurisdiction's) overview: cases by status and
    risk level, the load of each lead worker, and the team's waiting and overdue work."""
    user = request.user
    return render(
        request, "cases/caseload.html", selectors.caseload_for(user) | {"work": worklist.work_for(user, TEAM, 0)}
    )


@capability_required(Capability.EDIT_CASES)
def case_intake(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    agency = user.agency
    if agency is None:
        raise PermissionDenied
    territories = selectors.case_territories_for(user)
    first = territories.first()
    kinds = AgencyKind.objects.filter(country_code=first.country_code if first else "")
    form = IntakeForm(
        request.POST or None,
        territories=territories,
        agency_kinds=kinds,
        initial={"territory": agency.territory if agency.territory.level >= 2 else None},
    )
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = _visible_matches(user, form)
        chosen = data.get("use_existing_person")
        # Only a match in one of the worker's own cases may be taken, whatever id the request carries.
        existing = next((m["person"] for m in matches if m["person"].pk == chosen and m["visible_cases"]), None)
        if chosen and existing is None:
            form.add_error(None, _("This person cannot be added from here. Register her anew or ask the coordinator."))
        elif matches and existing is None and not data.get("confirm_new_person"):
            form.add_error(None, _("People with the same details are already registered. Check them below."))
        else:
            try:
                case = services.case_intake(
                    actor=user,
                    territory=data["territory"],
                    survivor=form.survivor_values(),
                    existing_survivor=existing,
                    perpetrator=form.perpetrator_values(),
                    perpetrator_relationship=data["perpetrator_relationship"],
                    children=form.children_values(),
                    incident=form.incident_values(data["territory"], agency),
                    consent_services=data["consent_services"],
                    consent_sharing_kinds=data["consent_sharing_kinds"],
                    consent_statistics=data["consent_statistics"],
                    consent_method=data["consent_method"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
                return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_intake.html", {"form": form, "matches": matches}, status=form_status(form))


def _visible_matches(user, form: IntakeForm) -> list[dict]:
    data = form.cleaned_data
    return selectors.person_matches_for(
        user,
        identity(
            given_name=data.get("survivor_given_name", ""),
            family_name=data.get("survivor_family_name", ""),
            patronymic=data.get("survivor_patronymic", ""),
            birth_date=data.get("survivor_birth_date"),
            national_id=data.get("survivor_national_id", ""),
            phone=data.get("survivor_phone", ""),
        ),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def case_intake_matches(request: AuthenticatedRequest) -> HttpResponse:
    """htmx: the duplicate warning while the survivor's details are typed."""
    user = request.user
    form = IntakeForm(
        request.POST, territories=selectors.case_territories_for(user), agency_kinds=AgencyKind.objects.none()
    )
    form.is_valid()
    form.cleaned_data.setdefault("survivor_given_name", "")
    matches = _visible_matches(user, form) if form.cleaned_data.get("survivor_given_name") else []
    return render(request, "cases/_intake_matches.html", {"matches": matches})


def _nearby_agencies(request: AuthenticatedRequest, case: Case, tab: str, page: str = "") -> Nearby | None:
    """The agencies a case's forms list first: its region's and the national ones, the rest found by name. None
    (every agency) when the page was asked for with ?agencies=all, the link a browser without JavaScript follows."""
    if request.GET.get("agencies") == "all":
        return None
    if not page:
        page = (
            reverse("cases:case_detail", args=[case.pk])
            if tab == "overview"
            else reverse("cases:case_tab", args=[case.pk, tab])
        )
    return Nearby(
        choices=agencies_near(case.territory),
        search_url=reverse("accounts:agency_options"),
        all_url=f"{page}?agencies=all",
    )


def case_tab_context(request: AuthenticatedRequest, case: Case, tab: str) -> dict:
    user = request.user
    context = case_page_context(request, case, tab)
    if tab == "overview":
        context["review_state"] = selectors.review_state(case)
        context["next_statuses"] = [s for s in CASE_TRANSITIONS[CaseStatus(case.status)] if s != CaseStatus.CLOSED]
        context["involvements"] = selectors.involvement_list(case)
        context["incident_count"] = case.incidents.count()
        context["closure_form"] = ClosureRequestForm()
        context["lead_worker_form"] = LeadWorkerForm(
            agency=case.owning_agency, initial={"lead_worker": case.lead_worker}
        )
        context["is_owner"] = is_owning_agency(user, case)
        if context["is_owner"] and case.status != CaseStatus.CLOSED:
            context["move_form"] = CaseMoveForm(territories=selectors.case_move_territories(case))
        context["share_form"] = ShareForm(
            consents=selectors.sharing_consents(case),
            agencies=selectors.agencies_to_share_with(case),
            nearby=_nearby_agencies(request, case, tab),
        )
    elif tab == "people":
        context["participants"] = selectors.participant_list(case)
        context["elsewhere"] = selectors.perpetrators_elsewhere(user, case)
        context["participant_form"] = ParticipantForm()
        context["consents"] = selectors.consent_list(case)
        context["consent_form"] = ConsentForm(
            case=case,
            agencies=selectors.country_agencies(case.territory.country_code),
            agency_kinds=AgencyKind.objects.filter(country_code=case.territory.country_code),
            nearby=_nearby_agencies(request, case, tab),
        )
    elif tab == "incidents":
        context["incidents"] = selectors.incident_list(case)
    elif tab == "plan":
        plan = CasePlan.objects.filter(case=case).prefetch_related("goals__tasks__responsible_agency").first()
        context["plan"] = plan
        goals = plan.goals.all() if plan else case.notes.none()
        context["goal_form"] = GoalForm()
        context["task_form"] = TaskForm(
            goals=goals,
            agencies=selectors.country_agencies(case.territory.country_code),
            nearby=_nearby_agencies(request, case, tab),
        )
    elif tab == "notes":
        context["notes"] = selectors.note_list(user, case)
        context["note_form"] = NoteForm()
    elif tab == "documents":
        context["documents"] = selectors.attachment_list(user, case)
        context["attachment_form"] = AttachmentForm()
    elif tab == "timeline":
        context["entries"] = Paginator(selectors.timeline_for(case), 50).get_page(request.GET.get("page"))
    elif tab == "access_log":
        context["events"] = Paginator(selectors.access_log_for(case), 50).get_page(request.GET.get("page"))
    return context


def _render_tab(request: AuthenticatedRequest, case: Case, tab: str, status: int = 200, **overrides) -> HttpResponse:
    context = case_tab_context(request, case, tab) | overrides
    return render(request, f"cases/case_{tab}.html", context, status=status)


@capability_required(*CASE_READER_CAPABILITIES)
def case_detail(request: AuthenticatedRequest, pk: int, tab: str = "overview") -> HttpResponse:
    case = selectors.case_get_for(request.user, pk)
    if tab == "access_log" and not selectors.access_log_allowed(request.user, case):
        raise PermissionDenied
    selectors.case_read(request.user, case, section=tab)
    return _render_tab(request, case, tab)


def _action(request: AuthenticatedRequest, pk: int, tab: str, form_name: str, form, call, success: str):
    """Shared shape of the case actions: validate, call the service, redirect to the tab or show the errors."""
    case = selectors.case_get_for(request.user, pk, "edit")
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success)
            if tab == "overview":
                return redirect("cases:case_detail", pk=case.pk)
            return redirect("cases:case_tab", pk=case.pk, tab=tab)
    return _render_tab(request, case, tab, status=400, **{form_name: form})


@capability_required(Capability.EDIT_CASES)
@require_POST
def note_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "notes",
        "note_form",
        NoteForm(request.POST),
        lambda case, data: services.note_add(actor=request.user, case=case, **data),
        _("The note was added."),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def attachment_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    return _action(
        request,
        pk,
        "documents",
        "attachment_form",
        form,
        lambda case, data: services.attachment_add(
            actor=request.user,
            case=case,
            upload=data["file"],
            kind=data["kind"],
            is_sensitive=data["is_sensitive"],
        ),
        _("The document was uploaded."),
    )


@login_required
def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_get_for(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


@capability_required(Capability.EDIT_CASES)
def incident_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    territories = Territory.objects.filter(country_code=case.territory.country_code, level__gte=2, is_active=True)
    form = IncidentForm(
        request.POST or None,
        case=case,
        territories=territories,
        agencies=selectors.country_agencies(case.territory.country_code),
        nearby=_nearby_agencies(request, case, "incidents", reverse("cases:incident_create", args=[case.pk])),
        initial={"territory": case.territory, "reporting_agency": request.user.agency},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The incident was recorded."))
            return redirect("cases:case_tab", pk=case.pk, tab="incidents")
    context = case_tab_context(request, case, "incidents") | {"incident_form": form}
    return render(request, "cases/incident_form.html", context, status=form_status(form))


@capability_required(Capability.EDIT_CASES)
@require_POST
def participant_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from concord.people.services import person_create

    def call(case, data):
        person_values = {k: v for k, v in data.items() if k not in {"role", "relationship", "lives_with_survivor"}}
        person = person_create(agency=request.user.agency, **person_values)
        services.participant_add(
            actor=request.user,
            case=case,
            person=person,
            role=data["role"],
            relationship=data["relationship"],
            lives_with_survivor=data["lives_with_survivor"],
        )

    return _action(
        request,
        pk,
        "people",
        "participant_form",
        ParticipantForm(request.POST),
        call,
        _("The person was added to the case."),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def consent_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    form = ConsentForm(
        request.POST,
        case=case,
        agencies=selectors.country_agencies(case.territory.country_code),
        agency_kinds=AgencyKind.objects.filter(country_code=case.territory.country_code),
        nearby=_nearby_agencies(request, case, "people"),
    )

    def call(case, data):
        services.consent_record(
            actor=request.user,
            case=case,
            given_by="caregiver" if data["caregiver"] else "self",
            child_assent=data["child_assent"] if data["caregiver"] else None,
            **{k: v for k, v in data.items() if k != "child_assent"},
        )

    return _action(request, pk, "people", "consent_form", form, call, _("The consent was recorded."))


@capability_required(Capability.EDIT_CASES)
@require_POST
def consent_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    consent = selectors.consent_get_for(request.user, consent_pk, "edit")
    if consent.case_id != case.pk:
        raise PermissionDenied
    services.consent_withdraw(actor=request.user, consent=consent)
    messages.success(request, _("The consent was withdrawn; shares based on it have ended."))
    return redirect("cases:case_tab", pk=case.pk, tab="people")


@capability_required(Capability.EDIT_CASES)
@require_POST
def case_share(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    form = ShareForm(
        request.POST,
        consents=selectors.sharing_consents(case),
        agencies=selectors.agencies_to_share_with(case),
        nearby=_nearby_agencies(request, case, "overview"),
    )
    return _action(
        request,
        pk,
        "overview",
        "share_form",
        form,
        lambda case, data: services.case_share(actor=request.user, case=case, **data),
        _("The case was shared."),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def case_set_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    try:
        services.case_transition(actor=request.user, case=case, to_status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status was changed."))
    return redirect("cases:case_detail", pk=case.pk)


@capability_required(Capability.EDIT_CASES)
@require_POST
def case_request_closure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "overview",
        "closure_form",
        ClosureRequestForm(request.POST),
        lambda case, data: services.case_request_closure(actor=request.user, case=case, **data),
        _("Closure was requested; a supervisor must approve it."),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def case_set_lead_worker(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    form = LeadWorkerForm(request.POST, agency=case.owning_agency)
    return _action(
        request,
        pk,
        "overview",
        "lead_worker_form",
        form,
        lambda case, data: services.case_set_lead_worker(actor=request.user, case=case, **data),
        _("The lead worker was changed."),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def case_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    return _action(
        request,
        pk,
        "overview",
        "move_form",
        CaseMoveForm(request.POST, territories=selectors.case_move_territories(case)),
        lambda case, data: services.case_move(actor=request.user, case=case, **data),
        _("The case was moved to its new district."),
    )


@capability_required(Capability.APPROVE_CASE_DECISIONS)
@require_POST
def case_decide_closure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.case_decide_closure(actor=request.user, case=case, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case was closed.") if approve else _("The closure was rejected."))
    return redirect("cases:case_detail", pk=case.pk)


@capability_required(Capability.EDIT_CASES)
@require_POST
def plan_goal_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "plan",
        "goal_form",
        GoalForm(request.POST),
        lambda case, data: services.plan_goal_add(actor=request.user, case=case, **data),
        _("The goal was added."),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def plan_task_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    goals = CasePlan.objects.get_or_create(case=case)[0].goals.all()
    form = TaskForm(
        request.POST,
        goals=goals,
        agencies=selectors.country_agencies(case.territory.country_code),
        nearby=_nearby_agencies(request, case, "plan"),
    )
    return _action(
        request,
        pk,
        "plan",
        "task_form",
        form,
        lambda case, data: services.plan_task_add(actor=request.user, **data),
        _("The task was added."),
    )


@capability_required(Capability.EDIT_CASES)
@require_POST
def plan_task_status(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    task = selectors.plan_task_get_for(request.user, task_pk)
    if task.goal.plan.case_id != pk:
        raise PermissionDenied
    try:
        services.plan_task_set_status(actor=request.user, task=task, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:case_tab", pk=pk, tab="plan")


@capability_required(Capability.EDIT_CASES)
@require_POST
def plan_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk, "edit")
    try:
        services.plan_submit(actor=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan was sent for approval."))
    return redirect("cases:case_tab", pk=pk, tab="plan")


@capability_required(Capability.APPROVE_CASE_DECISIONS)
@require_POST
def plan_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for(request.user, pk)
    try:
        services.plan_approve(actor=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan was approved."))
    return redirect("cases:case_tab", pk=pk, tab="plan")


@capability_required(Capability.BREAK_GLASS)
def break_glass(request: AuthenticatedRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = selectors.case_for_break_glass(form.cleaned_data["number"])
        if case is None:
            form.add_error("number", _("There is no case with this number."))
        else:
            try:
                services.break_glass_open(actor=request.user, case=case, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.warning(request, _("Emergency access is open and logged. Your supervisor has been told."))
                return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/break_glass.html", {"form": form}, status=form_status(form))


# ---- one person across cases ---------------------------------------------------------------------------------------


def _render_person(request: AuthenticatedRequest, person: Person, status: int = 200, **forms_) -> HttpResponse:
    user = request.user
    merges = list(selectors.person_merges(person))
    context = {
        "person": person,
        "record": selectors.person_record_for(user, person),
        "contact_hidden": selectors.person_contact_hidden(user, person),
        "may_review": may_review_duplicates(user, person),
        "duplicates": selectors.person_duplicates_for(user, person),
        "merges": [(merge, services.may_unmerge(user, merge)) for merge in merges],
        "merge_form": forms_.get("merge_form") or PersonMergeForm(),
        "merge_error_for": forms_.get("merge_error_for"),
    }
    return render(request, "cases/person_detail.html", context, status=status)


@capability_required(*CASE_READER_CAPABILITIES)
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One person across the cases the reader may see: the cases, his incidents, orders and breaches, how many
    other cases there are; for a supervisor of the registering agency, the possible duplicates to merge."""
    return _render_person(request, selectors.person_get_for(request.user, pk))


def _other_person(value) -> Person | None:
    return Person.objects.filter(pk=value).first() if value else None


@capability_required(Capability.APPROVE_CASE_DECISIONS)
@require_POST
def person_merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, pk)
    form = PersonMergeForm(request.POST)
    if form.is_valid():
        other = _other_person(form.cleaned_data["other"])
        try:
            if other is None:
                raise ValidationError({"other": _("Choose one of the possible duplicates listed.")})
            services.person_merge(actor=request.user, kept=person, merged=other, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The two records are now one person. The merge can be undone below."))
            return redirect("cases:person_detail", pk=person.pk)
    return _render_person(request, person, status=400, merge_form=form, merge_error_for=request.POST.get("other"))


@capability_required(Capability.APPROVE_CASE_DECISIONS)
@require_POST
def person_unmerge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, pk)
    form = PersonUnmergeForm(request.POST)
    merge = selectors.person_merges(person).filter(pk=form.cleaned_data["merge"]).first() if form.is_valid() else None
    if merge is None:
        raise Http404
    try:
        services.person_unmerge(actor=request.user, merge=merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The merge was undone: the two records are separate again."))
    return redirect("cases:person_detail", pk=person.pk)


@capability_required(Capability.APPROVE_CASE_DECISIONS)
@require_POST
def duplicate_dismiss(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, pk)
    form = DuplicateDismissForm(request.POST)
    other = _other_person(form.cleaned_data["other"]) if form.is_valid() else None
    try:
        if other is None:
            raise ValidationError({"other": _("Choose one of the possible duplicates listed.")})
        services.duplicate_dismiss(actor=request.user, person=person, other=other)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as two different people: the pair is no longer listed."))
    return redirect("cases:person_detail", pk=person.pk)


@capability_required(Capability.APPROVE_CASE_DECISIONS)
def duplicate_list(request: AuthenticatedRequest) -> HttpResponse:
    """The possible duplicates the nightly search found among the people the supervisor's agency registered."""
    page = BoundedPaginator(selectors.open_duplicates_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.duplicate_rows(request.user, list(page.object_list))
    return render(request, "cases/duplicate_list.html", {"page": page, "rows": rows})

"""Pages of the programmes module: the case's "Programmes" tab (its perpetrators' enrolments, a request to a
programme), the directory of programmes, a programme's page (for its provider: the enrolments, the sessions and the
attendance sheet), and an enrolment's page with the actions of each side. Views are thin: scope, service, render.
A case reader's read is audited as a read of the case; a provider's as a read of the enrolment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.audit.services import audit_record
from concord.cases import selectors as case_selectors
from concord.cases.extension import case_page_context
from concord.cases.models import Case
from concord.common.forms import form_status, show_refusal
from concord.programmes import selectors, services, sheets
from concord.programmes.choices import PENDING, Basis, Channel, EnrolmentStatus, ProgrammesAuditAction, PublicAudience
from concord.programmes.forms import (
    CampaignActivityForm,
    CampaignForm,
    CampaignProgrammeForm,
    ChooseForm,
    CompleteForm,
    CoverageForm,
    DeclineForm,
    EnrolForm,
    LeaveForm,
    LibraryFilterForm,
    MaterialForm,
    MaterialVersionForm,
    ProgrammeForm,
    RequestForm,
    SessionForm,
    TraineeFormSet,
    TrainingPlanFilterForm,
    TrainingPlanForm,
    TrainingSessionForm,
    WithdrawForm,
)
from concord.programmes.models import CampaignActivity, Programme
from concord.programmes.rules import is_provider_staff, may_manage_programmes, may_run_trainings
from concord.territory.models import Territory

TAB = "programmes"
PLANS_PAGE_SIZE = 25
ENDED_PAGE_SIZE = 25
# The actions of the programme's provider; the others are the case's agencies'.
PROVIDER_FORMS = frozenset({"enrol_form", "decline_form", "complete_form", "leave_form"})


# ---- the case's tab ----------------------------------------------------------------------------------------------


def _request_form(case: Case, data: Any = None) -> RequestForm:
    return RequestForm(data, perpetrators=selectors.perpetrators_of(case), programmes=selectors.cases_programmes(case))


def _tab(request: AuthenticatedRequest, case: Case, form: RequestForm | None = None, status: int = 200):
    context = case_page_context(request, case, TAB) | {
        "enrolments": selectors.with_counts(selectors.case_enrolments(request.user, case)),
        "request_form": form or _request_form(case),
    }
    return render(request, "programmes/case_programmes.html", context, status=status)


@capability_required(*CASE_READER_CAPABILITIES)
def case_programmes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk)
    case_selectors.case_read(request.user, case, section=TAB)
    return _tab(request, case)


@require_POST
@capability_required(Capability.EDIT_CASES)
def enrolment_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk, "edit")
    form = _request_form(case, request.POST)
    if form.is_valid():
        try:
            enrolment = services.enrolment_request(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The programme was asked to enrol him."))
            return redirect("programmes:enrolment_detail", pk=enrolment.pk)
    case_selectors.case_read(request.user, case, section=TAB)
    return _tab(request, case, form, status=400)


# ---- programmes ------------------------------------------------------------------------------------------------


@capability_required(*CASE_READER_CAPABILITIES)
def programme_list(request: AuthenticatedRequest) -> HttpResponse:
    agency = request.user.agency
    context = {
        "programmes": list(selectors.programme_list_for(request.user)),
        "may_manage": may_manage_programmes(request.user, agency),
        "own_agency": agency,
    }
    return render(request, "programmes/programme_list.html", context)


def _programme_types(agency: Any):
    # JSON containment is not portable to SQLite: the few types of a country are filtered here.
    types = selectors.programme_types(agency.territory.country_code)
    allowed = [kind.pk for kind in types if agency.kind.code in kind.provider_kinds]
    return types.filter(pk__in=allowed)


@capability_required(Capability.APPROVE_CASE_DECISIONS)
def programme_create(request: AuthenticatedRequest) -> HttpResponse:
    agency = request.user.agency
    if not may_manage_programmes(request.user, agency):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, types=_programme_types(agency))
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The programme was set up."))
            return redirect("programmes:programme_detail", pk=programme.pk)
    return render(request, "programmes/programme_form.html", {"form": form}, status=form_status(form))


@capability_required(Capability.APPROVE_CASE_DECISIONS)
def programme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get_for(request.user, pk)
    if not may_manage_programmes(request.user, programme.provider):
        raise PermissionDenied
    initial = {field: getattr(programme, field) for field in ("name", "sessions", "hours", "capacity", "curriculum")}
    initial["is_active"] = programme.is_active
    form = ProgrammeForm(
        request.POST or None, types=_programme_types(programme.provider), editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("programmes:programme_detail", pk=programme.pk)
    context = {"form": form, "programme": programme}
    return render(request, "programmes/programme_form.html", context, status=form_status(form))


@capability_required(*CASE_READER_CAPABILITIES)
def programme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get_for(request.user, pk)
    provider = is_provider_staff(request.user, programme)
    context: dict[str, Any] = {
        "programme": programme,
        "provider": provider,
        "may_manage": may_manage_programmes(request.user, programme.provider),
        "now": timezone.now(),
    }
    if provider:
        ended = Paginator(selectors.programme_ended_enrolments(programme), ENDED_PAGE_SIZE).get_page(
            request.GET.get("ended")
        )
        open_rows, ended_rows = selectors.programme_enrolments(programme), list(ended.object_list)
        enrolments = selectors.with_counts(open_rows + ended_rows)  # counted in one query, on the same objects
        context |= {
            "enrolments": open_rows,
            "ended": ended,
            "ended_enrolments": ended_rows,
            "sessions": selectors.programme_sessions(programme),
        }
        audit_record(
            action=ProgrammesAuditAction.ENROLMENT_READ,
            actor=request.user,
            target=programme,
            details={"listed": len(enrolments)},
        )
    return render(request, "programmes/programme_detail.html", context)


def _provided(request: AuthenticatedRequest, pk: int) -> Programme:
    programme = selectors.programme_get_for(request.user, pk)
    if not is_provider_staff(request.user, programme):
        raise PermissionDenied
    return programme


@capability_required(Capability.EDIT_CASES)
def session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The attendance sheet of a session: one line per person attending, filled in on a tablet or from paper."""
    programme = _provided(request, pk)
    form = SessionForm(request.POST or None, attending=selectors.attending(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_record(actor=request.user, programme=programme, **form.service_values())
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The session and its attendance were recorded."))
            return redirect("programmes:programme_detail", pk=programme.pk)
    audit_record(action=ProgrammesAuditAction.ENROLMENT_READ, actor=request.user, target=programme)
    context = {"programme": programme, "form": form}
    return render(request, "programmes/session_form.html", context, status=form_status(form))


@capability_required(Capability.EDIT_CASES)
def attendance_sheet_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The sheet of the next session, to print: it names the people attending, so its printing is audited."""
    programme = _provided(request, pk)
    audit_record(action=ProgrammesAuditAction.SHEET_PRINTED, actor=request.user, target=programme)
    response = HttpResponse(sheets.render_pdf(programme), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attendance-{programme.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# ---- one enrolment -------------------------------------------------------------------------------------------


def _access(request: AuthenticatedRequest, pk: int, action: str = "view") -> selectors.EnrolmentAccess:
    access = selectors.enrolment_get_for(request.user, pk, action)
    if access.case_side:
        case_selectors.case_read(request.user, access.enrolment.case, section=TAB)
    else:
        audit_record(
            action=ProgrammesAuditAction.ENROLMENT_READ,
            actor=request.user,
            target=access.enrolment,
            case_id=access.enrolment.case_id,
        )
    return access


def _forms(access: selectors.EnrolmentAccess, user: Any, data: Any = None, only: str = "") -> dict[str, Any]:
    """The forms this reader may use in the enrolment's state; `only` binds the one that was posted."""
    enrolment = access.enrolment
    builders: dict[str, Callable[[Any], Any]] = {}
    may_edit_case = access.case_side and user.has_capability(Capability.EDIT_CASES)
    if may_edit_case and enrolment.status == EnrolmentStatus.AWAITING_PROGRAMME:
        builders["choose_form"] = lambda d: ChooseForm(d, programmes=selectors.choosable_programmes(enrolment))
    if may_edit_case and enrolment.status in PENDING and enrolment.basis != Basis.PROTECTION_ORDER:
        builders["withdraw_form"] = lambda d: WithdrawForm(d)
    if access.as_provider and enrolment.status == EnrolmentStatus.REQUESTED:
        builders["enrol_form"] = lambda d: EnrolForm(d)
        builders["decline_form"] = lambda d: DeclineForm(d)
    if access.as_provider and enrolment.status == EnrolmentStatus.ENROLLED:
        builders["complete_form"] = lambda d: CompleteForm(d)
        builders["leave_form"] = lambda d: LeaveForm(d)
    return {name: build(data if name == only else None) for name, build in builders.items()}


def _detail(request: AuthenticatedRequest, access: selectors.EnrolmentAccess, forms=None, status: int = 200):
    enrolment = access.enrolment
    rules = enrolment.rules()
    attendance = selectors.enrolment_attendance(enrolment)
    context = {
        "enrolment": enrolment,
        "access": access,
        "rules": rules,
        "attendance": attendance,
        "counts": selectors.attendance_counts([enrolment.pk])[enrolment.pk],
        "person": enrolment.participant.person,
        "now": timezone.now(),
    } | (forms if forms is not None else _forms(access, request.user))
    return render(request, "programmes/enrolment_detail.html", context, status=status)


@capability_required(*CASE_READER_CAPABILITIES)
def enrolment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, _access(request, pk))


def _act(
    request: AuthenticatedRequest,
    pk: int,
    form_name: str,
    act: Callable[..., Any],
    message: str,
) -> HttpResponse:
    access = _access(request, pk)
    side = access.as_provider if form_name in PROVIDER_FORMS else access.case_side
    if not side:
        raise PermissionDenied
    forms = _forms(access, request.user, request.POST, only=form_name)
    form = forms.get(form_name)
    if form is None:
        messages.error(
            request,
            _("This enrolment is %(status)s: that cannot be done now.")
            % {"status": access.enrolment.get_status_display()},
        )
    elif form.is_valid():
        try:
            act(actor=request.user, enrolment=access.enrolment, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, message)
            return redirect("programmes:enrolment_detail", pk=access.enrolment.pk)
    return _detail(request, access, forms, status=400)


@require_POST
@capability_required(Capability.EDIT_CASES)
def enrolment_choose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "choose_form", services.enrolment_choose, _("The programme was asked to enrol him."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def enrolment_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "withdraw_form", services.enrolment_withdraw, _("The request was withdrawn."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def enrolment_enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "enrol_form", services.enrolment_enrol, _("He is enrolled in the programme."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def enrolment_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decline_form", services.enrolment_decline, _("The enrolment was declined."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def enrolment_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "complete_form", services.enrolment_complete, _("The programme was completed."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def enrolment_leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "leave_form", services.enrolment_leave, _("Recorded. The case's lead worker has been told.")
    )


# ---- trainings ------------------------------------------------------------------------------------------------

TRAINING_READERS = (Capability.RUN_TRAININGS, Capability.VIEW_STATISTICS)


@capability_required(*TRAINING_READERS)
def training_plan_list(request: AuthenticatedRequest) -> HttpResponse:
    """The country's plans, a page at a time: at first those of the user's own area, newest year first."""
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied
    territories = Territory.objects.filter(country_code=agency.territory.country_code).order_by("path")
    # Bound once a filter was chosen (the area left empty is the whole country); a page number alone is not one.
    data = request.GET if set(request.GET) & set(TrainingPlanFilterForm.base_fields) else None
    filters = TrainingPlanFilterForm(data, territories=territories, initial={"territory": agency.territory_id})
    chosen: dict[str, Any] = {"territory": agency.territory}
    if filters.is_bound and filters.is_valid():
        chosen = {key: value for key, value in filters.cleaned_data.items() if value}
        chosen.setdefault("territory", None)
    plans = selectors.training_plans_filtered(selectors.training_plan_list_for(request.user), **chosen)
    context = {
        "page": Paginator(plans, PLANS_PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": filters,
        "may_run": may_run_trainings(request.user, agency),
        "own_agency": agency,
    }
    return render(request, "programmes/training_plan_list.html", context, status=form_status(filters))


@capability_required(Capability.RUN_TRAININGS)
def training_plan_create(request: AuthenticatedRequest) -> HttpResponse:
    if not may_run_trainings(request.user, request.user.agency):
        raise PermissionDenied
    form = TrainingPlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.training_plan_create(actor=request.user, **form.service_values())
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The training plan was saved."))
            return redirect("programmes:training_plan_detail", pk=plan.pk)
    return render(request, "programmes/training_plan_form.html", {"form": form}, status=form_status(form))


@capability_required(Capability.RUN_TRAININGS)
def training_plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = selectors.training_plan_get_for(request.user, pk)
    if not may_run_trainings(request.user, plan.owner):
        raise PermissionDenied
    initial = {
        field: getattr(plan, field) for field in ("year", "audience", "title", "target_people", "target_sessions")
    }
    form = TrainingPlanForm(request.POST or None, initial=initial | {"topics": "\n".join(plan.topics)})
    if request.method == "POST" and form.is_valid():
        try:
            services.training_plan_update(actor=request.user, plan=plan, **form.service_values())
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The training plan was saved."))
            return redirect("programmes:training_plan_detail", pk=plan.pk)
    context = {"form": form, "plan": plan}
    return render(request, "programmes/training_plan_form.html", context, status=form_status(form))


@capability_required(*TRAINING_READERS)
def training_plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = selectors.training_plan_get_for(request.user, pk)
    context = {
        "plan": plan,
        "report": selectors.plan_report(plan),
        "sessions": list(plan.sessions.annotate(people=Count("trainees", filter=Q(trainees__attended=True)))),
        "may_run": may_run_trainings(request.user, plan.owner),
    }
    return render(request, "programmes/training_plan_detail.html", context)


@capability_required(Capability.RUN_TRAININGS)
def training_session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = selectors.training_plan_get_for(request.user, pk)
    if not may_run_trainings(request.user, plan.owner):
        raise PermissionDenied
    form = TrainingSessionForm(request.POST or None, plan=plan, initial={"topics": plan.topics})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.training_session_record(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect("programmes:training_session_detail", pk=session.pk)
    context = {"form": form, "plan": plan}
    return render(request, "programmes/training_session_form.html", context, status=form_status(form))


def _sheet(session: Any, data: Any = None) -> Any:
    """The attendance sheet as a set of lines: those recorded, and blank lines to fill in."""
    code = session.plan.owner.territory.country_code
    staff = selectors.training_staff(session.plan)
    kinds = [(kind.code, kind.name) for kind in selectors.agency_kinds_of(code)]
    initial = [
        {
            "user": trainee.user_id, "name": "" if trainee.user_id else trainee.name,
            "organisation": trainee.organisation, "role": trainee.role,
            "agency_kind": "" if trainee.user_id else trainee.agency_kind, "sex": trainee.sex,
            "attended": trainee.attended, "pre_score": trainee.pre_score, "post_score": trainee.post_score,
        }
        for trainee in session.trainees.all()
    ]  # fmt: skip
    blank = [{"sex": "unknown", "attended": True}] * SHEET_BLANK_LINES
    return TraineeFormSet(data, initial=initial + blank, form_kwargs={"staff": staff, "kinds": kinds})


SHEET_BLANK_LINES = 10


@capability_required(*TRAINING_READERS)
def training_session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A training and its attendance sheet, filled in on a tablet or from the printed sheet."""
    session = selectors.training_session_get_for(request.user, pk)
    may_run = may_run_trainings(request.user, session.plan.owner)
    sheet = _sheet(session, request.POST if request.method == "POST" else None) if may_run else None
    if request.method == "POST":
        if sheet is None:
            raise PermissionDenied
        if sheet.is_valid():
            rows = [form.row() for form in sheet.forms if form.cleaned_data and not form.is_blank()]
            try:
                services.trainees_record(actor=request.user, session=session, rows=rows)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The attendance sheet was saved."))
                return redirect("programmes:training_session_detail", pk=session.pk)
    # Names are for the staff who run the plan's trainings; a reader of statistics sees how many came.
    attended = session.trainees.filter(attended=True).count()
    context = {"session": session, "plan": session.plan, "sheet": sheet, "attended": attended, "may_run": may_run}
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/training_session_detail.html", context, status=status)


@capability_required(Capability.RUN_TRAININGS)
def training_sheet_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The sheet names the participants: for the staff who run the plan's trainings."""
    session = selectors.training_session_get_for(request.user, pk)
    if not may_run_trainings(request.user, session.plan.owner):
        raise PermissionDenied
    audit_record(action=ProgrammesAuditAction.TRAINING_SHEET_PRINTED, actor=request.user, target=session)
    response = HttpResponse(sheets.render_training_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="training-{session.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@capability_required(*TRAINING_READERS)
def training_calendar(request: AuthenticatedRequest) -> HttpResponse:
    """The month's trainings of the country, day by day."""
    month = selectors.month_from(request.GET.get("month", ""), timezone.localdate())
    context = {"calendar": selectors.training_calendar(request.user, month)}
    return render(request, "programmes/training_calendar.html", context)


@capability_required(*TRAINING_READERS)
def training_coverage(request: AuthenticatedRequest) -> HttpResponse:
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied
    territories = selectors.coverage_territories(agency)
    data = None
    if request.GET:
        # The agency's own area unless another is chosen: the form shows which one was counted.
        data = request.GET.copy()
        data.setdefault("territory", str(agency.territory_id))
    form = CoverageForm(data, territories=territories, initial={"territory": agency.territory_id})
    territory, months = agency.territory, 24
    if form.is_bound and form.is_valid():
        territory = form.cleaned_data["territory"] or territory
        months = form.cleaned_data["months"] or months
    coverage = selectors.training_coverage(territory, months, timezone.localdate())
    context = {"form": form, "coverage": coverage, "months": months}
    return render(request, "programmes/training_coverage.html", context, status=form_status(form))


# ---- the materials library -------------------------------------------------------------------------------------


@login_required
def material_list(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.may_read_library(request.user):
        raise PermissionDenied
    languages = services.document_languages()
    filters = LibraryFilterForm(request.GET or None, languages=languages)
    kind = language = ""
    if filters.is_bound and filters.is_valid():
        kind, language = filters.cleaned_data["kind"], filters.cleaned_data["language"]
    may_add = may_run_trainings(request.user, request.user.agency)
    context = {
        "materials": list(selectors.material_list_for(request.user, kind, language)),
        "filters": filters,
        "material_form": MaterialForm() if may_add else None,
        "version_form": MaterialVersionForm(languages=languages) if may_add else None,
        "languages": dict(languages),
    }
    return render(request, "programmes/material_list.html", context)


@require_POST
@capability_required(Capability.RUN_TRAININGS)
def material_create(request: AuthenticatedRequest) -> HttpResponse:
    """A material and its first file, in one form."""
    languages = services.document_languages()
    form = MaterialForm(request.POST)
    version_form = MaterialVersionForm(request.POST, request.FILES, languages=languages)
    if form.is_valid() and version_form.is_valid():
        try:
            with transaction.atomic():
                material = services.material_create(actor=request.user, **form.cleaned_data)
                data = version_form.cleaned_data
                services.material_version_add(
                    actor=request.user, material=material, version=data["version"], language=data["language"],
                    upload=data["file"],
                )  # fmt: skip
        except ValidationError as error:
            show_refusal(request, version_form if "file" in getattr(error, "error_dict", {}) else form, error)
        else:
            messages.success(request, _("The material is in the library."))
            return redirect("programmes:material_detail", pk=material.pk)
    context = {
        "materials": list(selectors.material_list_for(request.user)),
        "filters": LibraryFilterForm(languages=languages),
        "material_form": form,
        "version_form": version_form,
        "languages": dict(languages),
    }
    return render(request, "programmes/material_list.html", context, status=400)


@login_required
def material_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    material = selectors.material_get_for(request.user, pk)
    languages = services.document_languages()
    may_add = may_run_trainings(request.user, material.owner)
    form = None
    if may_add:
        form = MaterialVersionForm(request.POST or None, request.FILES or None, languages=languages)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.material_version_add(
                    actor=request.user, material=material, version=form.cleaned_data["version"],
                    language=form.cleaned_data["language"], upload=form.cleaned_data["file"],
                )  # fmt: skip
            except ValidationError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The new version is in the library."))
                return redirect("programmes:material_detail", pk=material.pk)
    versions = list(material.versions.all())
    names = dict(languages)
    for version in versions:
        version.language_name = names.get(version.language, version.language)  # type: ignore[attr-defined]
    context = {
        "material": material,
        "versions": versions,
        "version_form": form,
        "languages": dict(languages),
    }
    return render(request, "programmes/material_detail.html", context, status=form_status(form))


@login_required
def material_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    version = selectors.material_version_get_for(request.user, pk)
    services.material_downloaded(actor=request.user, version=version)
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.file_name, content_type=version.content_type
    )
    response["Cache-Control"] = "no-store"
    return response


# ---- awareness campaigns ------------------------------------------------------------------------------------------


@capability_required(*TRAINING_READERS)
def campaign_programme_list(request: AuthenticatedRequest) -> HttpResponse:
    may_run = may_run_trainings(request.user, request.user.agency)
    form = CampaignProgrammeForm(request.POST or None) if may_run else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                programme = services.campaign_programme_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The campaign programme was saved."))
                return redirect("programmes:campaign_programme_detail", pk=programme.pk)
    context = {"programmes": list(selectors.campaign_programme_list_for(request.user)), "form": form}
    return render(request, "programmes/campaign_programme_list.html", context, status=form_status(form))


@capability_required(*TRAINING_READERS)
def campaign_programme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = selectors.campaign_programme_get_for(request.user, pk)
    may_run = may_run_trainings(request.user, programme.owner)
    form = CampaignForm(request.POST or None) if may_run else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                campaign = services.campaign_create(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The campaign was saved."))
                return redirect("programmes:campaign_detail", pk=campaign.pk)
    context = {
        "programme": programme,
        "campaigns": list(programme.campaigns.annotate(people=Sum("activities__reach"))),
        "reach": selectors.campaign_reach(CampaignActivity.objects.filter(campaign__programme=programme)),
        "form": form,
    }
    return render(request, "programmes/campaign_programme_detail.html", context, status=form_status(form))


@capability_required(*TRAINING_READERS)
def campaign_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk)
    may_run = may_run_trainings(request.user, campaign.programme.owner)
    form = None
    if may_run:
        form = CampaignActivityForm(
            request.POST or None,
            campaign=campaign,
            territories=selectors.programme_territories(campaign.programme),
            materials=selectors.material_list_for(request.user),
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data | {"materials": list(form.cleaned_data["materials"])}
            try:
                services.campaign_activity_record(actor=request.user, campaign=campaign, **data)
            except ValidationError as error:
                show_refusal(request, form, error)
            else:
                messages.success(request, _("The activity was recorded."))
                return redirect("programmes:campaign_detail", pk=campaign.pk)
    activities = list(campaign.activities.select_related("territory").prefetch_related("materials"))
    context = {
        "campaign": campaign,
        "activities": activities,
        "reach": selectors.campaign_reach(campaign.activities.all()),
        "audience_labels": [label for code, label in PublicAudience.choices if code in campaign.audiences],
        "channel_labels": [label for code, label in Channel.choices if code in campaign.channels],
        "form": form,
    }
    return render(request, "programmes/campaign_detail.html", context, status=form_status(form))

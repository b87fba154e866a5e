"""Pages of the programmes module: the case's "Programmes" tab (its perpetrators' enrolments, a request to a
programme), the directory of programmes, a programme's page (for its provider: the enrolments, the sessions and the
attendance sheet), and an enrolment's page with the actions of each side. Views are thin: scope, service, render.
A case reader's read is audited as a read of the case; a provider's as a read of the enrolment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
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
from concord.programmes import selectors, services
from concord.programmes.choices import PENDING, Basis, EnrolmentStatus, ProgrammesAuditAction
from concord.programmes.forms import (
    ChooseForm,
    CompleteForm,
    DeclineForm,
    EnrolForm,
    LeaveForm,
    ProgrammeForm,
    RequestForm,
    SessionForm,
    WithdrawForm,
)
from concord.programmes.models import Programme
from concord.programmes.rules import is_provider_staff, may_manage_programmes

TAB = "programmes"
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
        enrolments = selectors.with_counts(selectors.programme_enrolments(programme))
        context |= {
            "enrolments": enrolments,
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

"""Pages of the protection module: the case's "Orders and proceedings" tab, the application form, the order page
with its legal timeline and actions (decision, extension, revocation, appeal, dates, document, breach), the forms
of proceedings, and the register of orders. Views are thin: scope, service, render; every read of an order is
audited as a read of its case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.audit.services import audit_record
from concord.cases import selectors as case_selectors
from concord.cases.extension import case_page_context
from concord.cases.models import Case
from concord.common.forms import Nearby, offer_nearby, show_refusal
from concord.protection import export, selectors, services
from concord.protection.choices import NEXT_STAGES, PROTECTING, OrderStatus, ProtectionAuditAction
from concord.protection.forms import (
    AppealDecisionForm,
    AppealForm,
    ApplyForm,
    BreachForm,
    DatesForm,
    DecideForm,
    DocumentForm,
    ExtendForm,
    ProceedingForm,
    RegisterForm,
    RevokeForm,
    StepForm,
)
from concord.protection.models import Order
from concord.protection.rules import may_record_order
from concord.territory.models import Territory

REGISTER_PAGE = 50
TAB = "protection"


# ---- the case's tab ----------------------------------------------------------------------------------------------


def _tab_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    return case_page_context(request, case, TAB) | {
        "orders": selectors.case_orders(request.user, case),
        "proceedings": selectors.case_proceedings(request.user, case),
        "gap": selectors.open_gap(request.user, case),
        "open_stages": [stage for stage in NEXT_STAGES if stage],
    }


@capability_required(*CASE_READER_CAPABILITIES)
def case_protection(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk)
    case_selectors.case_read(request.user, case, section=TAB)
    return render(request, "protection/case_protection.html", _tab_context(request, case))


def _nearby_issuers(request: AuthenticatedRequest, territory: Territory, page: str) -> Nearby | None:
    """The issuing agencies a form lists first (the territory's region's and the national ones), the others found
    by name; all of them for a browser without JavaScript, which follows ?agencies=all."""
    if request.GET.get("agencies") == "all":
        return None
    kinds = urlencode([("kind", kind) for kind in selectors.issuer_kinds(territory.country_code)])
    return Nearby(
        choices=selectors.issuers_near(territory),
        search_url=f"{reverse('accounts:agency_options')}?{kinds}",
        all_url=f"{page}?agencies=all",
    )


def _apply_form(request: AuthenticatedRequest, case: Case, data: Any = None) -> ApplyForm:
    code = case.territory.country_code
    form = ApplyForm(
        data,
        measures=selectors.measure_types(code),
        perpetrators=selectors.perpetrators_of(case),
        protectable=selectors.protectable_of(case),
        issuers=selectors.issuers_for(code),
    )
    page = reverse("protection:order_create", args=[case.pk])
    offer_nearby(form, "issuer", _nearby_issuers(request, case.territory, page))
    return form


@capability_required(Capability.EDIT_CASES)
def order_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk, "edit")
    form = _apply_form(request, case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_apply(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect("protection:order_detail", pk=order.pk)
    context = case_page_context(request, case, TAB) | {"form": form}
    return render(request, "protection/order_form.html", context, status=400 if request.method == "POST" else 200)


# ---- one order ---------------------------------------------------------------------------------------------------


def _order(request: AuthenticatedRequest, pk: int, action: str = "view") -> Order:
    order = selectors.order_get_for(request.user, pk, action)
    case_selectors.case_read(request.user, order.case, section=TAB)
    return order


def _forms(order: Order, data: Any = None, files: Any = None, only: str = "") -> dict[str, Any]:
    """The forms the order's state allows; `only` binds the one that was posted."""
    version = services.version_of(order)
    imposed = [item["code"] for item in order.conditions]
    builders: dict[str, Callable[[Any], Any]] = {}
    if order.status == OrderStatus.APPLIED:
        builders["decide_form"] = lambda d: DecideForm(d, offered=version.conditions)
    if order.status in PROTECTING and order.status != OrderStatus.EXTENDED:
        if version.extension:
            builders["extend_form"] = lambda d: ExtendForm(d)
        builders["breach_form"] = lambda d: BreachForm(d, imposed=imposed)
    if order.status in (OrderStatus.ISSUED, OrderStatus.IN_FORCE):
        builders["appeal_form"] = lambda d: AppealForm(d)
    if order.status == OrderStatus.APPEALED:
        builders["appeal_decision_form"] = lambda d: AppealDecisionForm(d)
    if order.status in (OrderStatus.APPLIED, *PROTECTING):
        builders["revoke_form"] = lambda d: RevokeForm(d)
    builders["dates_form"] = lambda d: DatesForm(d)
    builders["document_form"] = lambda d: DocumentForm(d, files)
    return {name: build(data if name == only else None) for name, build in builders.items()}


def _detail_context(request: AuthenticatedRequest, order: Order, forms: dict[str, Any] | None = None):
    version = services.version_of(order)
    may_record = may_record_order(request.user, order)
    return (
        case_page_context(request, order.case, TAB)
        | {
            "order": order,
            "version": version,
            "timeline": selectors.order_timeline(order),
            "condition_labels": selectors.condition_labels(order.conditions),
            "breaches": [
                (breach, selectors.condition_labels(breach.conditions))
                for breach in order.breaches.select_related("agency").order_by("-occurred_at")
            ],
            "followers": selectors.followers(request.user, order),
            "protected": list(order.protected.select_related("person")),
            "may_record": may_record,
            "extensions_left": (version.extension or {}).get("times", 0) - services.extension_count(order),
        }
        | ((forms if forms is not None else _forms(order)) if may_record else {})
    )


@capability_required(*CASE_READER_CAPABILITIES)
def order_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    return render(request, "protection/order_detail.html", _detail_context(request, order))


def _act(
    request: AuthenticatedRequest,
    pk: int,
    form_name: str,
    act: Callable[..., Any],
    message: str,
    values: Callable[[Any], dict[str, Any]] = lambda form: form.cleaned_data,
) -> HttpResponse:
    """One action on an order: the posted form's data to the service, then the page of the order the service
    returns; the page again with the refusal (status 400) when the form or the service refuses."""
    order = _order(request, pk, "edit")
    forms = _forms(order, request.POST, request.FILES, only=form_name)
    form = forms.get(form_name)
    if form is None:
        messages.error(
            request, _("This order is %(status)s: that can no longer be done.") % {"status": order.get_status_display()}
        )
    elif form.is_valid():
        try:
            result = act(actor=request.user, order=order, **values(form))
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, message)
            target = result.order if hasattr(result, "order") else result
            return redirect("protection:order_detail", pk=target.pk if isinstance(target, Order) else order.pk)
    return render(request, "protection/order_detail.html", _detail_context(request, order, forms), status=400)


@require_POST
@capability_required(Capability.EDIT_CASES)
def order_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "decide_form", services.order_decide, _("The decision was recorded."), lambda f: f.service_values()
    )


@require_POST
@capability_required(Capability.EDIT_CASES)
def order_extend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "extend_form", services.order_extend, _("The order was extended."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def order_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "revoke_form", services.order_revoke, _("The order was ended."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def order_appeal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "appeal_form", services.order_appeal, _("The appeal was recorded."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def order_appeal_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "appeal_decision_form", services.order_appeal_decide, _("The outcome of the appeal was recorded.")
    )


@require_POST
@capability_required(Capability.EDIT_CASES)
def order_dates(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "dates_form", services.order_record_dates, _("The dates were recorded."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def order_document(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "document_form", services.order_attach_document, _("The document was added."),
        lambda form: {"upload": form.cleaned_data["file"]},
    )  # fmt: skip


@require_POST
@capability_required(Capability.EDIT_CASES)
def breach_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "breach_form", services.breach_record, _("The breach was recorded."))


# ---- proceedings ---------------------------------------------------------------------------------------------------


def _proceeding_form(case: Case, data: Any = None) -> ProceedingForm:
    return ProceedingForm(
        data,
        incidents=selectors.case_incidents(case),
        qualifications=selectors.qualifications_of(case.territory.country_code),
    )


@capability_required(Capability.EDIT_CASES)
def proceeding_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk, "edit")
    form = _proceeding_form(case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proceeding_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The proceedings were recorded."))
            return redirect("protection:case_protection", pk=case.pk)
    context = case_page_context(request, case, TAB) | {"form": form}
    return render(request, "protection/proceeding_form.html", context, status=400 if request.method == "POST" else 200)


@capability_required(Capability.EDIT_CASES)
def step_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proceeding = selectors.proceeding_get_for(request.user, pk, "edit")
    case = proceeding.case
    case_selectors.case_read(request.user, case, section=TAB)
    form = StepForm(request.POST if request.method == "POST" else None, next_stages=selectors.next_stages(proceeding))
    if request.method == "POST" and form.is_valid():
        try:
            services.proceeding_advance(actor=request.user, proceeding=proceeding, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, _("The stage was recorded."))
            return redirect("protection:case_protection", pk=case.pk)
    context = case_page_context(request, case, TAB) | {"form": form, "proceeding": proceeding}
    return render(request, "protection/step_form.html", context, status=400 if request.method == "POST" else 200)


# ---- the register ----------------------------------------------------------------------------------------------


def _register_query(request: AuthenticatedRequest) -> tuple[str, RegisterForm]:
    view = request.GET.get("view", selectors.IN_FORCE)
    if view not in selectors.REGISTER_VIEWS:
        view = selectors.IN_FORCE
    agency = request.user.agency
    code = agency.territory.country_code if agency else ""
    data = request.GET.copy()
    data.pop("agencies", None)
    data.pop("view", None)
    form = RegisterForm(data or None, measures=selectors.measure_types(code), issuers=selectors.issuers_for(code))
    if agency is not None:
        offer_nearby(form, "issuer", _nearby_issuers(request, agency.territory, reverse("protection:register")))
    return view, form


def _filters(form: RegisterForm) -> dict[str, Any]:
    if not form.is_bound or not form.is_valid():
        return {}
    data = form.cleaned_data
    return {
        "measure": data["measure"].pk if data["measure"] else None,
        "issuer": data["issuer"].pk if data["issuer"] else None,
    }


@capability_required(*CASE_READER_CAPABILITIES)
def order_register(request: AuthenticatedRequest) -> HttpResponse:
    view, form = _register_query(request)
    rows = list(selectors.register(request.user, view, **_filters(form))[: REGISTER_PAGE + 1])
    return render(
        request,
        "protection/register.html",
        {
            "view": view,
            "views": selectors.REGISTER_VIEWS,
            "form": form,
            "orders": rows[:REGISTER_PAGE],
            "more": len(rows) > REGISTER_PAGE,
            "page_size": REGISTER_PAGE,
        },
    )


@capability_required(*CASE_READER_CAPABILITIES)
def order_register_export(request: AuthenticatedRequest) -> HttpResponse:
    """The register's chosen view as a spreadsheet (no names: case numbers, types, dates and states); audited."""
    view, form = _register_query(request)
    content = export.register_xlsx(selectors.register(request.user, view, **_filters(form)))
    audit_record(
        action=ProtectionAuditAction.REGISTER_EXPORTED,
        actor=request.user,
        details={"view": view, "rows": content.rows},
    )
    response = HttpResponse(content.data, content_type=export.XLSX)
    response["Content-Disposition"] = f'attachment; filename="protection-orders-{view}.xlsx"'
    return response

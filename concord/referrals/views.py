"""Pages of the referrals app: the case's Referrals tab, the send form, the referral page with its actions and
contact attempts, the agency's queues (incoming, outgoing, team, territory) and the services directory. Views are
thin: scope, service, render. Every read of a referral is audited as a read of its case."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.cases import selectors as case_selectors
from concord.cases.choices import LegalException
from concord.cases.extension import case_page_context
from concord.cases.models import Case
from concord.common.forms import apply_validation_error, show_refusal
from concord.countries.clock import country_today
from concord.referrals import selectors, services
from concord.referrals.choices import ReferralState, SharedSection
from concord.referrals.forms import (
    AttemptForm,
    CompleteForm,
    DeclineForm,
    DirectoryForm,
    PlacesForm,
    ReassignForm,
    ReferralForm,
    RevokeForm,
)
from concord.referrals.models import AgencyService, Referral
from concord.referrals.rules import is_receiving_worker, may_update_places, may_withdraw_referral
from concord.territory.models import Territory

QUEUE_PAGE = 50


def _user_country(request: AuthenticatedRequest) -> str:
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied
    return agency.territory.country_code


# ---- the case's tab and the send form ----------------------------------------------------------------------------


@capability_required(*CASE_READER_CAPABILITIES)
def case_referrals(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk)
    case_selectors.case_read(request.user, case, section="referrals")
    context = case_page_context(request, case, "referrals") | {
        "referrals": list(selectors.case_referrals(request.user, case)),
        "firings": list(selectors.case_firings(request.user, case)),
    }
    return render(request, "referrals/case_referrals.html", context)


def _referral_form(case: Case, data: Any = None, *, chosen_type: str = "") -> ReferralForm:
    """The send form; the agencies offered are those serving the case's territory for the chosen service type."""
    types = selectors.service_types(case.territory.country_code)
    chosen_type = str((data or {}).get("service_type") or chosen_type)
    services_offered = AgencyService.objects.none()
    if chosen_type.isdigit():
        services_offered = selectors.services_serving(case.territory, service_type=int(chosen_type))
    initial = None
    if data is None:
        initial = {"safe_contact": services.survivor_safe_contact(case), "service_type": chosen_type or None}
    form = ReferralForm(
        data, initial=initial, types=types, services=services_offered, consents=selectors.case_consents(case)
    )
    form.fields["service_type"].widget.attrs.update(
        {
            "hx-get": reverse("referrals:referral_service_options", args=[case.pk]),
            "hx-target": "#id_service",
            "hx-trigger": "change",
        }
    )
    return form


@capability_required(Capability.EDIT_CASES)
def referral_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk, "edit")
    if request.method == "POST":
        form = _referral_form(case, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = services.referral_send(
                    actor=request.user,
                    case=case,
                    service=data["service"],
                    urgency=data["urgency"],
                    reason=data["reason"],
                    shared_sections=data["shared_sections"],
                    safe_contact=data["safe_contact"],
                    consent=data["consent"],
                    legal_exception=data["legal_exception"],
                    justification=data["justification"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The referral was sent."))
                return redirect("referrals:referral_detail", pk=referral.pk)
        status = 400
    else:
        form = _referral_form(case, chosen_type=request.GET.get("service_type", ""))
        status = 200
    context = case_page_context(request, case, "referrals") | {"form": form}
    return render(request, "referrals/referral_form.html", context, status=status)


@capability_required(Capability.EDIT_CASES)
def referral_service_options(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The agencies serving the case's territory for the chosen type (htmx, into the form's agency select)."""
    case = case_selectors.case_get_for(request.user, pk, "edit")
    chosen = request.GET.get("service_type", "")
    offered = (
        selectors.services_serving(case.territory, service_type=int(chosen))
        if chosen.isdigit()
        else AgencyService.objects.none()
    )
    return render(request, "referrals/_service_options.html", {"services": offered})


# ---- one referral ----------------------------------------------------------------------------------------------


def _detail_context(request: AuthenticatedRequest, referral: Referral, **forms: Any) -> dict[str, Any]:
    user = request.user
    receiving, withdrawing = is_receiving_worker(user, referral), may_withdraw_referral(user, referral)
    rules = selectors.rules_of(referral)
    not_reached = selectors.not_reached_count(referral)
    context = case_page_context(request, referral.case, "referrals") | {
        "referral": referral,
        "attempts": list(selectors.attempts_of(referral)),
        "not_reached": not_reached,
        "not_reached_limit": rules.not_reached_after_attempts if rules else None,
        "is_receiver": receiving,
        "may_withdraw": withdrawing,
        "successor": Referral.objects.filter(reassigned_from=referral).visible_to(user).first(),
        "shared_labels": [(code, SharedSection(code).label) for code in referral.shared_sections],
        "legal_exception_label": LegalException(referral.legal_exception).label if referral.legal_exception else "",
    }
    if receiving and referral.state == ReferralState.SENT:
        context["decline_form"] = forms.get("decline_form") or DeclineForm()
    if receiving and referral.state == ReferralState.ACCEPTED:
        context["attempt_form"] = forms.get("attempt_form") or AttemptForm()
        context["complete_form"] = forms.get("complete_form") or CompleteForm()
    if withdrawing and referral.is_open:
        context["revoke_form"] = forms.get("revoke_form") or RevokeForm()
        context["reassign_form"] = forms.get("reassign_form") or _reassign_form(referral)
    return context


def _reassign_form(referral: Referral, data: Any = None) -> ReassignForm:
    others = selectors.services_serving(referral.case.territory, service_type=referral.service_type).exclude(
        pk=referral.service_id
    )
    return ReassignForm(data, services=others)


def _referral(request: AuthenticatedRequest, pk: int, action: str = "view") -> Referral:
    referral = selectors.referral_get_for(request.user, pk, action)
    case_selectors.case_read(request.user, referral.case, section="referrals")
    return referral


@capability_required(*CASE_READER_CAPABILITIES)
def referral_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


def _after(request: AuthenticatedRequest, referral: Referral, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("referrals:referral_detail", pk=referral.pk)


def _refused(request: AuthenticatedRequest, referral: Referral, **forms: Any) -> HttpResponse:
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral, **forms), status=400)


def _state_refusal(request: AuthenticatedRequest, referral: Referral, error: ValidationError) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return _refused(request, referral)


@require_POST
@capability_required(Capability.EDIT_CASES)
def referral_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk, "edit")
    try:
        services.referral_accept(actor=request.user, referral=referral)
    except ValidationError as error:
        return _state_refusal(request, referral, error)
    return _after(request, referral, _("You accepted the referral."))


def _act(
    request: AuthenticatedRequest,
    pk: int,
    form_name: str,
    make_form: Callable[[Referral], Any],
    act: Callable[..., Any],
    message: str,
) -> HttpResponse:
    """One action on a referral with a form: the service with the form's data, then the page of the referral the
    service returns (or the incoming queue, for a referral the user no longer sees); the page again with the
    refusal (status 400) when the form or the service refuses."""
    referral = _referral(request, pk, "edit")
    form = make_form(referral)
    if form.is_valid():
        try:
            result = act(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, form, error)
        else:
            messages.success(request, message)
            if isinstance(result, Referral) and result.pk != referral.pk:
                return redirect("referrals:referral_detail", pk=result.pk)
            if form_name == "decline_form":
                return redirect("referrals:incoming")
            return redirect("referrals:referral_detail", pk=referral.pk)
    return _refused(request, referral, **{form_name: form})


@require_POST
@capability_required(Capability.EDIT_CASES)
def referral_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    make = lambda referral: DeclineForm(request.POST)  # noqa: E731
    return _act(request, pk, "decline_form", make, services.referral_decline, _("You declined the referral."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def referral_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    make = lambda referral: CompleteForm(request.POST)  # noqa: E731
    return _act(request, pk, "complete_form", make, services.referral_complete, _("The referral is completed."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def referral_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    make = lambda referral: RevokeForm(request.POST)  # noqa: E731
    return _act(request, pk, "revoke_form", make, services.referral_revoke, _("The referral was revoked."))


@require_POST
@capability_required(Capability.EDIT_CASES)
def referral_reassign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    make = lambda referral: _reassign_form(referral, request.POST)  # noqa: E731
    message = _("The referral was sent to the other agency.")
    return _act(request, pk, "reassign_form", make, services.referral_reassign, message)


@require_POST
@capability_required(Capability.EDIT_CASES)
def referral_attempt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    make = lambda referral: AttemptForm(request.POST)  # noqa: E731
    return _act(request, pk, "attempt_form", make, services.contact_attempt_record, _("The attempt was recorded."))


# ---- queues ----------------------------------------------------------------------------------------------------


@capability_required(Capability.EDIT_CASES)
def incoming(request: AuthenticatedRequest) -> HttpResponse:
    rows, count = selectors.incoming_page(request.user, QUEUE_PAGE)
    return render(request, "referrals/incoming.html", {"referrals": rows, "count": count, "queue": "incoming"})


@capability_required(Capability.EDIT_CASES)
def outgoing(request: AuthenticatedRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in ReferralState.values else ""
    team = request.GET.get("team") == "1" and request.user.has_capability(Capability.VIEW_TEAM_WORKLOAD)
    rows = list(selectors.outgoing(request.user, state, team=team)[:QUEUE_PAGE])
    context = {"referrals": rows, "state": state, "states": ReferralState.choices, "team": team, "queue": "outgoing"}
    return render(request, "referrals/outgoing.html", context)


@capability_required(Capability.VIEW_TEAM_WORKLOAD)
def team(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "referrals/team.html", {"rows": selectors.team_view(request.user), "queue": "team"})


@capability_required(Capability.VIEW_JURISDICTION_CASES)
def territory(request: AuthenticatedRequest) -> HttpResponse:
    days = request.GET.get("days", "90")
    days_back = int(days) if days in {"30", "90", "365"} else 90
    since = country_today(_user_country(request)) - datetime.timedelta(days=days_back)
    rows = selectors.territory_performance(request.user, since)
    totals = {
        key: sum(row[key] for row in rows) for key in ("sent", "in_time", "accepted", "declined", "expired", "waiting")
    }
    share = round(100 * totals["in_time"] / totals["sent"]) if totals["sent"] else None
    context = {"rows": rows, "totals": totals, "share": share, "days": days_back, "since": since, "queue": "territory"}
    return render(request, "referrals/territory.html", context)


# ---- the directory --------------------------------------------------------------------------------------------


@login_required
def directory(request: AuthenticatedRequest) -> HttpResponse:
    country = _user_country(request)
    form = DirectoryForm(
        request.GET or None,
        territories=Territory.objects.filter(country_code=country, level__lte=2, is_active=True).order_by("path"),
        types=selectors.service_types(country),
    )
    services_found: Any = []
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        services_found = selectors.directory(
            country, territory=data.get("territory"), service_type=data.get("service_type"), text=data.get("q", "")
        )[:200]
    context = {
        "form": form,
        "services": services_found,
        "hotlines": selectors.hotlines(country),
        "places_form": PlacesForm(),
    }
    return render(request, "referrals/directory.html", context)


@require_POST
@capability_required(Capability.EDIT_CASES)
def service_places(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    service = selectors.service_get(pk, _user_country(request))
    if service is None or not may_update_places(request.user, service):
        raise Http404
    form = PlacesForm(request.POST)
    if form.is_valid():
        try:
            services.service_set_places(
                actor=request.user, service=service, places_free=form.cleaned_data["places_free"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The free places were updated."))
            return redirect("referrals:directory")
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
    return redirect("referrals:directory")

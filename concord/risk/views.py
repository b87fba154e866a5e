from __future__ import annotations

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import CASE_READER_CAPABILITIES, Capability
from concord.cases import selectors as case_selectors
from concord.cases.choices import ParticipantRole
from concord.cases.extension import case_page_context
from concord.cases.models import Case, Participant
from concord.common.forms import apply_validation_error
from concord.countries.models import Country
from concord.risk import selectors, services
from concord.risk.choices import PROTECTED_LEVELS, RISK_FACTOR_LABELS, InstrumentStatus, RiskLevel
from concord.risk.definitions import DefinitionInvalid
from concord.risk.forms import ITEM_PREFIX, AssessmentForm, InstrumentStatusForm, InstrumentUploadForm, OverrideForm
from concord.risk.models import Assessment, InstrumentVersion
from concord.risk.rules import may_decide_lowering, may_override_assessment

INSTRUMENT_READERS = (*CASE_READER_CAPABILITIES, Capability.MANAGE_RISK_INSTRUMENTS)
UPLOAD_MAX_BYTES = 1024 * 1024


def _perpetrators(case: Case):
    return case.participants.filter(role=ParticipantRole.ALLEGED_PERPETRATOR).select_related("person").order_by("pk")


def _known_from_records(case: Case) -> str:
    """What the register knows of the alleged perpetrators' earlier violence: in how many other cases they are
    alleged perpetrators (a count, whoever holds those cases)."""
    elsewhere = case_selectors.perpetrator_cases_elsewhere(case)
    if not elsewhere:
        return ""
    count = max(elsewhere.values())
    return ngettext(
        "From the register: he is named as the alleged perpetrator in %(count)d other case.",
        "From the register: he is named as the alleged perpetrator in %(count)d other cases.",
        count,
    ) % {"count": count}


def _chosen_instrument(request: AuthenticatedRequest, case: Case) -> tuple[InstrumentVersion | None, list]:
    usable = selectors.instruments_for_case(case, Country.objects.get(code=case.territory.country_code).today())
    wanted = request.POST.get("instrument") or request.GET.get("instrument")
    chosen = next((i for i in usable if str(i.pk) == wanted), usable[0] if usable else None)
    return chosen, usable


def _lowering_needs_confirmation(case: Case) -> bool:
    country = Country.objects.get(code=case.territory.country_code)
    rules = selectors.risk_rules_on(country, country.today())
    return bool(rules and rules.lowering_needs_confirmation)


def _item_errors(error: ValidationError, form: AssessmentForm) -> ValidationError:
    """The service names questions by their code; the form's fields carry a prefix."""
    if not hasattr(error, "error_dict"):
        return error
    codes = {item["code"] for item in form.items}
    return ValidationError(
        {(ITEM_PREFIX + key if key in codes else key): value for key, value in error.error_dict.items()}
    )


@capability_required(*CASE_READER_CAPABILITIES)
def case_risk(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case's Risk tab: its level, what stands beside it, and every assessment with a chart."""
    case = case_selectors.case_get_for(request.user, pk)
    case_selectors.case_read(request.user, case, section="risk")
    assessments = list(selectors.assessment_list(case))
    context = case_page_context(request, case, "risk") | {
        "assessments": assessments,
        "risk_notes": selectors.standing_notes(case, assessments),
        "risk_chart": {
            "title": _("Risk level"),
            "labels": [date_format(timezone.localtime(a.assessed_at), "SHORT_DATE_FORMAT") for a in assessments],
            "levels": [a.final_level for a in assessments],
            "level_names": [str(label) for label in RiskLevel.labels],
        },
    }
    return render(request, "risk/case_risk.html", context)


@capability_required(Capability.EDIT_CASES)
def assessment_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk, "edit")
    instrument, usable = _chosen_instrument(request, case)
    form = None
    if instrument is not None:
        form = AssessmentForm(
            request.POST if request.method == "POST" else None,
            instrument=instrument,
            perpetrators=_perpetrators(case),
            known_from_records=_known_from_records(case),
        )
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.assessment_create(
                    actor=request.user,
                    case=case,
                    instrument=instrument,
                    answers=form.answers(),
                    source=form.cleaned_data["source"],
                    perpetrator=form.cleaned_data["perpetrator"],
                    lowering_reason=form.cleaned_data["lowering_reason"],
                )
            except ValidationError as error:
                apply_validation_error(form, _item_errors(error, form))
            else:
                messages.success(request, _("The risk assessment was saved."))
                return redirect("risk:assessment_detail", pk=case.pk, assessment_pk=assessment.pk)
    standing = selectors.standing_assessment(case) if case.risk_level in PROTECTED_LEVELS else None
    context = case_page_context(request, case, "risk") | {
        "form": form,
        "instrument": instrument,
        "instruments": usable,
        "standing": standing,
        "lowering_needs_confirmation": _lowering_needs_confirmation(case),
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "risk/assessment_form.html", context, status=status)


@capability_required(Capability.EDIT_CASES)
@require_POST
def assessment_dependents(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    """htmx: the questions that depend on the answer just given to question `code`."""
    case = case_selectors.case_get_for(request.user, pk, "edit")
    instrument, _usable = _chosen_instrument(request, case)
    if instrument is None:
        raise Http404
    form = AssessmentForm(request.POST, instrument=instrument, perpetrators=Participant.objects.none())
    entry = next((e for group in form.sections() for e in _walk(group["items"]) if e["item"]["code"] == code), None)
    if entry is None:
        raise Http404
    return render(request, "risk/_dependents.html", {"entries": entry["dependents"]})


def _walk(entries):
    for entry in entries:
        yield entry
        yield from _walk(entry["dependents"])


def _factor_labels(codes: list[str]) -> list[str]:
    seen: list[str] = []
    for code in codes:
        label = str(RISK_FACTOR_LABELS.get(code, code))
        if label not in seen:
            seen.append(label)
    return seen


@capability_required(*CASE_READER_CAPABILITIES)
def assessment_detail(request: AuthenticatedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk)
    assessment = selectors.assessment_get_for(request.user, assessment_pk)
    if assessment.case_id != case.pk:
        raise Http404
    case_selectors.case_read(request.user, case, section="risk_assessment")
    return _render_detail(request, case, assessment)


def _render_detail(request, case: Case, assessment: Assessment, override_form=None, status=200) -> HttpResponse:
    context = case_page_context(request, case, "risk")
    answers = assessment.answers
    items = [
        item | {"answer": answers.get(item["code"])}
        for item in assessment.instrument.item_texts()
        if item["code"] in answers
    ]
    red_flag_items = [item for item in items if item["code"] in assessment.red_flags]
    context |= {
        "assessment": assessment,
        "items": items,
        "red_flag_items": red_flag_items,
        "factors": _factor_labels(assessment.factors_present),
        "override_form": override_form
        or (
            OverrideForm(computed_level=assessment.computed_level)
            if may_override_assessment(request.user, assessment)
            else None
        ),
        "may_decide_lowering": may_decide_lowering(request.user, assessment),
    }
    return render(request, "risk/assessment_detail.html", context, status=status)


@capability_required(Capability.APPROVE_CASE_DECISIONS)
@require_POST
def assessment_decide_lowering(request: AuthenticatedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk)
    assessment = selectors.assessment_get_for(request.user, assessment_pk)
    if assessment.case_id != case.pk:
        raise Http404
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.assessment_decide_lowering(actor=request.user, assessment=assessment, confirm=confirm)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("risk:assessment_detail", pk=case.pk, assessment_pk=assessment.pk)
    if confirm:
        messages.success(request, _("The lower level was confirmed; the case now has it."))
    else:
        messages.success(request, _("The lower level was not confirmed; the case keeps its level."))
    return redirect("risk:assessment_detail", pk=case.pk, assessment_pk=assessment.pk)


@capability_required(Capability.EDIT_CASES)
@require_POST
def assessment_override(request: AuthenticatedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    case = case_selectors.case_get_for(request.user, pk, "edit")
    assessment = selectors.assessment_get_for(request.user, assessment_pk, "edit")
    if assessment.case_id != case.pk:
        raise Http404
    form = OverrideForm(request.POST, computed_level=assessment.computed_level)
    if form.is_valid():
        try:
            services.assessment_override(
                actor=request.user,
                assessment=assessment,
                level=form.cleaned_data["override_level"],
                rationale=form.cleaned_data["override_rationale"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The level was raised."))
            return redirect("risk:assessment_detail", pk=case.pk, assessment_pk=assessment.pk)
    return _render_detail(request, case, assessment, override_form=form, status=400)


# ---- instruments -------------------------------------------------------------------------------------------------


@capability_required(*INSTRUMENT_READERS)
def instrument_list(request: AuthenticatedRequest) -> HttpResponse:
    instruments = selectors.instrument_list_for(request.user)
    return render(request, "risk/instrument_list.html", {"instruments": instruments})


@capability_required(*INSTRUMENT_READERS)
def instrument_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_for(request.user, pk)
    manage = request.user.has_capability(Capability.MANAGE_RISK_INSTRUMENTS)
    context = {
        "instrument": instrument,
        "items": instrument.item_texts(),
        "bands": instrument.parsed.bands,
        "factor_labels": RISK_FACTOR_LABELS,
        "level_choices": RiskLevel.choices,
        "status_form": InstrumentStatusForm(choices=_next_statuses(instrument)) if manage else None,
        "assessment_count": instrument.assessments.count(),
    }
    return render(request, "risk/instrument_detail.html", context)


def _next_statuses(instrument: InstrumentVersion) -> list[tuple[str, object]]:
    allowed = {InstrumentStatus.ACTIVE, InstrumentStatus.RETIRED} - {InstrumentStatus(instrument.status)}
    return [(status.value, status.label) for status in InstrumentStatus if status in allowed]


@capability_required(*INSTRUMENT_READERS)
def instrument_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The stored definition as YAML: the example to start a new version from."""
    instrument = selectors.instrument_get_for(request.user, pk)
    body = yaml.safe_dump(instrument.definition, allow_unicode=True, sort_keys=False, width=120)
    response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{instrument.code}-{instrument.version}.yaml"'
    return response


@capability_required(Capability.MANAGE_RISK_INSTRUMENTS)
def instrument_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = None
        if upload.size > UPLOAD_MAX_BYTES:
            form.add_error("file", _("The file is larger than 1 MB."))
        else:
            try:
                data = yaml.safe_load(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, yaml.YAMLError):
                form.add_error("file", _("The file is not valid YAML or JSON."))
        if data is not None:
            try:
                instrument, created = services.instrument_publish(data=data, source="upload", actor=request.user)
            except DefinitionInvalid as invalid:
                problems = invalid.problems
                form.add_error(None, _("The instrument was not stored. Correct these problems and upload it again."))
            except services.InstrumentConflict as conflict:
                form.add_error("file", str(conflict))
            else:
                if created:
                    messages.success(request, _("%(name)s was stored.") % {"name": instrument})
                else:
                    messages.info(request, _("%(name)s is already stored with this content.") % {"name": instrument})
                return redirect("risk:instrument_detail", pk=instrument.pk)
    status = 400 if form.errors else 200
    return render(request, "risk/instrument_upload.html", {"form": form, "problems": problems}, status=status)


@capability_required(Capability.MANAGE_RISK_INSTRUMENTS)
@require_POST
def instrument_set_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_for(request.user, pk)
    form = InstrumentStatusForm(request.POST, choices=_next_statuses(instrument))
    if not form.is_valid():
        raise PermissionDenied
    services.instrument_set_status(actor=request.user, instrument=instrument, status=form.cleaned_data["status"])
    messages.success(request, _("The status was changed."))
    return redirect("risk:instrument_detail", pk=instrument.pk)

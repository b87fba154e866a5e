from __future__ import annotations

import re

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concord.accounts import services, tokens
from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import Capability
from concord.accounts.forms import (
    AgencyForm,
    ApiTokenForm,
    LanguageForm,
    PasswordResetByAdminForm,
    UserCreateForm,
    UserDetailsForm,
)
from concord.accounts.middleware import MEMBERSHIP_SESSION_KEY, user_country_code
from concord.accounts.models import Agency, Membership
from concord.accounts.selectors import (
    agency_get_for,
    agency_kind_list,
    agency_list_for_management,
    agency_search,
    managed_agency_for,
    membership_jurisdiction,
    team_scope_allowed,
    user_get_for,
    user_list_for,
)
from concord.common import worklist
from concord.common.forms import apply_validation_error, form_status
from concord.common.translated import code_or_name_contains, named_rows
from concord.countries.languages import offered_languages

PAGE_SIZE = 25


HOME_WORK_ITEMS = 10
WORK_PAGE_ITEMS = 100


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The user's agency, role and jurisdiction, and what awaits them: their own work, or for a supervisor their
    agency's and for a coordinator their jurisdiction's (concord.common.worklist)."""
    user = request.user
    membership = user.membership
    jurisdiction = membership_jurisdiction(membership) if membership else []
    scope = worklist.TEAM if team_scope_allowed(user) else worklist.MINE
    work = worklist.work_for(user, scope, HOME_WORK_ITEMS) if membership else []
    context = {"jurisdiction": jurisdiction, "work": work, "scope": scope}
    return render(request, "accounts/home.html", context)


@login_required
def work(request: AuthenticatedRequest) -> HttpResponse:
    """All that awaits the user (scope "mine") or their team ("team": supervisors and coordinators)."""
    user = request.user
    if user.membership is None:
        raise PermissionDenied
    team = team_scope_allowed(user)
    scope = request.GET.get("scope", worklist.TEAM if team else worklist.MINE)
    if scope not in (worklist.MINE, worklist.TEAM) or (scope == worklist.TEAM and not team):
        scope = worklist.MINE
    context = {"work": worklist.work_for(user, scope, WORK_PAGE_ITEMS), "scope": scope, "team": team}
    return render(request, "accounts/work.html", context)


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    memberships = [
        (membership, membership_jurisdiction(membership)) for membership in request.user.active_memberships()
    ]
    return render(request, "accounts/profile.html", {"memberships": memberships})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switches the interface language and, for a signed-in user, remembers the choice on the account."""
    from django.conf import settings

    # Only a language the user's country offers (the selector lists no other; a posted one is checked here).
    offered = offered_languages(user_country_code(request.user))
    form = LanguageForm(request.POST, languages=offered)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response


@login_required
@require_POST
def switch_membership(request: AuthenticatedRequest) -> HttpResponse:
    chosen = request.POST.get("membership", "")
    for membership in request.user.active_memberships():
        if str(membership.pk) == chosen:
            request.session[MEMBERSHIP_SESSION_KEY] = membership.pk
    return redirect("accounts:home")


# ---- user management ----------------------------------------------------------------------------------------------


def _managed_agency(request: AuthenticatedRequest, user=None) -> Agency:
    chosen_pk = request.POST.get("agency") or request.GET.get("agency")
    chosen = Agency.objects.select_related("territory").filter(pk=chosen_pk).first() if chosen_pk else None
    return managed_agency_for(request.user, target=user, chosen=chosen)


@capability_required(Capability.MANAGE_AGENCY_USERS)
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    users = user_list_for(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    status = request.GET.get("status", "active")
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    page = Paginator(users.order_by("full_name", "email"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query, "status": status})


@capability_required(Capability.MANAGE_AGENCY_USERS)
@reauthentication_required
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.user
    agency = _managed_agency(request)
    may_grant = actor.has_capability(Capability.MANAGE_ALL_USERS)
    form = UserCreateForm(request.POST or None, agency=agency, may_grant_system_admin=may_grant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=actor,
                agency=agency,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                password=data["password1"],
                jurisdiction=data["jurisdiction"],
                phone=data["phone"],
                language=data["language"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The user was created. Give them the initial password in person."))
            return redirect("accounts:user_detail", pk=user.pk)
    agencies = agency_list_for_management(actor) if may_grant else None
    context = {"form": form, "agency": agency, "agencies": agencies}
    return render(request, "accounts/user_form.html", context, status=form_status(form))


@capability_required(Capability.MANAGE_AGENCY_USERS)
def user_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = request.user
    user = user_get_for(actor, pk)
    agency = _managed_agency(request, user)
    membership = Membership.objects.filter(user=user, agency=agency).prefetch_related("jurisdiction").first()
    initial = {
        "full_name": user.full_name,
        "phone": user.phone,
        "language": user.language,
        "role": membership.role if membership else "",
        "jurisdiction": list(membership.jurisdiction.all()) if membership else [],
    }
    form = UserDetailsForm(
        request.POST or None,
        initial=initial,
        agency=agency,
        may_grant_system_admin=actor.has_capability(Capability.MANAGE_ALL_USERS),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=actor,
                user=user,
                agency=agency,
                full_name=data["full_name"],
                role=data["role"],
                jurisdiction=data["jurisdiction"],
                phone=data["phone"],
                language=data["language"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {"managed_user": user, "agency": agency, "membership": membership, "form": form},
        status=form_status(form),
    )


@capability_required(Capability.MANAGE_AGENCY_USERS)
@require_POST
def user_set_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # The scope check comes before reauthentication, so an out-of-scope user gets 404, not a password prompt.
    return _user_set_active(request, user_get_for(request.user, pk))


@reauthentication_required
def _user_set_active(request: AuthenticatedRequest, user) -> HttpResponse:
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(
            actor=request.user,
            user=user,
            agency=_managed_agency(request, user),
            active=active,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The user was reactivated.") if active else _("The user was deactivated."))
    return redirect("accounts:user_detail", pk=user.pk)


@capability_required(Capability.MANAGE_AGENCY_USERS)
def user_reset_password(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _user_reset_password(request, user_get_for(request.user, pk))


@reauthentication_required
def _user_reset_password(request: AuthenticatedRequest, user) -> HttpResponse:
    form = PasswordResetByAdminForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_reset_password(
            actor=request.user,
            user=user,
            agency=_managed_agency(request, user),
            password=form.cleaned_data["password1"],
        )
        messages.success(request, _("The password was reset. The user must change it at the next login."))
        return redirect("accounts:user_detail", pk=user.pk)
    context = {"managed_user": user, "form": form}
    return render(request, "accounts/user_password.html", context, status=form_status(form))


# ---- agencies -----------------------------------------------------------------------------------------------------


@capability_required(Capability.MANAGE_AGENCIES)
def agency_list(request: AuthenticatedRequest) -> HttpResponse:
    agencies = agency_list_for_management(request.user)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if query:
        agencies = agencies.filter(code_or_name_contains(query))
    if kind:
        agencies = agencies.filter(kind__code=kind)
    page = Paginator(agencies.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = agency_kind_list().order_by("code").distinct()
    kind_codes = sorted({(k.code, str(k)) for k in kinds}, key=lambda item: item[1])
    return render(
        request,
        "accounts/agency_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": kind_codes},
    )


@capability_required(Capability.EDIT_CASES)
def agency_options(request: AuthenticatedRequest) -> HttpResponse:
    """The agencies of the user's country whose name contains what they typed, as the options a form's agency
    select adds (SearchableSelect); of the agency kinds the form asks for (`kind`, repeated) when it does."""
    kinds = [kind for kind in request.GET.getlist("kind") if re.fullmatch(r"[\w-]{1,64}", kind)]
    agencies = agency_search(user_country_code(request.user) or "", request.GET.get("q", ""), kinds=kinds)
    options = named_rows(agencies)
    # The select whose status line to fill: an element id the page gave, nothing else.
    select = request.GET.get("select", "")
    select = select if re.fullmatch(r"[A-Za-z][\w-]{0,80}", select) else ""
    context = {"options": options, "query": request.GET.get("q", "").strip(), "select": select}
    return render(request, "accounts/agency_options.html", context)


@capability_required(Capability.MANAGE_AGENCIES)
@reauthentication_required
def agency_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    agency = agency_get_for(request.user, pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        saved = services.agency_save(
            actor=request.user,
            agency=form.save(commit=False),
            changed_fields=form.changed_data,
        )
        messages.success(request, _("The agency was saved."))
        return redirect(reverse("accounts:agency_edit", args=[saved.pk]))
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency}, status=form_status(form))


# ---- API tokens ---------------------------------------------------------------------------------------------------


@capability_required(Capability.MANAGE_API_TOKENS)
def api_token_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        agency = request.user.agency
        if agency is None:
            raise PermissionDenied
        try:
            _token, new_key = tokens.api_token_create(
                actor=request.user,
                agency=agency,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": tokens.api_token_list_for(request.user), "form": form, "new_key": new_key},
        status=form_status(form),
    )


@capability_required(Capability.MANAGE_API_TOKENS)
@require_POST
def api_token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = tokens.api_token_get_for(request.user, pk)
    tokens.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked; the system using it is cut off at once."))
    return redirect("accounts:api_token_list")

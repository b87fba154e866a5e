from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from concord.accounts.access import AuthenticatedRequest, capability_required
from concord.accounts.capabilities import Capability
from concord.common.forms import form_status
from concord.common.translated import code_or_name_contains
from concord.countries.models import Country
from concord.territory.forms import TerritoryForm
from concord.territory.models import Territory
from concord.territory.selectors import territory_ancestors, territory_list
from concord.territory.services import territory_save


@capability_required(Capability.MANAGE_TERRITORIES)
def territory_browse(request: AuthenticatedRequest) -> HttpResponse:
    """Walk the tree one level at a time: the children of `parent`, or the countries at the top."""
    parent = None
    if request.GET.get("parent"):
        parent = get_object_or_404(Territory, pk=request.GET["parent"])
    query = request.GET.get("q", "").strip()
    territories = territory_list()
    if query:
        territories = territories.filter(code_or_name_contains(query))
        if parent:
            territories = territories.filter(path__startswith=parent.path)
    else:
        territories = territories.filter(parent=parent)
    territories = territories.annotate(child_count=Count("children"))
    page = Paginator(territories.order_by("path"), 50).get_page(request.GET.get("page"))
    countries = {country.code: country for country in Country.objects.all()}
    return render(
        request,
        "territory/territory_list.html",
        {
            "page": page,
            "parent": parent,
            "breadcrumbs": list(territory_ancestors(parent)) if parent else [],
            "query": query,
            "countries": countries,
        },
    )


@capability_required(Capability.MANAGE_TERRITORIES)
def territory_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    territory: Territory = get_object_or_404(Territory.objects.select_related("parent"), pk=pk)
    form = TerritoryForm(request.POST or None, instance=territory)
    if request.method == "POST" and form.is_valid():
        territory_save(
            actor=request.user,
            territory=form.save(commit=False),
            changed_fields=form.changed_data,
        )
        messages.success(request, _("The territory was saved."))
        return redirect("territory:territory_edit", pk=territory.pk)
    return render(
        request,
        "territory/territory_form.html",
        {"form": form, "territory": territory, "breadcrumbs": list(territory_ancestors(territory))},
        status=form_status(form),
    )

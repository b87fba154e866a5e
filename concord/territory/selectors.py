"""Reads of the administrative-unit tree. Territories are public reference data, not case data."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from concord.territory.models import Territory


def territory_descendants_q(territories: Iterable[Territory], *, field: str = "") -> Q:
    """A filter matching the given units and everything below them; `field` prefixes the lookup for use on
    models that point at a territory (e.g. field="territory__")."""
    condition = Q(pk__in=[])
    for territory in territories:
        condition |= Q(**{f"{field}path__startswith": territory.path})
    return condition


def territory_region_path(territory: Territory) -> str:
    """The path of the region the unit lies in (its level-1 ancestor), or of the country for the country itself:
    what "nearby" means for the agencies a form offers and the units a case list filters by."""
    country, *below = territory.path.strip("/").split("/")
    return f"{country}/{below[0]}/" if below else f"{country}/"


def territory_prefixes(territory: Territory) -> list[str]:
    """The paths of a unit and of every unit above it: a service serving any of them serves this unit."""
    codes = [code for code in territory.path.split("/") if code]
    return ["/".join(codes[: depth + 1]) + "/" for depth in range(len(codes))]


def territory_list(*, country_code: str | None = None, max_level: int | None = None) -> QuerySet[Territory]:
    territories = Territory.objects.select_related("parent")
    if country_code:
        territories = territories.filter(country_code=country_code)
    if max_level is not None:
        territories = territories.filter(level__lte=max_level)
    return territories


def territory_ancestors(territory: Territory) -> QuerySet[Territory]:
    codes = [code for code in territory.path.split("/") if code]
    return Territory.objects.filter(code__in=codes).order_by("level")

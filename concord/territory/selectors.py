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

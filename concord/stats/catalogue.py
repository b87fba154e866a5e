"""The indicator catalogue: each indicator defined once, as a count (or a sum) over non-identifying columns.

An indicator names the rows it counts (a queryset of one model, one row per thing counted), the dates it may be
placed in time by, and where its shared concepts live on that model: the territory, the agency, the case (for the
survivor's sex, age and disability). The dimensions are defined once over those concepts, so every indicator can be
split by period, territory, agency kind, sex, age band or disability without repeating itself. Modules add their
indicators with `register` from their own app, as they add case tabs: the catalogue never imports them.

Nothing here reads an encrypted column or a case's narrative: a count is grouped on choice fields, foreign keys, a
birth year and dates, and an analyst only ever receives the numbers. The counts are national by design, so they do
not go through `visible_to`: no row, id or case number ever leaves this module, only suppressed sums.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth, TruncQuarter, TruncYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concord.cases.choices import ParticipantRole
from concord.people.choices import Disability, Sex

SURVIVOR = "stats_survivor"  # the alias under which a row's survivor is joined


@dataclass(frozen=True)
class Survivor:
    """Where an indicator's rows keep their survivor: the case (for the consent requirement) and the expressions of
    the survivor's sex, age band and disability."""

    case: str
    sex: Callable[[Indicator, Filters], Any]
    age_band: Callable[[Indicator, Filters], Any]
    disability: Callable[[Indicator, Filters], Any]
    # Joins the survivor to the rows when the expressions need it.
    join: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda rows: rows


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    definition: Promise
    unit: Promise
    source: str
    rows: Callable[[], QuerySet[Any]]
    # The dates the rows may be counted by, e.g. {"incident": "occurred_on", "report": "reported_on"}; the first is
    # the default, and the page always says which one was used. A date field is a day in the country's calendar; a
    # datetime field is placed in it.
    dates: dict[str, str]
    territory: str
    # The path to the code of the agency kind the row belongs to (the agency an incident was reported to).
    agency_kind: str | None = None
    survivor: Survivor | None = None
    # The indicator's own categories (the GBVIMS type of an incident); None when it is a single count.
    breakdown: Breakdown | None = None
    dimensions: tuple[str, ...] = ()
    # A path whose each value is counted once, at its first row in the period within the filters (a victim, not
    # each incident against her): her row decides her category, territory and agency kind in a table.
    once_per: str | None = None
    # A number on each row to add up instead of counting the rows (the people a campaign's activity reached): the
    # cells are then sums, and a category's sum cannot be told from another's when a row is in several of them.
    summed: str | None = None


@dataclass(frozen=True)
class Breakdown:
    label: Promise
    expression: Callable[[Indicator], Any]
    # The categories in the reader's country (a pack's measure types), as (key, label).
    categories: Callable[[Filters], Sequence[tuple[Any, Any]]]
    # A row may fall in several categories (an incident's contexts): the expression then yields one value per row
    # of a joined or unnested table, and the total is not the sum of the categories.
    overlapping: bool = False
    # Whether the join may give a row the same category twice (two perpetrators who are both brothers), so that
    # each category counts distinct rows; False where the joined table holds a category once a row.
    repeats: bool = True


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise
    needs: str  # the concept the indicator must name: "survivor", "agency_kind", "territory" or "date"
    expression: Callable[[Indicator, Filters], Any]
    categories: Callable[[Filters], Sequence[tuple[Any, Any]]]
    # The label of a value none of the categories names, should one turn up.
    other: Promise = _("Not known")
    # Maps a grouped value to its category where the grouping is done on a finer value (a territory's id, grouped
    # by the part of the unit it lies in): cheaper than a CASE evaluated on every row.
    resolve: Callable[[Filters], Callable[[Any], Any]] | None = None


@dataclass(frozen=True)
class Filters:
    country_code: str
    start: datetime.date
    end: datetime.date  # exclusive
    date: str = ""  # a key of the indicator's `dates`; empty for its default
    territory_path: str = ""
    agency_kind: str = ""
    sex: str = ""
    age_band: str = ""
    disability: str = ""
    period: str = "year"  # the period dimension's step: month, quarter or year
    # Where the country requires the survivor's consent to statistical use, only rows whose survivor gave it (and
    # has not withdrawn it) are counted; the table says how many that leaves out.
    consent_required: bool = False
    time_zone: datetime.tzinfo = field(default=datetime.UTC)


_catalogue: dict[str, Indicator] = {}
_dimensions: dict[str, Dimension] = {}
_date_labels: dict[str, Promise] = {}


def register_date(key: str, label: Promise) -> None:
    """Name a date indicators may be counted by ("date of the incident"); the pages and files say which one a table
    was counted by, so every date an indicator names must be registered first."""
    _date_labels[key] = label


def date_label(key: str) -> Promise:
    return _date_labels[key]


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _catalogue and _catalogue[indicator.code] != indicator:
        raise ValueError(f"Indicator {indicator.code} is already defined.")
    unknown = set(indicator.dimensions) - set(_dimensions)
    if unknown:
        raise ValueError(f"Indicator {indicator.code} names unknown dimensions: {sorted(unknown)}.")
    unnamed = set(indicator.dates) - set(_date_labels)
    if unnamed:
        raise ValueError(f"Indicator {indicator.code} is counted by dates with no name: {sorted(unnamed)}.")
    if indicator.summed and (_overlaps(indicator) or indicator.once_per):
        raise ValueError(f"Indicator {indicator.code} sums {indicator.summed}: its rows must each be counted once.")
    for code in indicator.dimensions:
        needs = _dimensions[code].needs
        if needs in ("survivor", "agency_kind") and getattr(indicator, needs) is None:
            raise ValueError(f"Indicator {indicator.code} is split by {code} but names no {needs}.")
    _catalogue[indicator.code] = indicator
    return indicator


def register_dimension(dimension: Dimension) -> Dimension:
    _dimensions[dimension.code] = dimension
    return dimension


def indicators() -> list[Indicator]:
    return list(_catalogue.values())


def indicator(code: str) -> Indicator:
    """The indicator with this code; KeyError for an unknown one (the views turn it into a 404)."""
    return _catalogue[code]


def dimension(code: str) -> Dimension:
    return _dimensions[code]


def date_field(indicator: Indicator, filters: Filters) -> str:
    if filters.date and filters.date not in indicator.dates:
        raise ValueError(f"Indicator {indicator.code} cannot be counted by {filters.date} date.")
    return indicator.dates[filters.date or next(iter(indicator.dates))]


def _survivor(indicator: Indicator) -> Survivor:
    if indicator.survivor is None:
        raise ValueError(f"Indicator {indicator.code} has no survivor.")
    return indicator.survivor


def survivor_through(case: str) -> Survivor:
    """The survivor of the row's case, joined live (for rows that have no fact table of their own)."""

    def join(rows: QuerySet[Any]) -> QuerySet[Any]:
        relation = FilteredRelation(
            f"{case}__participants", condition=Q(**{f"{case}__participants__role": ParticipantRole.SURVIVOR})
        )
        return rows.annotate(**{SURVIVOR: relation})

    def age(indicator: Indicator, filters: Filters) -> Case:
        return age_band_of(f"{SURVIVOR}__person__birth_year", _year(indicator, filters))

    return Survivor(
        case=case,
        sex=lambda indicator, filters: F(f"{SURVIVOR}__person__sex"),
        age_band=age,
        disability=lambda indicator, filters: F(f"{SURVIVOR}__person__disability"),
        join=join,
    )


def survivor_columns(case: str, sex: str, age_band: str, disability: str) -> Survivor:
    """A survivor kept in the rows' own columns (the incident facts)."""
    return Survivor(
        case=case,
        sex=lambda indicator, filters: F(sex),
        age_band=lambda indicator, filters: F(age_band),
        disability=lambda indicator, filters: F(disability),
    )


def base(indicator: Indicator, filters: Filters) -> QuerySet[Any]:
    """The indicator's rows in the period and within the filters, with its survivor joined when it has one."""
    rows = indicator.rows()
    if indicator.survivor is not None:
        rows = indicator.survivor.join(rows)
    if filters.consent_required and indicator.survivor is not None:
        # Rows that concern no survivor (a training, a campaign) need no survivor's consent.
        rows = rows.filter(with_consent(indicator))
    when = date_field(indicator, filters)
    rows = rows.filter(
        **{
            f"{when}__gte": _moment(indicator, when, filters.start, filters),
            f"{when}__lt": _moment(indicator, when, filters.end, filters),
        }
    )
    # Always within the reader's country (a register that holds several countries never mixes their counts), and
    # within the unit asked for; named by ids, so that the rows do not join the territory.
    rows = rows.filter(**{f"{indicator.territory}__in": _territory_ids(filters)})
    if filters.agency_kind:
        if indicator.agency_kind is None:
            raise ValueError(f"Indicator {indicator.code} has no agency.")
        rows = rows.filter(**{indicator.agency_kind: filters.agency_kind})
    for name, value in (("sex", filters.sex), ("age_band", filters.age_band), ("disability", filters.disability)):
        if value:
            expression = getattr(_survivor(indicator), name)(indicator, filters)
            rows = rows.alias(**{f"stats_{name}": expression}).filter(**{f"stats_{name}": value})
    if indicator.once_per:
        earlier = base(dataclasses.replace(indicator, once_per=None), filters).filter(
            Q(**{f"{when}__lt": OuterRef(when)}) | Q(**{when: OuterRef(when), "pk__lt": OuterRef("pk")}),
            **{indicator.once_per: OuterRef(indicator.once_per)},
        )
        rows = rows.exclude(Exists(earlier))
    return rows


def _territory_ids(filters: Filters) -> list[int]:
    from concord.territory.models import Territory

    units = Territory.objects.filter(country_code=filters.country_code.lower())
    if filters.territory_path:
        units = units.filter(path__startswith=filters.territory_path)
    return list(units.values_list("pk", flat=True))


def with_consent(indicator: Indicator) -> Exists:
    """The row's survivor gave consent to statistical use and has not withdrawn it."""
    from concord.cases.choices import ConsentPurpose
    from concord.cases.models import Consent

    return Exists(
        Consent.objects.filter(
            case=OuterRef(_survivor(indicator).case),
            purpose=ConsentPurpose.STATISTICS,
            withdrawn_at__isnull=True,
            participant__role=ParticipantRole.SURVIVOR,
        )
    )


def left_out(indicator: Indicator, filters: Filters) -> int:
    """How many rows the consent requirement leaves out of the table (0 where the country does not require it)."""
    if not filters.consent_required or indicator.survivor is None:
        return 0
    everything = dataclasses.replace(filters, consent_required=False)
    return base(indicator, everything).exclude(with_consent(indicator)).count()


def _is_datetime(indicator: Indicator, path: str) -> bool:
    model = indicator.rows().model
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return isinstance(model._meta.get_field(name), DateTimeField)


def _moment(indicator: Indicator, path: str, day: datetime.date, filters: Filters) -> datetime.date:
    """A day's bound on the indicator's date: midnight of the country-local day for a datetime (a year's count is
    the country's calendar year, not UTC's), the day itself for a date already in the country's calendar."""
    if _is_datetime(indicator, path):
        return datetime.datetime.combine(day, datetime.time(), tzinfo=filters.time_zone)
    return day


def _year(indicator: Indicator, filters: Filters) -> Any:
    when = date_field(indicator, filters)
    if _is_datetime(indicator, when):
        return ExtractYear(when, tzinfo=filters.time_zone)
    return ExtractYear(when)


@dataclass(frozen=True)
class Counts:
    """Counts per (row, column) category; a row or column of None is the indicator's single count."""

    cells: dict[tuple[Any, Any], int]
    rows: list[tuple[Any, str]]
    columns: list[tuple[Any, str]]
    # How many distinct things were counted: the total when the categories overlap (an incident in two contexts).
    distinct_total: int
    # Rows the consent requirement kept out of the table.
    left_out: int = 0
    counted_at: datetime.datetime | None = None  # see Grouped


def count(indicator: Indicator, filters: Filters, by: str = "") -> Counts:
    """The indicator's counts split by its own breakdown (rows) and by one dimension (columns)."""
    return count_many(indicator, filters, [by])[by]


def count_many(indicator: Indicator, filters: Filters, splits: Sequence[str]) -> dict[str, Counts]:
    return labelled(indicator, filters, group(indicator, filters, splits))


@dataclass(frozen=True)
class Grouped:
    """An indicator's counts as the database grouped them, before any category is named: for each split ("" for
    none), (breakdown key, dimension key, count) triples. Nothing in them depends on the reader's language, so they
    can be kept and named later (kept.py)."""

    cubes: dict[str, list[tuple[Any, Any, int]]]
    distinct_total: int
    left_out: int
    # When they were counted, if they were kept from an earlier count rather than counted for this request.
    counted_at: datetime.datetime | None = None


def group(indicator: Indicator, filters: Filters, splits: Sequence[str]) -> Grouped:
    """The indicator's counts split by each of several dimensions ("" for none), from one query. On PostgreSQL the
    query groups by GROUPING SETS, one set a split, so one pass over the rows gives every table; elsewhere it groups
    by the breakdown and every dimension at once and each table sums that cube over the dimensions it does not show
    (a row has exactly one value on every dimension, so the sums count each row once per category)."""
    for by in splits:
        if by and by not in indicator.dimensions:
            raise ValueError(f"Indicator {indicator.code} cannot be split by {by}.")
    rows = base(indicator, filters)
    wanted = list(dict.fromkeys(splits))
    dimensions = [by for by in wanted if by]
    groups: dict[str, Any] = {f"stats_{by}": dimension(by).expression(indicator, filters) for by in dimensions}
    if indicator.breakdown is not None:
        groups["stats_row"] = indicator.breakdown.expression(indicator)
    # Only a breakdown over a join that may repeat a category (several perpetrators) meets a row twice in a group.
    counted: Count | Coalesce = Count(
        "pk", distinct=_overlaps(indicator) and indicator.breakdown is not None and indicator.breakdown.repeats
    )
    if indicator.summed:
        counted = Coalesce(Sum(indicator.summed), 0)
    entries: dict[str, list[tuple[dict[str, Any], int]]]
    if not groups:
        total = rows.aggregate(n=counted)["n"]
        entries = {by: [({}, total)] for by in wanted}
    elif connection.vendor == "postgresql" and len(wanted) > 1:
        entries = _grouping_sets(rows, groups, counted, wanted)
    else:
        cube = [(entry, entry["n"]) for entry in rows.annotate(**groups).values(*groups).annotate(n=counted).order_by()]
        entries = dict.fromkeys(wanted, cube)
    cubes = {
        by: [
            (entry.get("stats_row"), _column_key(entry.get(f"stats_{by}"), filters) if by else None, n)
            for entry, n in entries[by]
        ]
        for by in wanted
    }
    # The rows are one a thing counted (the breakdown's join is not in them), so their count is the distinct total.
    distinct_total = rows.count() if _overlaps(indicator) else sum(n for _r, _c, n in cubes[wanted[0]])
    return Grouped(cubes, distinct_total, left_out(indicator, filters))


class Names:
    """The categories of breakdowns and dimensions, read once for the many tables of one set of filters: a report
    names the same regions and agency kinds in eighteen tables."""

    def __init__(self) -> None:
        self._read: dict[Any, Any] = {}

    def get(self, key: Any, read: Callable[[], Any]) -> Any:
        if key not in self._read:
            self._read[key] = read()
        return self._read[key]


def labelled(indicator: Indicator, filters: Filters, grouped: Grouped, names: Names | None = None) -> dict[str, Counts]:
    """Each split's counts summed into the categories it is published in, named in the current language."""
    names = names or Names()
    return {
        by: dataclasses.replace(
            _marginal(indicator, filters, by, cube, grouped.distinct_total, grouped.left_out, names),
            counted_at=grouped.counted_at,
        )
        for by, cube in grouped.cubes.items()
    }


class _Grouping(Func):
    """GROUPING(expression): 1 in a result row where the expression was grouped away."""

    function = "GROUPING"
    output_field = IntegerField()
    contains_aggregate = True


def _grouping_sets(
    rows: QuerySet[Any], groups: dict[str, Any], counted: Count | Coalesce, splits: list[str]
) -> dict[str, list[tuple[dict[str, Any], int]]]:
    """One query, one grouping set a split: (breakdown, dimension), or the breakdown alone for no split. The ORM
    writes the grouped query; its GROUP BY (of the select list's positions) becomes the grouping sets."""
    names = list(groups)
    flags = {f"{name}_away": _Grouping(groups[name]) for name in names if name != "stats_row"}
    query = rows.annotate(**groups).values(*names).annotate(n=counted, **flags).order_by()
    sql, params = query.query.sql_with_params()
    positions = {name: str(index) for index, name in enumerate(names, start=1)}
    grouped = "GROUP BY " + ", ".join(positions.values())
    if not sql.endswith(grouped):
        raise ValueError("The grouped query does not end in the GROUP BY it was expected to.")
    row = [positions["stats_row"]] if "stats_row" in positions else []
    sets = [row + ([positions[f"stats_{by}"]] if by else []) for by in splits]
    sql = sql[: -len(grouped)] + "GROUP BY GROUPING SETS (" + ", ".join(f"({', '.join(s)})" for s in sets) + ")"
    cubes: dict[str, list[tuple[dict[str, Any], int]]] = {by: [] for by in splits}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        for values in cursor.fetchall():
            entry = dict(zip(columns, values, strict=True))
            present = {name for name in flags if not entry[name]}
            by = next((name[len("stats_") : -len("_away")] for name in present), "")
            cubes[by].append((entry, entry["n"]))
    return cubes


def _marginal(
    indicator: Indicator,
    filters: Filters,
    by: str,
    cube: list[tuple[Any, Any, int]],
    distinct_total: int,
    excluded: int,
    names: Names,
) -> Counts:
    row_categories: list[tuple[Any, str]] = [(None, str(indicator.unit))]
    column_categories: list[tuple[Any, str]] = [(None, str(_("Total")))]
    other = str(_("Not known"))
    breakdown = indicator.breakdown
    if breakdown is not None:
        row_categories = list(
            names.get(
                ("rows", indicator.code, filters),
                lambda: [(key, str(label)) for key, label in breakdown.categories(filters)],
            )
        )
    category: Callable[[Any], Any] = lambda value: value  # noqa: E731
    if by:
        split = dimension(by)
        column_categories = list(
            names.get(("columns", by, filters), lambda: [(key, str(label)) for key, label in split.categories(filters)])
        )
        other = str(split.other)
        resolve = split.resolve
        if resolve is not None:
            category = names.get(("resolve", by, filters), lambda: resolve(filters))
    cells: dict[tuple[Any, Any], int] = {}
    for row, column, n in cube:
        key = (row, category(column) if by else None)
        cells[key] = cells.get(key, 0) + n
    # A value no category names (an incident placed at the region itself, not in one of its districts; a choice
    # retired since) is still counted: it gets a category of its own rather than vanish from the table.
    for position, categories, label in ((0, row_categories, _("Not known")), (1, column_categories, other)):
        named = {key for key, _label in categories}
        for key in sorted({cell[position] for cell in cells} - named, key=str):
            categories.append((key, str(label)))
    return Counts(
        cells=cells,
        rows=row_categories,
        columns=column_categories,
        distinct_total=distinct_total,
        left_out=excluded,
    )


def by_field(label: Promise, path: str, choices: Any, *, overlapping: bool = False, repeats: bool = True) -> Breakdown:
    """A breakdown by a column or a joined column: `choices` is a list of (key, label) or, for categories that
    depend on the country, a function of the filters giving one."""
    categories = choices if callable(choices) else (lambda filters: list(choices))
    return Breakdown(label, lambda indicator: F(path), categories, overlapping, repeats)


def _overlaps(indicator: Indicator) -> bool:
    return indicator.breakdown is not None and indicator.breakdown.overlapping


def _column_key(value: Any, filters: Filters) -> Any:
    """A period bucket comes back as a local datetime (PostgreSQL) or date; the categories key it by its first day."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(filters.time_zone).date()
    return value


# Dimensions ------------------------------------------------------------------------------------------------------


AGE_BANDS = (
    ("0-11", _("0–11 years"), 0, 11),
    ("12-17", _("12–17 years"), 12, 17),
    ("18-25", _("18–25 years"), 18, 25),
    ("26-40", _("26–40 years"), 26, 40),
    ("41-60", _("41–60 years"), 41, 60),
    ("61+", _("61 years and older"), 61, None),
)


def age_band_of(birth_year: str, year: Any) -> Case:
    """The age in `year` of someone born in `birth_year`, in GBVIMS bands (the child/adult split falls at 18)."""
    whens = []
    for code, _label, low, high in AGE_BANDS:
        # The age between low and high, written as bounds on the birth year so that no annotation is needed.
        condition = Q(**{f"{birth_year}__lte": year - low})
        if high is not None:
            condition &= Q(**{f"{birth_year}__gte": year - high})
        whens.append(When(condition, then=Value(code)))
    return Case(*whens, default=Value("unknown"), output_field=CharField())


def _period_expression(indicator: Indicator, filters: Filters) -> Any:
    truncate = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}[filters.period]
    when = date_field(indicator, filters)
    if _is_datetime(indicator, when):
        return truncate(when, tzinfo=filters.time_zone)
    return truncate(when, output_field=DateField())


def _period_categories(filters: Filters) -> list[tuple[datetime.date, str]]:
    step = {"month": 1, "quarter": 3, "year": 12}[filters.period]
    first = filters.start.replace(day=1)
    first = first.replace(month=1) if step == 12 else first.replace(month=(first.month - 1) // step * step + 1)
    periods = []
    while first < filters.end:
        periods.append((first, _period_label(first, filters.period)))
        month = first.month - 1 + step
        first = first.replace(year=first.year + month // 12, month=month % 12 + 1)
    return periods


def _period_label(first: datetime.date, period: str) -> str:
    if period == "year":
        return str(first.year)
    if period == "quarter":
        return f"{first.year} Q{(first.month - 1) // 3 + 1}"
    return f"{first.year}-{first.month:02d}"


def scope_code(filters: Filters) -> str:
    """The code of the unit the filters are within (the country's when none was chosen)."""
    return _territory_parent(filters).rstrip("/").rsplit("/", 1)[-1]


def _territory_parent(filters: Filters) -> str:
    return filters.territory_path or f"{filters.country_code.upper()}/"


def _territory_children(filters: Filters) -> list[Any]:
    """The units one level below the filter's; a unit with none stands for itself."""
    from concord.territory.models import Territory

    parent_path = _territory_parent(filters)
    depth = parent_path.count("/")
    units = Territory.objects.filter(path__startswith=parent_path).order_by("path")
    children = [unit for unit in units if unit.path.count("/") == depth + 1]
    return children or [unit for unit in units if unit.path == parent_path]


def _territory_expression(indicator: Indicator, filters: Filters) -> Any:
    """Rows are grouped by their unit's id; `_territory_part` then names the part of the filter's unit it lies in."""
    return F(indicator.territory)


def _territory_part(filters: Filters) -> Callable[[Any], Any]:
    """The unit one level below the filter's (the regions of the country, the districts of a region) that a unit
    lies in, so a table drills down one step at a time. A row placed at the filter's unit itself keeps its code."""
    from concord.territory.models import Territory

    parent = _territory_parent(filters)
    parts = [child.path for child in _territory_children(filters)]
    unit_code = scope_code(filters)
    part_of: dict[Any, str] = {}
    for pk, path in Territory.objects.filter(path__startswith=parent).values_list("pk", "path"):
        part = next((part for part in parts if path.startswith(part)), None)
        part_of[pk] = part.rstrip("/").rsplit("/", 1)[-1] if part else unit_code
    return lambda unit_id: part_of.get(unit_id, unit_code)


def _agency_kinds(filters: Filters) -> list[tuple[str, str]]:
    from concord.accounts.models import AgencyKind

    return [(kind.code, kind.name) for kind in AgencyKind.objects.filter(country_code=filters.country_code.lower())]


def _survivor_expression(name: str) -> Callable[[Indicator, Filters], Any]:
    return lambda indicator, filters: getattr(_survivor(indicator), name)(indicator, filters)


def _unknown_last(choices: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return sorted(choices, key=lambda choice: choice[0] == "unknown")


register_dimension(Dimension("period", _("period"), "date", _period_expression, _period_categories))
register_dimension(
    Dimension(
        "territory",
        _("territory"),
        "territory",
        _territory_expression,
        lambda filters: [(child.code, child.name) for child in _territory_children(filters)],
        other=_("Recorded for the whole unit, not one of its parts"),
        resolve=_territory_part,
    )
)
register_dimension(
    Dimension(
        "agency_kind",
        _("agency kind"),
        "agency_kind",
        lambda indicator, filters: F(indicator.agency_kind or ""),  # register() refuses an indicator without one
        _agency_kinds,
    )
)
register_dimension(
    Dimension("sex", _("sex"), "survivor", _survivor_expression("sex"), lambda filters: _unknown_last(Sex.choices))
)
register_dimension(
    Dimension(
        "age_band",
        _("age band"),
        "survivor",
        _survivor_expression("age_band"),
        lambda filters: [(code, label) for code, label, _low, _high in AGE_BANDS] + [("unknown", _("Not known"))],
    )
)
register_dimension(
    Dimension(
        "disability",
        _("disability"),
        "survivor",
        _survivor_expression("disability"),
        lambda filters: _unknown_last(Disability.choices),
    )
)

"""The monitoring-group section of a country pack: groups.yaml (FORMAT.md). It holds the kinds of group with the
territorial level at which there is one, their composition, and their effective-dated rules (cadence, quorum, how
long members see the cases after a meeting, the minutes deadline, action reminders, the agenda rules). Loading it
creates the group of every territory of that level, with the member agencies found there. Registered with
concord.countries.sections in GroupsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from concord.countries.loader import (
    NOTHING,
    LoadReport,
    Pack,
    Problems,
    SectionReader,
    name_columns,
    one_of,
    read_yaml_mapping,
    upsert,
)
from concord.countries.sections import PackSection
from concord.groups.choices import AgendaReason

FILE = "groups.yaml"
KIND_KEYS = ("code", "name", "territory_level", "composition", "rules")
COMPOSITION_KEYS = ("chair", "secretary", "members")
RULES_KEYS = (
    "version",
    "effective_from",
    "cadence",
    "quorum",
    "summary_window",
    "minutes_deadline",
    "action_reminders",
    "agenda",
    "source",
)
# The rules the pack may list, with the parameters each takes.
AGENDA_RULES: dict[str, tuple[str, ...]] = {
    AgendaReason.NEW_HIGH_RISK: ("min_level",),
    AgendaReason.PATHWAY_PROPOSAL: (),
    AgendaReason.REPEAT: (),
    AgendaReason.ESCALATION: (),
    AgendaReason.OVERDUE_ACTIONS: (),
    AgendaReason.PROTECTION_GAP: (),
    AgendaReason.FAMILY_REVIEW: ("within_days",),
}


def read(pack: Pack, problems: Problems) -> dict[str, Any]:
    section: dict[str, Any] = {"kinds": []}
    loaded = read_yaml_mapping(pack, FILE, problems)
    if loaded is None:
        return section
    data, lines = loaded
    reader = SectionReader(pack, problems, FILE, lines)
    reader.unknown_keys(data, ("kinds",), "")
    agency_kinds = {row["code"] for row in pack.agency_kinds if row.get("code")}
    levels = {int(level) for level in (pack.settings.get("territory_levels") or {})}
    seen: set[str] = set()
    for key, entry in reader.entries(data, "kinds"):
        reader.unknown_keys(entry, KIND_KEYS, key)
        code = entry.get("code")
        if not isinstance(code, str) or not code.strip() or len(code) > 40 or code in seen:
            reader.add(f"{key}.code", "expected a code of its own, up to 40 characters", code or NOTHING)
            code = None
        else:
            seen.add(code)
        names = reader.texts(entry.get("name", NOTHING), f"{key}.name")
        level = entry.get("territory_level")
        if not isinstance(level, int) or isinstance(level, bool) or (levels and level not in levels):
            reader.add(f"{key}.territory_level", "expected a territorial level of pack.yaml", level or NOTHING)
            level = None
        composition = _read_composition(reader, entry.get("composition", NOTHING), f"{key}.composition", agency_kinds)
        rules = [
            rule
            for index, (_k, raw) in enumerate(reader.entries(entry, "rules"))
            if (rule := _read_rules(reader, raw, f"{key}.rules.{index}")) is not None
        ]
        if not entry.get("rules"):
            reader.add(f"{key}.rules", "expected at least one set of rules with an effective date", NOTHING)
        if len({r["effective_from"] for r in rules}) < len(rules) or len({r["version"] for r in rules}) < len(rules):
            reader.add(f"{key}.rules", "expected each set of rules with a version and an effective date of its own")
        if code and level and composition is not None:
            section["kinds"].append(
                {"code": code, "names": names, "territory_level": level, "composition": composition, "rules": rules}
            )
    return section


def _read_composition(reader: SectionReader, value: Any, key: str, agency_kinds: set[str]) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        reader.add(key, "expected {chair: <agency kind>, secretary: <agency kind>, members: [...]}", value)
        return None
    reader.unknown_keys(value, COMPOSITION_KEYS, key)
    ok = True
    for seat in ("chair", "secretary"):
        if value.get(seat) not in agency_kinds:
            reader.add(f"{key}.{seat}", "expected an agency kind of agency_kinds.csv", value.get(seat) or NOTHING)
            ok = False
    members = []
    raw_members = value.get("members")
    if not isinstance(raw_members, list) or not raw_members:
        reader.add(f"{key}.members", "expected a list of {agency_kind: <kind>, required: true|false}", raw_members)
        return None
    for index, row in enumerate(raw_members):
        row_key = f"{key}.members.{index}"
        if not isinstance(row, dict) or row.get("agency_kind") not in agency_kinds:
            reader.add(row_key, "expected {agency_kind: <an agency kind of agency_kinds.csv>}", row)
            ok = False
            continue
        reader.unknown_keys(row, ("agency_kind", "required"), row_key)
        required = row.get("required", True)
        if not isinstance(required, bool):
            reader.add(f"{row_key}.required", "expected true or false", required)
            ok = False
        members.append({"agency_kind": row["agency_kind"], "required": required is not False})
    if len({row["agency_kind"] for row in members}) < len(members):
        reader.add(f"{key}.members", "expected each agency kind once")
        ok = False
    return {"chair": value.get("chair"), "secretary": value.get("secretary"), "members": members} if ok else None


def _whole(reader: SectionReader, value: Any, key: str, *, low: int = 1, high: int = 3650) -> int | None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        reader.add(key, f"expected a whole number from {low} to {high}", value if value is not None else NOTHING)
        return None
    return value


def _days(reader: SectionReader, value: Any, key: str) -> int | None:
    if not isinstance(value, dict) or set(value) != {"days"}:
        reader.add(key, "expected {days: n}", value if value is not None else NOTHING)
        return None
    return _whole(reader, value["days"], f"{key}.days")


def _read_rules(reader: SectionReader, entry: dict, key: str) -> dict[str, Any] | None:
    reader.unknown_keys(entry, RULES_KEYS, key)
    version = entry.get("version")
    ok = isinstance(version, str) and bool(version.strip()) and len(version) <= 40
    if not ok:
        reader.add(f"{key}.version", "expected a version name, in quotes, up to 40 characters", version or NOTHING)
    start = reader.date(entry.get("effective_from"), f"{key}.effective_from")
    cadence = _days(reader, entry.get("cadence"), f"{key}.cadence")
    window = _days(reader, entry.get("summary_window"), f"{key}.summary_window")
    quorum = entry.get("quorum")
    percent = chair = None
    if not isinstance(quorum, dict) or set(quorum) - {"percent", "chair"}:
        reader.add(f"{key}.quorum", "expected {percent: 1–100, chair: true|false}", quorum or NOTHING)
    else:
        percent = _whole(reader, quorum.get("percent"), f"{key}.quorum.percent", high=100)
        chair = quorum.get("chair", True)
        if not isinstance(chair, bool):
            reader.add(f"{key}.quorum.chair", "expected true or false", chair)
            chair = None
    deadline = reader.period(
        entry.get("minutes_deadline", NOTHING), f"{key}.minutes_deadline", ("days", "working_days")
    )
    reminders = []
    raw_reminders = entry.get("action_reminders", [])
    if not isinstance(raw_reminders, list):
        reader.add(f"{key}.action_reminders", "expected a list of {days: n} before the due date", raw_reminders)
        ok = False
    else:
        for index, raw in enumerate(raw_reminders):
            days = _days(reader, raw, f"{key}.action_reminders.{index}")
            ok = ok and days is not None
            reminders.append(days)
    agenda = _read_agenda(reader, entry.get("agenda", NOTHING), f"{key}.agenda")
    source = entry.get("source", "")
    if not isinstance(source, str):
        reader.add(f"{key}.source", "expected the decree or protocol, as text", source)
        ok = False
    values = (start, cadence, window, percent, chair, deadline, agenda)
    if not ok or any(value is None for value in values):
        return None
    return {
        "version": version,
        "effective_from": start,
        "cadence_days": cadence,
        "quorum_percent": percent,
        "chair_required": chair,
        "summary_window_days": window,
        "minutes_deadline": deadline,
        "action_reminder_days": sorted(set(reminders), reverse=True),
        "agenda": agenda,
        "source": source.strip(),
    }


def _read_agenda(reader: SectionReader, value: Any, key: str) -> list[dict[str, Any]] | None:
    """[{rule: new_high_risk, min_level: 3}, {rule: repeat}, {rule: family_review, within_days: 7}, …]"""
    if not isinstance(value, list) or not value:
        reader.add(key, f"expected a list of agenda rules, each {{rule: {one_of(list(AGENDA_RULES))}}}", value)
        return None
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(value):
        row_key = f"{key}.{index}"
        rule = row.get("rule") if isinstance(row, dict) else None
        if rule not in AGENDA_RULES or rule in {r["rule"] for r in rows}:
            reader.add(row_key, f"expected a rule of its own, one of {one_of(list(AGENDA_RULES))}", row)
            return None
        reader.unknown_keys(row, ("rule", *AGENDA_RULES[rule]), row_key)
        parsed: dict[str, Any] = {"rule": rule}
        for name in AGENDA_RULES[rule]:
            number = _whole(reader, row.get(name), f"{row_key}.{name}", low=0 if name == "within_days" else 1)
            if number is None:
                return None
            parsed[name] = number
        rows.append(parsed)
    return rows


def minutes_language(pack_language: str) -> str:
    """The language a new group's minutes are written in: the country's, when the interface has it."""
    offered = {code for code, _name in settings.LANGUAGES}
    return pack_language if pack_language in offered else "en"


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.accounts.models import Agency
    from concord.groups.models import Group, GroupKind, GroupRules, Member
    from concord.territory.models import Territory

    section = pack.sections["groups"]
    existing_kinds = {(country, k.code): k for k in GroupKind.objects.filter(country=country)}
    existing_rules = {(r.kind, r.version): r for r in GroupRules.objects.filter(kind__country=country)}
    language = minutes_language(pack.settings.get("default_language", "en"))
    for entry in section["kinds"]:
        values = {
            "territory_level": entry["territory_level"],
            "composition": entry["composition"],
            "is_active": True,
        } | name_columns(entry["names"])
        kind = upsert(
            GroupKind, {"country": country, "code": entry["code"]}, values, report, "group_kind", existing_kinds
        )
        for rules in entry["rules"]:
            values = {key: value for key, value in rules.items() if key != "version"}
            upsert(
                GroupRules, {"kind": kind, "version": rules["version"]}, values, report, "group_rules", existing_rules
            )
        # Every territory of the kind's level has its group; one the operator changed is left as it is.
        territories = Territory.objects.filter(country_code=country.code, level=kind.territory_level)
        have = set(Group.objects.filter(kind=kind).values_list("territory_id", flat=True))
        new_groups = Group.objects.bulk_create(
            [Group(kind=kind, territory=t, language=language) for t in territories if t.pk not in have]
        )
        for _group in new_groups:
            report.count("group", "created")
        # The member agencies of a new group: the agencies of its territory of the kinds the composition lists.
        seats = {row["agency_kind"]: row for row in kind.member_rows()}
        by_territory = {group.territory_id: group for group in new_groups}
        agencies = Agency.objects.filter(
            territory_id__in=list(by_territory), kind__code__in=list(seats), is_active=True
        ).values_list("pk", "territory_id", "kind__code")
        Member.objects.bulk_create(
            [
                Member(group=by_territory[territory], agency_id=pk, is_optional=not seats[code]["required"])
                for pk, territory, code in agencies
            ]
        )
    GroupKind.objects.filter(country=country).exclude(code__in=[k["code"] for k in section["kinds"]]).update(
        is_active=False
    )


SECTION = PackSection(name="groups", files=(FILE,), read=read, apply=apply, order=140)

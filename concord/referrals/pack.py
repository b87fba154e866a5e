"""The referrals section of a country pack: referrals.yaml (FORMAT.md). It holds the service types (the shared UN
Essential Services Package catalogue, adopted with `catalogue: essential_services`, and the country's own), the
services the agencies of the pack offer, the national hotlines, the effective-dated deadlines and escalation of
referrals, and the pathway rules. Registered with concord.countries.sections in ReferralsConfig.ready()."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

from concord.countries.loader import (
    NOTHING,
    LoadReport,
    Pack,
    Problems,
    SectionReader,
    name_columns,
    one_of,
    positive_number,
    read_yaml_mapping,
    upsert,
)
from concord.countries.sections import PackSection
from concord.referrals.choices import HotlineKind, Sector, Trigger, Urgency

FILE = "referrals.yaml"
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
TOP_KEYS = ("catalogue", "service_types", "services", "hotlines", "rules", "pathways")
PERIOD_UNITS = ("hours", "days", "working_days")
DEADLINE_KINDS = ("acknowledge", "first_contact", "expire")
ESCALATION_STEPS = ("supervisor_after", "coordinator_after")
SERVICE_KEYS = {"agency", "service", "areas", "hours", "languages", "eligibility", "ages", "places", "phone"}
PATHWAY_KEYS = {
    "code",
    "version",
    "effective_from",
    "effective_to",
    "name",
    "trigger",
    "when",
    "refer",
    "propose_to_group",
}
REFER_KEYS = {"agency_kind", "service", "urgency", "basis", "justification"}
BASES = ("consent", "imminent_risk", "child_protection", "high_risk_protocol")
ELIGIBILITY = ("anyone", "women", "men")


def _catalogue(name: str) -> list[dict[str, Any]]:
    path = CATALOGUE_DIR / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["service_types"]


def catalogues() -> list[str]:
    return sorted(path.stem for path in CATALOGUE_DIR.glob("*.yaml"))


def read(pack: Pack, problems: Problems) -> dict[str, Any]:
    section: dict[str, Any] = {"service_types": [], "services": [], "hotlines": [], "rules": [], "pathways": []}
    loaded = read_yaml_mapping(pack, FILE, problems)
    if loaded is None:
        return section
    data, lines = loaded
    reader = SectionReader(pack, problems, FILE, lines)
    reader.unknown_keys(data, TOP_KEYS, "")
    types = _read_service_types(reader, data)
    section["service_types"] = list(types.values())
    section["services"] = _read_services(reader, data, types)
    section["hotlines"] = _read_hotlines(reader, data)
    section["rules"] = _read_rules(reader, data, types)
    section["pathways"] = _read_pathways(reader, data, types)
    return section


def _read_service_types(reader: SectionReader, data: dict) -> dict[str, dict[str, Any]]:
    types: dict[str, dict[str, Any]] = {}
    catalogue = data.get("catalogue")
    if catalogue is not None:
        if catalogue not in catalogues():
            reader.add("catalogue", f"unknown catalogue: expected {one_of(catalogues())}", catalogue)
        else:
            for order, entry in enumerate(_catalogue(catalogue)):
                names = dict(entry["name"])
                types[entry["code"]] = {
                    "code": entry["code"],
                    "sector": entry["sector"],
                    "names": names,
                    "order": order,
                }
    for key, entry in reader.entries(data, "service_types"):
        reader.unknown_keys(entry, ("code", "sector", "name"), key)
        code = entry.get("code")
        if not isinstance(code, str) or not code.strip() or len(code) > 40:
            reader.add(f"{key}.code", "expected a code of up to 40 characters", entry.get("code", NOTHING))
            continue
        if entry.get("sector") not in Sector.values:
            reader.add(f"{key}.sector", f"expected {one_of(Sector.values)}", entry.get("sector", NOTHING))
            continue
        names = reader.texts(entry.get("name", NOTHING), f"{key}.name")
        order = types[code]["order"] if code in types else 100 + len(types)
        types[code] = {"code": code, "sector": entry["sector"], "names": names, "order": order}
    return types


def _read_services(reader: SectionReader, data: dict, types: dict) -> list[dict[str, Any]]:
    agencies = {agency["code"] for agency in reader.pack.agencies}
    territories = {territory["code"] for territory in reader.pack.territories}
    services = []
    seen: set[tuple[Any, Any]] = set()
    for key, entry in reader.entries(data, "services"):
        reader.unknown_keys(entry, SERVICE_KEYS, key)
        agency, service = entry.get("agency"), entry.get("service")
        ok = True
        if agency not in agencies:
            reader.add(f"{key}.agency", "expected the code of an agency in agencies.csv", agency or NOTHING)
            ok = False
        if service not in types:
            reader.add(f"{key}.service", f"expected a service type: {one_of(sorted(types))}", service or NOTHING)
            ok = False
        if (agency, service) in seen:
            reader.add(f"{key}.service", "this agency lists this service twice", service)
            ok = False
        seen.add((agency, service))
        areas = entry.get("areas")
        if not isinstance(areas, list) or not areas or any(area not in territories for area in areas):
            reader.add(f"{key}.areas", "expected a list of territory codes from territories.csv", areas or NOTHING)
            ok = False
        hours = reader.texts(entry["hours"], f"{key}.hours") if "hours" in entry else {}
        eligibility = entry.get("eligibility", "anyone")
        if eligibility not in ELIGIBILITY:
            reader.add(f"{key}.eligibility", f"expected {one_of(ELIGIBILITY)}", eligibility)
            ok = False
        ages = entry.get("ages", [None, None])
        if not (isinstance(ages, list) and len(ages) == 2 and all(a is None or isinstance(a, int) for a in ages)):
            reader.add(f"{key}.ages", "expected [from age, to age], either may be null", ages)
            ok = False
        places = entry.get("places")
        if places is not None and not (isinstance(places, int) and places >= 0):
            reader.add(f"{key}.places", "expected the number of places of a shelter", places)
            ok = False
        languages = entry.get("languages", [])
        if not isinstance(languages, list) or not all(isinstance(code, str) for code in languages):
            reader.add(f"{key}.languages", "expected a list of language codes", languages)
            ok = False
        if ok:
            services.append(
                {
                    "agency": agency,
                    "service": service,
                    "areas": areas,
                    "hours": hours,
                    "languages": languages,
                    "eligibility": eligibility,
                    "min_age": ages[0],
                    "max_age": ages[1],
                    "places": places,
                    "phone": str(entry.get("phone", "")),
                }
            )
    return services


def _read_hotlines(reader: SectionReader, data: dict) -> list[dict[str, Any]]:
    hotlines = []
    for order, (key, entry) in enumerate(reader.entries(data, "hotlines")):
        reader.unknown_keys(entry, ("code", "kind", "number", "name", "hours", "free"), key)
        if entry.get("kind") not in HotlineKind.values:
            reader.add(f"{key}.kind", f"expected {one_of(HotlineKind.values)}", entry.get("kind", NOTHING))
            continue
        number = entry.get("number")
        if not isinstance(number, str | int) or not str(number).strip():
            reader.add(f"{key}.number", "expected the number to dial, in quotes", number or NOTHING)
            continue
        hotlines.append(
            {
                "code": str(entry.get("code") or entry["kind"]),
                "kind": entry["kind"],
                "number": str(number),
                "names": reader.texts(entry.get("name", NOTHING), f"{key}.name"),
                "hours": reader.texts(entry["hours"], f"{key}.hours") if "hours" in entry else {},
                "free": bool(entry.get("free", True)),
                "order": order,
            }
        )
    return hotlines


def _read_rules(reader: SectionReader, data: dict, types: dict) -> list[dict[str, Any]]:
    rules = []
    entries = reader.entries(data, "rules")
    if not entries:
        reader.add("rules", "expected at least one set of deadlines with an effective date", data.get("rules", NOTHING))
    versions: set[str] = set()
    starts: set[datetime.date] = set()
    for key, entry in entries:
        allowed = ("effective_from", "version", "not_reached_after_attempts", "escalation", "deadlines")
        reader.unknown_keys(entry, allowed, key)
        start = reader.date(entry.get("effective_from"), f"{key}.effective_from")
        version = entry.get("version")
        if not isinstance(version, str) or not version.strip() or len(version) > 40 or version in versions:
            reader.add(f"{key}.version", "expected a version of its own, up to 40 characters", version or NOTHING)
            version = None
        if start in starts:
            reader.add(f"{key}.effective_from", "expected a date of its own", start)
            start = None
        attempts = entry.get("not_reached_after_attempts")
        if not positive_number(attempts) or not isinstance(attempts, int):
            reader.add(f"{key}.not_reached_after_attempts", "expected a whole number of attempts", attempts or NOTHING)
            attempts = None
        escalation = {}
        raw_escalation = entry.get("escalation")
        if not isinstance(raw_escalation, dict):
            reader.add(f"{key}.escalation", f"expected {one_of(ESCALATION_STEPS)}", raw_escalation or NOTHING)
        else:
            reader.unknown_keys(raw_escalation, ESCALATION_STEPS, f"{key}.escalation")
            for step in ESCALATION_STEPS:
                escalation[step] = reader.period(
                    raw_escalation.get(step, NOTHING), f"{key}.escalation.{step}", PERIOD_UNITS
                )
        deadlines = _read_deadlines(reader, entry, key, types)
        if start and version and attempts and all(escalation.values()) and deadlines is not None:
            versions.add(version)
            starts.add(start)
            rules.append(
                {
                    "effective_from": start,
                    "version": version,
                    "not_reached_after_attempts": attempts,
                    "escalation": escalation,
                    "deadlines": deadlines,
                }
            )
    return rules


def _read_deadlines(reader: SectionReader, entry: dict, key: str, types: dict) -> list[dict[str, Any]] | None:
    rows = []
    raw = entry.get("deadlines")
    if not isinstance(raw, list) or not raw:
        reader.add(f"{key}.deadlines", "expected a list of deadlines by service and urgency", raw or NOTHING)
        return None
    ok = True
    for index, row in enumerate(raw):
        row_key = f"{key}.deadlines.{index}"
        if not isinstance(row, dict):
            reader.add(row_key, "expected a mapping", row)
            ok = False
            continue
        reader.unknown_keys(row, ("services", "urgency", *DEADLINE_KINDS), row_key)
        services = row.get("services")
        if not isinstance(services, list) or not all(code == "*" or code in types for code in services):
            reader.add(f"{row_key}.services", 'expected a list of service types, or ["*"] for every one', services)
            ok = False
        if row.get("urgency") not in Urgency.values:
            reader.add(f"{row_key}.urgency", f"expected {one_of(Urgency.values)}", row.get("urgency", NOTHING))
            ok = False
        periods = {
            kind: reader.period(row.get(kind, NOTHING), f"{row_key}.{kind}", PERIOD_UNITS) for kind in DEADLINE_KINDS
        }
        if not all(periods.values()):
            ok = False
            continue
        rows.append({"services": services, "urgency": row.get("urgency")} | periods)
    for urgency in Urgency.values:
        if ok and not any(row["urgency"] == urgency and "*" in row["services"] for row in rows):
            reader.add(f"{key}.deadlines", f'expected a row for every service (services: ["*"]) at {urgency}')
            ok = False
    return rows if ok else None


def _read_pathways(reader: SectionReader, data: dict, types: dict) -> list[dict[str, Any]]:
    kinds = {kind["code"] for kind in reader.pack.agency_kinds}
    pathways = []
    seen: set[tuple[Any, Any]] = set()
    for key, entry in reader.entries(data, "pathways"):
        reader.unknown_keys(entry, PATHWAY_KEYS, key)
        code, version = entry.get("code"), entry.get("version")
        ok = True
        if not isinstance(code, str) or not code.strip() or len(code) > 60:
            reader.add(f"{key}.code", "expected a code of up to 60 characters", code or NOTHING)
            ok = False
        if not isinstance(version, str) or not version.strip() or (code, version) in seen:
            reader.add(f"{key}.version", "expected a version of its own for this code, in quotes", version or NOTHING)
            ok = False
        seen.add((code, version))
        start = reader.date(entry.get("effective_from"), f"{key}.effective_from")
        end = reader.date(entry.get("effective_to"), f"{key}.effective_to", required=False)
        names = reader.texts(entry.get("name", NOTHING), f"{key}.name")
        trigger = entry.get("trigger")
        if trigger not in Trigger.values:
            reader.add(f"{key}.trigger", f"expected {one_of(Trigger.values)}", trigger or NOTHING)
            ok = False
        when = entry.get("when", {})
        if not isinstance(when, dict):
            reader.add(f"{key}.when", "expected a mapping of agency_kind or min_level", when)
            when, ok = {}, False
        reader.unknown_keys(when, ("agency_kind", "min_level"), f"{key}.when")
        if "agency_kind" in when and when["agency_kind"] not in kinds:
            reader.add(f"{key}.when.agency_kind", "expected an agency kind of agency_kinds.csv", when["agency_kind"])
            ok = False
        if trigger == Trigger.ASSESSMENT_LEVEL and when.get("min_level") not in (1, 2, 3, 4):
            reader.add(
                f"{key}.when.min_level",
                "expected a level: 1 low, 2 medium, 3 high, 4 extreme",
                when.get("min_level", NOTHING),
            )
            ok = False
        refer, propose = entry.get("refer"), entry.get("propose_to_group")
        if (refer is None) == (not propose):
            reader.add(key, "expected either refer or propose_to_group: true")
            ok = False
        target: dict[str, Any] = {}
        if isinstance(refer, dict):
            target = _read_refer(reader, refer, f"{key}.refer", kinds, types)
            ok = ok and bool(target)
        elif refer is not None:
            reader.add(f"{key}.refer", f"expected {one_of(sorted(REFER_KEYS))}", refer)
            ok = False
        if ok and start:
            pathways.append(
                {
                    "code": code,
                    "version": version,
                    "effective_from": start,
                    "effective_to": end,
                    "names": names,
                    "trigger": trigger,
                    "conditions": when,
                    "action": "refer" if refer is not None else "propose_to_group",
                    **target,
                }
            )
    return pathways


def _read_refer(reader: SectionReader, refer: dict, key: str, kinds: set[str], types: dict) -> dict[str, Any]:
    reader.unknown_keys(refer, REFER_KEYS, key)
    ok = True
    if refer.get("agency_kind") not in kinds:
        reader.add(
            f"{key}.agency_kind", "expected an agency kind of agency_kinds.csv", refer.get("agency_kind", NOTHING)
        )
        ok = False
    if refer.get("service") not in types:
        reader.add(f"{key}.service", "expected a service type of this pack", refer.get("service", NOTHING))
        ok = False
    if refer.get("urgency") not in Urgency.values:
        reader.add(f"{key}.urgency", f"expected {one_of(Urgency.values)}", refer.get("urgency", NOTHING))
        ok = False
    basis = refer.get("basis")
    if basis not in BASES:
        reader.add(f"{key}.basis", f"expected {one_of(BASES)}", basis or NOTHING)
        ok = False
    justification: dict[str, str] = {}
    if basis not in (None, "consent"):
        justification = reader.texts(refer.get("justification", NOTHING), f"{key}.justification")
    if not ok:
        return {}
    return {
        "target_kind": refer["agency_kind"],
        "service_code": refer["service"],
        "urgency": refer["urgency"],
        "basis": basis,
        "justification": justification,
    }


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.accounts.models import Agency
    from concord.referrals.models import AgencyService, Hotline, PathwayRule, ReferralRules, ServiceType
    from concord.territory.models import Territory

    section = pack.sections["referrals"]
    existing_types = {(country, t.code): t for t in ServiceType.objects.filter(country=country)}
    types = {}
    for entry in section["service_types"]:
        values = {"sector": entry["sector"], "order": entry["order"], "is_active": True} | name_columns(entry["names"])
        lookup = {"country": country, "code": entry["code"]}
        types[entry["code"]] = upsert(ServiceType, lookup, values, report, "service_type", existing_types)
    # A type the pack no longer lists may still be named by referrals: it is retired, not deleted.
    ServiceType.objects.filter(country=country).exclude(code__in=list(types)).update(is_active=False)

    agencies = {a.code: a for a in Agency.objects.filter(code__in={s["agency"] for s in section["services"]})}
    areas = {t.code: t for t in Territory.objects.filter(code__in={c for s in section["services"] for c in s["areas"]})}
    existing_services = {
        (s.agency, s.service_type): s for s in AgencyService.objects.filter(agency__in=agencies.values())
    }
    for entry in section["services"]:
        agency, service_type = agencies[entry["agency"]], types[entry["service"]]
        values = {
            "hours": entry["hours"],
            "languages": entry["languages"],
            "eligibility": entry["eligibility"],
            "min_age": entry["min_age"],
            "max_age": entry["max_age"],
            "places_total": entry["places"],
            "phone": entry["phone"],
            "is_active": True,
        }
        service = upsert(
            AgencyService,
            {"agency": agency, "service_type": service_type},
            values,
            report,
            "agency_service",
            existing_services,
        )
        wanted = {areas[code].pk for code in entry["areas"]}
        if set(service.areas.values_list("pk", flat=True)) != wanted:
            service.areas.set(wanted)

    existing_hotlines = {(country, h.code): h for h in Hotline.objects.filter(country=country)}
    for entry in section["hotlines"]:
        values = {
            "kind": entry["kind"],
            "number": entry["number"],
            "hours": entry["hours"],
            "is_free": entry["free"],
            "order": entry["order"],
        } | name_columns(entry["names"])
        upsert(Hotline, {"country": country, "code": entry["code"]}, values, report, "hotline", existing_hotlines)
    Hotline.objects.filter(country=country).exclude(code__in=[h["code"] for h in section["hotlines"]]).delete()

    existing_rules = {(country, r.effective_from): r for r in ReferralRules.objects.filter(country=country)}
    for entry in section["rules"]:
        values = {
            "version": entry["version"],
            "deadlines": entry["deadlines"],
            "escalation": entry["escalation"],
            "not_reached_after_attempts": entry["not_reached_after_attempts"],
        }
        lookup = {"country": country, "effective_from": entry["effective_from"]}
        upsert(ReferralRules, lookup, values, report, "referral_rules", existing_rules)
    ReferralRules.objects.filter(country=country).exclude(
        effective_from__in=[r["effective_from"] for r in section["rules"]]
    ).delete()

    existing_pathways = {(country, p.code, p.version): p for p in PathwayRule.objects.filter(country=country)}
    for entry in section["pathways"]:
        values = {
            "effective_from": entry["effective_from"],
            "effective_to": entry["effective_to"],
            "trigger": entry["trigger"],
            "conditions": entry["conditions"],
            "action": entry["action"],
            "target_kind": entry.get("target_kind", ""),
            "service_code": entry.get("service_code", ""),
            "urgency": entry.get("urgency", ""),
            "basis": entry.get("basis", ""),
            "justification": entry.get("justification", {}),
        } | name_columns(entry["names"])
        lookup = {"country": country, "code": entry["code"], "version": entry["version"]}
        upsert(PathwayRule, lookup, values, report, "pathway", existing_pathways)
    # Versions the pack dropped are kept when a referral or firing names them, and end the day they were dropped.
    listed = {(p["code"], p["version"]) for p in section["pathways"]}
    for rule in PathwayRule.objects.filter(country=country, effective_to__isnull=True):
        if (rule.code, rule.version) not in listed:
            rule.effective_to = country.today() - datetime.timedelta(days=1)
            rule.save(update_fields=["effective_to"])


SECTION = PackSection(
    name="referrals",
    files=(FILE,),
    read=read,
    apply=apply,
    extra_files=lambda pack: sorted(CATALOGUE_DIR.glob("*.yaml")),
    order=120,
)

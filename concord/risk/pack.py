"""The risk app's section of a country pack: risk.yaml, the effective-dated risk rules (reassessment intervals, flag
windows, whether a lowered HIGH or EXTREME level waits for a supervisor) and the instruments the country uses: files
it names, and shared versions it adopts by code and version. Registered with concord.countries.sections in
RiskConfig.ready().

Every problem names the file, the line where the YAML gives one, the key, the value found (`found=`) where there is
one, and what is allowed. Reading compares every instrument file with the version already published under its code
and version, so that `load_country --check` reports a conflict that the load would refuse."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

from concord.countries.loader import (
    NOTHING,
    LoadReport,
    Pack,
    PackInvalid,
    PackProblem,
    Problems,
    one_of,
    positive_number,
    read_yaml_mapping,
    upsert,
    yaml_with_lines,
)
from concord.countries.sections import PackSection
from concord.risk.definitions import CODE, VERSION, check_publishable

RISK_LEVEL_KEYS = ("extreme", "high", "medium", "low", "none", "incomplete")
RISK_RULE_KEYS = {
    "effective_from",
    "version",
    "review_days",
    "repeat_window_months",
    "escalation",
    "lowering_needs_confirmation",
}
ADOPTION_KEYS = ("adopt", "version")
INSTRUMENT_SUFFIXES = (".yaml", ".yml", ".json")
SHARED_INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
FILE = "risk.yaml"
FOUND_MAX_CHARS = 80  # a longer list or mapping is not repeated in a problem: its message says what is wrong

# (code, version) → (digest, status) of the published versions; None when there is no database to compare with.
Published = dict[tuple[str, str], tuple[str, str]] | None


def _line(lines: dict[str, int], path: str) -> int | None:
    """The line of a key path ("rules.1.review_days.high"), or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return None


def read(pack: Pack, problems: Problems) -> dict[str, list]:
    """Reassessment intervals and flag windows with effective dates, and the instruments the country uses."""
    section: dict[str, list] = {"rules": [], "instruments": [], "adoptions": []}
    loaded = read_yaml_mapping(pack, FILE, problems)
    if loaded is None:
        return section
    data, lines = loaded
    for key in sorted(set(data) - {"rules", "instruments"}):
        problems.add(FILE, lines.get(key), key, "unknown key: expected rules or instruments", found=key)
    periods = data.get("rules")
    if not isinstance(periods, list) or not periods:
        problems.add(
            FILE,
            lines.get("rules"),
            "rules",
            "expected a list of rule sets with effective dates",
            found=data.get("rules", NOTHING),
        )
        periods = []
    seen_versions: dict[str, str] = {}
    seen_starts: dict[datetime.date, str] = {}
    for index, period in enumerate(periods):
        key = f"rules.{index}"
        if not isinstance(period, dict):
            problems.add(
                FILE, lines.get(key), key, f"expected a mapping of {one_of(sorted(RISK_RULE_KEYS))}", found=period
            )
            continue
        rule = _read_rule_set(period, key, lines, problems, seen_versions, seen_starts)
        if rule is not None:
            section["rules"].append(rule)
    section["instruments"], section["adoptions"] = _read_instruments(pack, data.get("instruments", []), lines, problems)
    return section


def _read_rule_set(
    period: dict,
    key: str,
    lines: dict[str, int],
    problems: Problems,
    seen_versions: dict[str, str],
    seen_starts: dict[datetime.date, str],
) -> dict[str, Any] | None:
    """One entry of `rules`, checked; None when it cannot be stored."""

    def add(name: str, message: str, **found: Any) -> None:
        problems.add(FILE, _line(lines, f"{key}.{name}"), f"{key}.{name}", message, **found)

    for extra in sorted(set(period) - RISK_RULE_KEYS):
        add(extra, f"unknown key: expected {one_of(sorted(RISK_RULE_KEYS))}", found=extra)
    start = period.get("effective_from")
    if not isinstance(start, datetime.date):
        add("effective_from", "expected a date (YYYY-MM-DD)", found=period.get("effective_from", NOTHING))
    elif start in seen_starts:
        add("effective_from", f"expected a date of its own: {seen_starts[start]} starts on it", found=start)
    else:
        seen_starts[start] = key
    version = period.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 40:
        add("version", "expected a rule version of up to 40 characters", found=period.get("version", NOTHING))
    elif version in seen_versions:
        add("version", f"expected a version of its own: {seen_versions[version]} has it", found=version)
    else:
        seen_versions[version] = key
    review = period.get("review_days")
    if not isinstance(review, dict):
        add(
            "review_days",
            f"expected days for {one_of(RISK_LEVEL_KEYS)}, e.g. {{extreme: 3, high: 7, medium: 30, low: 60, "
            "none: null, incomplete: 3}",
            found=period.get("review_days", NOTHING),
        )
        review = {}
    else:
        for extra in sorted(set(review) - set(RISK_LEVEL_KEYS), key=str):
            add(f"review_days.{extra}", f"unknown level: expected {one_of(RISK_LEVEL_KEYS)}", found=extra)
        for level in RISK_LEVEL_KEYS:
            value = review.get(level)
            if level == "none" and value is None:
                continue
            if not positive_number(value):
                allowed = "expected days, 1 or more" + (", or null for no scheduled reassessment" * (level == "none"))
                add(f"review_days.{level}", allowed, found=review.get(level, NOTHING))
    lowering = period.get("lowering_needs_confirmation", False)
    if not isinstance(lowering, bool):
        add("lowering_needs_confirmation", "expected true or false", found=lowering)
    if not positive_number(period.get("repeat_window_months")):
        add("repeat_window_months", "expected months, 1 or more", found=period.get("repeat_window_months", NOTHING))
    escalation = period.get("escalation")
    if not (
        isinstance(escalation, dict)
        and set(escalation) == {"count", "window_months"}
        and positive_number(escalation["count"])
        and positive_number(escalation["window_months"])
    ):
        add(
            "escalation",
            "expected {count: <incidents, 1 or more>, window_months: <months, 1 or more>}",
            found=period.get("escalation", NOTHING),
        )
        return None
    return {
        "effective_from": start,
        "version": version,
        "review_days": {level: review.get(level) for level in RISK_LEVEL_KEYS},
        "repeat_window_months": period.get("repeat_window_months"),
        "escalation_count": escalation["count"],
        "escalation_window_months": escalation["window_months"],
        "lowering_needs_confirmation": lowering is True,
    }


# ---- instruments --------------------------------------------------------------------------------------------------


def _read_instruments(
    pack: Pack, entries: Any, lines: dict[str, int], problems: Problems
) -> tuple[list[tuple[Any, Path]], list[dict[str, Any]]]:
    """The instruments risk.yaml lists: file names (the pack's instruments/ folder first, then Concord's shared
    folder), and `{adopt: <code>, version: "<version>"}` for a shared version the country uses as it is. Returns the
    files to publish (each with its path) and the adoptions."""
    files: list[tuple[Any, Path]] = []
    adoptions: list[dict[str, Any]] = []
    if not isinstance(entries, list):
        problems.add(
            FILE,
            lines.get("instruments"),
            "instruments",
            'expected a list of instrument file names and {adopt: <code>, version: "<version>"} entries',
            found=entries,
        )
        return files, adoptions
    shared = _shared_instruments()
    published = _published_versions()
    listed: dict[tuple[str, str], str] = {}
    for index, entry in enumerate(entries):
        key = f"instruments.{index}"
        if isinstance(entry, dict):
            identity = _read_adoption(entry, key, lines, problems, shared, published)
            if identity is None or _listed_twice(identity, key, lines, listed, problems):
                continue
            adoptions.append({"code": identity[0], "version": identity[1], "key": key, "line": lines.get(key)})
            path = shared.get(identity)
            if path is None:
                continue  # published, and not (or no longer) in the shared folder: nothing to publish
            read = _read_instrument_file(path, path.name, problems, published)
            if read is not None:
                files.append((read[0], path))
        elif isinstance(entry, str) and "/" not in entry and entry.endswith(INSTRUMENT_SUFFIXES):
            own = pack.folder / "instruments" / entry
            path = own if own.exists() else SHARED_INSTRUMENTS_DIR / entry
            if not path.exists():
                names = sorted(shared_file.name for shared_file in shared.values())
                problems.add(
                    FILE,
                    lines.get(key),
                    key,
                    "expected a file in the pack's instruments/ folder or in Concord's shared instruments "
                    f"({', '.join(names) or 'none'})",
                    found=entry,
                )
                continue
            read = _read_instrument_file(path, _label(pack, path), problems, published)
            if read is None:
                continue
            data, file_lines = read
            _check_jurisdictions(pack, data, path, file_lines, problems)
            if _listed_twice((data["code"], data["version"]), key, lines, listed, problems):
                continue
            files.append((data, path))
        else:
            problems.add(
                FILE,
                lines.get(key),
                key,
                'expected a file name ending in .yaml or .json, or {adopt: <code>, version: "<version>"}',
                found=entry,
            )
    return files, adoptions


def _listed_twice(
    identity: tuple[str, str], key: str, lines: dict[str, int], listed: dict[tuple[str, str], str], problems: Problems
) -> bool:
    if identity in listed:
        problems.add(
            FILE,
            lines.get(key),
            key,
            f"expected each instrument version once: {listed[identity]} lists it already",
            found=" ".join(identity),
        )
        return True
    listed[identity] = key
    return False


def _read_adoption(
    entry: dict,
    key: str,
    lines: dict[str, int],
    problems: Problems,
    shared: dict[tuple[str, str], Path],
    published: Published,
) -> tuple[str, str] | None:
    """The code and version of `{adopt: <code>, version: "<version>"}`, if they name a shared version: a file in
    Concord's shared folder, or a version published in the database (uploaded, or loaded by another pack)."""

    def add(name: str, message: str, **found: Any) -> None:
        problems.add(FILE, _line(lines, f"{key}.{name}"), f"{key}.{name}", message, **found)

    valid = True
    for extra in sorted(set(entry) - set(ADOPTION_KEYS), key=str):
        add(str(extra), "unknown key: expected adopt and version", found=extra)
        valid = False
    code, version = entry.get("adopt"), entry.get("version")
    if not isinstance(code, str) or not CODE.match(code):
        add("adopt", "expected the code of a shared instrument, e.g. CONCORD-RF", found=entry.get("adopt", NOTHING))
        valid = False
    if not isinstance(version, str) or not VERSION.match(version):
        add("version", 'expected the version to adopt, in quotes, e.g. "1.0.0"', found=entry.get("version", NOTHING))
        valid = False
    if not valid:
        return None
    assert isinstance(code, str) and isinstance(version, str)
    available = set(shared) | set(published or {})
    if (code, version) not in available:
        name = "version" if any(known == code for known, _ in available) else "adopt"
        listing = ", ".join(f"{known} {number}" for known, number in sorted(available)) or "none"
        add(name, f"no shared instrument {code} version {version}; shared: {listing}", found=entry[name])
        return None
    return code, version


def _check_jurisdictions(pack: Pack, data: dict, path: Path, lines: dict[str, int], problems: Problems) -> None:
    """A file listed by name must list the country: a pack's own instrument, or a shared one written for it. A shared
    version written for other countries is adopted instead, so that its published file never changes."""
    jurisdictions = data.get("jurisdictions")
    if not isinstance(jurisdictions, list) or pack.code in jurisdictions:
        return  # not a list: check_publishable reports it
    allowed = f"expected a list that includes {pack.code}"
    if path.parent != pack.folder / "instruments":
        allowed += (
            "; to use this shared instrument as it is, adopt it in risk.yaml instead of listing its file: "
            f'{{adopt: {data.get("code")}, version: "{data.get("version")}"}}'
        )
    problems.add(_label(pack, path), _line(lines, "jurisdictions"), "jurisdictions", allowed, found=jurisdictions)


def _label(pack: Pack, path: Path) -> str:
    """How problems name an instrument file: by its path in the pack (instruments/own.yaml), or a shared one by its
    name (concord_rf.yaml)."""
    return f"instruments/{path.name}" if path.parent == pack.folder / "instruments" else path.name


def _read_instrument_file(
    path: Path, label: str, problems: Problems, published: Published
) -> tuple[dict, dict[str, int]] | None:
    """An instrument file checked against the schema and against the version already published under its code and
    version; the definition and the line of every key, or None when it has a problem."""
    before = len(problems.items)
    text = path.read_text(encoding="utf-8")
    try:
        data, lines = yaml_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        source = text.splitlines()[mark.line].strip() if mark and mark.line < len(text.splitlines()) else ""
        problems.add(
            label,
            mark.line + 1 if mark else None,
            "-",
            f"expected valid YAML or JSON ({getattr(error, 'problem', error)})",
            **({"found": source} if source else {}),
        )
        return None
    for problem in check_publishable(data):
        problems.add(
            label, _line(lines, problem.path), problem.path, problem.message, found=_found_at(data, problem.path)
        )
    if not isinstance(data, dict) or len(problems.items) > before:
        return None
    _check_published(data, label, lines, problems, published)
    return (data, lines) if len(problems.items) == before else None


def _check_published(data: dict, label: str, lines: dict[str, int], problems: Problems, published: Published) -> None:
    """A published version never changes (InstrumentVersion.save): the file must have its content, and may retire it
    or bring it back, but not make it a draft again. The same checks as instrument_publish, before anything is
    written."""
    from concord.risk.services import instrument_digest

    code, version = data["code"], data["version"]
    stored = (published or {}).get((code, version))
    if stored is None:
        return
    digest, _status = stored
    if digest != instrument_digest(data):
        problems.add(
            label,
            lines.get("version"),
            "version",
            f"its content differs from the published {code} {version}; a published version is immutable: give the "
            "changed instrument a new version",
            found=version,
        )
    elif data.get("status", "draft") == "draft":
        problems.add(
            label,
            lines.get("status", lines.get("version")),
            "status",
            f"expected active or retired: {code} {version} is published and cannot go back to draft",
            found=data.get("status", "draft"),
        )


def _found_at(data: Any, path: str) -> Any:
    """`found` for a problem of check_publishable: the value at its path, unless it is missing or too long to
    repeat (a whole list of bands)."""
    value = data
    for part in [] if path == "-" else path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return NOTHING
    if isinstance(value, dict | list) and len(str(value)) > FOUND_MAX_CHARS:
        return NOTHING
    return value


def _shared_instruments() -> dict[tuple[str, str], Path]:
    """Concord's shared instrument files by code and version. A file that does not parse is left out here and
    reported where a pack lists it by name."""
    found: dict[tuple[str, str], Path] = {}
    if not SHARED_INSTRUMENTS_DIR.is_dir():
        return found
    for path in sorted(SHARED_INSTRUMENTS_DIR.iterdir()):
        if path.suffix not in INSTRUMENT_SUFFIXES:
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and isinstance(data.get("code"), str) and isinstance(data.get("version"), str):
            found.setdefault((data["code"], data["version"]), path)
    return found


def _published_versions() -> Published:
    """The digest and status of every published version by code and version, or None when there is no database to
    compare with: not migrated yet (`load_country --check` before `migrate`), not reachable, or closed to the caller
    (pytest-django raises RuntimeError in a test without database access). The load itself still refuses a
    conflict: instrument_publish raises InstrumentConflict inside the pack's transaction."""
    from django.db import DatabaseError, connection

    from concord.risk.models import PUBLISHED, InstrumentVersion

    try:
        if InstrumentVersion._meta.db_table not in connection.introspection.table_names():
            return None
        rows = InstrumentVersion.objects.filter(status__in=PUBLISHED).values_list("code", "version", "digest", "status")
        return {(code, version): (digest, status) for code, version, digest, status in rows}
    except (DatabaseError, RuntimeError):
        return None


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.risk.models import PUBLISHED, InstrumentAdoption, InstrumentVersion, RiskRules
    from concord.risk.services import InstrumentConflict, instrument_publish

    section = pack.sections["risk"]
    existing = {(r.effective_from,): r for r in RiskRules.objects.filter(country=country)}
    for rule in section["rules"]:
        review = rule["review_days"]
        values = {
            "country": country,
            "version": rule["version"],
            "repeat_window_months": rule["repeat_window_months"],
            "escalation_count": rule["escalation_count"],
            "escalation_window_months": rule["escalation_window_months"],
            "lowering_needs_confirmation": rule["lowering_needs_confirmation"],
        } | {f"review_days_{level}": review[level] for level in RISK_LEVEL_KEYS}
        upsert(RiskRules, {"effective_from": rule["effective_from"]}, values, report, "risk_rules", existing)
    wanted = {rule["effective_from"] for rule in section["rules"]}
    RiskRules.objects.filter(country=country).exclude(effective_from__in=wanted).delete()

    stored: dict[tuple[str, str], InstrumentVersion] = {}
    for data, path in section["instruments"]:
        try:
            instrument, created = instrument_publish(data=data, source=f"country pack {pack.code}", actor=None)
        except InstrumentConflict as conflict:
            # read() finds a conflict with what was published before it ran; this one was published since, or
            # there was no database to compare with. Raised inside the pack's transaction: nothing is written.
            problem = PackProblem(_label(pack, path), None, "version", str(conflict), found=data.get("version"))
            raise PackInvalid([problem]) from conflict
        stored[(instrument.code, instrument.version)] = instrument
        report.count("instrument", "created" if created else "unchanged")

    adopted = set(InstrumentAdoption.objects.filter(country=country).values_list("instrument_id", flat=True))
    kept: list[int] = []
    for adoption in section["adoptions"]:
        code, version = adoption["code"], adoption["version"]
        adopted_version = stored.get((code, version)) or (
            InstrumentVersion.objects.filter(code=code, version=version, status__in=PUBLISHED).first()
        )
        if adopted_version is None:  # read() had no database to look in
            problem = PackProblem(
                FILE,
                adoption["line"],
                f"{adoption['key']}.version",
                f"no shared instrument {code} version {version}: expected a version in Concord's shared folder or "
                "a published one",
                found=version,
            )
            raise PackInvalid([problem])
        kept.append(adopted_version.pk)
        if adopted_version.pk in adopted:
            report.count("instrument_adoption", "unchanged")
        else:
            InstrumentAdoption.objects.create(country=country, instrument=adopted_version)
            report.count("instrument_adoption", "created")
    # A dropped adoption stops new assessments with the version in this country; those made keep it.
    InstrumentAdoption.objects.filter(country=country).exclude(instrument_id__in=kept).delete()


SECTION = PackSection(
    name="risk",
    files=("risk.yaml",),
    read=read,
    apply=apply,
    extra_files=lambda pack: [path for _data, path in pack.sections.get("risk", {}).get("instruments", [])],
    order=20,
)

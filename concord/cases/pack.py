"""The cases app's section of a country pack: consent.yaml, the age bands that decide who must consent for a child
(DESIGN.md, Consent). Registered with concord.countries.sections in CasesConfig.ready()."""

from __future__ import annotations

import datetime
from typing import Any

from concord.cases.choices import ConsentRequirement
from concord.countries.loader import NOTHING, LoadReport, Pack, Problems, one_of, read_yaml_mapping, upsert
from concord.countries.sections import PackSection


def read(pack: Pack, problems: Problems) -> list[dict[str, Any]]:
    """Age bands of consent, each set from a date on; the bands must cover every age from 0 without gaps."""
    file = "consent.yaml"
    bands_read: list[dict[str, Any]] = []
    loaded = read_yaml_mapping(pack, file, problems)
    if loaded is None:
        return bands_read
    data, lines = loaded
    for key in sorted(set(data) - {"age_bands"}):
        problems.add(file, lines.get(key), key, "unknown key; expected age_bands")
    periods = data.get("age_bands")
    if not isinstance(periods, list) or not periods:
        problems.add(file, lines.get("age_bands"), "age_bands", "expected a list of periods", found=periods)
        return bands_read
    for index, period in enumerate(periods):
        key = f"age_bands.{index}"
        if not isinstance(period, dict):
            problems.add(file, lines.get(key), key, "expected effective_from and bands", found=period)
            continue
        for extra in sorted(set(period) - {"effective_from", "bands"}):
            problems.add(
                file, lines.get(f"{key}.{extra}"), f"{key}.{extra}", "unknown key; expected effective_from and bands"
            )
        start = period.get("effective_from")
        if not isinstance(start, datetime.date):
            problems.add(
                file,
                lines.get(f"{key}.effective_from", lines.get(key)),
                f"{key}.effective_from",
                "expected a date (YYYY-MM-DD)",
                found=start if start is not None else NOTHING,
            )
        expected_from = 0
        raw_bands = period.get("bands")
        bands: list[Any] = raw_bands if isinstance(raw_bands, list) else []
        if not bands:
            problems.add(
                file, lines.get(f"{key}.bands", lines.get(key)), f"{key}.bands", "expected a list of bands", found=bands
            )
        for number, band in enumerate(bands):
            band_key = f"{key}.bands.{number}"
            line = lines.get(band_key)
            if not isinstance(band, dict):
                problems.add(file, line, band_key, "expected from_age, to_age and requirement", found=band)
                continue
            for extra in sorted(set(band) - {"from_age", "to_age", "requirement"}):
                problems.add(
                    file, line, f"{band_key}.{extra}", "unknown key; expected from_age, to_age and requirement"
                )
            if band.get("from_age") != expected_from:
                problems.add(
                    file,
                    line,
                    f"{band_key}.from_age",
                    f"expected {expected_from}: bands must follow on",
                    found=band.get("from_age"),
                )
            if band.get("requirement") not in ConsentRequirement.values:
                problems.add(
                    file,
                    line,
                    f"{band_key}.requirement",
                    f"expected {one_of(sorted(ConsentRequirement.values))}",
                    found=band.get("requirement"),
                )
            last = number == len(bands) - 1
            to_age = band.get("to_age")
            if last and to_age is not None:
                problems.add(file, line, f"{band_key}.to_age", "the last band has no upper age", found=to_age)
            if not last and (not isinstance(to_age, int) or to_age < expected_from):
                problems.add(
                    file,
                    line,
                    f"{band_key}.to_age",
                    "expected an age at least from_age",
                    found=to_age if to_age is not None else NOTHING,
                )
            if isinstance(to_age, int):
                expected_from = to_age + 1
            bands_read.append(
                {
                    "effective_from": start,
                    "from_age": band.get("from_age"),
                    "to_age": to_age,
                    "requirement": band.get("requirement"),
                }
            )
    return bands_read


def apply(pack: Pack, country: Any, report: LoadReport) -> None:
    from concord.cases.models import ConsentAgeBand

    existing = {(b.effective_from, b.from_age): b for b in ConsentAgeBand.objects.filter(country=country)}
    wanted = set()
    for band in pack.sections["consent"]:
        wanted.add((band["effective_from"], band["from_age"]))
        upsert(
            ConsentAgeBand,
            {"effective_from": band["effective_from"], "from_age": band["from_age"]},
            {"country": country, "to_age": band["to_age"], "requirement": band["requirement"]},
            report,
            "consent_band",
            existing,
        )
    for key, band in existing.items():
        if key not in wanted:
            band.delete()


SECTION = PackSection(name="consent", files=("consent.yaml",), read=read, apply=apply, order=10)

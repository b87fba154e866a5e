"""Every problem a pack can have is one line an operator can act on: the file, the line, the key or column, the
value found and what is allowed. Each case breaks one file of the invented country's pack (tests/packs/xq)."""

import pytest

from concord.common.testing.packs import TEST_PACKS, broken_pack

XQ = TEST_PACKS / "xq"

CASES = [
    (
        "risk.yaml",
        'version: "1.0.0"',
        'version: "9.9"',
        "risk.yaml:11: instruments.0.version: found '9.9'; no shared instrument CONCORD-RF version 9.9; "
        "shared: CONCORD-RF 1.0.0",
    ),
    (
        "demo.yaml",
        "group_member: [health]",
        "group_member: [hospital]",
        "demo.yaml:9: roles.group_member.0: found 'hospital'; unknown agency kind; agency_kinds.csv has police, "
        "social_protection, health, local_executive or state_committee",
    ),
    (
        "pack.yaml",
        "default_language: eo",
        "default_language: fr",
        "pack.yaml:5: default_language: found 'fr'; expected one of the pack's languages (eo or en)",
    ),
    (
        "pack.yaml",
        "languages: [eo, en]",
        "languages: [eo, English]",
        "pack.yaml:4: languages: found [eo, English]; expected a list of ISO 639 language codes, e.g. [az, ru, en]",
    ),
    (
        "pack.yaml",
        "time_zone: Pacific/Auckland",
        "time_zone: Pacific/Atlantis",
        "pack.yaml:6: time_zone: found 'Pacific/Atlantis'; expected an IANA time zone name, e.g. Asia/Baku",
    ),
    (
        "pack.yaml",
        "1: {en: Province, eo: Provinco}",
        "1: {en: Province}",
        "pack.yaml:12: territory_levels.1.eo: missing text: required in English and in every language the pack lists",
    ),
    (
        "territories.csv",
        "XQ-N-MON,XQ-N,2",
        "XQ-N-MON,XQ-W,2",
        "territories.csv:5: parent: found 'XQ-W'; expected the code of a unit on an earlier line (parents come first)",
    ),
    (
        "territories.csv",
        "Mountain Commune,Monta Komunumo",
        "Mountain Commune,",
        "territories.csv:5: name_eo: missing name: required in English and in every language the pack lists",
    ),
    (
        "agencies.csv",
        "Lagoon Police Station,Laguna Policejo,",
        "Lagoon Police Station, Lagoon,Laguna Policejo,",
        "agencies.csv:2: phone: found '+000 100 0001'; 8 values for 7 columns: "
        "put a value that contains a comma in double quotes",
    ),
    (
        "agencies.csv",
        "XQ-LAG-HEALTH,health,",
        "XQ-LAG-HEALTH,hospital,",
        "agencies.csv:4: kind: found 'hospital'; expected a code from agency_kinds.csv "
        "(health, local_executive, police, social_protection or state_committee)",
    ),
    (
        "agency_kinds.csv",
        "code,name_en,name_eo",
        "code,name_en,name_eo,colour",
        "agency_kinds.csv:1: colour: found 'colour'; unknown column; the columns are code, name_en, name_eo, "
        "name_az, name_ru or name_sq",
    ),
    (
        "calendar/2026.csv",
        "2026-01-10,working_day",
        "2026-01-09,working_day",
        "calendar/2026.csv:4: kind: found 'working_day on Friday'; "
        "a transferred working day must fall on a day off of the working week",
    ),
    (
        "calendar/2026.csv",
        "2026-05-01,holiday",
        "2025-05-01,holiday",
        "calendar/2026.csv:6: date: found '2025-05-01'; expected a date in 2026, the year of the file",
    ),
    (
        "calendar/2026.csv",
        "2026-07-26,holiday,yes",
        "2026-07-26,feast,yes",
        "calendar/2026.csv:7: kind: found 'feast'; expected holiday, working_day or short_day",
    ),
    (
        "calendar/2027.csv",
        '"Holidays Act 1990 (invented), section 2",Labour Day',
        ",Labour Day",
        "calendar/2027.csv:3: source: expected the law or decree the day comes from",
    ),
    (
        "consent.yaml",
        "requirement: self}",
        "requirement: herself}",
        "consent.yaml:7: age_bands.0.bands.2.requirement: found 'herself'; "
        "expected caregiver, caregiver_and_assent, child_and_caregiver or self",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("file", "old", "new", "message"), CASES, ids=[f"{case[0]}-{case[2]}" for case in CASES])
def test_each_problem_is_one_line_with_what_was_found_and_what_is_allowed(tmp_path, file, old, new, message):
    problems = broken_pack(tmp_path, file, old, new, code="xq", source=XQ)
    assert [str(problem) for problem in problems] == [message]

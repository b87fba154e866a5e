"""A small data set whose every count is known by hand."""

from __future__ import annotations

import datetime

import pytest

from concord.cases import services
from concord.cases.choices import ParticipantRole, Relationship, ViolenceAct
from concord.cases.tests.factories import open_case, record_incident
from concord.people.services import person_create
from concord.stats import facts
from concord.stats.tests.factories import at


@pytest.fixture
def known(cast):
    """Four incidents in district A and one in district B:

    | survivor (born)  | district | occurred          | reported     | acts             | perpetrators          |
    |------------------|----------|-------------------|--------------|------------------|-----------------------|
    | 1990, no disab.  | A        | 2025-03-10        | 2025-03-11   | hitting          | spouse                |
    | 1990             | A        | 2025-06-01        | 2025-06-20   | threats          | spouse                |
    | 2010 (a girl)    | A        | 2025-12-31 23:30  | 2026-01-02   | hitting, threats | spouse, parent        |
    | 1960             | B        | 2025-08-05        | 2025-08-05   | hitting          | spouse                |
    | 1990             | A        | 2024-05-01        | 2024-05-03   | hitting          | spouse (another year) |
    """
    first = open_case(cast, birth_date=datetime.date(1990, 5, 4), disability="none")
    record_incident(cast, first, occurred_at=at("2025-03-10"), reported_at=at("2025-03-11"), acts=[ViolenceAct.HITTING])
    record_incident(cast, first, occurred_at=at("2025-06-01"), reported_at=at("2025-06-20"), acts=[ViolenceAct.THREATS])
    record_incident(cast, first, occurred_at=at("2024-05-01"), reported_at=at("2024-05-03"), acts=[ViolenceAct.HITTING])
    girl = open_case(cast, given_name="Leyla", birth_date=datetime.date(2010, 2, 1))
    father = person_create(agency=cast["caseworker"].agency, given_name="Rauf", family_name="Əliyev", sex="male")
    services.participant_add(
        actor=cast["caseworker"],
        case=girl,
        person=father,
        role=ParticipantRole.ALLEGED_PERPETRATOR,
        relationship=Relationship.PARENT,
    )
    record_incident(
        cast,
        girl,
        occurred_at=at("2025-12-31", 23),
        reported_at=at("2026-01-02"),
        acts=[ViolenceAct.HITTING, ViolenceAct.THREATS],
    )
    elder = open_case(
        cast,
        actor_name="caseworker_other_district",
        territory=cast.district_b,
        given_name="Gülnarə",
        birth_date=datetime.date(1960, 1, 1),
    )
    record_incident(
        cast,
        elder,
        actor_name="caseworker_other_district",
        occurred_at=at("2025-08-05", 9),
        reported_at=at("2025-08-05", 15),
        acts=[ViolenceAct.HITTING],
    )
    # The cases' events would refresh the facts after commit, which a test's transaction never reaches.
    facts.rebuild(cast.country.code)
    return cast

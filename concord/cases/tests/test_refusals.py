"""Every create path of the case register, HTML and API: a refused request leaves every table as it was, even
when the refusal comes after a first write (the survivor saved, then the case refused)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from concord.cases.tests.factories import ensure_country, open_case
from concord.common.testing.rows import assert_nothing_written, row_counts

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PERSON = {"given_name": "Nigar", "family_name": "Həsənova", "national_id": "AZE5550001", "sex": "female"}


def _html(name, data=lambda c, case: {}, files=None):
    return ("html", name, data, files)


def _api(path, data):
    return ("api", path, data, None)


def _case_url(name):
    return lambda case: reverse(f"cases:{name}", args=[case.pk])


REFUSED = {
    # The survivor would be registered, then the case refused: a region is not a district.
    "api case create": _api(
        lambda case: "/api/v1/cases/", lambda c, case: {"territory": c.district_a.parent.code, "survivor": PERSON}
    ),
    "api participant create": _api(
        lambda case: "/api/v1/participants/",
        lambda c, case: {"case": case.pk, "role": "child", "person": PERSON | {"birth_date": "2999-01-01"}},
    ),
    "api incident create": _api(
        lambda case: "/api/v1/incidents/",
        lambda c, case: {
            "case": case.pk,
            "occurred_at": (NOW - datetime.timedelta(days=1)).isoformat(),
            "reported_at": (NOW - datetime.timedelta(days=2)).isoformat(),
            "place_type": "shared_home",
            "territory": c.district_a.code,
            "acts": ["hitting"],
            "injury": "minor",
            "weapon": "none",
            "reporting_agency": c.agency_a.code,
        },
    ),
    "api note create": _api(lambda case: "/api/v1/notes/", lambda c, case: {"case": case.pk, "text": "   "}),
    "api consent create": _api(
        lambda case: "/api/v1/consents/",
        lambda c, case: {
            "case": case.pk,
            "participant": case.participants.get(role="survivor").pk,
            "purpose": "information_sharing",
            "method": "verbal",
        },
    ),
    "api share": _api(
        lambda case: f"/api/v1/cases/{case.pk}/share/", lambda c, case: {"agency": c.other_agency_a.code}
    ),
    "html intake": _html(
        lambda case: reverse("cases:case_intake"),
        lambda c, case: {
            "territory": c.district_a.pk,
            "survivor_given_name": "Nigar",
            "survivor_birth_date": "2001-01-01",
            "survivor_sex": "female",
            "survivor_disability": "none",
            "survivor_citizenship": "national",
            "perpetrator_sex": "male",
            "confirm_new_person": "on",
            # The incident happened before she was born: refused after the survivor was built.
            "incident_occurred_at": "1999-01-01T10:00",
            "incident_reported_at": "2000-01-01T10:00",
            "incident_place_type": "shared_home",
            "incident_acts": ["hitting"],
            "incident_injury": "minor",
            "incident_weapon": "none",
            "consent_method": "verbal",
        },
    ),
    "html add person": _html(_case_url("participant_create"), lambda c, case: {"role": "child", "given_name": ""}),
    "html incident": _html(
        _case_url("incident_create"),
        lambda c, case: {
            "occurred_at": "2000-01-01T10:00",
            "reported_at": "1999-01-01T10:00",
            "place_type": "shared_home",
            "territory": c.district_a.pk,
            "acts": ["hitting"],
            "injury": "minor",
            "weapon": "none",
            "reporting_agency": c.agency_a.pk,
        },
    ),
    "html note": _html(_case_url("note_create"), lambda c, case: {"text": "  "}),
    "html document": _html(
        _case_url("attachment_create"),
        lambda c, case: {"kind": "other"},
        files=lambda: {"file": SimpleUploadedFile("a.pdf", b"not a pdf", content_type="application/pdf")},
    ),
    "html consent": _html(
        _case_url("consent_create"),
        lambda c, case: {
            "participant": case.participants.get(role="survivor").pk,
            "purpose": "information_sharing",
            "method": "verbal",
        },
    ),
    "html share": _html(_case_url("case_share"), lambda c, case: {"agency": c.other_agency_a.pk}),
    "html closure": _html(_case_url("case_request_closure"), lambda c, case: {"reason": "no"}),
    "html goal": _html(_case_url("plan_goal_create"), lambda c, case: {"text": " "}),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_refused_create_leaves_every_table_as_it_was(name, cast, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    ensure_country()
    case = open_case(cast)
    kind, url, data, files = REFUSED[name]
    client = client_for("caseworker")
    before = row_counts()
    if kind == "api":
        response = client.post(url(case), json.dumps(data(cast, case)), content_type="application/json")
    else:
        response = client.post(url(case), data(cast, case) | (files() if files else {}))
    assert 400 <= response.status_code < 500, response.status_code
    assert_nothing_written(before)


def test_a_late_refusal_rolls_back_what_the_view_wrote_before_it(cast, client_for, monkeypatch):
    """Whatever a view calls before the refusal is undone: the person is registered, then adding her fails."""
    from django.core.exceptions import ValidationError

    from concord.cases import services

    case = open_case(cast)

    def refuse(**kwargs):
        raise ValidationError({"role": "refused late"})

    monkeypatch.setattr(services, "participant_add", refuse)
    client = client_for("caseworker")
    before = row_counts()
    response = client.post(
        reverse("cases:participant_create", args=[case.pk]), {"role": "child", "given_name": "Leyla", "sex": "female"}
    )
    assert response.status_code == 400
    assert_nothing_written(before)


def test_the_corrected_retry_of_a_refused_api_case_succeeds(cast, client_for):
    """The refused request did not keep the survivor's national ID, so the retry is not refused as a duplicate."""
    ensure_country()
    client = client_for("caseworker")
    wrong = {"territory": cast.district_a.parent.code, "survivor": PERSON}
    assert client.post("/api/v1/cases/", wrong, content_type="application/json").status_code == 400
    right = wrong | {"territory": cast.district_a.code}
    assert client.post("/api/v1/cases/", right, content_type="application/json").status_code == 201

"""Every case endpoint × every persona, for a case in district A owned by agency A (caseworker's agency).

Relations covered: own agency (caseworker, supervisor), coordinator of the district, another agency of the same
district not involved, another district, and roles that see no case at all; break-glass is tested below.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.cases import services
from concord.cases.models import Attachment, BreakGlassAccess, Note
from concord.cases.tests.factories import open_case
from concord.common.testing.matrix import check, check_anonymous, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.people.services import person_create

BORN = datetime.date(1990, 5, 4)  # the survivor's date of birth in open_case
OWNERS = {"caseworker", "supervisor"}
READERS = OWNERS | {"coordinator"}
CASE_ROLES = {"caseworker", "supervisor", "coordinator", "caseworker_other_agency", "caseworker_other_district"}


def _case(cast):
    return cast.extra["case"]


def _survivor_id(cast):
    return _case(cast).participants.get(role="survivor").person_id


def _url(name, *args):
    return lambda c: reverse(f"cases:{name}", args=[_case(c).pk, *args])


ENDPOINTS = [
    endpoint("case list", lambda c: reverse("cases:case_list"), CASE_ROLES),
    endpoint("caseload", lambda c: reverse("cases:caseload"), {"supervisor", "coordinator"}),
    endpoint("api caseload", lambda c: "/api/v1/caseload/", {"supervisor", "coordinator"}),
    endpoint("work page", lambda c: reverse("accounts:work"), set(PERSONAS)),
    endpoint("api work", lambda c: "/api/v1/work/", set(PERSONAS)),
    endpoint("api work of the team", lambda c: "/api/v1/work/?scope=team", {"supervisor", "coordinator"}),
    endpoint("case intake form", lambda c: reverse("cases:case_intake"), CASE_ROLES),
    endpoint("emergency access form", lambda c: reverse("cases:break_glass"), {"supervisor", "coordinator"}),
    endpoint("case overview", _url("case_detail"), READERS),
    *[
        endpoint(f"case {tab}", _url("case_tab", tab), READERS)
        for tab in ("people", "incidents", "plan", "notes", "documents", "timeline")
    ],
    endpoint("case access log", _url("case_tab", "access_log"), {"supervisor"}),
    endpoint("incident form", _url("incident_create"), READERS),
    endpoint(
        "add note",
        _url("note_create"),
        READERS,
        method="post",
        data=lambda c: {"text": "Checked in."},
        ok=frozenset({302}),
    ),
    endpoint(
        "document download", lambda c: reverse("cases:attachment_download", args=[c.extra["document"].pk]), READERS
    ),
    endpoint(
        "change status",
        _url("case_set_status"),
        READERS,
        method="post",
        data=lambda c: {"status": "active"},
        ok=frozenset({302}),
    ),
    endpoint(
        "request closure",
        _url("case_request_closure"),
        READERS,
        method="post",
        data=lambda c: {"reason": "Moved to another city."},
        ok=frozenset({302}),
    ),
    endpoint(
        "decide closure",
        _url("case_decide_closure"),
        {"supervisor"},
        method="post",
        data=lambda c: {"decision": "reject"},
        ok=frozenset({302}),
    ),
    endpoint(
        "add goal",
        _url("plan_goal_create"),
        READERS,
        method="post",
        data=lambda c: {"text": "Safe housing"},
        ok=frozenset({302}),
    ),
    endpoint("submit plan", _url("plan_submit"), READERS, method="post", ok=frozenset({302})),
    endpoint("approve plan", _url("plan_approve"), {"supervisor"}, method="post", ok=frozenset({302})),
    endpoint("share", _url("case_share"), READERS, method="post", data=lambda c: {}, ok=frozenset({400})),
    endpoint("record consent", _url("consent_create"), READERS, method="post", data=lambda c: {}, ok=frozenset({400})),
    endpoint("add person", _url("participant_create"), READERS, method="post", data=lambda c: {}, ok=frozenset({400})),
    # Intake naming the survivor of the scene's case as an existing person: only those who can see her case may
    # attach her (302, a new case); anyone else gets the form back with an error (400) and nothing written.
    endpoint(
        "intake with a hidden match",
        lambda c: reverse("cases:case_intake"),
        READERS,
        method="post",
        data=lambda c: _intake_reusing_survivor(c),
        ok=frozenset({302}),
        denied=frozenset({400, 403}),
    ),
    endpoint(
        "intake duplicate check",
        lambda c: reverse("cases:case_intake_matches"),
        CASE_ROLES,
        method="post",
        data=lambda c: {"survivor_given_name": "Aysel"},
    ),
    endpoint(
        "upload document", _url("attachment_create"), READERS, method="post", data=lambda c: {}, ok=frozenset({400})
    ),
    endpoint(
        "withdraw consent",
        lambda c: reverse("cases:consent_withdraw", args=[_case(c).pk, c.extra["consent"].pk]),
        READERS,
        method="post",
        ok=frozenset({302}),
    ),
    endpoint("add task", _url("plan_task_create"), READERS, method="post", data=lambda c: {}, ok=frozenset({400})),
    endpoint(
        "task status",
        lambda c: reverse("cases:plan_task_status", args=[_case(c).pk, c.extra["task"].pk]),
        READERS,
        method="post",
        data=lambda c: {"status": "done"},
        ok=frozenset({302}),
    ),
    endpoint(
        "change lead worker",
        _url("case_set_lead_worker"),
        OWNERS,
        method="post",
        data=lambda c: {"lead_worker": c["supervisor"].pk},
        ok=frozenset({302}),
    ),
    endpoint(
        "move the case",
        _url("case_move"),
        OWNERS,
        method="post",
        data=lambda c: {"territory": c.district_b.pk},
        ok=frozenset({302}),
    ),
    # API
    endpoint("api cases", lambda c: "/api/v1/cases/", CASE_ROLES),
    endpoint("api case", lambda c: f"/api/v1/cases/{_case(c).pk}/", READERS),
    endpoint(
        "api case transition",
        lambda c: f"/api/v1/cases/{_case(c).pk}/transition/",
        READERS,
        method="post",
        data=lambda c: {"status": "active"},
    ),
    endpoint(
        "api case closure decision",
        lambda c: f"/api/v1/cases/{_case(c).pk}/decide-closure/",
        {"supervisor"},
        method="post",
        data=lambda c: {"approve": False},
        ok=frozenset({400}),
    ),
    endpoint("api participants", lambda c: "/api/v1/participants/", CASE_ROLES),
    endpoint("api participant", lambda c: f"/api/v1/participants/{_case(c).participants.first().pk}/", READERS),
    endpoint("api person", lambda c: f"/api/v1/persons/{_case(c).participants.first().person_id}/", READERS),
    # One person across cases: the survivor's page and record for the case's readers; her possible duplicates and
    # the merges for the supervisors of the agency that registered her (agency A).
    endpoint("person page", lambda c: reverse("cases:person_detail", args=[_survivor_id(c)]), READERS),
    endpoint("api person record", lambda c: f"/api/v1/persons/{_survivor_id(c)}/record/", READERS),
    endpoint("api person duplicates", lambda c: f"/api/v1/persons/{_survivor_id(c)}/duplicates/", {"supervisor"}),
    endpoint("possible duplicates page", lambda c: reverse("cases:duplicate_list"), {"supervisor"}),
    endpoint("api possible duplicates", lambda c: "/api/v1/persons/duplicates/", {"supervisor"}),
    endpoint(
        "merge a person",
        lambda c: reverse("cases:person_merge", args=[_survivor_id(c)]),
        {"supervisor"},
        method="post",
        data=lambda c: {"other": _survivor_id(c), "reason": "Same passport"},
        ok=frozenset({400}),
    ),
    endpoint(
        "api merge a person",
        lambda c: f"/api/v1/persons/{_survivor_id(c)}/merge/",
        {"supervisor"},
        method="post",
        data=lambda c: {"other": _survivor_id(c), "reason": "Same passport"},
        ok=frozenset({400}),
    ),
    endpoint(
        "undo a merge",
        lambda c: reverse("cases:person_unmerge", args=[_survivor_id(c)]),
        {"supervisor"},
        method="post",
        data=lambda c: {"merge": c.extra["merge"].pk},
        ok=frozenset({302}),
    ),
    endpoint(
        "api undo a merge",
        lambda c: f"/api/v1/persons/{_survivor_id(c)}/unmerge/",
        {"supervisor"},
        method="post",
        data=lambda c: {"merge": c.extra["merge"].pk},
    ),
    endpoint(
        "dismiss a possible duplicate",
        lambda c: reverse("cases:duplicate_dismiss", args=[_survivor_id(c)]),
        {"supervisor"},
        method="post",
        data=lambda c: {"other": c.extra["namesake"].pk},
        ok=frozenset({302}),
    ),
    endpoint(
        "api dismiss a possible duplicate",
        lambda c: f"/api/v1/persons/{_survivor_id(c)}/dismiss/",
        {"supervisor"},
        method="post",
        data=lambda c: {"other": c.extra["namesake"].pk},
        ok=frozenset({204}),
    ),
    endpoint(
        "api case search",
        lambda c: "/api/v1/cases/search/",
        CASE_ROLES,
        method="post",
        data=lambda c: {"q": "Aysel Məmmədova"},
    ),
    endpoint(
        "api person match",
        lambda c: "/api/v1/persons/match/",
        CASE_ROLES,
        method="post",
        data=lambda c: {"given_name": "Aysel", "family_name": "Məmmədova"},
    ),
    endpoint("api incidents", lambda c: "/api/v1/incidents/", CASE_ROLES),
    endpoint("api notes", lambda c: "/api/v1/notes/", CASE_ROLES),
    endpoint(
        "api note create",
        lambda c: "/api/v1/notes/",
        READERS,
        method="post",
        data=lambda c: {"case": _case(c).pk, "text": "By API"},
        ok=frozenset({201}),
    ),
    endpoint("api attachments", lambda c: "/api/v1/attachments/", CASE_ROLES),
    endpoint("api attachment download", lambda c: f"/api/v1/attachments/{c.extra['document'].pk}/download/", READERS),
    endpoint("api consents", lambda c: "/api/v1/consents/", CASE_ROLES),
    endpoint(
        "api case create", lambda c: "/api/v1/cases/", CASE_ROLES, method="post", data=lambda c: {}, ok=frozenset({400})
    ),
    endpoint(
        "api case share",
        lambda c: f"/api/v1/cases/{_case(c).pk}/share/",
        READERS,
        method="post",
        data=lambda c: {"agency": c.other_agency_a.code},
        ok=frozenset({400}),
    ),
    endpoint(
        "api case move",
        lambda c: f"/api/v1/cases/{_case(c).pk}/move/",
        OWNERS,
        method="post",
        data=lambda c: {"territory": c.district_b.code},
    ),
    endpoint(
        "api case request closure",
        lambda c: f"/api/v1/cases/{_case(c).pk}/request-closure/",
        READERS,
        method="post",
        data=lambda c: {"reason": "Moved abroad with the children."},
    ),
    endpoint(
        "api participant create",
        lambda c: "/api/v1/participants/",
        READERS,
        method="post",
        data=lambda c: {"case": _case(c).pk, "role": "child", "person": {"given_name": "Leyla"}},
        ok=frozenset({201}),
    ),
    endpoint(
        "api incident create",
        lambda c: "/api/v1/incidents/",
        READERS,
        method="post",
        data=lambda c: {"case": _case(c).pk},
        ok=frozenset({400}),
    ),
    endpoint(
        "api attachment create",
        lambda c: "/api/v1/attachments/",
        READERS,
        method="post",
        data=lambda c: {"case": _case(c).pk},
        ok=frozenset({400}),
    ),
    endpoint(
        "api consent create",
        lambda c: "/api/v1/consents/",
        READERS,
        method="post",
        data=lambda c: {"case": _case(c).pk},
        ok=frozenset({400}),
    ),
    endpoint(
        "api consent withdraw", lambda c: f"/api/v1/consents/{c.extra['consent'].pk}/withdraw/", READERS, method="post"
    ),
]

PDF = b"%PDF-1.4\n%%EOF"


def _intake_reusing_survivor(cast) -> dict:
    survivor = _case(cast).participants.get(role="survivor").person
    now = timezone.localtime()
    return {
        "territory": cast.district_a.pk,
        "survivor_given_name": survivor.given_name,
        "survivor_family_name": survivor.family_name,
        "survivor_birth_date": survivor.birth_date.isoformat(),
        "survivor_sex": "female",
        "survivor_disability": "none",
        "survivor_citizenship": "national",
        "use_existing_person": survivor.pk,
        "perpetrator_sex": "unknown",
        "incident_occurred_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "incident_reported_at": now.strftime("%Y-%m-%dT%H:%M"),
        "incident_place_type": "shared_home",
        "incident_acts": ["hitting"],
        "incident_injury": "minor",
        "incident_weapon": "none",
        "consent_method": "verbal",
    }


@pytest.fixture
def case_cast(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = open_case(cast)
    document = services.attachment_add(
        actor=cast["caseworker"],
        case=case,
        kind="other",
        upload=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
    )
    # A consent per recipient form, so that every tab renders each shape of data.
    survivor = case.participants.get(role="survivor")
    from concord.common.testing.factories import AgencyKindFactory

    for recipient in ({"recipient_agency": cast.other_agency_a}, {"recipient_kind": AgencyKindFactory(code="health")}):
        services.consent_record(
            actor=cast["caseworker"],
            case=case,
            participant=survivor,
            purpose="information_sharing",
            method="written",
            **recipient,
        )
    goal = services.plan_goal_add(actor=cast["caseworker"], case=case, text="Safe housing")
    task = services.plan_task_add(
        actor=cast["caseworker"], goal=goal, description="Call the shelter", responsible_agency=cast.agency_a
    )
    # Her registration by a clinic in Cyrillic, merged into her record; a namesake born a year later, not merged.
    twin = person_create(
        agency=cast.agency_a, given_name="Айсель", family_name="Мамедова", birth_date=BORN, sex="female"
    )
    merge = services.person_merge(actor=cast["supervisor"], kept=survivor.person, merged=twin, reason="Same passport")
    namesake = person_create(
        agency=cast.agency_a,
        given_name="Aysel",
        family_name="Mammadova",
        birth_date=BORN.replace(year=BORN.year + 1),
        sex="female",
    )
    cast.extra = {
        "case": case,
        "document": document,
        "consent": case.consents.first(),
        "task": task,
        "merge": merge,
        "namesake": namesake,
    }
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_case_permission_matrix(spec, persona, case_cast, client_for):
    check(perform(client_for(persona), spec, case_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, case_cast):
    response = perform(Client(), spec, case_cast)
    check_anonymous(response, spec)


def test_break_glass_opens_every_read_endpoint_until_it_expires(case_cast, client_for):
    other_district = open_case(case_cast, territory=case_cast.district_b, actor_name="caseworker_other_district")
    client = client_for("supervisor")
    tabs = [reverse("cases:case_detail", args=[other_district.pk])] + [
        reverse("cases:case_tab", args=[other_district.pk, tab]) for tab in ("people", "incidents", "notes", "timeline")
    ]
    assert all(client.get(url).status_code == 404 for url in tabs)
    response = client.post(
        reverse("cases:break_glass"),
        {"number": other_district.number, "reason": "Her sister called: he has a knife and is outside."},
    )
    assert response.status_code == 302
    assert all(client.get(url).status_code == 200 for url in tabs)
    BreakGlassAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert all(client.get(url).status_code == 404 for url in tabs)


def test_out_of_scope_writes_leave_nothing(case_cast, client_for):
    case = _case(case_cast)
    before = Note.objects.count()
    response = client_for("caseworker_other_district").post(
        reverse("cases:note_create", args=[case.pk]), {"text": "Should not land"}
    )
    assert response.status_code == 404 and Note.objects.count() == before
    assert Attachment.objects.count() == 1


def test_every_model_of_a_case_answers_through_the_scoped_queryset():
    from django.apps import apps

    from concord.cases.models import Case
    from concord.common.testing.matrix import case_scoped_models

    scoped = set(case_scoped_models())
    for model in apps.get_models():
        belongs = any(
            field.many_to_one and field.related_model is Case and not field.name.startswith("history")
            for field in model._meta.get_fields()
        )
        # History tables are not read by the application; a notification is scoped to its recipient and shows its
        # case only while the case is visible (notifications.selectors).
        if (
            belongs
            and not model.__name__.startswith("Historical")
            and model._meta.label != "notifications.Notification"
        ):
            assert model in scoped, f"{model._meta.label} has a case but not the scoped queryset"


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_case_scoped_rows_follow_the_case_scope(persona, case_cast):
    from concord.cases.tests.factories import record_incident
    from concord.common.testing.matrix import check_case_scoped_rows

    case = _case(case_cast)
    record_incident(case_cast, case)
    hidden = services.note_add(actor=case_cast["caseworker"], case=case, text="Sensitive note", is_sensitive=True)
    plain = services.note_add(actor=case_cast["caseworker"], case=case, text="Plain note")
    services.case_share(
        actor=case_cast["caseworker"],
        case=case,
        agency=case_cast.other_agency_a,
        legal_exception="imminent_risk",
        justification="He threatened to kill her yesterday in front of the neighbours.",
    )
    checked = check_case_scoped_rows(case_cast[persona])
    sees_case = persona in READERS | {"caseworker_other_agency"}
    assert (checked > 0) == sees_case
    notes = set(Note.objects.visible_to(case_cast[persona]).values_list("pk", flat=True))
    # The shared agency (no consent to sensitive details) and the district coordinator see the plain note only.
    expected = {hidden.pk, plain.pk} if persona in OWNERS else {plain.pk} if sees_case else set()
    assert notes == expected

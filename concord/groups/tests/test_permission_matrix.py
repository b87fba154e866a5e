"""Every monitoring-group endpoint × every persona. The scene: the safety circle of district A (the coordinator is
its secretary; the group-member persona represents the executive, the caseworker the police), a meeting under way
with a HIGH case on its agenda and an action for the police, a past meeting whose minutes are approved and whose
members' window has closed, a followed family; and a group of district B the other district's caseworker sits on
(a member of another group). Those who run the group write; those who sit on it read; the owner agency closes its
actions; no one else reaches anything (404 for an object out of reach, 403 for a step their seat does not allow)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.cases.choices import RiskLevel
from concord.cases.tests.factories import open_case
from concord.common.testing.matrix import check, check_anonymous, endpoint, perform
from concord.common.testing.personas import PERSONAS
from concord.groups import services
from concord.groups.models import Acceptance, Group, Meeting, Member
from concord.groups.tests.factories import attend_all, build_group, plan, set_risk

EVERYONE = set(PERSONAS)
GROUP = {"coordinator", "group_member", "caseworker"}
MANAGERS = {"coordinator"}
OWNER = {"caseworker", "supervisor", "coordinator"}
POST_OK = frozenset({302})


def _pk(name):
    return lambda c: c.extra[name].pk


def _today(days: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _html(name, url_name, args, allowed, data=lambda c: {}):
    return endpoint(
        name, lambda c: reverse(url_name, args=[c.extra[a].pk for a in args]), allowed, method="post", data=data,
        ok=POST_OK,
    )  # fmt: skip


def _page(name, url_name, args, allowed):
    return endpoint(name, lambda c: reverse(url_name, args=[c.extra[a].pk for a in args]), allowed)


def _api(name, path, allowed, data=lambda c: {}, ok=frozenset({200}), method="post"):
    return endpoint(
        name, lambda c: "/api/v1/" + path.format(**{k: v.pk for k, v in c.extra.items() if hasattr(v, "pk")}),
        allowed, method=method, data=data, ok=ok,
    )  # fmt: skip


ENDPOINTS = [
    endpoint("group list", lambda c: reverse("groups:group_list"), EVERYONE),
    endpoint("calendar", lambda c: reverse("groups:calendar"), EVERYONE),
    endpoint("action list", lambda c: reverse("groups:action_list"), EVERYONE),
    _page("group page", "groups:group_detail", ["group"], GROUP),
    _page("family register", "groups:family_list", ["group"], GROUP),
    _page("family page", "groups:family_detail", ["family"], GROUP),
    _page("meeting page", "groups:meeting_detail", ["meeting"], GROUP),
    _page("case on the agenda", "groups:item_detail", ["meeting", "item"], GROUP),
    # After the window: the member no longer reads it; who reaches the case anyway still does.
    _page("case after the window", "groups:item_detail", ["past", "past_item"], {"coordinator", "caseworker"}),
    _page("minutes pdf", "groups:minutes_pdf", ["past"], GROUP),
    _html("group officers", "groups:group_officers", ["group"], MANAGERS, lambda c: {"language": "az"}),
    _html("member add", "groups:member_add", ["group"], MANAGERS, lambda c: {"agency": c.extra["national"].pk}),
    _html(
        "member representatives",
        "groups:member_representatives",
        ["health"],
        MANAGERS,
        lambda c: {"representative": ""},
    ),  # fmt: skip
    _html("member leaves", "groups:member_remove", ["health"], MANAGERS),
    _html(
        "meeting plan",
        "groups:meeting_create",
        ["group"],
        MANAGERS,
        lambda c: {"kind": "emergency", "scheduled_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    ),  # fmt: skip
    _html("agenda build", "groups:agenda_build", ["meeting"], MANAGERS),
    _html("agenda add", "groups:agenda_add", ["meeting"], MANAGERS, lambda c: {"number": c.extra["other_case"].number}),
    _html("agenda send", "groups:agenda_send", ["meeting"], MANAGERS),
    _html("agenda move", "groups:agenda_move", ["meeting", "item"], MANAGERS, lambda c: {"direction": "down"}),
    _html("agenda remove", "groups:agenda_remove", ["meeting", "bare_item"], MANAGERS),
    _html(
        "attendance",
        "groups:attendance",
        ["meeting"],
        MANAGERS,
        lambda c: {f"presence_{m.pk}": "present" for m in Member.objects.filter(group=c.extra["group"])},
    ),  # fmt: skip
    _html("confidentiality", "groups:confidentiality_accept", ["meeting"], GROUP),
    _html("meeting held", "groups:meeting_hold", ["meeting"], MANAGERS, lambda c: {"chaired_by": c.extra["chair"].pk}),
    _html("meeting cancel", "groups:meeting_cancel", ["meeting"], MANAGERS),
    _html(
        "information", "groups:item_contribute", ["meeting", "item"], GROUP, lambda c: {"text": "Known to us since May"}
    ),
    _html("decision", "groups:item_decide", ["meeting", "item"], MANAGERS, lambda c: {"decision": "Safety plan"}),
    _html(
        "action give",
        "groups:action_create",
        ["meeting", "item"],
        MANAGERS,
        lambda c: {"owner": c.agency_a.pk, "text": "Visit", "due_on": _today(5)},
    ),  # fmt: skip
    _html("action close", "groups:action_close", ["action"], OWNER, lambda c: {"status": "done"}),
    _html("minutes approve", "groups:minutes_approve", ["held"], set()),
    _html("minutes send", "groups:minutes_distribute", ["past"], MANAGERS),
    _html(
        "family add",
        "groups:family_create",
        ["group"],
        MANAGERS,
        lambda c: {
            "numbers": c.extra["other_case"].number,
            "reason": "Children at home",
            "review_on": _today(9),
            "responsible": c.other_agency_a.pk,
        },
    ),  # fmt: skip
    _html("family review", "groups:family_review", ["family"], MANAGERS, lambda c: {"review_on": _today(20)}),
    _html("family close", "groups:family_close", ["family"], MANAGERS, lambda c: {"outcome": "risk_reduced"}),
    endpoint("api groups", lambda c: "/api/v1/groups/", EVERYONE),
    _api("api group", "groups/{group}/", GROUP, method="get"),
    _api("api group figures", "groups/{group}/figures/", GROUP, method="get"),
    _api("api member", "groups/{group}/members/", MANAGERS, lambda c: {"agency": c.extra["national"].pk}),
    endpoint("api meetings", lambda c: "/api/v1/meetings/", EVERYONE),
    _api("api meeting", "meetings/{meeting}/", GROUP, method="get"),
    _api(
        "api meeting plan",
        "meetings/",
        MANAGERS,
        lambda c: {"group": c.extra["group"].pk, "scheduled_at": timezone.now().isoformat()},
        ok=frozenset({201}),
    ),  # fmt: skip
    _api("api agenda build", "meetings/{meeting}/build-agenda/", MANAGERS),
    _api("api agenda send", "meetings/{meeting}/send-agenda/", MANAGERS),
    _api("api meeting cancel", "meetings/{meeting}/cancel/", MANAGERS),
    _api("api confidentiality", "meetings/{meeting}/accept-confidentiality/", GROUP),
    _api(
        "api attendance",
        "meetings/{meeting}/attendance/",
        MANAGERS,
        lambda c: {"rows": [{"member": c.extra["health"].pk, "presence": "apologies"}]},
    ),  # fmt: skip
    _api("api meeting held", "meetings/{meeting}/hold/", MANAGERS, lambda c: {"chaired_by": c.extra["chair"].pk}),
    _api("api minutes approve", "meetings/{held}/approve-minutes/", set()),
    _api("api minutes send", "meetings/{past}/distribute-minutes/", MANAGERS),
    endpoint("api agenda", lambda c: f"/api/v1/agenda-items/?meeting={c.extra['meeting'].pk}", GROUP),
    _api("api agenda item", "agenda-items/{item}/", GROUP, method="get"),
    _api(
        "api agenda add",
        "agenda-items/",
        MANAGERS,
        lambda c: {"meeting": c.extra["meeting"].pk, "case": c.extra["other_case"].pk},
        ok=frozenset({201}),
    ),  # fmt: skip
    _api("api agenda remove", "agenda-items/{bare_item}/", MANAGERS, method="delete", ok=frozenset({204})),
    _api("api decision", "agenda-items/{item}/decision/", MANAGERS, lambda c: {"decision": "Safety plan"}),
    _api(
        "api information",
        "agenda-items/{item}/information/",
        GROUP,
        lambda c: {"text": "Known to us"},
        ok=frozenset({201}),
    ),  # fmt: skip
    endpoint("api actions", lambda c: "/api/v1/group-actions/", EVERYONE),
    _api("api action", "group-actions/{action}/", OWNER, method="get"),
    _api(
        "api action give",
        "group-actions/",
        MANAGERS,
        lambda c: {"item": c.extra["item"].pk, "owner": c.agency_a.pk, "text": "Visit", "due_on": _today(3)},
        ok=frozenset({201}),
    ),  # fmt: skip
    _api("api action close", "group-actions/{action}/close/", OWNER, lambda c: {"status": "done"}),
    endpoint("api families", lambda c: "/api/v1/families/", EVERYONE),
    _api("api family", "families/{family}/", GROUP, method="get"),
    _api(
        "api family add",
        "families/",
        MANAGERS,
        lambda c: {
            "group": c.extra["group"].pk,
            "cases": [c.extra["other_case"].pk],
            "reason": "Children",
            "review_on": _today(9),
            "responsible": c.other_agency_a.pk,
        },
        ok=frozenset({201}),
    ),  # fmt: skip
    _api("api family review", "families/{family}/review/", MANAGERS, lambda c: {"review_on": _today(20)}),
    _api("api family close", "families/{family}/close/", MANAGERS, lambda c: {"outcome": "moved"}),
]


@pytest.fixture
def group_cast(cast):
    scene = build_group(cast)
    case = open_case(cast)
    set_risk(case, RiskLevel.HIGH)
    other_case = open_case(cast, given_name="Leyla")
    coordinator = cast["coordinator"]
    meeting = plan(cast, scene, at=timezone.now())
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=case)
    bare_item = services.agenda_add(actor=coordinator, meeting=meeting, case=open_case(cast, given_name="Aysel"))
    attend_all(cast, scene, meeting)
    action = services.action_create(
        actor=coordinator, item=item, owner=cast.agency_a, text="Visit", due_on=timezone.localdate()
    )
    # A meeting a month ago: held, minutes approved, its window closed.
    past = plan(cast, scene, at=timezone.now())
    past_item = services.agenda_add(actor=coordinator, meeting=past, case=open_case(cast, given_name="Nigar"))
    attend_all(cast, scene, past)
    services.meeting_hold(actor=coordinator, meeting=past, chaired_by=scene.chair)
    services.minutes_approve(actor=scene.chair, meeting=past)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Meeting.objects.filter(pk=past.pk).update(scheduled_at=month_ago)
    past.items.update(summary_until=month_ago + datetime.timedelta(days=10))
    held = plan(cast, scene, at=timezone.now())
    attend_all(cast, scene, held)
    services.meeting_hold(actor=coordinator, meeting=held, chaired_by=scene.chair)
    family = services.family_add(
        actor=coordinator, group=scene.group, cases=[case], persons=[], reason="Three children",
        review_on=timezone.localdate() + datetime.timedelta(days=3), responsible=cast.other_agency_a,
    )  # fmt: skip
    for user in [cast[name] for name in PERSONAS]:
        Acceptance.objects.get_or_create(meeting=meeting, user=user)
    # District B's group, which the other district's caseworker sits on.
    other_group = Group.objects.create(kind=scene.kind, territory=cast.district_b, language="en")
    Member.objects.create(group=other_group, agency=cast.agency_b, representative=cast["caseworker_other_district"])
    cast.extra = {
        "group": scene.group, "chair": scene.chair, "health": scene.health, "national": cast.national_agency,
        "meeting": meeting, "item": item, "bare_item": bare_item, "action": action, "past": past,
        "past_item": past_item, "held": held, "family": family, "other_case": other_case,
    }  # fmt: skip
    return cast


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_groups_permission_matrix(spec, persona, group_cast, client_for):
    check(perform(client_for(persona), spec, group_cast), spec, persona)


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda spec: spec.name)
def test_anonymous_is_refused(spec, group_cast):
    from django.test import Client

    check_anonymous(perform(Client(), spec, group_cast), spec)

"""/api/v1/ for the monitoring-group module: groups with their members, meetings (plan, agenda, attendance, the
confidentiality statement, held, minutes approved and sent), agenda items (add, remove, decision, agency
information), actions (give, close) and the at-risk family register, through the same selectors and services as
the HTML interface. Every id a request carries is looked up again within the user's reach."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from concord.accounts.models import Agency, User
from concord.api.permissions import IsStaffWithMfa
from concord.cases.models import Case
from concord.groups import selectors, services
from concord.groups.api.serializers import (
    ActionCloseSerializer,
    ActionCreateSerializer,
    ActionSerializer,
    AgendaAddSerializer,
    AgendaItemSerializer,
    AttendanceWriteSerializer,
    ContributionWriteSerializer,
    DecisionSerializer,
    FamilyCloseSerializer,
    FamilyCreateSerializer,
    FamilyReviewSerializer,
    FamilySerializer,
    FiguresSerializer,
    GroupSerializer,
    HoldSerializer,
    MeetingPlanSerializer,
    MeetingSerializer,
    MemberWriteSerializer,
)
from concord.groups.models import Acceptance, Action, AgendaItem, Family, Group, Meeting
from concord.groups.rules import may_manage_group


def _int_param(request, name: str) -> int | None:
    """A whole-number parameter; an id beyond any the database can hold matches nothing (0) rather than reaching
    the database, where SQLite would overflow."""
    value = request.query_params.get(name, "")
    if not value.isdigit():
        return None
    number = int(value)
    return number if number < 2**63 else 0


def _user(pk) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _agency(pk, field: str) -> Agency:
    agency = Agency.objects.filter(pk=pk, is_active=True).first()
    if agency is None:
        raise ValidationError({field: [_("Choose an active agency.")]})
    return agency


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    """The monitoring groups the user runs or sits on, and those a coordinator's jurisdiction covers."""

    serializer_class = GroupSerializer
    permission_classes = [IsStaffWithMfa]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        return selectors.groups_for(self.request.user).prefetch_related("members__agency")

    def get_object(self):
        selectors.group_get_for(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="The year (this year by default)"),
            OpenApiParameter("quarter", int, enum=[1, 2, 3, 4], description="The quarter (this one by default)"),
        ],
        responses={200: FiguresSerializer},
    )
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        """Cases discussed, repeats, cases with children, actions done in time: the group's figures of a quarter."""
        group = selectors.group_get_for(request.user, pk)
        today = timezone.localdate()
        year = _int_param(request, "year") or today.year
        quarter = _int_param(request, "quarter") or (today.month - 1) // 3 + 1
        if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
            raise ValidationError({"quarter": [_("Give a year and a quarter from 1 to 4.")]})
        (figures,) = selectors.group_figures(Group.objects.filter(pk=group.pk), year, quarter)
        return Response(FiguresSerializer(figures).data)

    @extend_schema(request=MemberWriteSerializer, responses={200: GroupSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """Adds a member agency or names its representative and deputy."""
        group = selectors.group_get_for(request.user, pk)
        serializer = MemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.member_save(
            actor=request.user,
            group=group,
            agency=_agency(data["agency"], "agency"),
            representative=_user(data.get("representative")),
            deputy=_user(data.get("deputy")),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=group.pk)).data)


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings of the user's groups, newest first; `group` filters."""

    serializer_class = MeetingSerializer
    permission_classes = [IsStaffWithMfa]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        groups = selectors.groups_for(self.request.user).values("pk")
        meetings = Meeting.objects.filter(Q(group__in=groups) | Q(attendances__attendee=self.request.user))
        group = _int_param(self.request, "group")
        if group is not None:
            meetings = meetings.filter(group_id=group)
        return meetings.distinct().prefetch_related("attendances").order_by("-scheduled_at", "-pk")

    @extend_schema(parameters=[OpenApiParameter("group", int, description="Meetings of this group")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        return selectors.meeting_get_for(self.request.user, self.kwargs["pk"])

    def _answer(self, meeting: Meeting, status: int = 200) -> Response:
        return Response(self.get_serializer(Meeting.objects.get(pk=meeting.pk)).data, status=status)

    @extend_schema(request=MeetingPlanSerializer, responses={201: MeetingSerializer})
    def create(self, request):
        serializer = MeetingPlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        group = selectors.group_get_for(request.user, data.pop("group"))
        return self._answer(services.meeting_plan(actor=request.user, group=group, **data), 201)

    def _step(self, pk, call) -> Response:
        meeting = self.get_object()
        call(meeting)
        return self._answer(meeting)

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="build-agenda")
    def build_agenda(self, request, pk=None):
        """Puts on the agenda the cases the country pack's rules find."""
        return self._step(pk, lambda m: services.agenda_build(actor=request.user, meeting=m))

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="send-agenda")
    def send_agenda(self, request, pk=None):
        return self._step(pk, lambda m: services.agenda_send(actor=request.user, meeting=m))

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(pk, lambda m: services.meeting_cancel(actor=request.user, meeting=m))

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="accept-confidentiality")
    def accept_confidentiality(self, request, pk=None):
        return self._step(pk, lambda m: services.confidentiality_accept(user=request.user, meeting=m))

    @extend_schema(request=AttendanceWriteSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        meeting = self.get_object()
        serializer = AttendanceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [row | {"attendee": _user(row.get("attendee"))} for row in serializer.validated_data["rows"]]
        services.attendance_record(actor=request.user, meeting=meeting, rows=rows)
        return self._answer(meeting)

    @extend_schema(request=HoldSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """Records the meeting as held, under the pack's quorum rule."""
        meeting = self.get_object()
        serializer = HoldSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        chaired_by = _user(serializer.validated_data.get("chaired_by"))
        services.meeting_hold(actor=request.user, meeting=meeting, chaired_by=chaired_by)
        return self._answer(meeting)

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="approve-minutes")
    def approve_minutes(self, request, pk=None):
        return self._step(pk, lambda m: services.minutes_approve(actor=request.user, meeting=m))

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="distribute-minutes")
    def distribute_minutes(self, request, pk=None):
        return self._step(pk, lambda m: services.minutes_distribute(actor=request.user, meeting=m))


class AgendaItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The items of one meeting's agenda (`meeting`, required), in the secretary's order."""

    serializer_class = AgendaItemSerializer
    permission_classes = [IsStaffWithMfa]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgendaItem.objects.none()
        meeting_id = _int_param(self.request, "meeting")
        if meeting_id is None and self.action == "list":
            raise ValidationError({"meeting": [_("Name the meeting.")]})
        items = AgendaItem.objects.select_related("case", "meeting").prefetch_related("contributions")
        if meeting_id is not None:
            meeting = selectors.meeting_get_for(self.request.user, meeting_id)
            items = items.filter(meeting=meeting)
        return items.order_by("position", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            context["accepted_meetings"] = set(
                Acceptance.objects.filter(user=user).values_list("meeting_id", flat=True)
            )
        return context

    @extend_schema(parameters=[OpenApiParameter("meeting", int, required=True, description="The meeting")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _item(self, pk) -> AgendaItem:
        item = AgendaItem.objects.select_related("meeting", "case").filter(pk=pk).first() if str(pk).isdigit() else None
        if item is None:
            raise Http404
        item.meeting = selectors.meeting_get_for(self.request.user, item.meeting_id)
        return item

    def get_object(self):
        return self._item(self.kwargs["pk"])

    def _answer(self, item: AgendaItem, status: int = 200) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data, status=status)

    @extend_schema(request=AgendaAddSerializer, responses={201: AgendaItemSerializer})
    def create(self, request):
        """The secretary's own addition to the agenda."""
        serializer = AgendaAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = selectors.meeting_get_for(request.user, data["meeting"])
        services.ensure_manages(request.user, meeting.group)
        case = Case.objects.visible_to(request.user).filter(pk=data["case"]).first()
        if case is None:
            raise ValidationError({"case": [_("Choose an open case of the group's territory.")]})
        item = services.agenda_add(actor=request.user, meeting=meeting, case=case, note=data["note"])
        return self._answer(item, 201)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request, pk=None):
        services.agenda_remove(actor=request.user, item=self._item(pk))
        return Response(status=204)

    @extend_schema(request=DecisionSerializer, responses={200: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        item = self._item(pk)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.item_decide(actor=request.user, item=item, decision=serializer.validated_data["decision"])
        return self._answer(item)

    @extend_schema(request=ContributionWriteSerializer, responses={201: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def information(self, request, pk=None):
        """Adds what the user's agency knows of the case, after the confidentiality statement."""
        item = self._item(pk)
        if item.case_id not in selectors.summary_cases(request.user, [item.case_id]):
            raise Http404
        serializer = ContributionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.contribution_add(actor=request.user, item=item, text=serializer.validated_data["text"])
        return self._answer(item, 201)


class ActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Actions the user's agency owns, and those of the groups the user runs; `status` and `group` filter."""

    serializer_class = ActionSerializer
    permission_classes = [IsStaffWithMfa]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Action.objects.none()
        user = self.request.user
        managed = [g.pk for g in selectors.groups_for(user) if may_manage_group(user, g)]
        condition = Q(group_id__in=managed)
        if user.agency is not None:
            condition |= Q(owner=user.agency)
        actions = Action.objects.filter(condition).select_related("case")
        status = self.request.query_params.get("status", "")
        if status:
            actions = actions.filter(status=status)
        group = _int_param(self.request, "group")
        if group is not None:
            actions = actions.filter(group_id=group)
        return actions.order_by("due_on", "pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["open", "done", "not_done"], description="Only this status"),
            OpenApiParameter("group", int, description="Only this group's"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        return selectors.action_get_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer})
    def create(self, request):
        serializer = ActionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = AgendaItem.objects.select_related("meeting").filter(pk=data["item"]).first()
        if item is None:
            raise ValidationError({"item": [_("Choose an item of the agenda.")]})
        item.meeting = selectors.meeting_get_for(request.user, item.meeting_id)
        created = services.action_create(
            actor=request.user,
            item=item,
            owner=_agency(data["owner"], "owner"),
            responsible=_user(data.get("responsible")),
            text=data["text"],
            due_on=data["due_on"],
        )
        return Response(self.get_serializer(created).data, status=201)

    @extend_schema(request=ActionCloseSerializer, responses={200: ActionSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        found = self.get_object()
        serializer = ActionCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meeting_id = data.pop("meeting", None)
        meeting = selectors.meeting_get_for(request.user, meeting_id) if meeting_id else None
        closed = services.action_close(actor=request.user, action=found, meeting=meeting, **data)
        return Response(self.get_serializer(closed).data)


class FamilyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The at-risk family register of the user's groups; `group` filters, `closed=1` includes the closed ones."""

    serializer_class = FamilySerializer
    permission_classes = [IsStaffWithMfa]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Family.objects.none()
        families = Family.objects.filter(group__in=selectors.groups_for(self.request.user).values("pk"))
        if self.request.query_params.get("closed") != "1":
            families = families.filter(closed_on__isnull=True)
        group = _int_param(self.request, "group")
        if group is not None:
            families = families.filter(group_id=group)
        return families.prefetch_related("cases", "persons").order_by("review_on", "pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("group", int, description="Only this group's"),
            OpenApiParameter("closed", str, enum=["0", "1"], description="1: include the closed ones"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated and not getattr(self, "swagger_fake_view", False):
            visible = Case.objects.visible_to(user).filter(followed_families__isnull=False)
            context["open_families"] = set(
                Family.objects.filter(cases__in=visible.values("pk")).values_list("pk", flat=True)
            )
        return context

    def get_object(self):
        return selectors.family_get_for(self.request.user, self.kwargs["pk"])

    def _answer(self, family: Family, status: int = 200) -> Response:
        return Response(self.get_serializer(Family.objects.get(pk=family.pk)).data, status=status)

    @extend_schema(request=FamilyCreateSerializer, responses={201: FamilySerializer})
    def create(self, request):
        serializer = FamilyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = selectors.group_get_for(request.user, data["group"])
        services.ensure_manages(request.user, group)
        cases = list(Case.objects.visible_to(request.user).filter(pk__in=data["cases"]))
        if len(cases) != len(set(data["cases"])):
            raise ValidationError({"cases": [_("Choose open cases of the group's territory.")]})
        from concord.people.models import Person

        persons = list(Person.objects.filter(pk__in=data["persons"]))
        if len(persons) != len(set(data["persons"])):
            raise ValidationError({"persons": [_("Choose persons of the linked cases.")]})
        family = services.family_add(
            actor=request.user,
            group=group,
            cases=cases,
            persons=persons,
            reason=data["reason"],
            review_on=data["review_on"],
            responsible=_agency(data["responsible"], "responsible"),
        )
        return self._answer(family, 201)

    @extend_schema(request=FamilyReviewSerializer, responses={200: FamilySerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        family = self.get_object()
        serializer = FamilyReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.family_review(actor=request.user, family=family, review_on=serializer.validated_data["review_on"])
        return self._answer(family)

    @extend_schema(request=FamilyCloseSerializer, responses={200: FamilySerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        family = self.get_object()
        serializer = FamilyCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.family_close(actor=request.user, family=family, **serializer.validated_data)
        return self._answer(family)

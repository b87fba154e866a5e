"""/api/v1/ for the programmes module: programme types (read), programmes (the directory; set up and changed by the
provider's supervisors; sessions with their attendance and the enrolments for the provider's staff), and
enrolments (requested by the case's agencies; enrolled, declined, completed or left at the provider), through the
same selectors and services as the HTML interface. A case reader's read is audited as a read of the case; a
provider's as a read of the enrolment."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from concord.accounts.capabilities import Capability
from concord.api.permissions import IsStaffWithMfa, capability_permission
from concord.audit.services import audit_record
from concord.cases.api.views import READERS, WRITERS, CaseDataViewSet
from concord.cases.models import Participant
from concord.cases.selectors import case_read
from concord.programmes import selectors, services
from concord.programmes.api.serializers import (
    MAX_ID,
    CampaignActivityCreateSerializer,
    CampaignActivitySerializer,
    CampaignCreateSerializer,
    CampaignProgrammeCreateSerializer,
    CampaignProgrammeSerializer,
    CampaignSerializer,
    CoverageSerializer,
    EnrolmentChooseSerializer,
    EnrolmentCompleteSerializer,
    EnrolmentDeclineSerializer,
    EnrolmentEnrolSerializer,
    EnrolmentLeaveSerializer,
    EnrolmentRequestSerializer,
    EnrolmentSerializer,
    EnrolmentWithdrawSerializer,
    MaterialCreateSerializer,
    MaterialSerializer,
    MaterialUploadSerializer,
    MaterialVersionSerializer,
    PlanReportSerializer,
    ProgrammeCreateSerializer,
    ProgrammeSerializer,
    ProgrammeTypeSerializer,
    ProgrammeUpdateSerializer,
    ReachSerializer,
    SessionCreateSerializer,
    SessionSerializer,
    TraineeSerializer,
    TrainingPlanSerializer,
    TrainingPlanWriteSerializer,
    TrainingSessionCreateSerializer,
    TrainingSessionSerializer,
)
from concord.programmes.choices import Audience, ProgrammesAuditAction
from concord.programmes.models import (
    Campaign,
    CampaignProgramme,
    Enrolment,
    Material,
    Programme,
    ProgrammeType,
    TrainingPlan,
    TrainingSession,
)
from concord.programmes.rules import is_provider_staff, may_run_trainings
from concord.territory.models import Territory

TAB = "programmes"


class ProgrammeTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The perpetrator programme types of the user's country, with every version of their rules."""

    serializer_class = ProgrammeTypeSerializer
    permission_classes = [IsStaffWithMfa]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgrammeType.objects.none()
        agency = self.request.user.agency
        return selectors.programme_types(agency.territory.country_code).prefetch_related("versions")


class ProgrammeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The perpetrator programmes of the user's country. A supervisor of an agency that may run a type sets one up
    and changes it; the provider's staff record its sessions and read its enrolments."""

    serializer_class = ProgrammeSerializer
    permission_classes = [READERS]
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        return selectors.programme_list_for(self.request.user)

    def _answer(self, programme: Programme, status: int = 200) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=programme.pk)).data, status=status)

    @extend_schema(request=ProgrammeCreateSerializer, responses={201: ProgrammeSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ProgrammeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency = request.user.agency
        programme_type = selectors.programme_types(agency.territory.country_code).filter(pk=data.pop("programme_type"))
        if not programme_type.exists():
            raise ValidationError({"programme_type": [_("Choose a programme type of this country.")]})
        programme = services.programme_create(actor=request.user, programme_type=programme_type.get(), **data)
        return self._answer(programme, 201)

    @extend_schema(request=ProgrammeUpdateSerializer, responses={200: ProgrammeSerializer})
    def update(self, request, *args, **kwargs):
        programme = self.get_object()
        serializer = ProgrammeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.programme_update(actor=request.user, programme=programme, **serializer.validated_data)
        return self._answer(programme)

    def _provided(self, pk) -> Programme:
        programme = selectors.programme_get_for(self.request.user, pk)
        if not is_provider_staff(self.request.user, programme):
            raise PermissionDenied
        return programme

    @extend_schema(responses={200: SessionSerializer(many=True)})
    @action(detail=True, methods=["get"], permission_classes=[WRITERS])
    def sessions(self, request, pk=None):
        """The sessions held, newest first, with their attendance, for the provider's staff."""
        programme = self._provided(pk)
        held = programme.sessions_held.prefetch_related("attendance").order_by("-held_at", "-pk")[:200]
        return Response(SessionSerializer(held, many=True).data)

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer})
    @sessions.mapping.post
    def record_session(self, request, pk=None):
        """A session held, with the attendance of each person it concerned."""
        programme = self._provided(pk)
        serializer = SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        marks = {row["enrolment"]: row["presence"] for row in data["attendance"]}
        if len(marks) < len(data["attendance"]):
            raise ValidationError({"attendance": [_("Mark each person once.")]})
        session = services.session_record(
            actor=request.user,
            programme=programme,
            held_at=data["held_at"],
            hours=data["hours"],
            topic=data["topic"],
            attendance=marks,
        )
        return Response(SessionSerializer(session).data, status=201)

    @extend_schema(responses={200: EnrolmentSerializer(many=True)})
    @action(detail=True, methods=["get"], permission_classes=[WRITERS])
    def enrolments(self, request, pk=None):
        """The programme's open enrolments (awaiting it or attending), for its provider's staff; every enrolment,
        ended ones too, is listed a page at a time by /api/v1/enrolments/?programme=<id>."""
        programme = self._provided(pk)
        enrolments = selectors.programme_enrolments(programme)
        audit_record(
            action=ProgrammesAuditAction.ENROLMENT_READ,
            actor=request.user,
            target=programme,
            details={"listed": len(enrolments)},
        )
        context = {"counts": selectors.attendance_counts([e.pk for e in enrolments]), "case_side_ids": set()}
        return Response(EnrolmentSerializer(enrolments, many=True, context=context).data)


class EnrolmentViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Enrolments of alleged perpetrators in programmes: those of the cases the user may see and those of the
    programmes the user's agency runs (without their case)."""

    serializer_class = EnrolmentSerializer
    filterset_fields = ["status", "programme"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        user = self.request.user
        case_side = Enrolment.objects.visible_to(user).values("pk")
        provided = selectors.enrolments_provided(user).values("pk")
        return (
            Enrolment.objects.filter(Q(pk__in=case_side) | Q(pk__in=provided))
            .select_related("participant__person", "programme_type")
            .order_by("-required_at", "-pk")
        )

    def _context_for(self, enrolments) -> dict:
        case_ids = {e.case_id for e in enrolments}
        visible = set(
            Enrolment.objects.visible_to(self.request.user, among=case_ids)
            .filter(pk__in=[e.pk for e in enrolments])
            .values_list("case_id", flat=True)
        )
        return {"case_side_ids": visible, "counts": selectors.attendance_counts([e.pk for e in enrolments])}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = self.get_serializer(page, many=True)
        serializer.context.update(self._context_for(page))
        return self.get_paginated_response(serializer.data)

    def _access(self, pk, action: str = "view") -> selectors.EnrolmentAccess:
        access = selectors.enrolment_get_for(self.request.user, pk, action)
        if access.case_side:
            case_read(self.request.user, access.enrolment.case, section=TAB)
        else:
            audit_record(
                action=ProgrammesAuditAction.ENROLMENT_READ,
                actor=self.request.user,
                target=access.enrolment,
                case_id=access.enrolment.case_id,
            )
        return access

    def _answer(self, enrolment: Enrolment, status: int = 200) -> Response:
        enrolment = Enrolment.objects.select_related("participant__person", "programme_type").get(pk=enrolment.pk)
        serializer = self.get_serializer(enrolment)
        serializer.context.update(self._context_for([enrolment]))
        return Response(serializer.data, status=status)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self._access(kwargs["pk"]).enrolment)

    @extend_schema(request=EnrolmentRequestSerializer, responses={201: EnrolmentSerializer})
    def create(self, request):
        case = self.case_from_request()
        serializer = EnrolmentRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = Participant.objects.filter(case=case, pk=data["participant"]).first()
        if participant is None:
            raise ValidationError({"participant": [_("Choose an alleged perpetrator of this case.")]})
        programme = selectors.cases_programmes(case).filter(pk=data["programme"]).first()
        if programme is None:
            raise ValidationError({"programme": [_("Choose a programme that serves this case's area.")]})
        enrolment = services.enrolment_request(
            actor=request.user,
            case=case,
            participant=participant,
            programme=programme,
            basis=data["basis"],
            reference=data["reference"],
        )
        return self._answer(enrolment, 201)

    def _case_side(self, pk) -> Enrolment:
        access = self._access(pk, "edit")
        if not access.case_side:
            raise NotFound
        return access.enrolment

    def _provider_side(self, pk) -> Enrolment:
        access = self._access(pk)
        if not access.as_provider:
            raise PermissionDenied
        return access.enrolment

    @extend_schema(request=EnrolmentChooseSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def choose(self, request, pk=None):
        """The programme for a requirement of an order that awaits one."""
        enrolment = self._case_side(pk)
        serializer = EnrolmentChooseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = selectors.choosable_programmes(enrolment).filter(pk=serializer.validated_data["programme"]).first()
        if programme is None:
            raise ValidationError({"programme": [_("Choose a programme of the type required.")]})
        return self._answer(services.enrolment_choose(actor=request.user, enrolment=enrolment, programme=programme))

    @extend_schema(request=EnrolmentWithdrawSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        enrolment = self._case_side(pk)
        serializer = EnrolmentWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(
            services.enrolment_withdraw(actor=request.user, enrolment=enrolment, **serializer.validated_data)
        )

    def _provider_act(self, pk, serializer_class, service) -> Response:
        enrolment = self._provider_side(pk)
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(service(actor=self.request.user, enrolment=enrolment, **serializer.validated_data))

    @extend_schema(request=EnrolmentEnrolSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        return self._provider_act(pk, EnrolmentEnrolSerializer, services.enrolment_enrol)

    @extend_schema(request=EnrolmentDeclineSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._provider_act(pk, EnrolmentDeclineSerializer, services.enrolment_decline)

    @extend_schema(request=EnrolmentCompleteSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._provider_act(pk, EnrolmentCompleteSerializer, services.enrolment_complete)

    @extend_schema(request=EnrolmentLeaveSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """Drop-out or exclusion: the case's lead worker is told and the risk reassessment falls due."""
        return self._provider_act(pk, EnrolmentLeaveSerializer, services.enrolment_leave)


# ---- trainings ------------------------------------------------------------------------------------------------

TRAINING_READERS = capability_permission(Capability.RUN_TRAININGS, Capability.VIEW_STATISTICS)


class _WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class TrainingPlanFilter(django_filters.FilterSet):
    year = _WholeNumberFilter(method="by_year", min_value=2000, max_value=2100, label=gettext_lazy("Year"))
    audience = django_filters.ChoiceFilter(
        method="by_audience", choices=Audience.choices, label=gettext_lazy("Audience")
    )
    territory = _WholeNumberFilter(
        method="within",
        min_value=1,
        max_value=MAX_ID,
        label=gettext_lazy("An area: its plans and those of the areas within it"),
    )

    def by_year(self, queryset, name, value):
        return selectors.training_plans_filtered(queryset, year=int(value))

    def by_audience(self, queryset, name, value):
        return selectors.training_plans_filtered(queryset, audience=value)

    def within(self, queryset, name, value):
        territory = Territory.objects.filter(pk=int(value)).first()
        return selectors.training_plans_filtered(queryset, territory=territory) if territory else queryset.none()


class TrainingPlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The training plans of the user's country; the staff who run their agency's trainings make and change them."""

    serializer_class = TrainingPlanSerializer
    permission_classes = [TRAINING_READERS]
    filterset_class = TrainingPlanFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingPlan.objects.none()
        return selectors.training_plan_list_for(self.request.user)

    def _answer(self, plan: TrainingPlan, status: int = 200) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data, status=status)

    @extend_schema(request=TrainingPlanWriteSerializer, responses={201: TrainingPlanSerializer})
    def create(self, request, *args, **kwargs):
        serializer = TrainingPlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(services.training_plan_create(actor=request.user, **serializer.validated_data), 201)

    @extend_schema(request=TrainingPlanWriteSerializer, responses={200: TrainingPlanSerializer})
    def update(self, request, *args, **kwargs):
        plan = self.get_object()
        serializer = TrainingPlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.training_plan_update(actor=request.user, plan=plan, **serializer.validated_data)
        return self._answer(plan)

    @extend_schema(responses={200: PlanReportSerializer})
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        """What the plan achieved: sessions, people trained, topics covered, participants by agency kind and sex,
        test scores."""
        return Response(PlanReportSerializer(selectors.plan_report(self.get_object())).data)


class TrainingSessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The trainings of the country's plans, with their attendance sheets."""

    serializer_class = TrainingSessionSerializer
    permission_classes = [TRAINING_READERS]
    filterset_fields = ["plan"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingSession.objects.none()
        plans = selectors.training_plan_list_for(self.request.user).values("pk")
        return TrainingSession.objects.filter(plan__in=plans).order_by("-starts_at", "-pk")

    @extend_schema(request=TrainingSessionCreateSerializer, responses={201: TrainingSessionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = TrainingSessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan = selectors.training_plan_get_for(request.user, data.pop("plan"))
        session = services.training_session_record(actor=request.user, plan=plan, **data)
        return Response(TrainingSessionSerializer(session).data, status=201)

    @extend_schema(responses={200: TraineeSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def trainees(self, request, pk=None):
        """The attendance sheet as recorded, for the staff who run the plan's trainings."""
        session = self.get_object()
        if not may_run_trainings(request.user, session.plan.owner):
            raise PermissionDenied
        return Response(TraineeSerializer(_sheet_rows(session.trainees.all()), many=True).data)

    @extend_schema(request=TraineeSerializer(many=True), responses={200: TraineeSerializer(many=True)})
    @trainees.mapping.put
    def record_trainees(self, request, pk=None):
        """The attendance sheet as filled in: it replaces the one recorded."""
        session = self.get_object()
        serializer = TraineeSerializer(data=request.data, many=True, max_length=500)
        serializer.is_valid(raise_exception=True)
        saved = services.trainees_record(actor=request.user, session=session, rows=list(serializer.validated_data))
        return Response(TraineeSerializer(_sheet_rows(saved), many=True).data)


def _sheet_rows(trainees) -> list[dict]:
    fields = ("name", "organisation", "role", "agency_kind", "sex", "attended", "pre_score", "post_score")
    return [{"user": trainee.user_id} | {field: getattr(trainee, field) for field in fields} for trainee in trainees]


class TrainingCoverageView(APIView):
    """Who in an area was trained in the last months: each monitoring group's members and the police officers
    handling domestic violence, as shares; participants by agency kind and sex; test scores."""

    permission_classes = [TRAINING_READERS]

    @extend_schema(
        parameters=[
            OpenApiParameter("territory", int, description="The area (the user's agency's when absent)"),
            OpenApiParameter("months", int, description="Trained in the last so many months (1 to 120, default 24)"),
        ],
        responses={200: CoverageSerializer},
    )
    def get(self, request):
        agency = request.user.agency
        territories = selectors.coverage_territories(agency)
        territory = agency.territory
        if request.query_params.get("territory"):
            try:
                pk = int(request.query_params["territory"])
                # Beyond any id the database holds (SQLite would overflow on it).
                territory = territories.get(pk=pk if 0 < pk <= MAX_ID else 0)
            except (ValueError, Territory.DoesNotExist):
                raise ValidationError({"territory": [_("Choose your agency's area or one within it.")]}) from None
        try:
            months = int(request.query_params.get("months", 24))
        except ValueError:
            months = 0
        if not 1 <= months <= 120:
            raise ValidationError({"months": [_("Choose from 1 to 120 months.")]})
        coverage = selectors.training_coverage(territory, months, timezone.localdate())
        return Response(CoverageSerializer(coverage).data)


# ---- the materials library and the awareness campaigns ----------------------------------------------------------


class MaterialViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The materials library, open to every member of staff; the staff who run trainings and campaigns add to it."""

    serializer_class = MaterialSerializer
    permission_classes = [IsStaffWithMfa]
    filterset_fields = ["kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Material.objects.none()
        return selectors.material_list_for(self.request.user)

    @extend_schema(request=MaterialCreateSerializer, responses={201: MaterialSerializer})
    def create(self, request, *args, **kwargs):
        serializer = MaterialCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        material = services.material_create(actor=request.user, **serializer.validated_data)
        return Response(MaterialSerializer(material).data, status=201)

    @extend_schema(
        request={"multipart/form-data": MaterialUploadSerializer}, responses={201: MaterialVersionSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def versions(self, request, pk=None):
        """A file of the material in a version and a language."""
        material = self.get_object()
        serializer = MaterialUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = services.material_version_add(
            actor=request.user, material=material, version=data["version"], language=data["language"],
            upload=data["file"],
        )  # fmt: skip
        return Response(MaterialVersionSerializer(version).data, status=201)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>[0-9]+)")
    def download(self, request, pk=None, file_pk=None):
        """A file of the material; each download is counted."""
        material = self.get_object()
        version = material.versions.filter(pk=file_pk).first()
        if version is None:
            raise NotFound
        services.material_downloaded(actor=request.user, version=version)
        response = FileResponse(
            version.file.open("rb"), as_attachment=True, filename=version.file_name, content_type=version.content_type
        )
        response["Cache-Control"] = "no-store"
        return response


class CampaignProgrammeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The programmes of awareness campaigns of the user's country."""

    serializer_class = CampaignProgrammeSerializer
    permission_classes = [TRAINING_READERS]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CampaignProgramme.objects.none()
        return selectors.campaign_programme_list_for(self.request.user)

    @extend_schema(request=CampaignProgrammeCreateSerializer, responses={201: CampaignProgrammeSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CampaignProgrammeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = services.campaign_programme_create(actor=request.user, **serializer.validated_data)
        return Response(CampaignProgrammeSerializer(programme).data, status=201)


class CampaignViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Awareness campaigns with their activities and reach."""

    serializer_class = CampaignSerializer
    permission_classes = [TRAINING_READERS]
    filterset_fields = ["programme"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        programmes = selectors.campaign_programme_list_for(self.request.user).values("pk")
        return (
            Campaign.objects.filter(programme__in=programmes)
            .prefetch_related("activities__materials")
            .order_by("-starts_on", "-pk")
        )

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CampaignCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        programme = selectors.campaign_programme_get_for(request.user, data.pop("programme"))
        campaign = services.campaign_create(actor=request.user, programme=programme, **data)
        return Response(CampaignSerializer(campaign).data, status=201)

    @extend_schema(request=CampaignActivityCreateSerializer, responses={201: CampaignActivitySerializer})
    @action(detail=True, methods=["post"])
    def activities(self, request, pk=None):
        """An activity of the campaign: channel, dates, where, the people reached and the materials used."""
        campaign = self.get_object()
        serializer = CampaignActivityCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        territory = selectors.programme_territories(campaign.programme).filter(pk=data.pop("territory")).first()
        if territory is None:
            raise ValidationError({"territory": [_("Choose a place within the programme's area.")]})
        wanted = set(data.pop("materials"))
        materials = list(Material.objects.filter(pk__in=wanted))
        if len(materials) < len(wanted):
            raise ValidationError({"materials": [_("Choose materials of the library.")]})
        activity = services.campaign_activity_record(
            actor=request.user, campaign=campaign, territory=territory, materials=materials, **data
        )
        return Response(CampaignActivitySerializer(activity).data, status=201)

    @extend_schema(responses={200: ReachSerializer})
    @action(detail=True, methods=["get"])
    def reach(self, request, pk=None):
        """The people reached, in all and by channel."""
        return Response(ReachSerializer(selectors.campaign_reach(self.get_object().activities.all())).data)

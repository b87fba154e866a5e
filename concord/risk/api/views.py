"""/api/v1/ for risk: instruments (read) and assessments (create, read, override), through the same selectors and
services as the HTML interface."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from concord.accounts.capabilities import Capability
from concord.api.permissions import capability_permission
from concord.cases.api.views import CaseDataViewSet
from concord.cases.choices import ParticipantRole
from concord.cases.selectors import case_read
from concord.risk import selectors, services
from concord.risk.api.serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    InstrumentSerializer,
    LoweringDecisionSerializer,
    OverrideSerializer,
)
from concord.risk.models import Assessment, InstrumentVersion

INSTRUMENT_READERS = capability_permission(
    Capability.VIEW_INVOLVED_CASES, Capability.VIEW_JURISDICTION_CASES, Capability.MANAGE_RISK_INSTRUMENTS
)


class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InstrumentSerializer
    permission_classes = [INSTRUMENT_READERS]
    filterset_fields = ["code", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InstrumentVersion.objects.none()
        return selectors.instrument_list_for(self.request.user)

    def get_object(self):
        return selectors.instrument_get_for(self.request.user, self.kwargs["pk"])


class AssessmentViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = AssessmentSerializer
    filterset_fields = ["case", "final_level"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return selectors.assessment_list_for(self.request.user).order_by("-assessed_at", "-pk")

    def get_object(self):
        assessment = selectors.assessment_get_for(self.request.user, self.kwargs["pk"])
        case_read(self.request.user, assessment.case, section="risk_assessment")
        return assessment

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
    def create(self, request):
        case = self.case_from_request()
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        instrument = InstrumentVersion.objects.filter(pk=data["instrument"]).first()
        if instrument is None:
            raise ValidationError({"instrument": [_("Unknown instrument.")]})
        perpetrator = None
        if data.get("perpetrator"):
            perpetrator = case.participants.filter(
                pk=data["perpetrator"], role=ParticipantRole.ALLEGED_PERPETRATOR
            ).first()
            if perpetrator is None:
                raise ValidationError({"perpetrator": [_("Choose an alleged perpetrator of this case.")]})
        assessment = services.assessment_create(
            actor=request.user,
            case=case,
            instrument=instrument,
            answers=data["answers"],
            source=data["source"],
            perpetrator=perpetrator,
            override_level=data.get("override_level"),
            override_rationale=data.get("override_rationale", ""),
            lowering_reason=data["lowering_reason"],
        )
        self._with_sensitive([assessment])
        return Response(self.get_serializer(assessment).data, status=201)

    @extend_schema(request=OverrideSerializer, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        assessment = selectors.assessment_get_for(request.user, pk, "edit")
        serializer = OverrideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assessment_override(
            actor=request.user,
            assessment=assessment,
            level=serializer.validated_data["level"],
            rationale=serializer.validated_data["rationale"],
        )
        self._with_sensitive([assessment])
        return Response(self.get_serializer(assessment).data)

    @extend_schema(request=LoweringDecisionSerializer, responses={200: AssessmentSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="decide-lowering",
        permission_classes=[capability_permission(Capability.APPROVE_CASE_DECISIONS)],
    )
    def decide_lowering(self, request, pk=None):
        assessment = selectors.assessment_get_for(request.user, pk)
        serializer = LoweringDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.assessment_decide_lowering(
            actor=request.user, assessment=assessment, confirm=serializer.validated_data["confirm"]
        )
        self._with_sensitive([assessment])
        return Response(self.get_serializer(assessment).data)

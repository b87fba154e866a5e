"""/api/v1/ for referrals: the services directory and hotlines (read), referrals (send, read, and the accept,
decline, complete, revoke, reassign and contact-attempt actions), through the same selectors and services as the
HTML interface. Every read of a referral is audited as a read of its case."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from concord.api.permissions import IsStaffWithMfa
from concord.cases.api.views import CaseDataViewSet
from concord.cases.selectors import case_read
from concord.referrals import selectors, services
from concord.referrals.api.serializers import (
    AgencyServiceSerializer,
    AttemptSerializer,
    CompleteSerializer,
    DeclineSerializer,
    HotlineSerializer,
    PlacesSerializer,
    ReasonSerializer,
    ReassignSerializer,
    ReferralCreateSerializer,
    ReferralSerializer,
    ServiceTypeSerializer,
)
from concord.referrals.choices import OPEN_STATES
from concord.referrals.models import AgencyService, Hotline, Referral, ServiceType
from concord.territory.models import Territory


def _country(request) -> str:
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied
    return agency.territory.country_code


def _positive_int(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: [_("Expected a number.")]}) from None
    if not 0 < number < 2**63:
        raise ValidationError({field: [_("Expected a number.")]})
    return number


class ServiceTypeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceTypeSerializer
    permission_classes = [IsStaffWithMfa]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ServiceType.objects.none()
        return selectors.service_types(_country(self.request))


class AgencyServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The services directory of the user's country: `territory` (an id) keeps those serving it, `service_type`
    (an id) one type, `q` agencies whose name contains it."""

    serializer_class = AgencyServiceSerializer
    permission_classes = [IsStaffWithMfa]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgencyService.objects.none()
        country = _country(self.request)
        params = self.request.query_params
        territory = None
        territory_id = _positive_int(params.get("territory"), "territory")
        if territory_id is not None:
            territory = Territory.objects.filter(pk=territory_id, country_code=country).first()
            if territory is None:
                raise ValidationError({"territory": [_("Choose a territory of your country.")]})
        type_id = _positive_int(params.get("service_type"), "service_type")
        return selectors.directory(
            country, territory=territory, service_type=type_id, text=params.get("q", "")[:100]
        ).order_by("pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("territory", int, description="Services serving this territory"),
            OpenApiParameter("service_type", int),
            OpenApiParameter("q", str, description="Part of the agency's name"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PlacesSerializer, responses={200: AgencyServiceSerializer})
    @action(detail=True, methods=["post"])
    def places(self, request, pk=None):
        service = selectors.service_get(pk, _country(request))
        if service is None:
            raise NotFound
        serializer = PlacesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.service_set_places(actor=request.user, service=service, **serializer.validated_data)
        return Response(AgencyServiceSerializer(service).data)


class HotlineViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HotlineSerializer
    permission_classes = [IsStaffWithMfa]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hotline.objects.none()
        return selectors.hotlines(_country(self.request))


class ReferralViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Referrals the user may see. `direction=incoming` lists the open ones sent to the user's agency, the next
    deadline first; `direction=outgoing` those the agency sent."""

    serializer_class = ReferralSerializer
    filterset_fields = ["case", "state"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        user = self.request.user
        referrals = Referral.objects.visible_to(user)
        direction = self.request.query_params.get("direction", "")
        if direction == "incoming":
            referrals = referrals.filter(to_agency=user.agency, state__in=OPEN_STATES).order_by("due_at", "pk")
        else:
            if direction == "outgoing":
                referrals = referrals.filter(from_agency=user.agency)
            referrals = referrals.order_by("-sent_at", "-pk")
        return referrals.select_related("case", "service_type", "pathway").prefetch_related("attempts")

    @extend_schema(
        parameters=[OpenApiParameter("direction", str, enum=["incoming", "outgoing"], description="Queue to list")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _referral(self, pk, action: str = "view") -> Referral:
        referral = selectors.referral_get_for(self.request.user, pk, action)
        case_read(self.request.user, referral.case, section="referrals")
        return referral

    def get_object(self):
        return self._referral(self.kwargs["pk"])

    def _answer(self, referral: Referral) -> Response:
        referral = Referral.objects.select_related("case", "service_type", "pathway").get(pk=referral.pk)
        self._with_sensitive([referral])
        return Response(self.get_serializer(referral).data)

    @extend_schema(request=ReferralCreateSerializer, responses={201: ReferralSerializer})
    def create(self, request):
        case = self.case_from_request()
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        service = selectors.service_get(data["service"], case.territory.country_code)
        if service is None:
            raise ValidationError({"service": [_("This agency does not offer that service in the case's territory.")]})
        consent = None
        if data.get("consent"):
            consent = case.consents.filter(pk=data["consent"]).first()
            if consent is None:
                raise ValidationError({"consent": [_("This consent does not cover a referral to that agency.")]})
        referral = services.referral_send(
            actor=request.user,
            case=case,
            service=service,
            urgency=data["urgency"],
            reason=data["reason"],
            shared_sections=data.get("shared_sections"),
            safe_contact=data.get("safe_contact"),
            consent=consent,
            legal_exception=data.get("legal_exception", ""),
            justification=data.get("justification", ""),
        )
        response = self._answer(referral)
        response.status_code = 201
        return response

    @extend_schema(request=None, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        referral = self._referral(pk, "edit")
        services.referral_accept(actor=request.user, referral=referral)
        return self._answer(referral)

    @extend_schema(request=DeclineSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        referral = self._referral(pk, "edit")
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_decline(actor=request.user, referral=referral, **serializer.validated_data)
        return Response(self.get_serializer(referral).data)

    @extend_schema(request=CompleteSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        referral = self._referral(pk, "edit")
        serializer = CompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_complete(actor=request.user, referral=referral, **serializer.validated_data)
        return self._answer(referral)

    @extend_schema(request=ReasonSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        referral = self._referral(pk, "edit")
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_revoke(actor=request.user, referral=referral, **serializer.validated_data)
        return Response(self.get_serializer(referral).data)

    @extend_schema(request=ReassignSerializer, responses={201: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        referral = self._referral(pk, "edit")
        serializer = ReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = selectors.service_get(serializer.validated_data["service"], referral.case.territory.country_code)
        if service is None:
            raise ValidationError({"service": [_("Choose another agency offering the same service.")]})
        successor = services.referral_reassign(
            actor=request.user, referral=referral, service=service, reason=serializer.validated_data["reason"]
        )
        response = self._answer(successor)
        response.status_code = 201
        return response

    @extend_schema(request=AttemptSerializer, responses={201: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def attempts(self, request, pk=None):
        referral = self._referral(pk, "edit")
        serializer = AttemptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.contact_attempt_record(actor=request.user, referral=referral, **serializer.validated_data)
        response = self._answer(referral)
        response.status_code = 201
        return response

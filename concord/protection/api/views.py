"""/api/v1/ for the protection module: order types and legal qualifications (read), orders (apply, read, and the
decide, extend, revoke, appeal, appeal-decision, dates and breach actions), proceedings (open, read, stages), through
the same selectors and services as the HTML interface. Every read of an order is audited as a read of its case."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from concord.api.permissions import IsStaffWithMfa
from concord.cases.api.views import CaseDataViewSet
from concord.cases.models import Incident, Participant
from concord.cases.scoping import get_for
from concord.cases.selectors import case_read
from concord.protection import selectors, services
from concord.protection.api.serializers import (
    BreachCreateSerializer,
    MeasureTypeSerializer,
    OrderAppealDecisionSerializer,
    OrderAppealSerializer,
    OrderApplySerializer,
    OrderDatesSerializer,
    OrderDecideSerializer,
    OrderExtendSerializer,
    OrderRevokeSerializer,
    OrderSerializer,
    ProceedingCreateSerializer,
    ProceedingSerializer,
    QualificationSerializer,
    StepCreateSerializer,
)
from concord.protection.models import MeasureType, Order, Proceeding, Qualification

TAB = "protection"


def _country(request) -> str:
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied
    return agency.territory.country_code


class MeasureTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The types of protection order of the user's country, with every version of their legal numbers."""

    serializer_class = MeasureTypeSerializer
    permission_classes = [IsStaffWithMfa]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MeasureType.objects.none()
        return selectors.measure_types(_country(self.request)).prefetch_related("versions")


class QualificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The articles of the codes of the user's country that proceedings are brought under, with their dates."""

    serializer_class = QualificationSerializer
    permission_classes = [IsStaffWithMfa]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Qualification.objects.none()
        return selectors.qualifications_of(_country(self.request))


class OrderViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Protection orders. `view` lists one view of the register (in_force, expiring, breached, gaps, applied,
    all); without it, every order the user may see."""

    serializer_class = OrderSerializer
    filterset_fields = ["case", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        view = self.request.query_params.get("view", "")
        if view in selectors.REGISTER_VIEWS:
            orders = selectors.register(self.request.user, view, issued_by_own_agency=False)
        else:
            orders = Order.objects.visible_to(self.request.user).order_by("-applied_at", "-pk")
        return orders.select_related("case", "measure").prefetch_related("protected", "breaches")

    @extend_schema(
        parameters=[
            OpenApiParameter("view", str, enum=list(selectors.REGISTER_VIEWS), description="A view of the register")
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _order(self, pk, action: str = "view") -> Order:
        order = selectors.order_get_for(self.request.user, pk, action)
        case_read(self.request.user, order.case, section=TAB)
        return order

    def get_object(self):
        return self._order(self.kwargs["pk"])

    def _answer(self, order: Order, status: int = 200) -> Response:
        order = (
            Order.objects.select_related("case", "measure").prefetch_related("protected", "breaches").get(pk=order.pk)
        )
        self._with_sensitive([order])
        return Response(self.get_serializer(order).data, status=status)

    @extend_schema(request=OrderApplySerializer, responses={201: OrderSerializer})
    def create(self, request):
        case = self.case_from_request()
        serializer = OrderApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        measure = selectors.measure_types(case.territory.country_code).filter(pk=data["measure"]).first()
        if measure is None:
            raise ValidationError({"measure": [_("Choose an order type of the case's country.")]})
        people = {
            p.pk: p for p in Participant.objects.filter(case=case, pk__in=[data["respondent"], *data["protected"]])
        }
        respondent = people.get(data["respondent"])
        if respondent is None:
            raise ValidationError({"respondent": [_("The respondent must be an alleged perpetrator of this case.")]})
        if any(pk not in people for pk in data["protected"]):
            raise ValidationError({"protected": [_("An order protects the survivor and the children of this case.")]})
        issuer = selectors.issuers_for(case.territory.country_code).filter(pk=data["issuer"]).first()
        if issuer is None:
            raise ValidationError({"issuer": [_("Choose an agency that issues this order type.")]})
        previous = None
        if data.get("previous"):
            previous = Order.objects.filter(case=case, pk=data["previous"]).first()
            if previous is None:
                raise ValidationError(
                    {"previous": [_("Choose an order of this case that the new one replaces or renews.")]}
                )
        order = services.order_apply(
            actor=request.user,
            case=case,
            measure=measure,
            applicant_kind=data["applicant_kind"],
            respondent=respondent,
            protected=[people[pk] for pk in dict.fromkeys(data["protected"])],
            issuer=issuer,
            applied_at=data["applied_at"],
            previous=previous,
            relation=data.get("relation", "") if previous else "",
        )
        return self._answer(order, 201)

    def _act(self, pk, serializer_class, service, **extra) -> Response:
        order = self._order(pk, "edit")
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        result = service(actor=self.request.user, order=order, **serializer.validated_data, **extra)
        return self._answer(result if isinstance(result, Order) else order)

    @extend_schema(request=OrderDecideSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._act(pk, OrderDecideSerializer, services.order_decide)

    @extend_schema(request=OrderExtendSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Answers the extension: a new order that follows this one."""
        return self._act(pk, OrderExtendSerializer, services.order_extend)

    @extend_schema(request=OrderRevokeSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._act(pk, OrderRevokeSerializer, services.order_revoke)

    @extend_schema(request=OrderAppealSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        return self._act(pk, OrderAppealSerializer, services.order_appeal)

    @extend_schema(request=OrderAppealDecisionSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"], url_path="appeal-decision")
    def appeal_decision(self, request, pk=None):
        return self._act(pk, OrderAppealDecisionSerializer, services.order_appeal_decide)

    @extend_schema(request=OrderDatesSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def dates(self, request, pk=None):
        return self._act(pk, OrderDatesSerializer, services.order_record_dates)

    @extend_schema(request=BreachCreateSerializer, responses={201: OrderSerializer})
    @action(detail=True, methods=["post"])
    def breaches(self, request, pk=None):
        order = self._order(pk, "edit")
        serializer = BreachCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.breach_record(actor=request.user, order=order, **serializer.validated_data)
        return self._answer(order, 201)


class ProceedingViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Criminal and administrative proceedings that followed the incidents of the cases the user may see."""

    serializer_class = ProceedingSerializer
    filterset_fields = ["case", "incident", "stage"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Proceeding.objects.none()
        proceedings = Proceeding.objects.visible_to(self.request.user).order_by("-created_at", "-pk")
        return proceedings.select_related("qualification").prefetch_related("steps")

    def _proceeding(self, pk, action: str = "view") -> Proceeding:
        proceeding = selectors.proceeding_get_for(self.request.user, pk, action)
        case_read(self.request.user, proceeding.case, section=TAB)
        return proceeding

    def get_object(self):
        return self._proceeding(self.kwargs["pk"])

    def _answer(self, proceeding: Proceeding, status: int) -> Response:
        proceeding = Proceeding.objects.select_related("qualification").prefetch_related("steps").get(pk=proceeding.pk)
        self._with_sensitive([proceeding])
        return Response(self.get_serializer(proceeding).data, status=status)

    @extend_schema(request=ProceedingCreateSerializer, responses={201: ProceedingSerializer})
    def create(self, request):
        serializer = ProceedingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # The incident's case is checked first: out of scope is 404 whatever else is sent.
        incident = get_for(Incident.objects.select_related("case__territory"), request.user, data["incident"], "edit")
        qualification = (
            selectors.qualifications_of(incident.case.territory.country_code).filter(pk=data["qualification"]).first()
        )
        if qualification is None:
            raise ValidationError(
                {"qualification": [_("Choose an article of this kind that was in force on the day of the incident.")]}
            )
        proceeding = services.proceeding_open(
            actor=request.user,
            incident=incident,
            kind=data["kind"],
            body=data["body"],
            qualification=qualification,
            registered_on=data["registered_on"],
            reference=data["reference"],
        )
        return self._answer(proceeding, 201)

    @extend_schema(request=StepCreateSerializer, responses={201: ProceedingSerializer})
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        proceeding = self._proceeding(pk, "edit")
        serializer = StepCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.proceeding_advance(actor=request.user, proceeding=proceeding, **serializer.validated_data)
        return self._answer(proceeding, 201)

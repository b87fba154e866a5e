from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from concord.accounts import services, tokens, views
from concord.accounts.api.serializers import (
    AgencyKindSerializer,
    AgencySerializer,
    MeSerializer,
    UserSerializer,
    UserWriteSerializer,
)
from concord.accounts.capabilities import Capability
from concord.accounts.models import Agency, ApiToken, User
from concord.accounts.selectors import (
    agency_get_for,
    agency_kind_list,
    agency_list,
    managed_agency_for,
    membership_jurisdiction,
    team_scope_allowed,
    user_get_for,
    user_list_for,
)
from concord.api.permissions import IsStaffWithMfa, SessionOnly, capability_permission
from concord.common import worklist
from concord.common.translated import code_or_name_contains


class MeView(APIView):
    permission_classes = [IsStaffWithMfa]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        membership = user.membership
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "role": membership.role if membership else None,
            "agency": membership.agency.code if membership else None,
            "jurisdiction": [unit.code for unit in membership_jurisdiction(membership)] if membership else [],
            "capabilities": sorted(capability.value for capability in membership.capabilities) if membership else [],
        }
        return Response(MeSerializer(data).data)


class WorkItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    level = serializers.IntegerField(allow_null=True)


class WorkSourceSerializer(serializers.Serializer):
    source = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    more_url = serializers.CharField()
    items = WorkItemSerializer(many=True)


class WorkView(APIView):
    """What awaits the caller ("mine") or their team ("team": supervisors and coordinators), as on the work page."""

    permission_classes = [IsStaffWithMfa]

    @extend_schema(
        parameters=[OpenApiParameter("scope", str, enum=[worklist.MINE, worklist.TEAM], required=False)],
        responses=WorkSourceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request.user
        team = team_scope_allowed(user)
        scope = request.query_params.get("scope", worklist.TEAM if team else worklist.MINE)
        if scope not in (worklist.MINE, worklist.TEAM):
            raise ValidationError({"scope": [_("Choose mine or team.")]})
        if scope == worklist.TEAM and not team:
            raise PermissionDenied
        data = [
            {
                "source": source.name,
                "label": str(source.label),
                "count": page.count,
                "more_url": page.more_url,
                "items": [item.__dict__ for item in page.items],
            }
            for source, page in worklist.work_for(user, scope, views.WORK_PAGE_ITEMS)
        ]
        return Response(WorkSourceSerializer(data, many=True).data)


class AgencyKindViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencyKindSerializer
    filterset_fields = ["country_code", "code"]

    def get_queryset(self):
        return agency_kind_list().order_by("country_code", "code")


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=gettext_lazy("Code or name in any language contains"))

    class Meta:
        model = Agency
        fields = ["code", "kind__code", "territory__code", "is_active"]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(code_or_name_contains(value))


class AgencyViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The agency directory: readable by all staff, written by system administrators."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter

    def get_permissions(self):
        if self.action in {"create", "update", "partial_update"}:
            return [capability_permission(Capability.MANAGE_AGENCIES)()]
        return [IsStaffWithMfa()]

    def get_queryset(self):
        return agency_list().order_by("code")

    def get_object(self) -> Agency:
        if self.action in {"update", "partial_update"}:
            return agency_get_for(self.request.user, self.kwargs["pk"])
        return super().get_object()

    def perform_create(self, serializer) -> None:
        agency = Agency(**serializer.validated_data)
        serializer.instance = services.agency_save(
            actor=self.request.user,
            agency=agency,
            changed_fields=sorted(serializer.validated_data),
        )

    def perform_update(self, serializer) -> None:
        agency = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(agency, name, value)
        services.agency_save(
            actor=self.request.user,
            agency=agency,
            changed_fields=sorted(serializer.validated_data),
        )


class UserViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Staff accounts, for agency administrators (their own agency) and system administrators (all)."""

    permission_classes = [capability_permission(Capability.MANAGE_AGENCY_USERS), SessionOnly]
    serializer_class = UserSerializer
    filterset_fields = ["is_active"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return user_list_for(self.request.user).order_by("pk")

    def get_object(self):
        return user_get_for(self.request.user, self.kwargs["pk"])

    def _agency_for(self, data: dict, user=None) -> Agency:
        return managed_agency_for(self.request.user, target=user, chosen=data.get("agency"))

    @extend_schema(request=UserWriteSerializer, responses={201: UserSerializer})
    def create(self, request: Request) -> Response:
        serializer = UserWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = services.user_create(
            actor=request.user,
            agency=self._agency_for(data),
            email=data["email"],
            full_name=data["full_name"],
            role=data["role"],
            password=data["password"],
            jurisdiction=data["jurisdiction"],
            phone=data["phone"],
            language=data["language"],
        )
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserWriteSerializer, responses=UserSerializer)
    def update(self, request: Request, pk: int) -> Response:
        user = self.get_object()
        serializer = UserWriteSerializer(instance=user, data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.user_update(
            actor=request.user,
            user=user,
            agency=self._agency_for(data, user),
            full_name=data["full_name"],
            role=data["role"],
            jurisdiction=data["jurisdiction"],
            phone=data["phone"],
            language=data["language"],
        )
        return Response(UserSerializer(user_get_for(request.user, pk)).data)

    def _set_active(self, request: Request, pk: int, active: bool) -> Response:
        user = self.get_object()
        services.user_set_active(
            actor=request.user,
            user=user,
            agency=self._agency_for({}, user),
            active=active,
        )
        return Response(UserSerializer(user_get_for(request.user, pk)).data)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: int) -> Response:
        return self._set_active(request, pk, False)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: int) -> Response:
        return self._set_active(request, pk, True)


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "scope", "key_prefix", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = ["key_prefix", "created_at", "last_used_at", "revoked_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


class ApiTokenViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Agency admins' tokens for other systems. Tokens themselves can never manage tokens."""

    serializer_class = ApiTokenSerializer

    def get_permissions(self):
        return [capability_permission(Capability.MANAGE_API_TOKENS)(), SessionOnly()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return tokens.api_token_list_for(self.request.user)

    @extend_schema(request=ApiTokenSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request: Request) -> Response:
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = request.user.agency
        if agency is None:
            raise PermissionDenied
        token, key = tokens.api_token_create(
            actor=request.user,
            agency=agency,
            name=serializer.validated_data["name"],
            scope=serializer.validated_data["scope"],
        )
        data = ApiTokenSerializer(token).data | {"key": key}
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: int) -> Response:
        token = tokens.api_token_revoke(actor=request.user, token=tokens.api_token_get_for(request.user, pk))
        return Response(ApiTokenSerializer(token).data)

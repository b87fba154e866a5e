"""/api/v1/ for case data: the same selectors (visible_to, *_get_for) and services as the HTML interface."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from concord.accounts.capabilities import Capability
from concord.accounts.models import Agency
from concord.api.permissions import capability_permission
from concord.audit.services import audit_record
from concord.cases import selectors, services
from concord.cases.api import serializers as s
from concord.cases.choices import CaseAuditAction
from concord.cases.filters import CaseFilter
from concord.cases.models import Attachment, Case, Consent, Incident, Note, Participant
from concord.cases.rules import may_review_duplicates
from concord.people.matching import identity
from concord.people.models import Person
from concord.people.services import person_create
from concord.territory.models import Territory

READERS = capability_permission(Capability.VIEW_INVOLVED_CASES, Capability.VIEW_JURISDICTION_CASES)
WRITERS = capability_permission(Capability.EDIT_CASES)


class CaseDataViewSet(viewsets.GenericViewSet):
    """Shared plumbing: readers may list and fetch, writers may create (an action may ask for more with its own
    permission_classes); pages carry the sensitive-case set."""

    permission_classes = [WRITERS]
    read_actions = frozenset({"list", "retrieve", "download"})

    def get_permissions(self):
        if self.action in self.read_actions:
            return [READERS()]
        return super().get_permissions()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return context
        context["sensitive_case_ids"] = getattr(self, "_sensitive_ids", set())
        return context

    def _with_sensitive(self, objects, case_id=lambda obj: obj.case_id):
        self._sensitive_ids = selectors.sensitive_case_ids(self.request.user, {case_id(o) for o in objects})

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._with_sensitive(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self._with_sensitive([obj])
        return Response(self.get_serializer(obj).data)

    def visible_case(self, pk, action: str = "edit") -> Case:
        return selectors.case_get_for(self.request.user, pk, action)

    def case_from_request(self) -> Case:
        """The case a write names, checked before the rest of the body: out of scope is 404 whatever is sent."""
        data = self.request.data
        try:
            pk = int(data.get("case"))  # type: ignore[union-attr]  # a list body has no .get: refused below
        except (AttributeError, TypeError, ValueError):
            raise ValidationError({"case": [_("A case id is required.")]}) from None
        return self.visible_case(pk)


class CaseViewSet(CaseDataViewSet):
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return selectors.case_list_for(self.request.user).order_by("-opened_at", "-pk")

    def list(self, request, *args, **kwargs):
        # The filters over all cases, narrowed to the reader's own by VisibleCases, which reads only a page's worth.
        cases = self.filter_queryset(Case.objects.all())
        page = self.paginate_queryset(selectors.VisibleCases(request.user, cases))
        self._with_sensitive(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        case = selectors.case_get_for(self.request.user, self.kwargs["pk"])
        selectors.case_read(self.request.user, case, section="api")
        return case

    def _with_sensitive(self, objects, case_id=lambda obj: obj.pk):
        super()._with_sensitive(objects, case_id)

    @extend_schema(request=s.CaseSearchSerializer, responses=s.CaseSerializer(many=True))
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def search(self, request):
        """Your cases by case number, a person's national ID or phone, or a survivor's or perpetrator's given and
        family name in any script. POSTed, so that names and numbers stay out of URLs and logs."""
        query = s.CaseSearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        cases = list(selectors.case_search_for(request.user, query.validated_data["q"])[: s.SEARCH_LIMIT])
        self._with_sensitive(cases)
        return Response(self.get_serializer(cases, many=True).data)

    @extend_schema(request=s.CaseCreateSerializer, responses={201: s.CaseSerializer})
    def create(self, request):
        serializer = s.CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        territory = Territory.objects.filter(code=data["territory"], is_active=True).first()
        if territory is None:
            raise ValidationError({"territory": [_("Unknown territory.")]})
        person = person_create(agency=request.user.agency, **data["survivor"])
        case = services.case_open(actor=request.user, survivor=person, territory=territory)
        return Response(
            s.CaseSerializer(selectors.case_get_for(request.user, case.pk)).data, status=status.HTTP_201_CREATED
        )

    def _act(self, request, pk, serializer_class, call):
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = self.visible_case(pk)
        call(case, serializer.validated_data)
        return Response(s.CaseSerializer(selectors.case_get_for(request.user, pk)).data)

    @extend_schema(request=s.TransitionSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk):
        return self._act(
            request,
            pk,
            s.TransitionSerializer,
            lambda case, data: services.case_transition(actor=request.user, case=case, to_status=data["status"]),
        )

    @extend_schema(request=s.ClosureRequestSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="request-closure")
    def request_closure(self, request, pk):
        return self._act(
            request,
            pk,
            s.ClosureRequestSerializer,
            lambda case, data: services.case_request_closure(actor=request.user, case=case, reason=data["reason"]),
        )

    @extend_schema(request=s.ClosureDecisionSerializer, responses=s.CaseSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="decide-closure",
        permission_classes=[capability_permission(Capability.APPROVE_CASE_DECISIONS)],
    )
    def decide_closure(self, request, pk):
        serializer = s.ClosureDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = selectors.case_get_for(request.user, pk)
        services.case_decide_closure(actor=request.user, case=case, approve=serializer.validated_data["approve"])
        return Response(s.CaseSerializer(selectors.case_get_for(request.user, pk)).data)

    @extend_schema(request=s.MoveSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk):
        def call(case, data):
            territory = Territory.objects.filter(code=data["territory"], is_active=True).first()
            if territory is None:
                raise DjangoValidationError({"territory": [_("Unknown territory.")]})
            services.case_move(actor=request.user, case=case, territory=territory)

        return self._act(request, pk, s.MoveSerializer, call)

    @extend_schema(request=s.ShareSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def share(self, request, pk):
        def call(case, data):
            agency = Agency.objects.filter(code=data["agency"], is_active=True).first()
            if agency is None:
                raise DjangoValidationError({"agency": [_("Unknown agency.")]})
            consent = case.consents.filter(pk=data.get("consent")).first() if data.get("consent") else None
            services.case_share(
                actor=request.user,
                case=case,
                agency=agency,
                consent=consent,
                legal_exception=data["legal_exception"],
                justification=data["justification"],
            )

        return self._act(request, pk, s.ShareSerializer, call)


class ParticipantViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.ParticipantSerializer
    filterset_fields = ["case", "role"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Participant.objects.none()
        return selectors.participant_list_for(self.request.user)

    def get_object(self):
        participant = selectors.participant_get_for(self.request.user, self.kwargs["pk"])
        selectors.person_get_for(self.request.user, participant.person_id)
        return participant

    @extend_schema(request=s.ParticipantCreateSerializer, responses={201: s.ParticipantSerializer})
    def create(self, request):
        case = self.case_from_request()
        serializer = s.ParticipantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = person_create(agency=request.user.agency, **data["person"])
        participant = services.participant_add(
            actor=request.user,
            case=case,
            person=person,
            role=data["role"],
            relationship=data["relationship"],
            lives_with_survivor=data["lives_with_survivor"],
        )
        self._with_sensitive([participant])
        return Response(self.get_serializer(participant).data, status=status.HTTP_201_CREATED)


class PersonMatchThrottle(UserRateThrottle):
    scope = "person_match"


class PersonViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """A person, through a case the reader may see; every read is audited."""

    serializer_class = s.PersonSerializer
    queryset = Person.objects.none()
    # The actions that need more (match, merges, duplicates) name their own.
    permission_classes = [READERS]

    @extend_schema(request=s.PersonMatchQuerySerializer, responses=s.PersonMatchResultSerializer)
    @action(
        detail=False,
        methods=["post"],
        permission_classes=[capability_permission(Capability.EDIT_CASES)],
        throttle_classes=[PersonMatchThrottle],
    )
    def match(self, request):
        """People who may be the one described, in any script, with a score band: the ones in cases you may see
        with their case numbers, the others only as a count of their cases. Audited and rate-limited."""
        query = s.PersonMatchQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        rows = selectors.person_matches_for(request.user, identity(**query.validated_data))
        audit_record(
            action=CaseAuditAction.PERSONS_MATCHED,
            actor=request.user,
            details={"candidates": len(rows), "same": sum(1 for row in rows if row["band"] == "same")},
        )
        candidates = [
            {
                "band": row["band"],
                "score": round(row["score"], 3),
                "person": row["person"].pk if row["visible_cases"] else None,
                "cases": [case.number for case in row["visible_cases"]],
                "hidden_cases": row["hidden_count"],
            }
            for row in rows
        ]
        return Response(s.PersonMatchResultSerializer({"candidates": candidates}).data)

    @extend_schema(responses=s.PersonRecordSerializer)
    @action(detail=True, methods=["get"])
    def record(self, request, pk=None):
        """The person across the cases you may see: the cases, the incidents where the person is an alleged
        perpetrator, protection orders and breaches; of other cases only how many. Audited as a read of the person."""
        person = selectors.person_get_for(request.user, pk)
        record = selectors.person_record_for(request.user, person)
        data = {
            "cases": [{"case": p.case_id, "number": p.case.number, "role": p.role} for p in record.participations],
            "other_cases": record.other_cases,
            "incidents": [
                {"id": i.pk, "case": i.case_id, "occurred_at": i.occurred_at, "gbvims_type": i.gbvims_type}
                for i in record.incidents
            ],
            "entries": [
                {"case": e.case.pk, "when": e.when.isoformat(), "title": e.title, "detail": e.detail}
                for e in record.entries
            ],
        }
        return Response(s.PersonRecordSerializer(data).data)

    @extend_schema(responses=s.PersonMatchSerializer(many=True), operation_id="persons_possible_duplicates")
    @action(
        detail=True,
        methods=["get"],
        url_path="duplicates",
        permission_classes=[capability_permission(Capability.APPROVE_CASE_DECISIONS)],
    )
    def person_duplicates(self, request, pk=None):
        """Possible duplicates of the person, for a supervisor of the agency that registered the person."""
        person = selectors.person_get_for(request.user, pk)
        if not may_review_duplicates(request.user, person):
            raise PermissionDenied(_("Only a supervisor of the agency that registered the person reviews duplicates."))
        rows = selectors.person_duplicates_for(request.user, person)
        candidates = [
            {
                "band": row["band"],
                "score": round(row["score"], 3),
                "person": row["person"].pk if row["mergeable"] else None,
                "cases": [case.number for case in row["visible_cases"]],
                "hidden_cases": row["hidden_count"],
            }
            for row in rows
        ]
        return Response(s.PersonMatchSerializer(candidates, many=True).data)

    @extend_schema(request=s.PersonMergeRequestSerializer, responses={201: s.PersonMergeSerializer})
    @action(
        detail=True, methods=["post"], permission_classes=[capability_permission(Capability.APPROVE_CASE_DECISIONS)]
    )
    def merge(self, request, pk=None):
        """Merge another record into this person (audited; undone with unmerge)."""
        person = selectors.person_get_for(request.user, pk)
        data = self._valid(s.PersonMergeRequestSerializer, request)
        other = Person.objects.filter(pk=data["other"]).first()
        if other is None:
            raise DjangoValidationError({"other": [_("Choose one of the possible duplicates listed.")]})
        merge = services.person_merge(actor=request.user, kept=person, merged=other, reason=data["reason"])
        return Response(s.PersonMergeSerializer(merge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PersonUnmergeRequestSerializer, responses=s.PersonMergeSerializer)
    @action(
        detail=True, methods=["post"], permission_classes=[capability_permission(Capability.APPROVE_CASE_DECISIONS)]
    )
    def unmerge(self, request, pk=None):
        """Undo a merge of a record into this person."""
        person = selectors.person_get_for(request.user, pk)
        data = self._valid(s.PersonUnmergeRequestSerializer, request)
        merge = selectors.person_merges(person).filter(pk=data["merge"]).first()
        if merge is None:
            raise NotFound
        merge = services.person_unmerge(actor=request.user, merge=merge)
        return Response(s.PersonMergeSerializer(merge).data)

    @extend_schema(request=s.DuplicateDismissRequestSerializer, responses={204: None})
    @action(
        detail=True, methods=["post"], permission_classes=[capability_permission(Capability.APPROVE_CASE_DECISIONS)]
    )
    def dismiss(self, request, pk=None):
        """Mark a possible duplicate of this person as a different person."""
        person = selectors.person_get_for(request.user, pk)
        data = self._valid(s.DuplicateDismissRequestSerializer, request)
        other = Person.objects.filter(pk=data["other"]).first()
        if other is None:
            raise DjangoValidationError({"other": [_("Choose one of the possible duplicates listed.")]})
        services.duplicate_dismiss(actor=request.user, person=person, other=other)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=s.PossibleDuplicateSerializer(many=True), operation_id="persons_open_duplicates")
    @action(
        detail=False,
        methods=["get"],
        url_path="duplicates",
        permission_classes=[capability_permission(Capability.APPROVE_CASE_DECISIONS)],
        pagination_class=None,
    )
    def open_duplicates(self, request):
        """The possible duplicates the nightly search found among the people your agency registered (the first
        200)."""
        rows = [
            {
                "id": row["pair"].pk,
                "person": row["own"].pk,
                "other": row["other"].pk if row["other_reachable"] else None,
                "band": row["pair"].band,
                "score": round(row["pair"].score, 3),
                "found_at": row["pair"].found_at,
            }
            for row in selectors.duplicate_rows(request.user, list(selectors.open_duplicates_for(request.user)[:200]))
        ]
        return Response(s.PossibleDuplicateSerializer(rows, many=True).data)

    @staticmethod
    def _valid(serializer_class, request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def retrieve(self, request, pk=None):
        person = selectors.person_get_for(request.user, pk)
        data = s.PersonSerializer(person).data
        survivor_cases = person.participations.filter(role="survivor").values_list("case_id", flat=True)
        hidden = set(survivor_cases) - selectors.sensitive_case_ids(request.user, survivor_cases)
        if hidden:
            for field in s.SENSITIVE_PERSON_FIELDS:
                data[field] = None
        return Response(data)


class IncidentViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.IncidentSerializer
    filterset_fields = ["case", "gbvims_type"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Incident.objects.none()
        return (
            selectors.incident_list_for(self.request.user)
            .select_related("territory", "reporting_agency")
            .prefetch_related("perpetrators")
            .order_by("-occurred_at")
        )

    def get_object(self):
        incident = selectors.incident_get_for(self.request.user, self.kwargs["pk"])
        selectors.case_read(self.request.user, incident.case, section="incidents")
        return incident

    @extend_schema(request=s.IncidentCreateSerializer, responses={201: s.IncidentSerializer})
    def create(self, request):
        case = self.case_from_request()
        serializer = s.IncidentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("case")
        territory = Territory.objects.filter(code=data.pop("territory")).first()
        agency = Agency.objects.filter(code=data.pop("reporting_agency")).first()
        if territory is None or agency is None:
            raise ValidationError({"territory": [_("Unknown territory or agency.")]})
        perpetrators = list(case.participants.filter(pk__in=data.pop("perpetrators")))
        incident = services.incident_record(
            actor=request.user,
            case=case,
            territory=territory,
            reporting_agency=agency,
            perpetrators=perpetrators,
            **data,
        )
        self._with_sensitive([incident])
        return Response(self.get_serializer(incident).data, status=status.HTTP_201_CREATED)


class NoteViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.NoteSerializer
    filterset_fields = ["case"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Note.objects.none()
        user = self.request.user
        return selectors.note_list_for(user)

    def get_object(self):
        note = selectors.note_get_for(self.request.user, self.kwargs["pk"])
        selectors.case_read(self.request.user, note.case, section="notes")
        return note

    def create(self, request):
        case = self.case_from_request()
        serializer = s.NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.note_add(
            actor=request.user,
            case=case,
            text=serializer.validated_data["text"],
            is_sensitive=serializer.validated_data.get("is_sensitive", False),
        )
        return Response(s.NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class AttachmentViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.AttachmentSerializer
    filterset_fields = ["case", "kind"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        user = self.request.user
        return selectors.attachment_list_for(user)

    def get_object(self):
        return selectors.attachment_meta_get_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.AttachmentCreateSerializer, responses={201: s.AttachmentSerializer})
    def create(self, request):
        case = self.case_from_request()
        serializer = s.AttachmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attachment = services.attachment_add(
            actor=request.user,
            case=case,
            upload=data["file"],
            kind=data["kind"],
            is_sensitive=data["is_sensitive"],
        )
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk):
        attachment = selectors.attachment_get_for(request.user, pk)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/octet-stream",
        )


class ConsentViewSet(CaseDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.ConsentSerializer
    filterset_fields = ["case", "purpose"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consent.objects.none()
        return selectors.consent_list_for(self.request.user)

    def get_object(self):
        return selectors.consent_get_for(self.request.user, self.kwargs["pk"])

    def create(self, request):
        case = self.case_from_request()
        serializer = s.ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("case")
        consent = services.consent_record(
            actor=request.user,
            case=case,
            given_by="caregiver" if data.get("caregiver") else "self",
            **data,
        )
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk):
        consent = selectors.consent_get_for(request.user, pk, "edit")
        consent = services.consent_withdraw(actor=request.user, consent=consent)
        return Response(s.ConsentSerializer(consent).data)


class CaseloadLevelSerializer(serializers.Serializer):
    status = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class CaseloadWorkerSerializer(serializers.Serializer):
    lead_worker = serializers.CharField(allow_null=True, source="lead_worker__full_name")
    open_cases = serializers.IntegerField(source="n")
    high_or_extreme = serializers.IntegerField(source="high")


class CaseloadSerializer(serializers.Serializer):
    levels = serializers.ListField(child=serializers.CharField(), help_text=_("Column labels of `rows.counts`."))
    rows = CaseloadLevelSerializer(many=True)
    total = serializers.IntegerField()
    workers = CaseloadWorkerSerializer(many=True)
    overdue_reviews = serializers.IntegerField()


class CaseloadView(APIView):
    """The caseload overview of a supervisor (their agency's cases) or coordinator (their jurisdiction's)."""

    permission_classes = [capability_permission(Capability.VIEW_TEAM_WORKLOAD, Capability.VIEW_JURISDICTION_CASES)]

    @extend_schema(responses=CaseloadSerializer)
    def get(self, request):
        data = selectors.caseload_for(request.user)
        data["levels"] = [str(label) for _level, label in data["levels"]]
        data["rows"] = [row | {"status": str(row["status"])} for row in data["rows"]]
        return Response(CaseloadSerializer(data).data)

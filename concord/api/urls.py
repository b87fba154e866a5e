from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from concord.accounts.api.views import AgencyKindViewSet, AgencyViewSet, ApiTokenViewSet, MeView, UserViewSet, WorkView
from concord.api.routers import Router
from concord.cases.api.views import (
    AttachmentViewSet,
    CaseloadView,
    CaseViewSet,
    ConsentViewSet,
    IncidentViewSet,
    NoteViewSet,
    ParticipantViewSet,
    PersonViewSet,
)
from concord.notifications.api import NotificationViewSet
from concord.risk.api import AssessmentViewSet, InstrumentViewSet
from concord.territory.api import TerritoryViewSet

router = Router()
router.register("territories", TerritoryViewSet, basename="territory")
router.register("agency-kinds", AgencyKindViewSet, basename="agency-kind")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("users", UserViewSet, basename="user")
router.register("api-tokens", ApiTokenViewSet, basename="api-token")
router.register("cases", CaseViewSet, basename="case")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("persons", PersonViewSet, basename="person")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("notes", NoteViewSet, basename="note")
router.register("attachments", AttachmentViewSet, basename="attachment")
router.register("consents", ConsentViewSet, basename="consent")
router.register("risk-instruments", InstrumentViewSet, basename="risk-instrument")
router.register("risk-assessments", AssessmentViewSet, basename="risk-assessment")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("work/", WorkView.as_view(), name="api-work"),
    path("caseload/", CaseloadView.as_view(), name="api-caseload"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]

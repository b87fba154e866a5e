from django.urls import path

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

routes = [
    ("cases", CaseViewSet, "case"),
    ("participants", ParticipantViewSet, "participant"),
    ("persons", PersonViewSet, "person"),
    ("incidents", IncidentViewSet, "incident"),
    ("notes", NoteViewSet, "note"),
    ("attachments", AttachmentViewSet, "attachment"),
    ("consents", ConsentViewSet, "consent"),
]
urlpatterns = [path("caseload/", CaseloadView.as_view(), name="api-caseload")]

from django.urls import path

from concord.programmes.api.views import (
    EnrolmentViewSet,
    ProgrammeTypeViewSet,
    ProgrammeViewSet,
    TrainingCoverageView,
    TrainingPlanViewSet,
    TrainingSessionViewSet,
)

routes = [
    ("programme-types", ProgrammeTypeViewSet, "programme-type"),
    ("programmes", ProgrammeViewSet, "programme"),
    ("enrolments", EnrolmentViewSet, "enrolment"),
    ("training-plans", TrainingPlanViewSet, "training-plan"),
    ("training-sessions", TrainingSessionViewSet, "training-session"),
]
urlpatterns = [path("training-coverage/", TrainingCoverageView.as_view(), name="training-coverage")]

from django.urls import path

from concord.programmes.api.views import (
    CampaignProgrammeViewSet,
    CampaignViewSet,
    EnrolmentViewSet,
    MaterialViewSet,
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
    ("materials", MaterialViewSet, "material"),
    ("campaign-programmes", CampaignProgrammeViewSet, "campaign-programme"),
    ("campaigns", CampaignViewSet, "campaign"),
]
urlpatterns = [path("training-coverage/", TrainingCoverageView.as_view(), name="training-coverage")]

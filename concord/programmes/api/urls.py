from concord.programmes.api.views import EnrolmentViewSet, ProgrammeTypeViewSet, ProgrammeViewSet

routes = [
    ("programme-types", ProgrammeTypeViewSet, "programme-type"),
    ("programmes", ProgrammeViewSet, "programme"),
    ("enrolments", EnrolmentViewSet, "enrolment"),
]
urlpatterns: list = []

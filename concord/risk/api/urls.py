from concord.risk.api.views import AssessmentViewSet, InstrumentViewSet

routes = [
    ("risk-instruments", InstrumentViewSet, "risk-instrument"),
    ("risk-assessments", AssessmentViewSet, "risk-assessment"),
]
urlpatterns: list = []

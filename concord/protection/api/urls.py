from concord.protection.api.views import MeasureTypeViewSet, OrderViewSet, ProceedingViewSet, QualificationViewSet

routes = [
    ("order-types", MeasureTypeViewSet, "order-type"),
    ("qualifications", QualificationViewSet, "qualification"),
    ("orders", OrderViewSet, "order"),
    ("proceedings", ProceedingViewSet, "proceeding"),
]
urlpatterns: list = []

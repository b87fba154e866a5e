from django.urls import path

from concord.risk import views

app_name = "risk"
urlpatterns = [
    path("cases/<int:pk>/risk/", views.case_risk, name="case_risk"),
    path("cases/<int:pk>/risk/new/", views.assessment_create, name="assessment_create"),
    path(
        "cases/<int:pk>/risk/new/dependents/<slug:code>/",
        views.assessment_dependents,
        name="assessment_dependents",
    ),
    path("cases/<int:pk>/risk/<int:assessment_pk>/", views.assessment_detail, name="assessment_detail"),
    path(
        "cases/<int:pk>/risk/<int:assessment_pk>/override/",
        views.assessment_override,
        name="assessment_override",
    ),
    path(
        "cases/<int:pk>/risk/<int:assessment_pk>/lowering/",
        views.assessment_decide_lowering,
        name="assessment_decide_lowering",
    ),
    path("risk/instruments/", views.instrument_list, name="instrument_list"),
    path("risk/instruments/upload/", views.instrument_upload, name="instrument_upload"),
    path("risk/instruments/<int:pk>/", views.instrument_detail, name="instrument_detail"),
    path("risk/instruments/<int:pk>/download/", views.instrument_download, name="instrument_download"),
    path("risk/instruments/<int:pk>/status/", views.instrument_set_status, name="instrument_set_status"),
]

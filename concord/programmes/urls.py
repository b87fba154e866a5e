from django.urls import path

from concord.programmes import views

app_name = "programmes"

urlpatterns = [
    path("cases/<int:pk>/programmes/", views.case_programmes, name="case_programmes"),
    path("cases/<int:pk>/programmes/request/", views.enrolment_request, name="enrolment_request"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("programmes/<int:pk>/attendance-sheet.pdf", views.attendance_sheet_pdf, name="attendance_sheet_pdf"),
    path("programmes/enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("programmes/enrolments/<int:pk>/choose/", views.enrolment_choose, name="enrolment_choose"),
    path("programmes/enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("programmes/enrolments/<int:pk>/enrol/", views.enrolment_enrol, name="enrolment_enrol"),
    path("programmes/enrolments/<int:pk>/decline/", views.enrolment_decline, name="enrolment_decline"),
    path("programmes/enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("programmes/enrolments/<int:pk>/leave/", views.enrolment_leave, name="enrolment_leave"),
    path("trainings/", views.training_plan_list, name="training_plan_list"),
    path("trainings/new/", views.training_plan_create, name="training_plan_create"),
    path("trainings/calendar/", views.training_calendar, name="training_calendar"),
    path("trainings/coverage/", views.training_coverage, name="training_coverage"),
    path("trainings/<int:pk>/", views.training_plan_detail, name="training_plan_detail"),
    path("trainings/<int:pk>/edit/", views.training_plan_edit, name="training_plan_edit"),
    path("trainings/<int:pk>/sessions/new/", views.training_session_create, name="training_session_create"),
    path("trainings/sessions/<int:pk>/", views.training_session_detail, name="training_session_detail"),
    path("trainings/sessions/<int:pk>/sheet.pdf", views.training_sheet_pdf, name="training_sheet_pdf"),
    path("library/", views.material_list, name="material_list"),
    path("library/new/", views.material_create, name="material_create"),
    path("library/<int:pk>/", views.material_detail, name="material_detail"),
    path("library/files/<int:pk>/download/", views.material_download, name="material_download"),
    path("campaigns/", views.campaign_programme_list, name="campaign_programme_list"),
    path("campaigns/<int:pk>/", views.campaign_programme_detail, name="campaign_programme_detail"),
    path("campaigns/campaign/<int:pk>/", views.campaign_detail, name="campaign_detail"),
]

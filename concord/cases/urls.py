from django.urls import path, re_path

from concord.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("caseload/", views.caseload, name="caseload"),
    path("new/", views.case_intake, name="case_intake"),
    path("new/matches/", views.case_intake_matches, name="case_intake_matches"),
    path("emergency-access/", views.break_glass, name="break_glass"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    re_path(
        r"^(?P<pk>\d+)/(?P<tab>people|incidents|plan|notes|documents|timeline|access_log)/$",
        views.case_detail,
        name="case_tab",
    ),
    path("<int:pk>/notes/new/", views.note_create, name="note_create"),
    path("<int:pk>/documents/new/", views.attachment_create, name="attachment_create"),
    path("documents/<int:pk>/download/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/incidents/new/", views.incident_create, name="incident_create"),
    path("<int:pk>/people/new/", views.participant_create, name="participant_create"),
    path("<int:pk>/consents/new/", views.consent_create, name="consent_create"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/share/", views.case_share, name="case_share"),
    path("<int:pk>/status/", views.case_set_status, name="case_set_status"),
    path("<int:pk>/lead-worker/", views.case_set_lead_worker, name="case_set_lead_worker"),
    path("<int:pk>/move/", views.case_move, name="case_move"),
    path("<int:pk>/closure/", views.case_request_closure, name="case_request_closure"),
    path("<int:pk>/closure/decision/", views.case_decide_closure, name="case_decide_closure"),
    path("<int:pk>/plan/goals/new/", views.plan_goal_create, name="plan_goal_create"),
    path("<int:pk>/plan/tasks/new/", views.plan_task_create, name="plan_task_create"),
    path("<int:pk>/plan/tasks/<int:task_pk>/status/", views.plan_task_status, name="plan_task_status"),
    path("<int:pk>/plan/submit/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/plan/approve/", views.plan_approve, name="plan_approve"),
    path("people/duplicates/", views.duplicate_list, name="duplicate_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("people/<int:pk>/unmerge/", views.person_unmerge, name="person_unmerge"),
    path("people/<int:pk>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
]

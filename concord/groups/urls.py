from django.urls import path

from concord.groups import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/calendar/", views.calendar, name="calendar"),
    path("groups/actions/", views.action_list, name="action_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/officers/", views.group_officers, name="group_officers"),
    path("groups/<int:pk>/members/", views.member_add, name="member_add"),
    path("groups/<int:pk>/meetings/", views.meeting_create, name="meeting_create"),
    path("groups/<int:pk>/families/", views.family_list, name="family_list"),
    path("groups/<int:pk>/families/new/", views.family_create, name="family_create"),
    path("group-members/<int:pk>/", views.member_representatives, name="member_representatives"),
    path("group-members/<int:pk>/leave/", views.member_remove, name="member_remove"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda/build/", views.agenda_build, name="agenda_build"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/send/", views.agenda_send, name="agenda_send"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/confidentiality/", views.confidentiality_accept, name="confidentiality_accept"),
    path("meetings/<int:pk>/held/", views.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/distribute/", views.minutes_distribute, name="minutes_distribute"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/items/<int:item_pk>/", views.item_detail, name="item_detail"),
    path("meetings/<int:pk>/items/<int:item_pk>/move/", views.agenda_move, name="agenda_move"),
    path("meetings/<int:pk>/items/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("meetings/<int:pk>/items/<int:item_pk>/information/", views.item_contribute, name="item_contribute"),
    path("meetings/<int:pk>/items/<int:item_pk>/decision/", views.item_decide, name="item_decide"),
    path("meetings/<int:pk>/items/<int:item_pk>/actions/", views.action_create, name="action_create"),
    path("group-actions/<int:pk>/close/", views.action_close, name="action_close"),
    path("families/<int:pk>/", views.family_detail, name="family_detail"),
    path("families/<int:pk>/review/", views.family_review, name="family_review"),
    path("families/<int:pk>/close/", views.family_close, name="family_close"),
]

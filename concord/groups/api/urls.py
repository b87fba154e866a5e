from concord.groups.api.views import ActionViewSet, AgendaItemViewSet, FamilyViewSet, GroupViewSet, MeetingViewSet

routes = [
    ("groups", GroupViewSet, "group"),
    ("meetings", MeetingViewSet, "meeting"),
    ("agenda-items", AgendaItemViewSet, "agenda-item"),
    ("group-actions", ActionViewSet, "group-action"),
    ("families", FamilyViewSet, "family"),
]
urlpatterns: list = []

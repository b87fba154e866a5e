from concord.notifications.api.views import NotificationViewSet

routes = [("notifications", NotificationViewSet, "notification")]
urlpatterns: list = []

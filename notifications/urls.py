from django.urls import path

from notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path(
        "notifications/<int:notification_id>/open/",
        views.notification_open,
        name="notification_open",
    ),
    path(
        "tasks/basic-data/purges/",
        views.upcoming_purges,
        {"code": "basic-data"},
        name="upcoming_purges",
    ),
]

from django.urls import path

from records.views import schedule

urlpatterns = [
    path("schedule/", schedule.schedule_page, name="schedule"),
    path("schedule.ics", schedule.schedule_ics, name="schedule_ics"),
]

from django.urls import path

from records.views import schedule
from records.views.certification import (
    certification_overview,
    certification_queue,
    certify_selected,
    reject_outcome,
)

urlpatterns = [
    path("schedule/", schedule.schedule_page, name="schedule"),
    path("schedule.ics", schedule.schedule_ics, name="schedule_ics"),
]

urlpatterns += [
    path("certify/", certification_overview, name="certification_overview"),
    path("certify/section/<int:section_id>/", certification_queue, name="certification_queue"),
    path(
        "certify/section/<int:section_id>/certify/",
        certify_selected,
        name="certification_certify",
    ),
    path(
        "certify/section/<int:section_id>/outcomes/<int:outcome_id>/reject/",
        reject_outcome,
        name="certification_reject",
    ),
]

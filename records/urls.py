from django.urls import path

from records.views import files, homeroom, performances, schedule, student
from records.views.certification import (
    certification_overview,
    certification_queue,
    certify_selected,
    reject_outcome,
)

urlpatterns = [
    path("schedule/", schedule.schedule_page, name="schedule"),
    path("schedule.ics", schedule.schedule_ics, name="schedule_ics"),
    path("student/", student.student_home, name="student_home"),
    path("student/outcomes/new/", student.outcome_create, name="outcome_create"),
    path("student/outcomes/<int:outcome_id>/edit/", student.outcome_edit, name="outcome_edit"),
    path(
        "student/outcomes/<int:outcome_id>/submit/", student.outcome_submit, name="outcome_submit"
    ),
    path(
        "student/outcomes/<int:outcome_id>/delete/", student.outcome_delete, name="outcome_delete"
    ),
    path("files/<int:file_id>/", files.file_preview, name="file_preview"),
    path("files/<int:file_id>/download/", files.file_download, name="file_download"),
    path("homeroom/", homeroom.homeroom_overview, name="homeroom_overview"),
    path("homeroom/remind/", homeroom.homeroom_remind, name="homeroom_remind"),
    path("student/performances/", performances.performance_list, name="performance_list"),
    path("student/performances/new/", performances.performance_create, name="performance_create"),
    path(
        "student/performances/<int:performance_id>/edit/",
        performances.performance_edit,
        name="performance_edit",
    ),
    path(
        "student/performances/<int:performance_id>/delete/",
        performances.performance_delete,
        name="performance_delete",
    ),
    path("tasks/<slug:code>/performances/", performances.office_entry, name="office_entry"),
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

"""URLs of the office record pages; each passes its task item code to task_item_required."""

from django.urls import path

from records.views.office import attendance, basic_data, cadres, grades, history, public_service

BASIC_DATA = {"code": "basic-data"}
GRADES = {"code": "grades"}
CADRES = {"code": "cadres"}
ATTENDANCE = {"code": "attendance"}
PUBLIC_SERVICE = {"code": "public-service"}

urlpatterns = [
    path(
        "tasks/basic-data/classes/",
        basic_data.basic_data_page,
        BASIC_DATA,
        name="office_basic_data",
    ),
    path(
        "tasks/basic-data/classes/<int:term_id>/<int:class_id>/check/",
        basic_data.mark_checked,
        BASIC_DATA,
        name="office_mark_checked",
    ),
    path(
        "tasks/basic-data/enrolment-changes/new/",
        basic_data.enrolment_change_create,
        BASIC_DATA,
        name="office_enrolment_change",
    ),
    path("tasks/grades/list/", grades.grades_page, GRADES, name="office_grades"),
    path("tasks/cadres/list/", cadres.cadres_page, CADRES, name="office_cadres"),
    path("tasks/cadres/new/", cadres.cadre_edit, CADRES, name="office_cadre_create"),
    path(
        "tasks/cadres/<int:record_id>/edit/",
        cadres.cadre_edit,
        CADRES,
        name="office_cadre_edit",
    ),
    path(
        "tasks/cadres/<int:record_id>/delete/",
        cadres.cadre_delete,
        CADRES,
        name="office_cadre_delete",
    ),
    path(
        "tasks/attendance/list/",
        attendance.attendance_page,
        ATTENDANCE,
        name="office_attendance",
    ),
    path(
        "tasks/attendance/<int:term_id>/<int:student_id>/",
        attendance.attendance_edit,
        ATTENDANCE,
        name="office_attendance_edit",
    ),
    path(
        "tasks/public-service/service/",
        public_service.public_service_page,
        PUBLIC_SERVICE,
        name="office_public_service",
    ),
    path(
        "history/<slug:record_type>/<int:record_id>/",
        history.record_history,
        name="record_history",
    ),
]

"""URLs of course records kept by offices, the portfolio page and the portfolio PDFs."""

from django.urls import path

from records.views import consultations, course_planning, electives, portfolio

urlpatterns = [
    path(
        "tasks/course-planning/assessments/",
        course_planning.assessment_list,
        {"code": "course-planning"},
        name="course_planning_list",
    ),
    path(
        "tasks/course-planning/assessments/<int:student_id>/",
        course_planning.assessment_edit,
        {"code": "course-planning"},
        name="course_planning_edit",
    ),
    path(
        "tasks/elective-names/electives/",
        electives.elective_names,
        {"code": "elective-names"},
        name="elective_names",
    ),
    path(
        "tasks/consultation-records/assignments/",
        consultations.counsellor_assignments,
        {"code": "consultation-records"},
        name="consultation_assignments",
    ),
    path("consultations/", consultations.counsellor_home, name="consultation_home"),
    path(
        "consultations/students/<int:student_id>/",
        consultations.student_consultations,
        name="consultation_student",
    ),
    path(
        "consultations/records/<int:record_id>/edit/",
        consultations.consultation_edit,
        name="consultation_edit",
    ),
    path("portfolio/", portfolio.own_portfolio, name="own_portfolio"),
    path("portfolio/pdf/", portfolio.own_portfolio_pdf, name="own_portfolio_pdf"),
    path("portfolio/<int:student_id>/", portfolio.student_portfolio, name="student_portfolio"),
    path(
        "portfolio/<int:student_id>/pdf/",
        portfolio.student_portfolio_pdf,
        name="student_portfolio_pdf",
    ),
    path("homeroom/portfolio-pdf/", portfolio.class_portfolio_pdf, name="class_portfolio_pdf"),
    path(
        "homeroom/portfolio-pdf/start/",
        portfolio.class_portfolio_pdf_start,
        name="class_portfolio_pdf_start",
    ),
    path(
        "homeroom/portfolio-pdf/<int:class_id>/jobs/<int:job_id>/",
        portfolio.class_portfolio_pdf_progress,
        name="class_portfolio_pdf_progress",
    ),
    path(
        "homeroom/portfolio-pdf/<int:class_id>/jobs/<int:job_id>/download/",
        portfolio.class_portfolio_pdf_download,
        name="class_portfolio_pdf_download",
    ),
]

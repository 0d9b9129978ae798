"""Reminders that staff send by hand: homeroom teachers to their students, and
student affairs asking students to upload their service learning."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Student
from notifications.services.notices import notify
from portfolio import roc
from records.services.enrolment_changes import can_upload


def _today_key(prefix: str) -> str:
    return f"{prefix}:{roc.to_taipei(timezone.now()).date().isoformat()}"


def send_outcome_reminder(students, teacher_name: str) -> int:
    """Remind students to upload and send their course outcomes; at most once a day each.

    Students who may no longer upload (departed or suspended) are skipped.
    """
    users = [
        student.user
        for student in students
        if student.user_id and student.user.is_active and can_upload(student)
    ]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your homeroom teacher reminds you about your course outcomes")
        body = _(
            "%(teacher)s reminds you to upload your course outcomes this semester and send "
            "your drafts for certification before the upload window closes."
        ) % {"teacher": teacher_name}
    return notify(
        users, title=title, body=body, url=reverse("student_home"), key=_today_key("outcomes")
    )


def send_service_reminder(students, message: str) -> int:
    """Remind a queryset of students to upload their service learning as a performance."""
    students = students.select_related("user")
    users = [student.user for student in students if student.user_id and student.user.is_active]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Upload your public service and volunteering records")
        body = message or _(
            "Upload your public service and volunteering of this semester as a diverse "
            "performance (service learning), with its hours and a proof document."
        )
    return notify(
        users,
        title=title,
        body=body,
        url=reverse("performance_create"),
        key=_today_key("service"),
    )


def students_to_remind(students) -> list[Student]:
    """Return the students with no course outcome this term or with drafts still unsent."""
    return [
        student for student in students if student.outcomes_total == 0 or student.outcomes_draft > 0
    ]

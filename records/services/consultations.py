"""Course counsellors (課程諮詢教師), the students assigned to them and their
consultation records.

The convenor of the course counsellors assigns one counsellor per student and
academic year. A counsellor sees and records consultations only for the
students assigned to them in the current academic year.
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Staff, Student
from accounts.roles import COUNSELLOR_TITLES
from audit.services import log_action
from portfolio import roc
from records.models import ConsultationRecord, CounsellorAssignment


def current_academic_year() -> int:
    return roc.academic_year_of(roc.today())


def counsellors() -> QuerySet[Staff]:
    """Return the staff whose job title makes them course counsellors."""
    return Staff.objects.filter(job_title__in=COUNSELLOR_TITLES).order_by("staff_code")


def assigned_students(counsellor: Staff, academic_year: int) -> QuerySet[Student]:
    return (
        Student.objects.filter(
            counsellor_assignments__counsellor=counsellor,
            counsellor_assignments__academic_year=academic_year,
        )
        .select_related("school_class")
        .order_by("school_class__code", "seat_number", "student_number")
    )


def get_student_for_counsellor(counsellor: Staff, student_id: int, academic_year: int) -> Student:
    """Return the student if assigned to the counsellor in that year; 404 otherwise."""
    student = assigned_students(counsellor, academic_year).filter(pk=student_id).first()
    if student is None:
        raise Http404("No such student among your assigned students.")
    return student


def get_consultation_for_counsellor(
    counsellor: Staff, record_id: int, academic_year: int
) -> ConsultationRecord:
    """Return a record the counsellor wrote about a student assigned to them; 404 otherwise."""
    record = (
        ConsultationRecord.objects.filter(
            pk=record_id,
            counsellor=counsellor,
            student__counsellor_assignments__counsellor=counsellor,
            student__counsellor_assignments__academic_year=academic_year,
        )
        .select_related("student")
        .first()
    )
    if record is None:
        raise Http404("No such consultation record.")
    return record


def consultations_of(student: Student) -> QuerySet[ConsultationRecord]:
    return ConsultationRecord.objects.filter(student=student).select_related("counsellor")


def held_at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """Combine a date and a time entered in Taipei into an aware datetime."""
    return datetime.datetime.combine(day, time, tzinfo=roc.TAIPEI)


def _snapshot(record: ConsultationRecord | None) -> dict:
    if record is None or record.pk is None:
        return {}
    return {
        "held_at": record.held_at.isoformat(),
        "place": record.place,
        "content": record.content,
        "advice": record.advice,
    }


def save_consultation(
    student: Student,
    counsellor: Staff,
    user,
    *,
    at: datetime.datetime,
    place: str,
    content: str,
    advice: str,
    record: ConsultationRecord | None = None,
) -> ConsultationRecord:
    """Create a consultation record, or update `record`, and write the audit entry."""
    with transaction.atomic():
        old = _snapshot(record)
        if record is None:
            record = ConsultationRecord(student=student, counsellor=counsellor)
        record.held_at = at
        record.place = place.strip()
        record.content = content.strip()
        record.advice = advice.strip()
        record.save()
        new = _snapshot(record)
        action = "portfolio.consultation.updated" if old else "portfolio.consultation.created"
        if old != new:
            log_action(action, actor=user, target=record, data={"old": old, "new": new})
    return record


def assignments_by_student(students: list[Student], academic_year: int) -> dict[int, Staff]:
    """Return {student id: counsellor} for the students' assignments in the year (1 query)."""
    rows = CounsellorAssignment.objects.filter(
        student__in=students, academic_year=academic_year
    ).select_related("counsellor")
    return {row.student_id: row.counsellor for row in rows}


def assign_counsellor(
    students: list[Student], counsellor: Staff | None, academic_year: int, user, acting=None
) -> int:
    """Assign the counsellor to the students for the year, or unassign them when None.

    Returns how many students changed. Each change is written to the audit log.
    """
    changed = 0
    with transaction.atomic():
        current = {
            row.student_id: row
            for row in CounsellorAssignment.objects.select_for_update().filter(
                student__in=students, academic_year=academic_year
            )
        }
        for student in students:
            row = current.get(student.pk)
            old_id = row.counsellor_id if row is not None else None
            new_id = counsellor.pk if counsellor is not None else None
            if old_id == new_id:
                continue
            if counsellor is None:
                row.delete()
            elif row is None:
                row = CounsellorAssignment.objects.create(
                    student=student, counsellor=counsellor, academic_year=academic_year
                )
            else:
                row.counsellor = counsellor
                row.save(update_fields=["counsellor"])
            log_action(
                "portfolio.counsellor.assigned",
                actor=user,
                acting=acting,
                target=student,
                data={
                    "academic_year": academic_year,
                    "old": {"counsellor": old_id},
                    "new": {"counsellor": new_id},
                },
            )
            changed += 1
    return changed

"""The registry's re-check of each class's basic data, once per term.

Marking a class as checked stores a BasicDataCheck and a StudentTermRecord
per student: the class, seat, name and status as confirmed that term. The next
term compares each student's current data with that record to show what
changed (class, status, name), and students without a record last term show
as new.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SchoolClass, Student
from audit.services import log_action
from records.models import BasicDataCheck, StudentTermRecord, Term
from records.services.record_audit import json_value

logger = logging.getLogger(__name__)


@dataclass
class FieldChange:
    """One field of a student's data that differs from the previous term's record."""

    name: str
    label: str
    old: str
    new: str


@dataclass
class StudentChange:
    """A student whose data differs from the previous term, or who had no record then."""

    student: Student
    previous: StudentTermRecord | None
    fields: list[FieldChange]

    @property
    def is_new(self) -> bool:
        return self.previous is None


@dataclass
class ClassStatus:
    """A class's check for one term: whether it is checked and who changed since last term."""

    school_class: SchoolClass
    students: list[Student]
    check: BasicDataCheck | None
    changes: list[StudentChange] = field(default_factory=list)

    @property
    def is_checked(self) -> bool:
        return self.check is not None


def previous_term(term: Term) -> Term | None:
    """Return the term just before `term` among those set up, or None."""
    earlier = Q(academic_year__lt=term.academic_year) | Q(
        academic_year=term.academic_year, semester__lt=term.semester
    )
    return Term.objects.filter(earlier).order_by("-academic_year", "-semester").first()


def _status_label(value: str) -> str:
    try:
        return str(Student.Status(value).label)
    except ValueError:
        return value


def compare_with_record(
    student: Student, previous: StudentTermRecord | None
) -> StudentChange | None:
    """Return how the student's data differs from the previous record, or None if it does not."""
    if previous is None:
        return StudentChange(student, None, [])
    class_code = student.school_class.code if student.school_class_id else ""
    fields = []
    if class_code != previous.class_code:
        fields.append(FieldChange("class_code", _("class"), previous.class_code, class_code))
    if student.status != previous.status:
        fields.append(
            FieldChange(
                "status",
                _("enrolment status"),
                _status_label(previous.status),
                student.get_status_display(),
            )
        )
    if student.name != previous.name:
        fields.append(FieldChange("name", _("name"), previous.name, student.name))
    return StudentChange(student, previous, fields) if fields else None


def class_statuses(term: Term) -> list[ClassStatus]:
    """Return the check status and changes of every class of the term's academic year.

    Runs five queries, whatever the number of classes and students.
    """
    students = Student.objects.order_by("seat_number", "student_number")
    classes = list(
        SchoolClass.objects.filter(academic_year=term.academic_year)
        .order_by("code")
        .prefetch_related(Prefetch("students", queryset=students))
    )
    checks = {
        check.school_class_id: check
        for check in BasicDataCheck.objects.filter(term=term).select_related("checked_by")
    }
    before = previous_term(term)
    previous = {}
    if before is not None:
        student_ids = [s.id for c in classes for s in c.students.all()]
        previous = {
            record.student_id: record
            for record in StudentTermRecord.objects.filter(term=before, student_id__in=student_ids)
        }

    statuses = []
    for school_class in classes:
        members = list(school_class.students.all())
        status = ClassStatus(school_class, members, checks.get(school_class.id))
        for student in members:
            # The prefetch leaves student.school_class unloaded; reuse the class in hand.
            student.school_class = school_class
            change = compare_with_record(student, previous.get(student.id))
            if change is not None:
                status.changes.append(change)
        statuses.append(status)
    return statuses


def mark_class_checked(term: Term, school_class: SchoolClass, *, user, acting=None):
    """Confirm a class's basic data for the term and store each student's term record.

    Checking a class again replaces the records with the current data and
    moves the check time. Returns the BasicDataCheck.
    """
    now = timezone.now()
    with transaction.atomic():
        students = list(school_class.students.order_by("student_number"))
        records = [
            StudentTermRecord(
                term=term,
                student=student,
                class_code=school_class.code,
                seat_number=student.seat_number,
                name=student.name,
                status=student.status,
            )
            for student in students
        ]
        StudentTermRecord.objects.bulk_create(
            records,
            update_conflicts=True,
            unique_fields=["term", "student"],
            update_fields=["class_code", "seat_number", "name", "status"],
        )
        check = (
            BasicDataCheck.objects.select_for_update()
            .filter(term=term, school_class=school_class)
            .first()
        )
        old = None
        if check is None:
            check = BasicDataCheck(term=term, school_class=school_class)
        else:
            old = {"checked_at": json_value(check.checked_at), "checked_by": check.checked_by_id}
        check.checked_by = user if user is not None and user.is_authenticated else None
        check.checked_at = now
        check.save()
        log_action(
            "portfolio.basic_data.checked",
            actor=user,
            acting=acting,
            target=check,
            data={
                "old": old or {},
                "new": {"checked_at": json_value(now), "checked_by": check.checked_by_id},
                "students": len(students),
            },
        )
    logger.info(
        "basic data of class %s checked for term %s (%s students)",
        school_class.pk,
        term.pk,
        len(students),
    )
    return check

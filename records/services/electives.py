"""Elective course names per student, read from sections and enrolments."""

from django.db.models import QuerySet

from accounts.models import SchoolClass, Student
from records.models import Enrolment, Section, Term

ELECTIVE_CATEGORIES = (
    Section.Category.ADVANCED_ELECTIVE,
    Section.Category.DIVERSE_ELECTIVE,
    Section.Category.REMEDIAL_ELECTIVE,
)


def elective_enrolments(term: Term, school_class: SchoolClass) -> QuerySet[Enrolment]:
    """Return the elective enrolments of the class's students in the term, in one query."""
    return (
        Enrolment.objects.filter(
            section__term=term,
            section__category__in=ELECTIVE_CATEGORIES,
            student__school_class=school_class,
        )
        .select_related("student", "section")
        .order_by("student__seat_number", "student__student_number", "section__course_code")
    )


def electives_by_student(term: Term, school_class: SchoolClass) -> list[tuple[Student, list]]:
    """Return (student, [section, ...]) for each student with electives, in seat order."""
    rows: dict[int, tuple[Student, list]] = {}
    for enrolment in elective_enrolments(term, school_class):
        rows.setdefault(enrolment.student_id, (enrolment.student, []))[1].append(enrolment.section)
    return list(rows.values())

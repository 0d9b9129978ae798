"""A term with windows, a section and submitted course outcomes, for the certification tests.

The tests freeze the clock at noon on 15 January 2025 (Taipei), inside term 113-1, its
course-outcome upload window (113/09/01–114/02/07) and its certification
window (114/01/06–114/02/14).
"""

import datetime
import hashlib
import uuid

import pytest
from django.core.files.base import ContentFile

from portfolio.roc import TAIPEI
from records.models import CourseOutcome, Enrolment, ScheduleWindow, Section, StoredFile, Term
from tests.factories import StaffFactory, StudentFactory
from tests.uploads_samples import UPLOADS

NOON = datetime.datetime(2025, 1, 15, 12, 0, tzinfo=TAIPEI)
REPORT_PDF = UPLOADS / "report.pdf"


def stored_pdf(student) -> StoredFile:
    """Store tests/data/uploads/report.pdf as the student's upload."""
    data = REPORT_PDF.read_bytes()
    return StoredFile.objects.create(
        file=ContentFile(data, name=f"{uuid.uuid4().hex}.pdf"),
        original_name="report.pdf",
        content_type="application/pdf",
        size=len(data),
        md5=hashlib.md5(data).hexdigest(),
        sha256=hashlib.sha256(data).hexdigest(),
        owner=student,
        uploaded_by=student.user,
    )


def submitted_outcome(section, student, slot=1, title=None) -> CourseOutcome:
    """Create an outcome of the student for the section, sent for certification."""
    Enrolment.objects.get_or_create(section=section, student=student)
    return CourseOutcome.objects.create(
        student=student,
        term=section.term,
        section=section,
        slot=slot,
        title=title or f"{section.name}報告{slot}",
        summary="以實驗數據比較三種材料的導熱係數。",
        document=stored_pdf(student),
        status=CourseOutcome.Status.SUBMITTED,
        submitted_at=NOON - datetime.timedelta(days=3),
    )


def students_with_outcomes(section, count, start=1) -> list[CourseOutcome]:
    """Create count students of the section's class, each with one submitted outcome."""
    outcomes = []
    for number in range(start, start + count):
        student = StudentFactory(
            student_number=f"11380{number:02d}",
            name=f"學生{number:02d}",
            school_class=section.school_class,
            seat_number=number,
        )
        outcomes.append(submitted_outcome(section, student))
    return outcomes


@pytest.fixture
def term(db):
    term = Term.objects.create(academic_year=113, semester=1)
    ScheduleWindow.objects.create(
        term=term,
        kind=ScheduleWindow.Kind.OUTCOME_UPLOAD,
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2025, 2, 7),
        self_check_on=datetime.date(2025, 1, 20),
    )
    ScheduleWindow.objects.create(
        term=term,
        kind=ScheduleWindow.Kind.CERTIFICATION,
        starts_on=datetime.date(2025, 1, 6),
        ends_on=datetime.date(2025, 2, 14),
        self_check_on=datetime.date(2025, 2, 7),
    )
    return term


@pytest.fixture
def course_teacher(db):
    return StaffFactory(staff_code="T9201", name="張老師", job_title="專任教師")


@pytest.fixture
def substitute(db):
    return StaffFactory(staff_code="T9202", name="李代課", job_title="代課教師")


@pytest.fixture
def section(term, school_class, course_teacher):
    return Section.objects.create(
        term=term,
        course_code="PHY1",
        name="物理",
        category=Section.Category.NATIONAL_REQUIRED,
        credits=2,
        school_class=school_class,
        teacher=course_teacher,
    )


@pytest.fixture
def other_section(term, school_class, outsider):
    return Section.objects.create(
        term=term,
        course_code="CHE1",
        name="化學",
        category=Section.Category.NATIONAL_REQUIRED,
        credits=2,
        school_class=school_class,
        teacher=outsider,
    )


@pytest.fixture
def outcome(section, student):
    return submitted_outcome(section, student)


@pytest.fixture
def classmate_outcome(section, classmate):
    return submitted_outcome(section, classmate)

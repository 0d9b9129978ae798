"""Academic year 113 with a selection window, certified outcomes and performances.

The selection window of 113 semester 2 runs 114/07/01–114/07/20 (Taipei); the
tests freeze the clock at noon on 10 July 2025, inside it, or just after it.
"""

import datetime
import hashlib
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile

from accounts.models import Staff
from portfolio.roc import TAIPEI
from records.models import (
    CertificationDecision,
    CourseOutcome,
    DiversePerformance,
    Grade,
    ScheduleWindow,
    Section,
    StoredFile,
    Term,
)
from tests.factories import StaffFactory

NOW = datetime.datetime(2025, 7, 10, 12, 0, tzinfo=TAIPEI)
AFTER_WINDOW = datetime.datetime(2025, 7, 21, 0, 0, 1, tzinfo=TAIPEI)


def make_year(academic_year: int = 113) -> tuple[Term, Term]:
    """Create both terms of the year, with a selection window in semester 2."""
    first = Term.objects.create(academic_year=academic_year, semester=1)
    second = Term.objects.create(academic_year=academic_year, semester=2)
    start_year = academic_year + 1912
    ScheduleWindow.objects.create(
        term=second,
        kind=ScheduleWindow.Kind.SELECTION,
        starts_on=datetime.date(start_year, 7, 1),
        ends_on=datetime.date(start_year, 7, 20),
        self_check_on=datetime.date(start_year, 7, 15),
    )
    return first, second


def course_teacher() -> Staff:
    """Return the one course teacher of these tests, creating them on first use."""
    existing = Staff.objects.filter(staff_code="T8001").first()
    return existing or StaffFactory(staff_code="T8001", name="張老師", job_title="專任教師")


def make_section(term, school_class, code="PHY1", name="物理", teacher=None) -> Section:
    teacher = teacher or course_teacher()
    section, _created = Section.objects.get_or_create(
        term=term,
        course_code=code,
        school_class=school_class,
        defaults={
            "name": name,
            "category": Section.Category.NATIONAL_REQUIRED,
            "credits": 2,
            "teacher": teacher,
        },
    )
    return section


def stored_file(student, content: bytes = b"%PDF-1.4 test\n", name="report.pdf") -> StoredFile:
    return StoredFile.objects.create(
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.pdf"),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        md5=hashlib.md5(content).hexdigest(),
        sha256=hashlib.sha256(content).hexdigest(),
        owner=student,
    )


def outcome(student, section, slot, status=CourseOutcome.Status.CERTIFIED, document=True):
    """Create an outcome of the student; a certified one gets its teacher's decision."""
    made = CourseOutcome.objects.create(
        student=student,
        term=section.term,
        section=section,
        slot=slot,
        title=f"{section.name}成果{slot}",
        summary="以實驗數據比較三種材料的導熱係數。",
        document=stored_file(student, f"%PDF-1.4 outcome {slot}\n".encode()) if document else None,
        status=status,
    )
    if status == CourseOutcome.Status.CERTIFIED:
        CertificationDecision.objects.create(
            outcome=made,
            decision=CertificationDecision.Decision.CERTIFIED,
            decided_by=section.teacher.user,
            decided_at=NOW - datetime.timedelta(days=30),
        )
    return made


def performance(student, academic_year=113, slot=1, **changes) -> DiversePerformance:
    fields = {
        "student": student,
        "academic_year": academic_year,
        "kind": DiversePerformance.Kind.WORK,
        "title": f"作品{slot}",
        "summary": "說明這次經驗與收穫。",
        "starts_on": datetime.date(academic_year + 1911, 10, 1),
        "video_url": "https://youtu.be/abc",
        "slot": slot,
    }
    fields.update(changes)
    return DiversePerformance.objects.create(**fields)


def grade(student, term, code="PHY1", score="87.5", kind=Grade.Kind.SEMESTER) -> Grade:
    return Grade.objects.create(
        student=student,
        term=term,
        kind=kind,
        course_code=code,
        course_name="物理",
        credits=2,
        score=Decimal(score),
        passed=Decimal(score) >= 60,
    )

"""Fill a student's portfolio with one item of every kind per term, for the portfolio tests."""

import datetime
from decimal import Decimal

from accounts.models import TaskItem
from portfolio.roc import TAIPEI, term_bounds
from records.models import (
    AttendanceSummary,
    CadreRecord,
    CertificationDecision,
    ConsultationRecord,
    CourseOutcome,
    CoursePlanningAssessment,
    DiversePerformance,
    Enrolment,
    Grade,
    Section,
    StudentTermRecord,
    Term,
)
from tests.factories import StaffFactory

# Terms from 113-1 backwards: 113-1, 112-2, 112-1, 111-2, ...
ALL_TERMS = [(113, 1), (112, 2), (112, 1), (111, 2), (111, 1), (110, 2), (110, 1), (109, 2)]


def fill_portfolio(student, term_count: int, teacher=None, counsellor=None) -> list[Term]:
    """Give the student one record of every kind in each of `term_count` terms."""
    teacher = teacher or StaffFactory(name="張老師")
    counsellor = counsellor or StaffFactory(name="諮詢老師", job_title="課程諮詢教師")
    competitions = TaskItem.objects.get(code="competitions")
    terms = []
    for year, semester in ALL_TERMS[:term_count]:
        term, _created = Term.objects.get_or_create(academic_year=year, semester=semester)
        terms.append(term)
        first_day, _last_day = term_bounds(year, semester)
        middle = datetime.datetime.combine(
            first_day + datetime.timedelta(days=40), datetime.time(10, 0), tzinfo=TAIPEI
        )
        required, _created = Section.objects.get_or_create(
            term=term,
            course_code=f"PHY{term.code}",
            school_class=student.school_class,
            defaults={
                "name": "物理",
                "category": Section.Category.NATIONAL_REQUIRED,
                "credits": 2,
                "teacher": teacher,
            },
        )
        elective, _created = Section.objects.get_or_create(
            term=term,
            course_code=f"ROB{term.code}",
            school_class=student.school_class,
            defaults={
                "name": "機器人專題",
                "category": Section.Category.DIVERSE_ELECTIVE,
                "credits": 1,
                "teacher": teacher,
            },
        )
        Enrolment.objects.create(section=required, student=student)
        Enrolment.objects.create(section=elective, student=student)
        Grade.objects.create(
            student=student,
            term=term,
            section=required,
            course_code=required.course_code,
            course_name=required.name,
            credits=2,
            score=Decimal("78.50"),
            passed=True,
        )
        certified = CourseOutcome.objects.create(
            student=student,
            term=term,
            section=required,
            slot=1,
            title=f"熱傳導實驗 {term.code}",
            summary="比較三種材料的導熱係數。",
            status=CourseOutcome.Status.CERTIFIED,
        )
        CertificationDecision.objects.create(
            outcome=certified,
            decision=CertificationDecision.Decision.CERTIFIED,
            decided_at=middle,
        )
        rejected = CourseOutcome.objects.create(
            student=student,
            term=term,
            section=elective,
            slot=2,
            title=f"機器人影片 {term.code}",
            summary="循跡車的設計過程。",
            status=CourseOutcome.Status.REJECTED,
        )
        CertificationDecision.objects.create(
            outcome=rejected,
            decision=CertificationDecision.Decision.REJECTED,
            reason="影片屬於資訊課",
            decided_at=middle,
        )
        DiversePerformance.objects.create(
            student=student,
            academic_year=year,
            term=term,
            kind=DiversePerformance.Kind.SERVICE,
            title=f"淨灘服務 {term.code}",
            summary="清理海灘垃圾。",
            slot=semester,
        )
        DiversePerformance.objects.create(
            student=student,
            academic_year=year,
            term=term,
            kind=DiversePerformance.Kind.COMPETITION,
            title=f"校內科展 {term.code}",
            summary="校內科展第一名。",
            entered_under=competitions,
        )
        CadreRecord.objects.create(
            student=student,
            term=term,
            category=CadreRecord.Category.CLASS,
            unit=student.school_class.code,
            post="學藝股長",
        )
        AttendanceSummary.objects.create(
            student=student, term=term, leave_type=AttendanceSummary.LeaveType.SICK, periods=3
        )
        StudentTermRecord.objects.create(
            term=term,
            student=student,
            class_code=student.school_class.code,
            seat_number=student.seat_number,
            name=student.name,
            status=student.status,
        )
        ConsultationRecord.objects.create(
            student=student,
            counsellor=counsellor,
            held_at=middle,
            place="輔導室",
            content=f"討論選課 {term.code}",
            advice="多修資訊相關課程",
        )
        if semester == 1:
            CoursePlanningAssessment.objects.update_or_create(
                student=student,
                academic_year=year,
                defaults={"career_clusters": ["information", "engineering"], "notes": "喜歡寫程式"},
            )
    return terms

"""The office records of the demo school: grades, cadre records and attendance.

Run by records.demo.build() after the demo term and sections exist. Idempotent:
records are found by their natural keys and left as they are.
"""

from accounts.models import SchoolClass, Staff, Student
from records.models import (
    AttendanceSummary,
    CadreRecord,
    CounsellorAssignment,
    Grade,
    Section,
    Term,
)

LeaveType = AttendanceSummary.LeaveType
# Scores cycle through this list, so the demo shows passed and failed grades.
DEMO_SCORES = [88, 72, 59, 95, 64, 47, 81]
CLASS_POSTS = ["班長", "副班長", "風紀股長", "學藝股長"]


def build_grades(term: Term, sections: list[Section]) -> int:
    """Give every enrolled student a semester grade in each section; return how many exist."""
    grades = []
    for index, section in enumerate(sections):
        for seat, student in enumerate(section.school_class.students.all()):
            score = DEMO_SCORES[(index + seat) % len(DEMO_SCORES)]
            grades.append(
                Grade(
                    student=student,
                    term=term,
                    section=section,
                    course_code=section.course_code,
                    course_name=section.name,
                    credits=section.credits,
                    score=score,
                    passed=score >= 60,
                )
            )
    Grade.objects.bulk_create(grades, ignore_conflicts=True)
    return Grade.objects.filter(term=term).count()


def build_cadres(term: Term, classes: list[SchoolClass]) -> int:
    """Make the first students of each class its class cadres; return how many exist."""
    records = []
    for school_class in classes:
        students = list(school_class.students.all())
        for post, student in zip(CLASS_POSTS, students, strict=False):
            records.append(
                CadreRecord(
                    student=student,
                    term=term,
                    category=CadreRecord.Category.CLASS,
                    unit=school_class.code,
                    post=post,
                    level="班級",
                    starts_on=term.starts_on,
                )
            )
    CadreRecord.objects.bulk_create(records, ignore_conflicts=True)
    return CadreRecord.objects.filter(term=term).count()


def build_attendance(term: Term, classes: list[SchoolClass]) -> int:
    """Give some students a few periods of leave; return how many summaries exist."""
    rows = []
    for school_class in classes:
        for seat, student in enumerate(school_class.students.all()):
            if seat % 3 == 0:
                rows.append(
                    AttendanceSummary(
                        student=student, term=term, leave_type=LeaveType.SICK, periods=seat % 5 + 1
                    )
                )
            if seat % 4 == 1:
                rows.append(
                    AttendanceSummary(
                        student=student, term=term, leave_type=LeaveType.OFFICIAL, periods=2
                    )
                )
    AttendanceSummary.objects.bulk_create(rows, ignore_conflicts=True)
    return AttendanceSummary.objects.filter(term=term).count()


# The demo course counsellor (課程諮詢教師) and the class whose students they advise.
DEMO_COUNSELLOR = "D0030"
COUNSELLED_CLASS = "101"


def build_counsellor_assignments(term: Term, classes: list[SchoolClass]) -> int:
    counsellor = Staff.objects.filter(staff_code=DEMO_COUNSELLOR).first()
    counselled = [school_class for school_class in classes if school_class.code == COUNSELLED_CLASS]
    if counsellor is None or not counselled:
        return 0
    students = Student.objects.filter(school_class__in=counselled)
    for student in students:
        CounsellorAssignment.objects.get_or_create(
            student=student,
            academic_year=term.academic_year,
            defaults={"counsellor": counsellor},
        )
    return students.count()


def build(stdout, term: Term, classes: list[SchoolClass], sections: list[Section]) -> None:
    """Add demo grades, cadre records, attendance and counsellor assignments."""
    grades = build_grades(term, sections)
    cadres = build_cadres(term, classes)
    attendance = build_attendance(term, classes)
    counselled = build_counsellor_assignments(term, classes)
    stdout.write(
        f"Demo office records: {grades} grades, {cadres} cadre records, "
        f"{attendance} attendance summaries, {counselled} students with course counsellor "
        f"{DEMO_COUNSELLOR}."
    )

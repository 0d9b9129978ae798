"""Demo records: the current term with open windows, sections, a substitute and enrolments.

Run by the seed_demo command after accounts.demo.build(). Idempotent: the term,
windows and sections are found by their natural keys and updated.
"""

import datetime

from django.db import transaction

from accounts.models import SchoolClass, Staff
from portfolio import roc
from records import demo_office
from records.models import Enrolment, ScheduleWindow, Section, SectionCover, Term

Kind = ScheduleWindow.Kind

# Course code, credits and category of each subject the demo teachers teach.
SUBJECT_COURSES = {
    "國語文": ("C01", 4, Section.Category.NATIONAL_REQUIRED),
    "英語文": ("C02", 4, Section.Category.NATIONAL_REQUIRED),
    "數學": ("C03", 4, Section.Category.NATIONAL_REQUIRED),
    "物理": ("C04", 2, Section.Category.NATIONAL_REQUIRED),
    "歷史": ("C05", 2, Section.Category.NATIONAL_REQUIRED),
}
# A class meeting that carries no credits, so it takes no course outcomes.
CLASS_MEETING = ("G01", "班會", 0, Section.Category.GROUP_ACTIVITY)
TEACHER_TITLE = "專任教師"
SUBSTITUTE_TITLE = "代理教師"


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def build_term(today: datetime.date) -> Term:
    """Create the current term, its closing ceremony 11 days before its last day."""
    academic_year, semester = roc.academic_year_of(today), roc.semester_of(today)
    _first, last = roc.term_bounds(academic_year, semester)
    term, _created = Term.objects.update_or_create(
        academic_year=academic_year,
        semester=semester,
        defaults={"closing_ceremony_on": last - _days(11)},
    )
    return term


def window_dates(term: Term, today: datetime.date) -> dict[str, tuple]:
    """Return (opens, closes, self-check) per kind, so uploads and certification are open today.

    Uploads stay open until two weeks after the closing ceremony; selection,
    submission and receipt confirmation follow in that order.
    """
    upload_end = max(term.closing_ceremony_on + _days(14), today + _days(20))
    certification_end = upload_end + _days(7)
    selection = (certification_end + _days(1), certification_end + _days(14))
    submission = (selection[1] + _days(1), selection[1] + _days(7))
    receipt = (submission[1] + _days(1), submission[1] + _days(5))
    return {
        Kind.OUTCOME_UPLOAD: (today - _days(20), upload_end, today + _days(7)),
        Kind.CERTIFICATION: (today - _days(15), certification_end, upload_end),
        Kind.PERFORMANCE_UPLOAD: (today - _days(20), upload_end, today + _days(7)),
        Kind.SELECTION: (*selection, selection[1] - _days(3)),
        Kind.SUBMISSION: (*submission, submission[1]),
        Kind.RECEIPT_CONFIRMATION: (*receipt, receipt[1] - _days(1)),
    }


def build_windows(term: Term, today: datetime.date) -> list[ScheduleWindow]:
    windows = []
    for kind, (opens, closes, self_check) in window_dates(term, today).items():
        window, _created = ScheduleWindow.objects.update_or_create(
            term=term,
            kind=kind,
            grade=None,
            defaults={"starts_on": opens, "ends_on": closes, "self_check_on": self_check},
        )
        window.full_clean()
        windows.append(window)
    return windows


def build_sections(term: Term, classes: list[SchoolClass], teachers: list[Staff]) -> list[Section]:
    """Give every class a section of each teacher's subject and a class meeting."""
    sections = []
    for school_class in classes:
        for teacher in teachers:
            if teacher.subjects not in SUBJECT_COURSES:
                continue
            code, credits, category = SUBJECT_COURSES[teacher.subjects]
            sections.append(
                _section(term, school_class, code, teacher.subjects, credits, category, teacher)
            )
        if school_class.homeroom_teacher is not None:
            code, name, credits, category = CLASS_MEETING
            sections.append(
                _section(
                    term, school_class, code, name, credits, category, school_class.homeroom_teacher
                )
            )
    return sections


def _section(term, school_class, code, name, credits, category, teacher) -> Section:
    section, _created = Section.objects.update_or_create(
        term=term,
        course_code=code,
        school_class=school_class,
        defaults={"name": name, "credits": credits, "category": category, "teacher": teacher},
    )
    return section


def build_cover(sections: list[Section], substitute: Staff, today: datetime.date):
    """Let the substitute cover the first maths section for four weeks from last week."""
    maths = next((s for s in sections if s.course_code == SUBJECT_COURSES["數學"][0]), None)
    if maths is None:
        return None
    cover, _created = SectionCover.objects.update_or_create(
        section=maths,
        substitute=substitute,
        defaults={"starts_on": today - _days(7), "ends_on": today + _days(21)},
    )
    return cover


def build_enrolments(sections: list[Section]) -> int:
    """Enrol every student of a section's class; return how many enrolments exist."""
    rows = [
        Enrolment(section=section, student=student)
        for section in sections
        for student in section.school_class.students.all()
    ]
    Enrolment.objects.bulk_create(rows, ignore_conflicts=True)
    return Enrolment.objects.filter(section__in=sections).count()


@transaction.atomic
def build(stdout) -> None:
    """Create or update the demo term, windows, sections, cover and enrolments."""
    today = roc.today()
    term = build_term(today)
    windows = build_windows(term, today)
    stdout.write(f"Demo term {term.code}: {len(windows)} schedule windows, see /schedule/.")

    classes = list(
        SchoolClass.objects.filter(academic_year=term.academic_year)
        .select_related("homeroom_teacher")
        .prefetch_related("students")
    )
    teachers = list(Staff.objects.filter(job_title=TEACHER_TITLE).order_by("staff_code"))
    if not classes or not teachers:
        stdout.write("No demo classes or teachers yet: sections and enrolments skipped.")
        return
    sections = build_sections(term, classes, teachers)
    substitute = Staff.objects.filter(job_title=SUBSTITUTE_TITLE).order_by("staff_code").first()
    cover = build_cover(sections, substitute, today) if substitute else None
    enrolments = build_enrolments(sections)
    stdout.write(
        f"Demo sections: {len(sections)} in {len(classes)} classes, {enrolments} enrolments"
        + (f", {cover.substitute.name} covers {cover.section}." if cover else ".")
    )
    demo_office.build(stdout, term, classes, sections)

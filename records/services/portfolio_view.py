"""A student's whole learning portfolio, term by term, for the portfolio page and PDFs.

`collect_portfolio(student)` runs the same number of queries however many terms
and items the student has, and returns the four parts grouped by academic year
and semester:

- basic data: enrolment data, cadre records and attendance per term;
- course records: enrolled sections with category and credits, grades, the
  course-planning assessment of the year and the consultations in the term;
- course outcomes with their certification status and the latest decision;
- diverse performances, the ones offices entered included.

`get_student_for_portfolio(user, student_id)` decides who may see one.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from accounts.access import staff_of
from accounts.models import Student, TaskItem
from accounts.services.acting import acting_as
from portfolio import roc
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
    StudentTermRecord,
)
from records.services.course_planning import cluster_labels

BASIC_DATA_TASK_ITEM = "basic-data"


@dataclass
class TermPortfolio:
    """What one semester holds, in the four parts' order."""

    academic_year: int
    semester: int
    term_record: StudentTermRecord | None = None
    cadres: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    consultations: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    performances: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return roc.term_label(self.academic_year, self.semester)

    @property
    def credits(self) -> int:
        return sum(section.credits for section in self.sections)


@dataclass
class YearPortfolio:
    """One academic year: its planning assessment, year-wide performances and two terms."""

    academic_year: int
    planning: CoursePlanningAssessment | None = None
    planning_clusters: list[str] = field(default_factory=list)
    performances: list = field(default_factory=list)
    terms: dict[int, TermPortfolio] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return roc.term_label(self.academic_year)

    @property
    def term_list(self) -> list[TermPortfolio]:
        return [self.terms[semester] for semester in sorted(self.terms)]


@dataclass
class Portfolio:
    student: Student
    years: list[YearPortfolio]


def get_student_for_portfolio(user, student_id: int) -> Student:
    """Return the student whose portfolio `user` may see; 404 for everyone else.

    The student themself, the homeroom teacher of the student's class and staff
    acting for the basic-data task item may see it.
    """
    student = (
        Student.objects.select_related("school_class__homeroom_teacher")
        .filter(pk=student_id)
        .first()
    )
    if student is None or not user.is_authenticated:
        raise Http404("No such student.")
    if student.user_id == user.pk:
        return student
    staff = staff_of(user)
    if staff is None:
        raise Http404("No such student.")
    if student.school_class is not None and student.school_class.homeroom_teacher_id == staff.pk:
        return student
    task_item = TaskItem.objects.filter(code=BASIC_DATA_TASK_ITEM).first()
    if task_item is not None and acting_as(staff, task_item) is not None:
        return student
    raise Http404("No such student.")


def get_own_student(user) -> Student:
    """Return the logged-in student's record; 404 for accounts without one."""
    student = getattr(user, "student", None) if user.is_authenticated else None
    if student is None:
        raise Http404("Only students have a portfolio of their own.")
    return (
        Student.objects.select_related("school_class__homeroom_teacher").filter(pk=student.pk).get()
    )


def collect_portfolio(student: Student) -> Portfolio:
    """Collect the student's four parts by year and term in a fixed number of queries."""
    years: dict[int, YearPortfolio] = {}

    def year(academic_year: int) -> YearPortfolio:
        return years.setdefault(academic_year, YearPortfolio(academic_year))

    def term(academic_year: int, semester: int) -> TermPortfolio:
        bucket = year(academic_year)
        return bucket.terms.setdefault(semester, TermPortfolio(academic_year, semester))

    for record in StudentTermRecord.objects.filter(student=student).select_related("term"):
        term(record.term.academic_year, record.term.semester).term_record = record

    for cadre in CadreRecord.objects.filter(student=student).select_related("term"):
        term(cadre.term.academic_year, cadre.term.semester).cadres.append(cadre)

    for row in AttendanceSummary.objects.filter(student=student).select_related("term"):
        term(row.term.academic_year, row.term.semester).attendance.append(row)

    enrolments = (
        Enrolment.objects.filter(student=student)
        .select_related("section__term", "section__teacher")
        .order_by("section__term__academic_year", "section__term__semester", "section__course_code")
    )
    for enrolment in enrolments:
        section = enrolment.section
        term(section.term.academic_year, section.term.semester).sections.append(section)

    for grade in Grade.objects.filter(student=student).select_related("term"):
        term(grade.term.academic_year, grade.term.semester).grades.append(grade)

    for planning in CoursePlanningAssessment.objects.filter(student=student):
        bucket = year(planning.academic_year)
        bucket.planning = planning
        bucket.planning_clusters = cluster_labels(planning.career_clusters)

    consultations = (
        ConsultationRecord.objects.filter(student=student)
        .select_related("counsellor")
        .order_by("held_at")
    )
    for record in consultations:
        day = roc.to_taipei(record.held_at).date()
        term(roc.academic_year_of(day), roc.semester_of(day)).consultations.append(record)

    decisions = CertificationDecision.objects.order_by("-decided_at", "-id")
    outcomes = (
        CourseOutcome.objects.filter(student=student)
        .select_related("term", "section", "document", "media")
        .prefetch_related(Prefetch("decisions", queryset=decisions, to_attr="decision_list"))
    )
    for outcome in outcomes:
        outcome.latest_decision = outcome.decision_list[0] if outcome.decision_list else None
        term(outcome.term.academic_year, outcome.term.semester).outcomes.append(outcome)

    performances = (
        DiversePerformance.objects.filter(student=student)
        .select_related("term", "entered_under", "document", "media")
        .order_by("academic_year", "starts_on", "id")
    )
    for performance in performances:
        if performance.term_id is not None:
            bucket = term(performance.term.academic_year, performance.term.semester)
        else:
            bucket = year(performance.academic_year)
        bucket.performances.append(performance)

    ordered = [years[key] for key in sorted(years)]
    return Portfolio(student=student, years=ordered)

"""Course-planning assessments (學群探索與就業規劃) kept by the guidance office.

Each student has at most one assessment per academic year: the career clusters
they explore (from the 18 university career clusters) and the counsellor's notes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SchoolClass, Student
from audit.services import log_action
from records.models import CoursePlanningAssessment

# The 18 career clusters (學群) that universities and the college admission
# guide use. Keys are stored in CoursePlanningAssessment.career_clusters.
CAREER_CLUSTERS = [
    ("information", gettext_lazy("information technology")),
    ("engineering", gettext_lazy("engineering")),
    ("mathematics_physics_chemistry", gettext_lazy("mathematics, physics and chemistry")),
    ("medicine_health", gettext_lazy("medicine and health")),
    ("life_sciences", gettext_lazy("life sciences")),
    ("biological_resources", gettext_lazy("biological resources")),
    ("earth_environment", gettext_lazy("earth and environment")),
    ("architecture_design", gettext_lazy("architecture and design")),
    ("arts", gettext_lazy("arts")),
    ("social_psychology", gettext_lazy("society and psychology")),
    ("mass_communication", gettext_lazy("mass communication")),
    ("foreign_languages", gettext_lazy("foreign languages")),
    ("literature_history_philosophy", gettext_lazy("literature, history and philosophy")),
    ("education", gettext_lazy("education")),
    ("law_politics", gettext_lazy("law and political science")),
    ("management", gettext_lazy("management")),
    ("finance_economics", gettext_lazy("finance and economics")),
    ("leisure_sports", gettext_lazy("leisure and sports")),
]
CLUSTER_LABELS = dict(CAREER_CLUSTERS)


def cluster_labels(keys: list[str]) -> list[str]:
    """Return the labels of stored cluster keys, in the order of CAREER_CLUSTERS."""
    return [str(label) for key, label in CAREER_CLUSTERS if key in keys]


def classes_of_year(academic_year: int) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.filter(academic_year=academic_year).order_by("code")


def students_with_assessment(school_class: SchoolClass, academic_year: int) -> list[Student]:
    """Return the class's students, each with `.assessment` for the year or None (2 queries)."""
    assessments = CoursePlanningAssessment.objects.filter(academic_year=academic_year)
    students = list(
        school_class.students.order_by("seat_number", "student_number").prefetch_related(
            Prefetch("planning_assessments", queryset=assessments, to_attr="year_assessments")
        )
    )
    for student in students:
        student.assessment = student.year_assessments[0] if student.year_assessments else None
    return students


def _snapshot(assessment: CoursePlanningAssessment | None) -> dict:
    if assessment is None:
        return {}
    return {"career_clusters": list(assessment.career_clusters), "notes": assessment.notes}


def save_assessment(
    student: Student,
    academic_year: int,
    career_clusters: list[str],
    notes: str,
    user,
    acting=None,
) -> CoursePlanningAssessment:
    """Create or update the student's assessment for the year and write the audit entry.

    Raises ValidationError for a cluster key that is not one of CAREER_CLUSTERS.
    """
    unknown = [key for key in career_clusters if key not in CLUSTER_LABELS]
    if unknown:
        raise ValidationError(
            _("Unknown career clusters: %(keys)s. Pick clusters from the list.")
            % {"keys": ", ".join(unknown)},
            code="unknown_cluster",
        )
    ordered = [key for key, _label in CAREER_CLUSTERS if key in career_clusters]
    with transaction.atomic():
        assessment = (
            CoursePlanningAssessment.objects.select_for_update()
            .filter(student=student, academic_year=academic_year)
            .first()
        )
        old = _snapshot(assessment)
        if assessment is None:
            assessment = CoursePlanningAssessment(student=student, academic_year=academic_year)
        assessment.career_clusters = ordered
        assessment.notes = notes.strip()
        assessment.updated_by = user
        assessment.save()
        new = _snapshot(assessment)
        if old != new:
            log_action(
                "portfolio.planning.saved",
                actor=user,
                acting=acting,
                target=assessment,
                data={"old": old, "new": new},
            )
    return assessment

"""What a portfolio holds, one module per concept.

Every model is re-exported here, so code imports `from records.models import Term`.
"""

from records.models.attendance import AttendanceSummary
from records.models.cadres import CadreRecord
from records.models.course_records import (
    ConsultationRecord,
    CounsellorAssignment,
    CoursePlanningAssessment,
)
from records.models.courses import Enrolment, Section, SectionCover
from records.models.enrolment_records import BasicDataCheck, EnrolmentChange, StudentTermRecord
from records.models.files import StoredFile
from records.models.grades import Grade
from records.models.outcomes import CertificationDecision, CourseOutcome
from records.models.performances import DiversePerformance
from records.models.terms import ScheduleWindow, Term

__all__ = [
    "AttendanceSummary",
    "BasicDataCheck",
    "CadreRecord",
    "ConsultationRecord",
    "CounsellorAssignment",
    "CoursePlanningAssessment",
    "EnrolmentChange",
    "Grade",
    "StudentTermRecord",
    "CertificationDecision",
    "CourseOutcome",
    "DiversePerformance",
    "Enrolment",
    "ScheduleWindow",
    "Section",
    "SectionCover",
    "StoredFile",
    "Term",
]

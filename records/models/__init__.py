"""What a portfolio holds, one module per concept.

Every model is re-exported here, so code imports `from records.models import Term`.
"""

from records.models.courses import Enrolment, Section, SectionCover
from records.models.files import StoredFile
from records.models.outcomes import CertificationDecision, CourseOutcome
from records.models.performances import DiversePerformance
from records.models.terms import ScheduleWindow, Term

__all__ = [
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

"""What a portfolio holds, one module per concept.

Every model is re-exported here, so code imports `from records.models import Term`.
"""

from records.models.courses import Enrolment, Section, SectionCover
from records.models.terms import ScheduleWindow, Term

__all__ = ["Enrolment", "ScheduleWindow", "Section", "SectionCover", "Term"]

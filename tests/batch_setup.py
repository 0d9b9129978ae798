"""Students with selections, grades and cadre records of year 113, and batch helpers."""

import datetime
import zipfile

from records.models import CadreRecord
from submissions.models import SubmissionBatch
from submissions.services import batches
from submissions.services.selection import OUTCOME, PERFORMANCE, select_item
from submissions.tasks import build_submission_batch
from tests.submission_setup import NOW, grade, make_section, outcome, performance

Part = SubmissionBatch.Part


def school_year(first, second, students, school_class):
    """Give every student two selected outcomes, two selected performances, grades and a post."""
    section = make_section(first, school_class)
    other = make_section(second, school_class, "CHE1", "化學")
    for student in students:
        for slot, chosen in enumerate((section, other), start=1):
            made = outcome(student, chosen, slot)
            select_item(student, OUTCOME, made.pk, 113, at=NOW)
        for slot in (1, 2):
            made = performance(student, slot=slot)
            select_item(student, PERFORMANCE, made.pk, 113, at=NOW)
        performance(student, slot=3)  # uploaded but not selected
        grade(student, first)
        grade(student, first, code="MAT1", score="55", kind="make_up")
        CadreRecord.objects.create(
            student=student,
            term=first,
            category=CadreRecord.Category.CLASS,
            unit="101班",
            post="班長",
            starts_on=datetime.date(2024, 9, 1),
        )


def build(part, user, year=113) -> SubmissionBatch:
    """Start a batch and run its build task in this process; return the batch reloaded."""
    batch, _created = batches.start_batch(part, year, user, at=NOW)
    build_submission_batch(batch.job_id)
    batch.refresh_from_db()
    return batch


def package_rows(batch, sheet) -> list[str]:
    """Return the lines of one roster CSV in the batch's package."""
    with zipfile.ZipFile(batch.package.path) as archive:
        data = archive.read(f"rosters/{sheet}.csv").decode("utf-8-sig")
    return data.splitlines()

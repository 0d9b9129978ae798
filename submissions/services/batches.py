"""Submission batches (提交): start a build, freeze each student's rows, submit, supersede.

A batch is built in Celery (submissions.tasks). The build first freezes what
the part contains per student into SubmissionItem rows, then writes the export
package from those rows only, so later edits to records never change what a
batch holds. A part's owner or acting proxy starts and submits its batches.
"""

import datetime
import logging
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import staff_of
from accounts.models import Student, TaskItem
from accounts.services.acting import Acting, acting_as
from audit.services import log_action
from portfolio import jobs
from portfolio.models import Job
from records.models import (
    CadreRecord,
    CertificationDecision,
    CourseOutcome,
    EnrolmentChange,
    Grade,
    StudentTermRecord,
    Term,
)
from submissions import central_db
from submissions.models import Selection, SubmissionBatch, SubmissionItem

logger = logging.getLogger(__name__)

Part = SubmissionBatch.Part
Status = SubmissionBatch.Status
JOB_KIND = "submission_batch"
PART_BY_TASK_ITEM = {code: part for part, code in SubmissionBatch.TASK_ITEM_BY_PART.items()}
# Students per chunk while freezing: one set of queries and one bulk insert each.
STUDENT_CHUNK = 500
INSERT_BATCH = 1000


class BatchError(Exception):
    """A batch action that the rules reject; the message is for the person acting."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def part_for_task_item(code: str) -> str:
    """Return the part a submission task item submits; Http404 for other task items."""
    try:
        return PART_BY_TASK_ITEM[code]
    except KeyError:
        raise Http404("Not a submission task item.") from None


def job_key(part: str, academic_year: int) -> str:
    return f"submission-batch:{part}:{academic_year}"


def acting_for_part(user, part: str, at: datetime.datetime | None = None) -> Acting:
    """Return the user's Acting record for the part's task item; PermissionDenied otherwise."""
    code = SubmissionBatch.TASK_ITEM_BY_PART[part]
    task_item = TaskItem.objects.filter(code=code).first()
    acting = acting_as(staff_of(user), task_item, at) if task_item is not None else None
    if acting is None:
        raise PermissionDenied(f"User {user.pk} does not act for {code}.")
    return acting


def get_batch_for_staff(user, code: str, batch_id: int) -> SubmissionBatch:
    """Return a batch of the task item's part for its owner or acting proxy.

    Raises PermissionDenied for anyone else and Http404 for a batch of another part.
    """
    part = part_for_task_item(code)
    acting_for_part(user, part)
    batch = (
        SubmissionBatch.objects.select_related("job", "supersedes", "created_by")
        .filter(pk=batch_id, part=part)
        .first()
    )
    if batch is None:
        raise Http404("No such batch.")
    return batch


def batches_of_part(part: str):
    return (
        SubmissionBatch.objects.filter(part=part)
        .select_related("job", "supersedes", "created_by", "acting_for")
        .order_by("-academic_year", "-created_at", "-id")
    )


def start_batch(part: str, academic_year: int, user, at=None) -> tuple[SubmissionBatch, bool]:
    """Queue the build of a batch, or return the batch already building for part and year.

    The boolean is True when a new build was started. The task is sent after
    the transaction commits, so the worker always finds the batch.
    """
    # Imported here because the task module imports this one.
    from submissions.tasks import build_submission_batch

    acting = acting_for_part(user, part, at)
    with transaction.atomic():
        job, created = jobs.start_or_find_job(
            JOB_KIND, job_key(part, academic_year), user, build_submission_batch
        )
        if not created:
            batch = SubmissionBatch.objects.filter(job=job).first()
            if batch is not None:
                return batch, False
        batch = SubmissionBatch.objects.create(
            academic_year=academic_year,
            part=part,
            job=job,
            created_by=user,
            acting_for=acting.acting_for,
            acting_rank=str(acting.rank) if acting.rank is not None else "",
        )
        log_action(
            "portfolio.submission.batch_started",
            actor=user,
            acting=acting,
            target=batch,
            data={"part": part, "year": academic_year},
        )
    logger.info(
        "submission batch %s (%s, %s) queued as job %s", batch.pk, part, academic_year, job.pk
    )
    return batch, True


def mark_submitted(batch: SubmissionBatch, user, at=None) -> SubmissionBatch:
    """Record that a built batch was sent to the central database.

    When an earlier batch of the same part and year was submitted, the new
    batch supersedes it: the new one links to it and the old one's status
    becomes superseded. Both stay on record.
    """
    acting = acting_for_part(user, batch.part, at)
    at = at or timezone.now()
    with transaction.atomic():
        batch = SubmissionBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != Status.BUILT:
            raise BatchError(
                _("Batch #%(id)s is %(status)s; only a built batch can be submitted.")
                % {"id": batch.pk, "status": batch.get_status_display()}
            )
        previous = (
            SubmissionBatch.objects.select_for_update()
            .filter(part=batch.part, academic_year=batch.academic_year, status=Status.SUBMITTED)
            .exclude(pk=batch.pk)
            .order_by("-submitted_at")
            .first()
        )
        if previous is not None:
            previous.status = Status.SUPERSEDED
            previous.save(update_fields=["status"])
            batch.supersedes = previous
        batch.status = Status.SUBMITTED
        batch.submitted_at = at
        batch.save(update_fields=["status", "submitted_at", "supersedes"])
        log_action(
            "portfolio.submission.batch_submitted",
            actor=user,
            acting=acting,
            target=batch,
            data={"supersedes": previous.pk if previous else None},
        )
    return batch


# Freezing: one generator per part yields the SubmissionItems of a chunk of students.


def _students(ids: list[int]) -> list[Student]:
    return list(Student.objects.filter(pk__in=ids).select_related("school_class").order_by("pk"))


def student_ids_for(part: str, academic_year: int) -> list[int]:
    """Return the ids of the students a part's batch covers for the academic year, in order."""
    if part == Part.ENROLMENT_AND_GRADES:
        scope = (
            Q(school_class__academic_year=academic_year)
            | Q(term_records__term__academic_year=academic_year)
            | Q(grades__term__academic_year=academic_year)
        )
        queryset = Student.objects.filter(scope)
    elif part == Part.COURSE_OUTCOMES:
        queryset = Student.objects.filter(
            selections__academic_year=academic_year,
            selections__item_type=Selection.ItemType.OUTCOME,
        )
    elif part == Part.DIVERSE_PERFORMANCES:
        queryset = Student.objects.filter(
            selections__academic_year=academic_year,
            selections__item_type=Selection.ItemType.PERFORMANCE,
        )
    else:
        queryset = Student.objects.filter(cadre_records__term__academic_year=academic_year)
    return list(queryset.order_by("pk").values_list("pk", flat=True).distinct())


def _item(batch, student, sheet, source_type, source_id, row, files=()) -> SubmissionItem:
    return SubmissionItem(
        batch=batch,
        student=student,
        sheet=sheet,
        source_type=source_type,
        source_id=source_id,
        row=row,
        files=[ref.as_json() for ref in files],
    )


def _enrolment_items(batch, students, academic_year, at) -> Iterator[SubmissionItem]:
    terms = [
        term
        for term in Term.objects.filter(academic_year=academic_year).order_by("semester")
        if term.starts_on <= at.date()
    ]
    records = {
        (record.student_id, record.term_id): record
        for record in StudentTermRecord.objects.filter(student__in=students, term__in=terms)
    }
    changes = dict(
        EnrolmentChange.objects.filter(student__in=students)
        .values("student_id")
        .annotate(last=Max("effective_on"))
        .values_list("student_id", "last")
    )
    grades = (
        Grade.objects.filter(student__in=students, term__academic_year=academic_year)
        .select_related("term", "section__school_class", "student__school_class")
        .order_by("student_id", "term__semester", "kind", "course_code")
    )
    grades_by_student: dict[int, list[Grade]] = {}
    for grade in grades:
        grades_by_student.setdefault(grade.student_id, []).append(grade)
    for student in students:
        national_id = student.national_id
        for term in terms:
            record = records.get((student.pk, term.pk))
            in_year = (
                student.school_class is not None
                and student.school_class.academic_year == academic_year
            )
            if record is None and not in_year:
                continue
            row = central_db.student_row(
                student, term, national_id, record, changes.get(student.pk)
            )
            yield _item(batch, student, central_db.STUDENT_ROSTER.name, "student", student.pk, row)
        for grade in grades_by_student.get(student.pk, []):
            roster, row = central_db.grade_row(grade, national_id)
            yield _item(batch, student, roster.name, "grade", grade.pk, row)


def _selected_items(batch, students, academic_year, item_type) -> Iterator[SubmissionItem]:
    selections = Selection.objects.filter(
        student__in=students, academic_year=academic_year, item_type=item_type
    ).order_by("student_id", "slot")
    if item_type == Selection.ItemType.OUTCOME:
        decisions = CertificationDecision.objects.select_related(
            "decided_by__staff", "decided_by__student"
        )
        selections = selections.select_related(
            "outcome__term",
            "outcome__section__school_class",
            "outcome__document",
            "outcome__media",
        ).prefetch_related(Prefetch("outcome__decisions", queryset=decisions))
    else:
        selections = selections.select_related(
            "performance__term", "performance__document", "performance__media"
        )
    by_id = {student.pk: student for student in students}
    ids = {}
    for selection in selections:
        student = by_id[selection.student_id]
        national_id = ids.setdefault(student.pk, student.national_id)
        if item_type == Selection.ItemType.OUTCOME:
            outcome = selection.outcome
            if outcome.status != CourseOutcome.Status.CERTIFIED:
                continue
            roster, row, files = central_db.outcome_row(outcome, national_id)
            yield _item(batch, student, roster.name, "outcome", outcome.pk, row, files)
        else:
            performance = selection.performance
            roster, row, files = central_db.performance_row(performance, national_id)
            yield _item(batch, student, roster.name, "performance", performance.pk, row, files)


def _cadre_items(batch, students, academic_year) -> Iterator[SubmissionItem]:
    records = (
        CadreRecord.objects.filter(student__in=students, term__academic_year=academic_year)
        .select_related("term")
        .order_by("student_id", "term__semester", "category", "unit", "post")
    )
    by_id = {student.pk: student for student in students}
    ids = {}
    for record in records:
        student = by_id[record.student_id]
        national_id = ids.setdefault(student.pk, student.national_id)
        roster, row = central_db.cadre_row(record, national_id)
        yield _item(batch, student, roster.name, "cadre", record.pk, row)


def items_for_students(batch: SubmissionBatch, students: list[Student], at) -> Iterator:
    """Yield the frozen SubmissionItems of the batch's part for a chunk of students."""
    year = batch.academic_year
    if batch.part == Part.ENROLMENT_AND_GRADES:
        return _enrolment_items(batch, students, year, at)
    if batch.part == Part.COURSE_OUTCOMES:
        return _selected_items(batch, students, year, Selection.ItemType.OUTCOME)
    if batch.part == Part.DIVERSE_PERFORMANCES:
        return _selected_items(batch, students, year, Selection.ItemType.PERFORMANCE)
    return _cadre_items(batch, students, year)


def freeze_items(batch: SubmissionBatch, job: Job | None = None, at=None) -> int:
    """Write the batch's SubmissionItems in chunks of students; return how many were written.

    Progress counts students: the first half of the job's total.
    """
    at = at or timezone.localtime()
    ids = student_ids_for(batch.part, batch.academic_year)
    total_steps = max(2 * len(ids), 1)
    if job is not None:
        jobs.set_progress(job, 0, total_steps)
    written = 0
    for start in range(0, len(ids), STUDENT_CHUNK):
        students = _students(ids[start : start + STUDENT_CHUNK])
        items = list(items_for_students(batch, students, at))
        SubmissionItem.objects.bulk_create(items, batch_size=INSERT_BATCH)
        written += len(items)
        if job is not None:
            jobs.set_progress(job, start + len(students))
    batch.student_count = len(ids)
    batch.item_count = written
    batch.save(update_fields=["student_count", "item_count"])
    logger.info("batch %s froze %s items for %s students", batch.pk, written, len(ids))
    return written

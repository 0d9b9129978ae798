"""Purging sealed portfolios once their three years have passed.

Purging deletes the student's files from storage (local or S3) and every row
holding personal data: the student, the login, the portfolio records, the
receipts and selections. What was sent to the central database keeps its
place in the submission batch with the row's contents blanked, and the audit
entries about the student keep their action and date but lose their data.
One anonymous PurgeRecord (terms, counts, dates) is left for the audit trail.

Each portfolio is purged in its own transaction with its seal row locked
(SKIP LOCKED), so two purge runs never work on the same portfolio, and a run
that stops halfway leaves the rest for the next run.
"""

import datetime
import logging
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from accounts.models import Student
from audit.models import AuditEntry
from portfolio import roc
from records.models import CourseOutcome, DiversePerformance, StoredFile
from submissions.models import PortfolioSeal, PurgeRecord, SubmissionItem, TransferPackage

logger = logging.getLogger(__name__)

# Setting this cache key (for example with `manage.py purge_sealed --stop`) makes a
# running purge stop after the portfolio it is working on.
STOP_FLAG = "notifications:purge:stop"


@dataclass
class PurgeRun:
    purged: int = 0
    files_deleted: int = 0
    failed: list[int] = field(default_factory=list)
    stopped: str = ""


def due_seals(today: datetime.date) -> QuerySet[PortfolioSeal]:
    """Return the seals whose purge date has come, oldest first."""
    return PortfolioSeal.objects.filter(purge_due_on__lte=today).order_by("purge_due_on", "pk")


def upcoming_seals(today: datetime.date, days: int) -> QuerySet[PortfolioSeal]:
    """Return the seals due within `days` days from today, overdue ones included."""
    horizon = today + datetime.timedelta(days=days)
    return (
        PortfolioSeal.objects.filter(purge_due_on__lte=horizon)
        .select_related("student__school_class")
        .order_by("purge_due_on", "pk")
    )


def request_stop() -> None:
    cache.set(STOP_FLAG, "1", timeout=24 * 3600)


def clear_stop() -> None:
    cache.delete(STOP_FLAG)


def stop_requested() -> bool:
    return bool(cache.get(STOP_FLAG))


def _delete_file(field_file) -> bool:
    """Delete a stored file's bytes; return False when they were already gone.

    A file missing from storage was deleted by an earlier run that stopped
    before its transaction committed, so it is not deleted again.
    """
    name = field_file.name
    if not name:
        return False
    storage = field_file.storage
    if not storage.exists(name):
        return False
    storage.delete(name)
    return True


def _terms_of(student_id: int) -> list[int]:
    codes = set()
    for year, semester in CourseOutcome.objects.filter(student_id=student_id).values_list(
        "term__academic_year", "term__semester"
    ):
        codes.add(roc.term_code(year, semester))
    for year, semester in DiversePerformance.objects.filter(
        student_id=student_id, term__isnull=False
    ).values_list("term__academic_year", "term__semester"):
        codes.add(roc.term_code(year, semester))
    return sorted(codes)


def purge_portfolio(seal_id: int, today: datetime.date) -> PurgeRecord | None:
    """Purge one sealed portfolio if it is due; return its PurgeRecord, else None.

    None means the seal is gone (purged by another run), locked by another run
    or not due yet.
    """
    with transaction.atomic():
        seal = (
            PortfolioSeal.objects.select_for_update(skip_locked=True)
            .filter(pk=seal_id, purge_due_on__lte=today)
            .first()
        )
        if seal is None:
            return None
        student = Student.objects.select_related("user").get(pk=seal.student_id)
        files = list(StoredFile.objects.filter(owner_id=student.pk))
        packages = list(TransferPackage.objects.filter(student_id=student.pk))
        record = PurgeRecord(
            sealed_on=seal.sealed_on,
            purged_on=today,
            terms=_terms_of(student.pk),
            outcome_count=CourseOutcome.objects.filter(student_id=student.pk).count(),
            performance_count=DiversePerformance.objects.filter(student_id=student.pk).count(),
            file_count=len(files),
        )
        deleted = 0
        for stored in files:
            deleted += _delete_file(stored.file)
        for package in packages:
            deleted += _delete_file(package.package)
        TransferPackage.objects.filter(pk__in=[p.pk for p in packages]).delete()
        SubmissionItem.objects.filter(student_id=student.pk).update(row={}, files=[], student=None)
        AuditEntry.objects.filter(
            target_type=Student._meta.label_lower, target_id=str(student.pk)
        ).update(data={})
        user = student.user
        student.delete()
        if user is not None:
            user.delete()
        record.save()
    record.files_deleted = deleted
    logger.info(
        "portfolio purged seal_id=%s purge_record_id=%s files=%s files_deleted=%s",
        seal_id,
        record.pk,
        record.file_count,
        deleted,
    )
    return record


def purge_due(
    today: datetime.date, *, batch_size: int = 200, time_budget: float | None = None
) -> PurgeRun:
    """Purge due portfolios in batches until none are left, a stop is requested or time runs out.

    time_budget is in seconds of wall-clock time; None means no limit. A
    portfolio whose purge raises is logged, skipped for the rest of this run
    and tried again by the next run.
    """
    run = PurgeRun()
    started = time.monotonic()
    while True:
        batch = list(
            due_seals(today).exclude(pk__in=run.failed).values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            return run
        handled = 0
        for seal_id in batch:
            if stop_requested():
                run.stopped = "stop flag"
                return run
            if time_budget is not None and time.monotonic() - started > time_budget:
                run.stopped = "time budget"
                return run
            try:
                record = purge_portfolio(seal_id, today)
            except Exception:
                logger.exception("purge failed seal_id=%s", seal_id)
                run.failed.append(seal_id)
                handled += 1
                continue
            if record is not None:
                run.purged += 1
                run.files_deleted += record.files_deleted
                handled += 1
        if not handled:
            # Every seal of the batch is locked by another run: leave them to it.
            run.stopped = "locked by another run"
            return run

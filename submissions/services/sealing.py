"""Sealing (封存) the portfolio of a student who has left the school.

A sealed portfolio is read-only for everyone, stays exportable by the
registry, and is purged once `SEALED_YEARS` (3) years have passed since the
day it was sealed.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Student
from audit.services import log_action
from portfolio import roc
from submissions.models import PortfolioSeal

logger = logging.getLogger(__name__)


class PortfolioSealed(PermissionDenied):
    """Raised when something tries to change a sealed portfolio."""


def purge_due_date(sealed_on: datetime.date) -> datetime.date:
    """Return the first day on which a portfolio sealed on sealed_on may be purged.

    29 February plus three years falls on 1 March.
    """
    years = settings.PORTFOLIO["SEALED_YEARS"]
    try:
        return sealed_on.replace(year=sealed_on.year + years)
    except ValueError:
        return datetime.date(sealed_on.year + years, 3, 1)


def is_sealed(student: Student) -> bool:
    """Return whether the student's portfolio is sealed (one query unless prefetched)."""
    return PortfolioSeal.objects.filter(student_id=student.pk).exists()


def ensure_not_sealed(student: Student) -> None:
    """Raise PortfolioSealed when the student's portfolio is sealed.

    Every service that changes a portfolio (uploads, edits, deletions,
    certification, selection, receipt answers) calls this first.
    """
    seal = PortfolioSeal.objects.filter(student_id=student.pk).only("sealed_on").first()
    if seal is not None:
        raise PortfolioSealed(
            _(
                "The portfolio of %(number)s was sealed on %(date)s because the student left "
                "the school, so it can no longer be changed; it can still be exported by the "
                "registry."
            )
            % {"number": student.student_number, "date": roc.format_roc_date(seal.sealed_on)}
        )


def seal_student(student: Student, on: datetime.date | None = None) -> PortfolioSeal | None:
    """Seal a departed student's portfolio on the given day (today in Taipei when omitted).

    Returns the new seal, or None when the student has not departed or is
    already sealed (sealing twice keeps the first date, so the three years are
    counted once).
    """
    if student.status not in Student.DEPARTED_STATUSES:
        return None
    on = on or roc.today()
    try:
        with transaction.atomic():
            seal = PortfolioSeal.objects.create(
                student=student,
                sealed_on=on,
                reason=student.status,
                purge_due_on=purge_due_date(on),
            )
    except IntegrityError:
        return None
    log_action(
        "portfolio.portfolio.sealed",
        target=student,
        data={"sealed_on": on.isoformat(), "reason": student.status},
    )
    # Logged on commit: an import's dry run saves and rolls back, and must not
    # report seals that never happened.
    transaction.on_commit(
        lambda: logger.info("portfolio sealed student_id=%s sealed_on=%s", student.pk, on)
    )
    return seal


def unseal_returning_student(student: Student) -> bool:
    """Remove the seal of a student whose status is no longer a departed one.

    A withdrawn student may come back (復學); the portfolio then becomes live
    again and the three years no longer run. Returns whether a seal was removed.
    """
    if student.status in Student.DEPARTED_STATUSES:
        return False
    deleted, _details = PortfolioSeal.objects.filter(student_id=student.pk).delete()
    if deleted:
        log_action("portfolio.portfolio.unsealed", target=student, data={"status": student.status})
        transaction.on_commit(
            lambda: logger.info(
                "portfolio unsealed student_id=%s status=%s", student.pk, student.status
            )
        )
    return bool(deleted)


def seal_departed_students(on: datetime.date | None = None) -> int:
    """Seal every departed student without a seal yet and return how many were sealed.

    This catches status changes that bypass Student.save (bulk updates and
    imports using QuerySet.update); the save signal seals the others at once.
    """
    on = on or roc.today()
    students = Student.objects.filter(status__in=Student.DEPARTED_STATUSES, seal__isnull=True).only(
        "pk", "status", "student_number"
    )
    sealed = 0
    for student in students.iterator(chunk_size=500):
        if seal_student(student, on) is not None:
            sealed += 1
    return sealed

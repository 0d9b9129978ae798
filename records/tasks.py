"""Celery tasks of the records app."""

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from accounts.models import SchoolClass
from portfolio import jobs
from records import pdf

logger = logging.getLogger(__name__)

CLASS_PDF_KIND = "class-portfolio-pdf"


def class_pdf_key(school_class: SchoolClass) -> str:
    """Return the job key of a class's PDF; one such job runs per class at a time."""
    return f"{CLASS_PDF_KIND}:{school_class.pk}"


def class_id_from_key(key: str) -> int:
    prefix = f"{CLASS_PDF_KIND}:"
    if not key.startswith(prefix):
        raise ValueError(f"Job key {key!r} is not a class PDF key.")
    return int(key.removeprefix(prefix))


@shared_task
def build_class_portfolio_pdf(job_id: int) -> None:
    """Build one PDF of every portfolio of a homeroom class and store it in the job.

    The job's key names the class. Progress counts students laid out so far.
    """
    job = jobs.claim_job(job_id)
    if job is None:
        return
    try:
        school_class = SchoolClass.objects.get(pk=class_id_from_key(job.key))
        students = list(
            school_class.students.select_related("school_class").order_by(
                "seat_number", "student_number"
            )
        )
        if not students:
            message = _("Class %(class)s has no students to print.") % {"class": school_class}
            jobs.fail_job(job, message)
            return
        jobs.set_progress(job, 0, len(students))
        data = pdf.combined_portfolio_pdf(
            students, progress=lambda done: jobs.set_progress(job, done)
        )
        file_name = f"{school_class.academic_year}-{school_class.code}-portfolios.pdf"
        jobs.finish_job(job, data, file_name)
    except Exception as error:
        logger.exception("class portfolio PDF job %s failed", job_id)
        jobs.fail_job(job, f"{type(error).__name__}: {error}")

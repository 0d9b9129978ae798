"""Celery tasks of the submissions app. Tasks take primary keys."""

import logging

from celery import shared_task
from django.utils import timezone

from portfolio import jobs
from portfolio.models import Job
from submissions import notices
from submissions.models import SubmissionBatch, SubmissionItem
from submissions.services.batches import freeze_items
from submissions.services.packages import PackageError, write_package

logger = logging.getLogger(__name__)


@shared_task
def build_submission_batch(job_id: int) -> None:
    """Freeze the rows of the job's batch and write its export package."""
    job = jobs.claim_job(job_id)
    if job is None:
        return
    batch = SubmissionBatch.objects.get(job=job)
    try:
        freeze_items(batch, job)
        write_package(batch, job)
    except PackageError as error:
        _fail(batch, job, str(error))
        return
    except Exception as error:
        logger.exception("batch %s failed", batch.pk)
        _fail(batch, job, f"{type(error).__name__}: {error}")
        raise
    batch.status = SubmissionBatch.Status.BUILT
    batch.built_at = timezone.now()
    batch.save(update_fields=["status", "built_at"])
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        done=job.total,
        result_name=batch.package_name,
        finished_at=batch.built_at,
    )
    logger.info("batch %s built", batch.pk)


def _fail(batch: SubmissionBatch, job: Job, message: str) -> None:
    SubmissionItem.objects.filter(batch=batch).delete()
    batch.status = SubmissionBatch.Status.FAILED
    batch.save(update_fields=["status"])
    jobs.fail_job(job, message)


@shared_task
def build_paper_notices(job_id: int) -> None:
    """Build one PDF of the paper notices tied to the job and store it in the job."""
    job = jobs.claim_job(job_id)
    if job is None:
        return
    try:
        notices.build_batch(job)
    except Exception as error:
        logger.exception("paper notice job %s failed", job_id)
        jobs.fail_job(job, f"{type(error).__name__}: {error}")

"""Start, run and show background jobs (portfolio.models.Job) for any kind of work.

A page starts work with `start_or_find_job(kind, key, user, task)`: while a job
with the same key is queued or running, every click gets that job back instead
of starting another. The Celery task takes the job's primary key, claims it with
`claim_job`, reports with `set_progress` and ends with `finish_job` or
`fail_job`. The page shows `templates/portfolio/job_progress.html`, which polls
itself with htmx until the job ends. Access checks stay with the caller: look a
job up with `get_job(job_id, kind, key)` using a key built from objects the user
may see.
"""

import logging
import mimetypes

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portfolio.models import Job

logger = logging.getLogger(__name__)

ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


def active_job(key: str) -> Job | None:
    """Return the queued or running job with this key, if any."""
    return Job.objects.filter(key=key, status__in=ACTIVE).first()


def latest_job(kind: str, key: str) -> Job | None:
    """Return the most recent job of this kind and key, whatever its status."""
    return Job.objects.filter(kind=kind, key=key).order_by("-created_at", "-id").first()


def start_or_find_job(kind: str, key: str, user, task, total: int = 0) -> tuple[Job, bool]:
    """Return the active job with `key`, or create one and queue `task` with its id.

    `task` is a Celery task taking the job's primary key; it is sent after the
    transaction commits, so the worker always finds the row. The boolean is True
    when a new job was created. Two clicks that race both end up with the same
    job because the database allows one active job per key.
    """
    existing = active_job(key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, key=key, total=total, created_by=user)
    except IntegrityError:
        existing = active_job(key)
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(lambda: task.delay(job.pk))
    logger.info("job %s (%s) queued", job.pk, kind)
    return job, True


def claim_job(job_id: int) -> Job | None:
    """Mark a queued job as running and return it; None when it was already claimed.

    A redelivered Celery message (acks_late) therefore does not run a job twice.
    """
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING
    )
    if claimed != 1:
        logger.warning("job %s was not queued any more; skipped", job_id)
        return None
    return Job.objects.get(pk=job_id)


def set_progress(job: Job, done: int, total: int | None = None) -> None:
    """Store how many of `total` steps are done, for the polling progress bar."""
    job.done = done
    fields = {"done": done}
    if total is not None:
        job.total = total
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


def finish_job(job: Job, content: bytes, file_name: str) -> None:
    """Store the result file and mark the job as done."""
    job.result.save(f"{job.kind}-{job.pk}{_extension(file_name)}", ContentFile(content), save=False)
    job.result_name = file_name
    job.status = Job.Status.DONE
    job.done = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "result_name", "status", "done", "finished_at"])
    logger.info("job %s (%s) done", job.pk, job.kind)


def fail_job(job: Job, error: str) -> None:
    """Mark the job as failed with a message the person who started it can read."""
    job.status = Job.Status.FAILED
    job.error = error
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    logger.error("job %s (%s) failed: %s", job.pk, job.kind, error)


def get_job(job_id: int, kind: str, key: str) -> Job:
    """Return the job with this id if it belongs to `kind` and `key`; 404 otherwise."""
    job = Job.objects.filter(pk=job_id, kind=kind, key=key).first()
    if job is None:
        raise Http404("No such job.")
    return job


def render_job_progress(
    request: HttpRequest, job: Job, poll_url: str, download_url: str
) -> HttpResponse:
    """Render the progress partial, which polls `poll_url` every second until the job ends."""
    context = {"job": job, "poll_url": poll_url, "download_url": download_url}
    return render(request, "portfolio/job_progress.html", context)


def job_result_response(job: Job, request: HttpRequest) -> HttpResponse:
    """Send the job's result file as a download; call only after the access check."""
    # Imported here so that the project package does not load the records app at start.
    from records.serving import protected_file_response

    if job.status != Job.Status.DONE or not job.result:
        raise Http404("The job has no result yet.")
    content_type = mimetypes.guess_type(job.result_name)[0] or "application/octet-stream"
    return protected_file_response(
        job.result, job.result_name, content_type, inline=False, request=request
    )


def _extension(file_name: str) -> str:
    dot = file_name.rfind(".")
    return file_name[dot:].lower() if dot != -1 else ""

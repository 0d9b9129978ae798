"""Signal handler that records Celery tasks which fail for good."""

import logging
import traceback as traceback_module

from celery.signals import task_failure
from django.db import transaction

logger = logging.getLogger(__name__)


@task_failure.connect(dispatch_uid="notifications.record_failed_task")
def record_failed_task(
    sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **extra
):
    """Store a task whose retries ran out, so administrators see it in the admin."""
    from notifications.models import FailedTask

    name = getattr(sender, "name", str(sender))
    logger.error("task failed for good task=%s task_id=%s error=%r", name, task_id, exception)
    if einfo is not None:
        text = str(einfo.traceback)
    else:
        text = "".join(traceback_module.format_exception(exception))
    try:
        with transaction.atomic():
            FailedTask.objects.create(
                task_name=name,
                task_id=task_id or "",
                args=repr({"args": args, "kwargs": kwargs})[:2000],
                exception=repr(exception)[:2000],
                traceback=text[:20000],
            )
    except Exception:
        # The failure may be the database itself; the log line above still holds it.
        logger.exception("could not store failed task task=%s task_id=%s", name, task_id)

"""Signal handlers: seal a portfolio when a student departs; record tasks that fail for good."""

import logging
import traceback as traceback_module

from celery.signals import task_failure
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Student

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Student, dispatch_uid="notifications.seal_on_status")
def seal_on_status_change(sender, instance: Student, raw=False, **kwargs):
    if raw:
        return
    from notifications.services.sealing import seal_student, unseal_returning_student

    if instance.status in Student.DEPARTED_STATUSES:
        seal_student(instance)
    elif not kwargs.get("created"):
        unseal_returning_student(instance)


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

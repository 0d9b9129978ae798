"""Periodic tasks: reminders, deemed confirmation, sealing, purge and ended logins.

Beat starts them from django-celery-beat's database schedule (registered by
migration notifications/0002). Each takes a lock named after itself, so a
second beat process started by mistake runs nothing twice at once; the work
itself is idempotent, so a retry or a run after a crash repeats nothing.
Failures retry with exponential backoff; a task whose retries run out is
stored as a FailedTask, shown in the admin.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from notifications.locks import single_run
from notifications.services.grace import end_expired_grace_accounts
from notifications.services.reminder_delivery import DeliveryCounts, deliver_reminders
from notifications.services.reminders import (
    due_windows,
    reminder_days,
    reminders_for_window,
)
from portfolio import roc
from submissions.services.purge import purge_due
from submissions.services.sealing import seal_departed_students

logger = logging.getLogger(__name__)

RETRY = {
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 5,
}


class RemindersIncomplete(Exception):
    """Some reminders failed; the retry sends only those (the others are recorded as sent)."""


def _send_for_windows(task: str, windows) -> DeliveryCounts:
    at = timezone.now()
    total = DeliveryCounts()
    for window, days_before in windows:
        reminders = reminders_for_window(window, at)
        counts = deliver_reminders(window, days_before, reminders)
        logger.info(
            "task=%s window_id=%s kind=%s days_before=%s recipients=%s sent=%s skipped=%s "
            "failed=%s",
            task,
            window.pk,
            window.kind,
            days_before,
            len(reminders),
            counts.sent,
            counts.skipped,
            counts.failed,
        )
        total.add(counts)
    return total


@shared_task(bind=True, autoretry_for=(RemindersIncomplete, DatabaseError), **RETRY)
def send_due_reminders(self):
    """Send every reminder due now; each person gets one per window and reminder day."""
    with single_run("send_due_reminders", timeout=30 * 60) as acquired:
        if not acquired:
            logger.warning("task=send_due_reminders skipped: lock is taken by another run")
            return {"skipped": "locked"}
        windows = due_windows(timezone.now())
        logger.info("task=send_due_reminders start windows=%s", len(windows))
        total = _send_for_windows("send_due_reminders", windows)
        logger.info(
            "task=send_due_reminders end sent=%s skipped=%s failed=%s",
            total.sent,
            total.skipped,
            total.failed,
        )
    if total.failed:
        raise RemindersIncomplete(f"{total.failed} reminders failed")
    return {"sent": total.sent, "skipped": total.skipped}


@shared_task(bind=True, autoretry_for=(RemindersIncomplete, DatabaseError), **RETRY)
def send_demo_reminders(self):
    """Demo only: send the first reminder of every open window now, however far its end.

    The demo school's windows close weeks ahead, so no real reminder day comes
    during a demo. The rows use the largest reminder day as their day, so each
    person still gets this reminder once per window.
    """
    from records.models import ScheduleWindow

    today = roc.today()
    days = reminder_days()
    if not days:
        return {"sent": 0}
    windows = [
        (window, max(days))
        for window in ScheduleWindow.objects.filter(
            starts_on__lte=today, ends_on__gte=today
        ).select_related("term")
    ]
    with single_run("send_demo_reminders", timeout=10 * 60) as acquired:
        if not acquired:
            return {"skipped": "locked"}
        total = _send_for_windows("send_demo_reminders", windows)
    if total.failed:
        raise RemindersIncomplete(f"{total.failed} reminders failed")
    return {"sent": total.sent, "skipped": total.skipped}


@shared_task(bind=True, autoretry_for=(DatabaseError,), **RETRY)
def close_receipt_windows(self):
    """Record the open receipts of every receipt window that has closed as deemed confirmed."""
    from submissions.services.receipts import close_round, rounds_due_for_closing

    now = timezone.now()
    with single_run("close_receipt_windows", timeout=30 * 60) as acquired:
        if not acquired:
            logger.warning("task=close_receipt_windows skipped: lock is taken by another run")
            return {"skipped": "locked"}
        closed = {}
        for round_id in rounds_due_for_closing(now):
            closed[round_id] = close_round(round_id, now)
        logger.info("task=close_receipt_windows end deemed_by_round_id=%s", closed)
    return {"deemed_by_round": closed}


@shared_task(bind=True, autoretry_for=(DatabaseError,), **RETRY)
def seal_departed(self):
    """Seal the portfolios of departed students that are not sealed yet."""
    with single_run("seal_departed", timeout=30 * 60) as acquired:
        if not acquired:
            return {"skipped": "locked"}
        sealed = seal_departed_students(roc.today())
        logger.info("task=seal_departed end sealed=%s", sealed)
    return {"sealed": sealed}


@shared_task(bind=True, autoretry_for=(DatabaseError, OSError), **RETRY)
def purge_due_portfolios(self, batch_size: int = 200, time_budget: float | None = None):
    """End expired staff logins, then purge the sealed portfolios whose three years are over.

    time_budget (seconds) defaults to settings.PURGE_TIME_BUDGET; the next run
    continues where a stopped one ended.
    """
    if time_budget is None:
        time_budget = getattr(settings, "PURGE_TIME_BUDGET", 50 * 60)
    today = roc.today()
    with single_run("purge_due_portfolios", timeout=int(time_budget) + 10 * 60) as acquired:
        if not acquired:
            logger.warning("task=purge_due_portfolios skipped: lock is taken by another run")
            return {"skipped": "locked"}
        logger.info("task=purge_due_portfolios start today=%s", today)
        ended = end_expired_grace_accounts(today)
        run = purge_due(today, batch_size=batch_size, time_budget=time_budget)
        logger.info(
            "task=purge_due_portfolios end purged=%s files_deleted=%s failed_seal_ids=%s "
            "logins_ended=%s stopped=%s",
            run.purged,
            run.files_deleted,
            run.failed,
            len(ended),
            run.stopped or "no",
        )
    return {
        "purged": run.purged,
        "files_deleted": run.files_deleted,
        "failed": run.failed,
        "logins_ended": len(ended),
        "stopped": run.stopped,
    }


@shared_task(bind=True, autoretry_for=(DatabaseError,), **RETRY)
def end_expired_logins(self):
    """Deactivate the logins of departed staff whose grace period has ended."""
    ended = end_expired_grace_accounts(roc.today())
    logger.info("task=end_expired_logins end logins_ended=%s", len(ended))
    return {"logins_ended": len(ended)}

"""Deliver each reminder once per person, window and reminder day.

Every reminder has a ReminderDispatch row keyed "<window id>:<days before>:<user id>".
A sender inserts the rows (INSERT … ON CONFLICT DO NOTHING), then claims each
row with a conditional UPDATE and delivers only when its UPDATE changed the
row. A retried task, a second worker or a second beat process therefore sends
nothing twice, and a run that crashed halfway leaves its unsent rows to the
next run. A claim older than CLAIM_TIMEOUT belongs to a crashed run and may be
taken over. The site notification it already created is not created again;
only an e-mail sent in the moment between sending and recording it is sent
twice.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import Notification, ReminderDispatch
from notifications.services.reminders import Item, Reminder
from portfolio import roc
from records.models import ScheduleWindow

logger = logging.getLogger(__name__)

Status = ReminderDispatch.Status
# A claim this old is taken to belong to a crashed run.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
# A reminder whose delivery failed this many times is left failed and logged.
MAX_ATTEMPTS = 5


@dataclass
class DeliveryCounts:
    sent: int = 0
    skipped: int = 0
    failed: int = 0

    def add(self, other: "DeliveryCounts") -> None:
        self.sent += other.sent
        self.skipped += other.skipped
        self.failed += other.failed


def dispatch_key(window_id: int, days_before: int, user_id: int) -> str:
    return f"{window_id}:{days_before}:{user_id}"


def language_of(user) -> str:
    """Return the language a user's messages are written in.

    Users have no language preference yet, so everyone gets the site's default
    (zh-Hant); a `language` attribute on the user takes precedence once it exists.
    """
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def item_text(item: Item) -> str:
    """Return the sentence for one open thing, in the active language."""
    params = item.param_dict()
    count = params.get("count", 0)
    texts = {
        "no_outcomes": lambda: _("You have not uploaded any course outcome this term."),
        "draft_outcomes": lambda: ngettext(
            "%(count)s course outcome is still a draft: send it for certification.",
            "%(count)s course outcomes are still drafts: send them for certification.",
            count,
        ),
        "no_performances": lambda: _("You have not uploaded any diverse performance this term."),
        "not_selected": lambda: _(
            "You have not selected the items to send to the central database for "
            "academic year %(year)s."
        ),
        "receipt_pending": lambda: _(
            "Your receipt list waits for your confirmation; raise an objection before the "
            "deadline if something is wrong."
        ),
        "certification_pending": lambda: ngettext(
            "%(section)s: %(count)s course outcome waits for certification.",
            "%(section)s: %(count)s course outcomes wait for certification.",
            count,
        ),
        "submission_pending": lambda: _(
            "%(task)s: the submission for academic year %(year)s has not been made yet."
        ),
        "objections_pending": lambda: ngettext(
            "%(task)s: %(count)s objection waits for an answer.",
            "%(task)s: %(count)s objections wait for an answer.",
            count,
        ),
        "reminded_in_your_place": lambda: _(
            "%(subject)s: you are away, so %(people)s (%(rank)s) was reminded in your place."
        ),
    }
    return texts[item.code]() % params


def render_reminder(window: ScheduleWindow, reminder: Reminder) -> tuple[str, str, str, str]:
    """Return (title, body, link path, e-mail text) in the active language."""
    deadline_date = roc.format_roc_date(window.ends_on)
    work = window.get_kind_display()
    if reminder.is_notice_only:
        title = _("Reminded in your place: %(work)s closes on %(date)s") % {
            "work": work,
            "date": deadline_date,
        }
    else:
        title = _("Reminder: %(work)s closes on %(date)s") % {"work": work, "date": deadline_date}
    lines = [item_text(item) for item in reminder.items]
    path = reminder.items[0].url
    deadline = _("%(date)s 23:59 Taipei time") % {"date": deadline_date}
    body = "\n".join(lines)
    email = render_to_string(
        "notifications/email/reminder.txt",
        {
            "title": title,
            "lines": lines,
            "deadline": deadline,
            "term": window.term.label,
            "link": settings.SITE_URL.rstrip("/") + path,
            "SCHOOL_NAME": settings.SCHOOL_NAME,
        },
    )
    return title, f"{body}\n{deadline}", path, email


def email_of(user) -> str:
    """Return the login's e-mail address, else the one on the staff or student record."""
    if user.email:
        return user.email
    for profile in ("staff", "student"):
        person = getattr(user, profile, None)
        if person is not None and person.email:
            return person.email
    return ""


def _claim(dispatch_id: int, token: uuid.UUID) -> bool:
    now = timezone.now()
    claimable = Q(status__in=[Status.NEW, Status.FAILED], attempts__lt=MAX_ATTEMPTS) | Q(
        status=Status.CLAIMED, claimed_at__lt=now - CLAIM_TIMEOUT, attempts__lt=MAX_ATTEMPTS
    )
    changed = ReminderDispatch.objects.filter(claimable, pk=dispatch_id).update(
        status=Status.CLAIMED, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return changed == 1


def _deliver_one(dispatch: ReminderDispatch, window, reminder, user, token) -> None:
    with translation.override(language_of(user)):
        title, body, path, email_text = render_reminder(window, reminder)
    mine = ReminderDispatch.objects.filter(pk=dispatch.pk, claim_token=token)
    if dispatch.notification_id is None:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, title=title, body=body, url=path)
            mine.update(notification=notification)
    done = {"status": Status.SENT, "sent_at": timezone.now(), "error": ""}
    address = email_of(user)
    if dispatch.emailed_at is None and address:
        prefix = f"[{settings.SCHOOL_NAME}] "
        send_mail(prefix + title, email_text, settings.DEFAULT_FROM_EMAIL, [address])
        # The e-mail is recorded in the same UPDATE as the status: a crash between
        # sending and this UPDATE sends that one e-mail again on the next run.
        done["emailed_at"] = done["sent_at"]
    mine.update(**done)


def deliver_reminders(
    window: ScheduleWindow, days_before: int, reminders: dict[int, Reminder]
) -> DeliveryCounts:
    """Deliver each reminder whose dispatch row this call claims; count the outcome.

    A delivery that raises an Exception marks its row failed (retried by a later
    run, up to MAX_ATTEMPTS) and the run goes on with the next person.
    """
    counts = DeliveryCounts()
    if not reminders:
        return counts
    keys = {user_id: dispatch_key(window.pk, days_before, user_id) for user_id in reminders}
    ReminderDispatch.objects.bulk_create(
        [
            ReminderDispatch(key=key, window_id=window.pk, days_before=days_before, user_id=user_id)
            for user_id, key in keys.items()
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    open_rows = ReminderDispatch.objects.filter(key__in=keys.values()).exclude(status=Status.SENT)
    dispatches = {row.user_id: row for row in open_rows}
    counts.skipped = len(reminders) - len(dispatches)
    users = get_user_model().objects.select_related("staff", "student").in_bulk(list(dispatches))

    for user_id in sorted(dispatches):
        dispatch = dispatches[user_id]
        token = uuid.uuid4()
        if not _claim(dispatch.pk, token):
            counts.skipped += 1
            continue
        try:
            _deliver_one(dispatch, window, reminders[user_id], users[user_id], token)
        except Exception as error:
            counts.failed += 1
            ReminderDispatch.objects.filter(pk=dispatch.pk, claim_token=token).update(
                status=Status.FAILED, error=repr(error)[:2000]
            )
            logger.exception(
                "reminder failed dispatch_id=%s window_id=%s user_id=%s",
                dispatch.pk,
                window.pk,
                user_id,
            )
            continue
        counts.sent += 1
    return counts

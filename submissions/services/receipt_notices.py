"""Site notifications about receipts: the window opens, an objection arrives, it is answered.

Each is keyed, so recording receipts again or a repeated request sends nothing twice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import TaskItem
from accounts.services.acting import who_acts
from notifications.services.notices import notify
from portfolio import roc
from submissions.models import Objection, Receipt, ReceiptRound, SubmissionBatch


def notify_receipts_open(receipt_round: ReceiptRound) -> int:
    """Tell every student with a receipt in the round that it waits for their check."""
    receipts = Receipt.objects.filter(
        round=receipt_round, status=Receipt.Status.PENDING, student__user__is_active=True
    ).select_related("student__user")
    users = [receipt.student.user for receipt in receipts]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Check what the central database received")
        body = _(
            "Your receipt list of the %(year)s academic year is ready. Confirm it, or raise an "
            "objection, by %(date)s 23:59 (Taipei time); if you do neither, you are deemed to "
            "have confirmed it and cannot object later."
        ) % {
            "year": receipt_round.academic_year,
            "date": roc.format_roc_date(receipt_round.ends_on),
        }
    return notify(
        users,
        title=title,
        body=body,
        url=reverse("student_receipts"),
        key=f"receipt-round:{receipt_round.pk}",
    )


def notify_objection_raised(objection: Objection) -> int:
    """Tell whoever acts for the part's submit task item that an objection waits for an answer."""
    code = SubmissionBatch.TASK_ITEM_BY_PART[objection.part]
    acting = who_acts(TaskItem.objects.get(code=code))
    users = [person.user for person in acting.staff]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("A student raised an objection to a receipt")
        body = _(
            "%(student)s objects to the %(part)s part of the receipt. Answer by %(due)s "
            "(within 3 days of the objection)."
        ) % {
            "student": objection.receipt.student.name,
            "part": objection.get_part_display(),
            "due": roc.format_roc_date(objection.answer_due_at),
        }
    return notify(
        users,
        title=title,
        body=body,
        url=reverse("objection_list", args=[code]),
        key=f"objection:{objection.pk}",
    )


def notify_objection_answered(objection: Objection) -> int:
    """Tell the student that the submitting unit answered their objection."""
    student = objection.receipt.student
    if student.user is None or not student.user.is_active:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your objection was answered")
        body = f"{objection.get_answer_display()}：{objection.answer_text}"
    return notify(
        [student.user],
        title=title,
        body=body,
        url=reverse("student_receipts"),
        key=f"objection-answer:{objection.pk}",
    )

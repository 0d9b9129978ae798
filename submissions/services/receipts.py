"""Receipt confirmation (收訖明細確認): windows, receipts, confirmations and objections.

The registry announces a window of at least 3 days for an academic year and
records what the central database received per student. Until 23:59:59 Taipei
time on the window's last day a student confirms the receipt or raises an
objection (疑義). The unit that submitted the part answers an objection within
3 days: whoever acts for that part's submit task item. When the window closes,
`close_round` records every receipt still pending as deemed confirmed, once.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import staff_of
from accounts.models import Student, TaskItem
from accounts.services.acting import Acting, acting_as
from audit.services import log_action
from portfolio import roc
from submissions.models import (
    Objection,
    PaperNotice,
    Receipt,
    ReceiptLine,
    ReceiptRound,
    SubmissionBatch,
    SubmissionItem,
)
from submissions.services.receipt_notices import (
    notify_objection_answered,
    notify_objection_raised,
    notify_receipts_open,
)

logger = logging.getLogger(__name__)

RECEIPT_TASK_ITEM = "receipt-confirmation"
PART_BY_TASK_ITEM = {code: part for part, code in SubmissionBatch.TASK_ITEM_BY_PART.items()}

# Row keys that name a submitted item, most specific first. They are the
# central database's column names, as SubmissionItem.row stores them.
DESCRIPTION_KEYS = (
    "科目名稱",
    "競賽名稱",
    "擔任職務",
    "服務名稱",
    "開設名稱",
    "內容名稱",
    "課程名稱",
    "名稱",
    "證照代碼",
    "成果簡述",
    "內容簡述",
)


def window_min_days() -> int:
    return settings.PORTFOLIO["RECEIPT_WINDOW_MIN_DAYS"]


def answer_days() -> int:
    return settings.PORTFOLIO["OBJECTION_ANSWER_DAYS"]


def closes_at(receipt_round: ReceiptRound) -> datetime.datetime:
    return roc.end_of_day(receipt_round.ends_on)


def opens_at(receipt_round: ReceiptRound) -> datetime.datetime:
    return roc.start_of_day(receipt_round.starts_on)


def is_open(receipt_round: ReceiptRound, at: datetime.datetime) -> bool:
    return receipt_round.closed_at is None and opens_at(receipt_round) <= at <= closes_at(
        receipt_round
    )


# --- Announcing a window -------------------------------------------------------------


def check_window_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    """Raise ValidationError unless the window covers at least the minimum days."""
    minimum = window_min_days()
    length = (ends_on - starts_on).days + 1
    if length < minimum:
        earliest_end = starts_on + datetime.timedelta(days=minimum - 1)
        raise ValidationError(
            {
                "ends_on": _(
                    "The window %(start)s–%(end)s covers %(days)s day(s), but a receipt "
                    "confirmation window lasts at least %(minimum)s days. Set the last day "
                    "to %(earliest)s or later."
                )
                % {
                    "start": roc.format_roc_date(starts_on),
                    "end": roc.format_roc_date(ends_on),
                    "days": max(length, 0),
                    "minimum": minimum,
                    "earliest": roc.format_roc_date(earliest_end),
                }
            }
        )


def announce_round(
    academic_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    *,
    user,
    acting: Acting | None = None,
) -> ReceiptRound:
    """Create the receipt confirmation window of an academic year."""
    check_window_dates(starts_on, ends_on)
    receipt_round = ReceiptRound.objects.create(
        academic_year=academic_year, starts_on=starts_on, ends_on=ends_on, announced_by=user
    )
    log_action(
        "portfolio.receipt_round.announced",
        actor=user,
        acting=acting,
        target=receipt_round,
        data={"academic_year": academic_year, "starts_on": str(starts_on), "ends_on": str(ends_on)},
    )
    return receipt_round


def current_round(academic_year: int | None = None) -> ReceiptRound | None:
    """Return the latest window, of the given academic year when one is given."""
    rounds = ReceiptRound.objects.order_by("-academic_year", "-starts_on", "-id")
    if academic_year is not None:
        rounds = rounds.filter(academic_year=academic_year)
    return rounds.first()


# --- Recording receipts --------------------------------------------------------------


def describe_item(item: SubmissionItem) -> str:
    """Return a one-line description of a submitted item for the receipt list."""
    row = item.row if isinstance(item.row, dict) else {}
    name = next((str(row[key]) for key in DESCRIPTION_KEYS if row.get(key)), "")
    term = ""
    if row.get("學年度") and row.get("學期"):
        term = f"{row['學年度']}-{row['學期']} "
    # Students recognise their files by the names they uploaded, not by package paths.
    files = "、".join(
        f.get("original_name") or f.get("name", "") for f in item.files if isinstance(f, dict)
    )
    text = f"{item.sheet}：{term}{name}".strip()
    if files:
        text = f"{text}（{files}）"
    return text[:300]


@dataclass
class RecordResult:
    receipts_created: int = 0
    lines_created: int = 0


@transaction.atomic
def record_receipts_from_batches(
    receipt_round: ReceiptRound, *, user, acting: Acting | None = None
) -> RecordResult:
    """Create a receipt per student from the window's year's submitted batches.

    Lines already recorded for a submitted item are skipped, so recording again
    after another batch is submitted adds only the new items.
    """
    items = (
        SubmissionItem.objects.filter(
            batch__academic_year=receipt_round.academic_year,
            batch__status=SubmissionBatch.Status.SUBMITTED,
            student__isnull=False,
        )
        .select_related("batch")
        .order_by("student_id", "batch__part", "id")
    )
    by_student: dict[int, list[SubmissionItem]] = defaultdict(list)
    for item in items:
        by_student[item.student_id].append(item)

    existing = {
        receipt.student_id: receipt
        for receipt in Receipt.objects.filter(round=receipt_round, student_id__in=list(by_student))
    }
    result = RecordResult()
    new_receipts = [
        Receipt(round=receipt_round, student_id=student_id)
        for student_id in by_student
        if student_id not in existing
    ]
    for receipt in Receipt.objects.bulk_create(new_receipts):
        existing[receipt.student_id] = receipt
    result.receipts_created = len(new_receipts)

    recorded = set(
        ReceiptLine.objects.filter(receipt__round=receipt_round).values_list(
            "submission_item_id", flat=True
        )
    )
    lines = [
        ReceiptLine(
            receipt=existing[student_id],
            part=item.batch.part,
            submission_item=item,
            description=describe_item(item),
        )
        for student_id, student_items in by_student.items()
        for item in student_items
        if item.id not in recorded
    ]
    ReceiptLine.objects.bulk_create(lines)
    result.lines_created = len(lines)
    notify_receipts_open(receipt_round)
    log_action(
        "portfolio.receipts.recorded",
        actor=user,
        acting=acting,
        target=receipt_round,
        data={"receipts": result.receipts_created, "lines": result.lines_created},
    )
    logger.info(
        "receipt round %s: %s receipts and %s lines recorded",
        receipt_round.pk,
        result.receipts_created,
        result.lines_created,
    )
    return result


# --- Student access ------------------------------------------------------------------


def student_of(user) -> Student:
    """Return the logged-in student's profile; 404 for anyone else."""
    student = getattr(user, "student", None) if user.is_authenticated else None
    if student is None:
        raise Http404("Only students have receipts.")
    return student


def receipts_for_student(student: Student):
    """Return the student's receipts with their lines and objections, newest window first."""
    return (
        Receipt.objects.filter(student=student)
        .select_related("round")
        .prefetch_related(
            Prefetch("lines", queryset=ReceiptLine.objects.order_by("part", "id")),
            Prefetch("objections", queryset=Objection.objects.order_by("created_at", "id")),
        )
        .order_by("-round__academic_year", "-round__starts_on", "-id")
    )


def get_receipt_for_student(user, receipt_id: int) -> Receipt:
    """Return the user's own receipt with this id; any other id raises Http404."""
    student = student_of(user)
    receipt = receipts_for_student(student).filter(pk=receipt_id).first()
    if receipt is None:
        raise Http404("No such receipt.")
    return receipt


# --- Confirming and objecting --------------------------------------------------------


def closed_message(receipt_round: ReceiptRound) -> str:
    return _(
        "The receipt confirmation window closed on %(date)s. A student who neither "
        "confirmed nor raised an objection by then is deemed to have confirmed the "
        "receipt, so it can no longer be changed here. If something is still wrong, "
        "contact the registry (註冊組)."
    ) % {"date": roc.format_roc_date(receipt_round.ends_on)}


def check_window_open(receipt_round: ReceiptRound, at: datetime.datetime) -> None:
    """Raise ValidationError with the reason when the window is not open at `at`."""
    if at < opens_at(receipt_round):
        raise ValidationError(
            _("The receipt confirmation window opens on %(date)s. Come back then.")
            % {"date": roc.format_roc_date(receipt_round.starts_on)}
        )
    if receipt_round.closed_at is not None or at > closes_at(receipt_round):
        raise ValidationError(closed_message(receipt_round))


def confirm_receipt(receipt: Receipt, *, user, at: datetime.datetime | None = None) -> Receipt:
    """Record that the student confirms the receipt as correct."""
    at = at or timezone.now()
    check_window_open(receipt.round, at)
    if receipt.status == Receipt.Status.CONFIRMED:
        return receipt
    if receipt.status != Receipt.Status.PENDING:
        raise ValidationError(
            _(
                "This receipt already has an objection. Wait for the answer of the "
                "submitting unit; you do not need to confirm it as well."
            )
        )
    changed = Receipt.objects.filter(pk=receipt.pk, status=Receipt.Status.PENDING).update(
        status=Receipt.Status.CONFIRMED, answered_at=at
    )
    receipt.refresh_from_db(fields=["status", "answered_at"])
    if changed:
        log_action("portfolio.receipt.confirmed", actor=user, target=receipt)
    return receipt


@transaction.atomic
def raise_objection(
    receipt: Receipt,
    *,
    user,
    part: str,
    description: str,
    line_id: int | None = None,
    at: datetime.datetime | None = None,
) -> Objection:
    """Record an objection to one part (and optionally one line) of a receipt.

    The submitting unit must answer within 3 days (settings OBJECTION_ANSWER_DAYS).
    """
    at = at or timezone.now()
    receipt = Receipt.objects.select_for_update().select_related("round").get(pk=receipt.pk)
    check_window_open(receipt.round, at)
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = _(
            "Describe what is wrong: which item, what the receipt shows and what it should show."
        )
    if part not in SubmissionBatch.Part.values:
        errors["part"] = _("Pick the part of the receipt the objection is about.")
    line = None
    if line_id:
        line = ReceiptLine.objects.filter(pk=line_id, receipt=receipt).first()
        if line is None:
            errors["line"] = _("The item picked is not on this receipt; pick one from the list.")
        elif part in SubmissionBatch.Part.values and line.part != part:
            part = line.part
    if receipt.status == Receipt.Status.CONFIRMED:
        errors["__all__"] = _(
            "You have already confirmed this receipt. Contact the registry (註冊組) if "
            "you found a mistake after confirming."
        )
    if errors:
        raise ValidationError(errors)

    objection = Objection.objects.create(
        receipt=receipt,
        part=part,
        line=line,
        description=description,
        answer_due_at=at + datetime.timedelta(days=answer_days()),
    )
    Receipt.objects.filter(pk=receipt.pk).update(status=Receipt.Status.OBJECTED, answered_at=at)
    receipt.status = Receipt.Status.OBJECTED
    log_action(
        "portfolio.receipt.objected",
        actor=user,
        target=objection,
        data={"part": part, "line": line.pk if line else None},
    )
    notify_objection_raised(objection)
    return objection


# --- Answering objections ------------------------------------------------------------


def task_item_for_part(part: str) -> TaskItem:
    return TaskItem.objects.get(code=SubmissionBatch.TASK_ITEM_BY_PART[part])


def objections_for_part(part: str, at: datetime.datetime | None = None):
    """Return the objections to one part, open ones first, each with `is_overdue` set."""
    at = at or timezone.now()
    return (
        Objection.objects.filter(part=part)
        .select_related(
            "receipt__student__school_class", "receipt__round", "line", "answered_by__staff"
        )
        .annotate(
            is_overdue=Q(answered_at__isnull=True, answer_due_at__lt=at),
        )
        .order_by(F("answered_at").asc(nulls_first=True), "answer_due_at", "id")
    )


def is_overdue(objection: Objection, at: datetime.datetime | None = None) -> bool:
    """Return whether the objection is still unanswered after its answer due time."""
    at = at or timezone.now()
    return objection.answered_at is None and objection.answer_due_at < at


def overdue_objections(at: datetime.datetime | None = None):
    at = at or timezone.now()
    return Objection.objects.filter(answered_at__isnull=True, answer_due_at__lt=at)


def get_objection_for_staff(user, objection_id: int, at: datetime.datetime | None = None):
    """Return the objection and the user's Acting record for its part's submit task item.

    Raises Http404 for an unknown id and PermissionDenied unless the user is the
    owner or acting proxy of that task item at `at`.
    """
    objection = (
        Objection.objects.select_related("receipt__student", "receipt__round")
        .filter(pk=objection_id)
        .first()
    )
    if objection is None:
        raise Http404("No such objection.")
    acting = acting_as(staff_of(user), task_item_for_part(objection.part), at)
    if acting is None:
        raise PermissionDenied("Only the owner or acting proxy of the submit task item may reply.")
    return objection, acting


def answer_objection(
    objection: Objection,
    *,
    user,
    answer: str,
    text: str,
    at: datetime.datetime | None = None,
) -> Objection:
    """Record the submitting unit's answer: accepted with a correction, or explained."""
    at = at or timezone.now()
    acting = acting_as(staff_of(user), task_item_for_part(objection.part), at)
    if acting is None:
        raise PermissionDenied("Only the owner or acting proxy of the submit task item may reply.")
    errors = {}
    if answer not in Objection.Answer.values:
        errors["answer"] = _("Pick whether the objection was accepted and corrected or explained.")
    text = (text or "").strip()
    if not text:
        errors["answer_text"] = _(
            "Write the reply to the student: what was corrected, or why the receipt is right."
        )
    if errors:
        raise ValidationError(errors)

    changed = Objection.objects.filter(pk=objection.pk, answered_at__isnull=True).update(
        answer=answer,
        answer_text=text,
        answered_by=user,
        acting_for=acting.acting_for,
        answered_at=at,
    )
    if not changed:
        raise ValidationError(
            _("This objection was already answered; reload the page to see the answer.")
        )
    objection.refresh_from_db()
    log_action(
        "portfolio.objection.answered",
        actor=user,
        acting=acting,
        target=objection,
        data={"answer": answer, "overdue": objection.answer_due_at < at},
    )
    notify_objection_answered(objection)
    return objection


# --- Closing a window ----------------------------------------------------------------


def close_round(round_id: int, at: datetime.datetime | None = None) -> int:
    """Record every pending receipt of a closed window as deemed confirmed, exactly once.

    Returns the number of receipts recorded as deemed confirmed: 0 when the
    window has not closed yet or was already handled. The claim is a conditional
    UPDATE on closed_at, so two workers running at once record it once: the
    second one waits for the first one's row lock, then finds closed_at set.
    """
    at = at or timezone.now()
    with transaction.atomic():
        receipt_round = ReceiptRound.objects.filter(pk=round_id).first()
        if receipt_round is None or at <= closes_at(receipt_round):
            return 0
        claimed = ReceiptRound.objects.filter(pk=round_id, closed_at__isnull=True).update(
            closed_at=at
        )
        if claimed != 1:
            return 0
        deemed = Receipt.objects.filter(round_id=round_id, status=Receipt.Status.PENDING).update(
            status=Receipt.Status.DEEMED_CONFIRMED, answered_at=at
        )
        log_action("portfolio.receipt_round.closed", target=receipt_round, data={"deemed": deemed})
    logger.info("receipt round %s closed: %s receipts deemed confirmed", round_id, deemed)
    return deemed


def rounds_due_for_closing(at: datetime.datetime | None = None):
    """Return the ids of windows whose last day has passed and that are not closed yet."""
    at = at or timezone.now()
    last_closed_day = roc.to_taipei(at).date() - datetime.timedelta(days=1)
    return list(
        ReceiptRound.objects.filter(
            closed_at__isnull=True, ends_on__lte=last_closed_day
        ).values_list("pk", flat=True)
    )


# --- Staff overviews -----------------------------------------------------------------


def status_by_class(receipt_round: ReceiptRound) -> list[dict]:
    """Return per class code the number of receipts in each status, in one query."""
    rows = (
        Receipt.objects.filter(round=receipt_round)
        .values("student__school_class__code")
        .annotate(
            total=Count("id"),
            pending=Count("id", filter=Q(status=Receipt.Status.PENDING)),
            confirmed=Count("id", filter=Q(status=Receipt.Status.CONFIRMED)),
            objected=Count("id", filter=Q(status=Receipt.Status.OBJECTED)),
            deemed=Count("id", filter=Q(status=Receipt.Status.DEEMED_CONFIRMED)),
        )
        .order_by("student__school_class__code")
    )
    return [{**row, "class_code": row["student__school_class__code"] or "—"} for row in rows]


def departed_receipts(receipt_round: ReceiptRound):
    """Return the window's receipts of students who have left school, with their notices."""
    return (
        Receipt.objects.filter(round=receipt_round, student__status__in=Student.DEPARTED_STATUSES)
        .select_related("student__school_class")
        .prefetch_related(
            Prefetch("notices", queryset=PaperNotice.objects.order_by("-generated_at", "-id"))
        )
        .annotate(
            has_open_objection=Exists(
                Objection.objects.filter(receipt=OuterRef("pk"), answered_at__isnull=True)
            )
        )
        .order_by("student__school_class__code", "student__seat_number", "student__student_number")
    )

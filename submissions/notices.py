"""Paper receipt notices for departed students who cannot log in any more.

A notice is one A4 letter, folded to fit a C5/DL windowed envelope: the
recipient's address sits in the window area (20 mm from the left edge, 45 mm
from the top), followed by the receipt list, the deadline as an ROC date and
the ways to answer (phone, e-mail or the return slip at the foot of the page).
The template names "Noto Sans CJK TC" because fontconfig maps zh-Hant to the
Japanese glyph forms otherwise.
"""

import datetime
import io
import logging
from collections.abc import Callable, Iterable

import weasyprint
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from pypdf import PdfWriter

from accounts.services.acting import Acting
from audit.services import log_action
from portfolio import jobs
from submissions.models import PaperNotice, Receipt, ReceiptLine, ReceiptRound
from submissions.services import receipts as receipt_service

logger = logging.getLogger(__name__)

TEMPLATE = "submissions/pdf/notice.html"
JOB_KIND = "paper-notices"
# Notices laid out before their pages are written to PDF; WeasyPrint keeps
# every page of a document in memory until it is written.
CHUNK_SIZE = 20


class ExternalResourceBlocked(ValueError):
    """Raised when the notice template refers to a resource outside the document."""


def _refuse_fetch(url: str, *args, **kwargs):
    # Notices embed everything they show; nothing is fetched from a network.
    raise ExternalResourceBlocked(f"Notice templates may not load {url!r}.")


def school_contact() -> dict:
    """Return how a departed student reaches the registry, from settings when set."""
    return {
        "name": settings.SCHOOL_NAME,
        "address": settings.SCHOOL_ADDRESS,
        "phone": settings.SCHOOL_PHONE,
        "email": settings.REGISTRY_EMAIL or settings.DEFAULT_FROM_EMAIL,
    }


def receipts_for_notices(receipt_ids: Iterable[int]):
    """Return the receipts with everything a notice prints, in a fixed number of queries."""
    return (
        Receipt.objects.filter(pk__in=list(receipt_ids))
        .select_related("student__school_class", "round")
        .prefetch_related(Prefetch("lines", queryset=ReceiptLine.objects.order_by("part", "id")))
        .order_by("student__school_class__code", "student__seat_number", "student__student_number")
    )


def notice_html(receipt: Receipt, generated_at: datetime.datetime | None = None) -> str:
    """Render the notice template of one receipt as HTML."""
    parts: dict[str, list[ReceiptLine]] = {}
    for line in receipt.lines.all():
        parts.setdefault(line.get_part_display(), []).append(line)
    context = {
        "receipt": receipt,
        "student": receipt.student,
        "round": receipt.round,
        "parts": list(parts.items()),
        "deadline": receipt.round.ends_on,
        "contact": school_contact(),
        "generated_at": generated_at or timezone.now(),
    }
    return render_to_string(TEMPLATE, context)


def _render(receipt: Receipt, generated_at) -> weasyprint.Document:
    html = weasyprint.HTML(string=notice_html(receipt, generated_at), url_fetcher=_refuse_fetch)
    return html.render()


def notice_pdf(receipt: Receipt, language: str | None = None) -> bytes:
    """Return one student's notice as PDF bytes."""
    with override(language or settings.LANGUAGE_CODE):
        return _render(receipt, timezone.now()).write_pdf()


def combined_notices_pdf(
    receipts: Iterable[Receipt],
    progress: Callable[[int], None] | None = None,
    language: str | None = None,
) -> bytes:
    """Return the notices of several receipts as one PDF, each starting on a new page.

    Notices are laid out in chunks of CHUNK_SIZE, each written to PDF and then
    appended with pypdf, so memory stays bounded by one chunk's layout however
    many notices are printed. `progress(done)` is called after each notice.
    """
    generated_at = timezone.now()
    writer = PdfWriter()
    done = 0
    with override(language or settings.LANGUAGE_CODE):
        for chunk in _chunks(receipts, CHUNK_SIZE):
            documents = []
            for receipt in chunk:
                documents.append(_render(receipt, generated_at))
                done += 1
                if progress is not None:
                    progress(done)
            pages = [page for document in documents for page in document.pages]
            writer.append(io.BytesIO(documents[0].copy(pages).write_pdf()))
    if done == 0:
        raise ValueError("No notices to print.")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _chunks(items: Iterable, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def job_key(receipt_round: ReceiptRound) -> str:
    """Return the job key of a window's notice batch; one batch runs per window at a time."""
    return f"{JOB_KIND}:{receipt_round.pk}"


def start_notice_batch(
    receipt_round: ReceiptRound, receipt_ids: list[int], *, user, acting: Acting | None = None
):
    """Queue one batch PDF of notices for the given departed students' receipts.

    Creates a PaperNotice per receipt, tied to the job, so the Celery task
    finds what to print. Ids of other windows or of students still at school
    are ignored. Returns (job, created, count); created is False when a batch
    of this window is already running, and then nothing new is queued.
    """
    from submissions.tasks import build_paper_notices

    allowed = list(
        receipt_service.departed_receipts(receipt_round)
        .filter(pk__in=receipt_ids)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        job, created = jobs.start_or_find_job(
            JOB_KIND, job_key(receipt_round), user, build_paper_notices, total=len(allowed)
        )
        if created:
            PaperNotice.objects.bulk_create(
                [PaperNotice(receipt_id=receipt_id, job=job) for receipt_id in allowed]
            )
            log_action(
                "portfolio.paper_notices.queued",
                actor=user,
                acting=acting,
                target=receipt_round,
                data={"job": job.pk, "receipts": allowed},
            )
    return job, created, len(allowed)


def build_batch(job) -> None:
    """Lay out the notices tied to `job` into one PDF and store it as the job's result."""
    receipt_ids = list(PaperNotice.objects.filter(job=job).values_list("receipt_id", flat=True))
    receipts = list(receipts_for_notices(receipt_ids))
    if not receipts:
        jobs.fail_job(job, "No departed students were selected.")
        return
    jobs.set_progress(job, 0, len(receipts))
    data = combined_notices_pdf(receipts, progress=lambda done: jobs.set_progress(job, done))
    receipt_round = receipts[0].round
    file_name = f"{receipt_round.academic_year}-receipt-notices-{len(receipts)}.pdf"
    jobs.finish_job(job, data, file_name)


def mark_mailed(
    receipt: Receipt, mailed_on: datetime.date, *, user, acting: Acting | None = None
) -> PaperNotice:
    """Record that the notice of a receipt was posted on `mailed_on`.

    The latest notice not yet marked is used, or a new record is created when
    the notice was printed one by one.
    """
    notice = (
        PaperNotice.objects.filter(receipt=receipt, mailed_on__isnull=True)
        .order_by("-generated_at", "-id")
        .first()
    )
    if notice is None:
        notice = PaperNotice(receipt=receipt)
    notice.mailed_on = mailed_on
    notice.mailed_by = user
    notice.save()
    log_action(
        "portfolio.paper_notice.mailed",
        actor=user,
        acting=acting,
        target=notice,
        data={"receipt": receipt.pk, "mailed_on": str(mailed_on)},
    )
    return notice

"""Registry pages for departed students' paper notices: list, batch PDF, single PDF, mailed."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import task_item_required
from portfolio import jobs, roc
from records.serving import content_disposition
from submissions import notices
from submissions.forms import MailedForm
from submissions.models import ReceiptRound
from submissions.services import receipts as receipt_service


def get_departed_receipt(receipt_round, receipt_id):
    """Return a departed student's receipt of this window; any other id raises Http404."""
    return get_object_or_404(receipt_service.departed_receipts(receipt_round), pk=receipt_id)


def _job_urls(receipt_round, job):
    poll = reverse("paper_notice_job", args=[receipt_round.pk, job.pk])
    download = reverse("paper_notice_job_download", args=[receipt_round.pk, job.pk])
    return poll, download


@task_item_required
def paper_notices(request, code, round_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    receipts = list(receipt_service.departed_receipts(receipt_round))
    for receipt in receipts:
        receipt.latest_notice = next(iter(receipt.notices.all()), None)
    job = jobs.latest_job(notices.JOB_KIND, notices.job_key(receipt_round))
    poll_url, download_url = _job_urls(receipt_round, job) if job else ("", "")
    context = {
        "round": receipt_round,
        "task_item": request.task_item,
        "receipts": receipts,
        "job": job,
        "poll_url": poll_url,
        "download_url": download_url,
        "mailed_form": MailedForm(initial={"mailed_on": roc.today()}),
    }
    return render(request, "submissions/receipts/notices.html", context)


@task_item_required
@require_POST
def paper_notice_batch(request, code, round_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    selected = [int(value) for value in request.POST.getlist("receipt") if value.isdigit()]
    if not selected:
        messages.error(request, _("Tick at least one student to print notices for."))
        return redirect("paper_notices", round_id=receipt_round.pk)
    job, created, count = notices.start_notice_batch(
        receipt_round, selected, user=request.user, acting=request.acting
    )
    if created:
        messages.success(
            request,
            ngettext(
                "The notice of %(count)s student is being generated.",
                "The notices of %(count)s students are being generated.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(
            request,
            _("A batch of notices for this window is still being generated; wait until it ends."),
        )
    return redirect("paper_notices", round_id=receipt_round.pk)


@task_item_required
def paper_notice_job(request, code, round_id, job_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    job = jobs.get_job(job_id, notices.JOB_KIND, notices.job_key(receipt_round))
    poll_url, download_url = _job_urls(receipt_round, job)
    return jobs.render_job_progress(request, job, poll_url, download_url)


@task_item_required
def paper_notice_job_download(request, code, round_id, job_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    job = jobs.get_job(job_id, notices.JOB_KIND, notices.job_key(receipt_round))
    return jobs.job_result_response(job, request)


@task_item_required
def paper_notice_pdf(request, code, round_id, receipt_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    receipt = get_departed_receipt(receipt_round, receipt_id)
    receipt = notices.receipts_for_notices([receipt.pk]).get()
    data = notices.notice_pdf(receipt)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{receipt_round.academic_year}-{receipt.student.student_number}-notice.pdf"
    response["Content-Disposition"] = content_disposition(name, inline=False)
    return response


@task_item_required
@require_POST
def paper_notice_mailed(request, code, round_id, receipt_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    receipt = get_departed_receipt(receipt_round, receipt_id)
    form = MailedForm(request.POST)
    if form.is_valid():
        notices.mark_mailed(
            receipt, form.cleaned_data["mailed_on"], user=request.user, acting=request.acting
        )
        messages.success(
            request,
            _("The notice to %(name)s was recorded as mailed on %(date)s.")
            % {
                "name": receipt.student.name,
                "date": roc.format_roc_date(form.cleaned_data["mailed_on"]),
            },
        )
    else:
        messages.error(request, _("Enter the date the notice was mailed, for example 2025-06-20."))
    return redirect("paper_notices", round_id=receipt_round.pk)

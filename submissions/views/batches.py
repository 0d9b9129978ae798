"""Pages of the four submission task items: build batches, follow progress, download, submit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import task_item_required
from portfolio import jobs, roc
from records.models import ScheduleWindow, Term
from records.services.schedule import window_status
from records.serving import protected_file_response
from submissions.models import SubmissionBatch
from submissions.services import batches as service


def _years(now) -> list[int]:
    current = roc.academic_year_of(roc.to_taipei(now).date())
    return [current, current - 1, current - 2]


def _submission_status(year: int, now):
    term = Term.objects.filter(academic_year=year).order_by("-semester").first()
    if term is None:
        return None
    return window_status(term, ScheduleWindow.Kind.SUBMISSION, now)


def _batch(request, code, batch_id) -> SubmissionBatch:
    try:
        return service.get_batch_for_staff(request.user, code, batch_id)
    except PermissionDenied:
        raise Http404("No such batch.") from None


@task_item_required
def batch_list(request, code):
    part = service.part_for_task_item(code)
    now = timezone.now()
    years = _years(now)
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "part_label": SubmissionBatch.Part(part).label,
        "batches": list(service.batches_of_part(part)),
        "years": years,
        "submission_status": _submission_status(years[0], now),
    }
    return render(request, "submissions/batch_list.html", context)


@task_item_required
@require_POST
def batch_start(request, code):
    part = service.part_for_task_item(code)
    try:
        year = int(request.POST.get("academic_year", ""))
    except ValueError:
        messages.error(request, _("Choose the academic year to submit."))
        return redirect("batch_list", code=code)
    batch, created = service.start_batch(part, year, request.user)
    if not created:
        messages.info(request, _("This batch is already being built; its progress is below."))
    return redirect("batch_detail", code=code, batch_id=batch.pk)


@task_item_required
def batch_detail(request, code, batch_id):
    batch = _batch(request, code, batch_id)
    context = {
        "task_item": request.task_item,
        "batch": batch,
        "job": batch.job,
        "poll_url": reverse("batch_progress", args=[code, batch.pk]),
        "download_url": reverse("batch_download", args=[code, batch.pk]),
    }
    return render(request, "submissions/batch_detail.html", context)


@task_item_required
def batch_progress(request, code, batch_id):
    batch = _batch(request, code, batch_id)
    if batch.job is None:
        raise Http404("The batch has no build job.")
    poll_url = reverse("batch_progress", args=[code, batch.pk])
    download_url = reverse("batch_download", args=[code, batch.pk])
    response = jobs.render_job_progress(request, batch.job, poll_url, download_url)
    if batch.job.status not in jobs.ACTIVE and request.htmx:
        # Reload the page once the build ends, so the status and buttons update.
        response["HX-Refresh"] = "true"
    return response


@task_item_required
@require_POST
def batch_submit(request, code, batch_id):
    batch = _batch(request, code, batch_id)
    try:
        batch = service.mark_submitted(batch, request.user)
    except service.BatchError as rejected:
        messages.error(request, rejected.message)
    else:
        messages.success(request, _("Batch #%(id)s is recorded as submitted.") % {"id": batch.pk})
    return redirect("batch_detail", code=code, batch_id=batch.pk)


@task_item_required
def batch_download(request, code, batch_id):
    batch = _batch(request, code, batch_id)
    if not batch.package:
        raise Http404("The batch has no package yet.")
    return protected_file_response(
        batch.package, batch.package_name, "application/zip", inline=False, request=request
    )

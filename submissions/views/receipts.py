"""Receipt pages: the student's receipt with confirm and object, the registry's
window page, and each submitting unit's objection list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import task_item_required
from submissions.forms import AnnounceRoundForm, AnswerForm, ObjectionForm
from submissions.models import ReceiptRound, SubmissionBatch
from submissions.services import receipts as service


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# --- Student pages ---------------------------------------------------------------------


def _receipt_context(receipt, now, objection_form=None):
    receipt.is_open = service.is_open(receipt.round, now)
    receipt.closes_at = service.closes_at(receipt.round)
    parts = {}
    for line in receipt.lines.all():
        parts.setdefault(line.get_part_display(), []).append(line)
    receipt.parts = list(parts.items())
    receipt.objection_form = objection_form or ObjectionForm(receipt=receipt)
    return receipt


@login_required
def student_receipts(request):
    student = service.student_of(request.user)
    now = timezone.now()
    receipts = [_receipt_context(r, now) for r in service.receipts_for_student(student)]
    return render(
        request, "submissions/receipts/student.html", {"student": student, "receipts": receipts}
    )


@login_required
@require_POST
def receipt_confirm(request, receipt_id):
    receipt = service.get_receipt_for_student(request.user, receipt_id)
    try:
        service.confirm_receipt(receipt, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: you confirmed the receipt."))
    return redirect("student_receipts")


@login_required
@require_POST
def receipt_object(request, receipt_id):
    receipt = service.get_receipt_for_student(request.user, receipt_id)
    form = ObjectionForm(request.POST, receipt=receipt)
    if form.is_valid():
        try:
            service.raise_objection(
                receipt,
                user=request.user,
                part=form.cleaned_data["part"],
                line_id=form.cleaned_data["line"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your objection was sent to the submitting unit, which answers within "
                    "%(days)s days."
                )
                % {"days": service.answer_days()},
            )
            return redirect("student_receipts")
    now = timezone.now()
    receipts = []
    for other in service.receipts_for_student(receipt.student):
        bound = form if other.pk == receipt.pk else None
        receipts.append(_receipt_context(other, now, bound))
    context = {"student": receipt.student, "receipts": receipts}
    return render(request, "submissions/receipts/student.html", context, status=400)


@login_required
def receipt_proof(request, receipt_id):
    """Render a printable proof of what the student confirmed (print CSS, A4)."""
    receipt = service.get_receipt_for_student(request.user, receipt_id)
    receipt = _receipt_context(receipt, timezone.now())
    return render(
        request, "submissions/receipts/proof.html", {"receipt": receipt, "now": timezone.now()}
    )


# --- Registry pages (receipt-confirmation task item) ------------------------------------


@task_item_required
def receipt_rounds(request, code):
    form = AnnounceRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt_round = service.announce_round(
                form.cleaned_data["academic_year"],
                form.cleaned_data["starts_on"],
                form.cleaned_data["ends_on"],
                user=request.user,
                acting=request.acting,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The receipt confirmation window was announced."))
            return redirect("receipt_round_detail", round_id=receipt_round.pk)
    rounds = ReceiptRound.objects.order_by("-academic_year", "-starts_on", "-id")
    context = {"form": form, "rounds": rounds, "task_item": request.task_item}
    status = 400 if request.method == "POST" else 200
    return render(request, "submissions/receipts/rounds.html", context, status=status)


@task_item_required
def receipt_round_detail(request, code, round_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    context = {
        "round": receipt_round,
        "task_item": request.task_item,
        "classes": service.status_by_class(receipt_round),
        "departed_count": service.departed_receipts(receipt_round).count(),
        "closes_at": service.closes_at(receipt_round),
        "is_open": service.is_open(receipt_round, timezone.now()),
    }
    return render(request, "submissions/receipts/round.html", context)


@task_item_required
@require_POST
def receipt_round_record(request, code, round_id):
    receipt_round = get_object_or_404(ReceiptRound, pk=round_id)
    result = service.record_receipts_from_batches(
        receipt_round, user=request.user, acting=request.acting
    )
    messages.success(
        request,
        _("%(receipts)s new receipts and %(lines)s new items were recorded.")
        % {"receipts": result.receipts_created, "lines": result.lines_created},
    )
    return redirect("receipt_round_detail", round_id=receipt_round.pk)


# --- Objections (submit-<part> task items) ----------------------------------------------


def _part_of(code: str) -> str:
    part = service.PART_BY_TASK_ITEM.get(code)
    if part is None:
        raise Http404("Only submit task items have objections.")
    return part


def _render_objections(request, code, part, bound_form=None, bound_id=None, status=200):
    objections = list(service.objections_for_part(part))
    for objection in objections:
        if objection.pk == bound_id:
            objection.answer_form = bound_form
        else:
            objection.answer_form = AnswerForm(prefix=f"o{objection.pk}")
    context = {
        "task_item": request.task_item,
        "part_label": SubmissionBatch.Part(part).label,
        "objections": objections,
    }
    return render(request, "submissions/receipts/objections.html", context, status=status)


@task_item_required
def objection_list(request, code):
    return _render_objections(request, code, _part_of(code))


@task_item_required
@require_POST
def objection_answer(request, code, objection_id):
    part = _part_of(code)
    try:
        objection, _acting = service.get_objection_for_staff(request.user, objection_id)
    except PermissionDenied:
        raise Http404("No such objection for this task item.") from None
    if objection.part != part:
        raise Http404("No such objection for this task item.")
    form = AnswerForm(request.POST, prefix=f"o{objection.pk}")
    if form.is_valid():
        try:
            service.answer_objection(
                objection,
                user=request.user,
                answer=form.cleaned_data["answer"],
                text=form.cleaned_data["answer_text"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The answer was saved and is shown to the student."))
            return redirect("objection_list", code=code)
    return _render_objections(request, code, part, form, objection.pk, status=400)

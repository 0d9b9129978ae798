"""The student's pages: home with windows, counters and outcomes, and the upload form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from records.forms.outcomes import OutcomeForm
from records.models import CourseOutcome, ScheduleWindow
from records.services import outcomes as service
from records.services.enrolment_changes import can_upload


def get_student_for_page(request):
    """Return the logged-in user's student profile; staff and others get 403."""
    student = getattr(request.user, "student", None)
    if student is None:
        raise PermissionDenied
    return student


def _upload_status(windows):
    for window, status in windows:
        if window.kind == ScheduleWindow.Kind.OUTCOME_UPLOAD:
            return status
    return service.WindowStatus(service.WindowStatus.UNSCHEDULED)


def next_step(student, upload_status, counts, cap) -> tuple[str, bool]:
    """Return the sentence telling the student what to do next, and whether uploading is it."""
    if not can_upload(student):
        return _("Your enrolment status no longer allows uploads."), False
    if not upload_status.is_open:
        return _("Course-outcome upload: %(when)s") % {"when": upload_status.message}, False
    if counts[CourseOutcome.Status.REJECTED]:
        return _(
            "Revise the outcomes your teacher did not certify and send them again before the "
            "window closes."
        ), False
    if counts[CourseOutcome.Status.DRAFT]:
        return _("Send your drafts for certification before the window closes."), False
    if counts["total"] < cap:
        return _("Upload a course outcome: %(left)s of %(cap)s places left this semester.") % {
            "left": cap - counts["total"],
            "cap": cap,
        }, True
    return _("All %(cap)s places are used. Wait for your teachers to certify them.") % {
        "cap": cap
    }, False


@login_required
def student_home(request):
    student = get_student_for_page(request)
    now = timezone.now()
    term = service.upload_term(student, now)
    windows = service.windows_for_student(student, term, now)
    upload_status = _upload_status(windows)
    outcomes = list(service.outcomes_for_student(student, term))
    counts = service.status_counts(outcomes)
    cap = service.outcome_cap()
    step, step_is_upload = next_step(student, upload_status, counts, cap)
    can_change = upload_status.is_open and can_upload(student)
    context = {
        "student": student,
        "term": term,
        "windows": windows,
        "upload_status": upload_status,
        "outcomes": outcomes,
        "counts": counts,
        "cap": cap,
        "next_step": step,
        "can_upload": step_is_upload,
        "can_change": can_change,
    }
    return render(request, "records/student/home.html", context)


def _show_notices(request, form):
    for notice in form.notices:
        messages.info(request, notice)


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
def outcome_create(request):
    student = get_student_for_page(request)
    now = timezone.now()
    term = service.upload_term(student, now)
    upload_status = service.upload_window(student, term, now)
    sections = service.sections_for_upload(student, term)
    allowed = upload_status.is_open and can_upload(student)
    form = OutcomeForm(
        request.POST or None, request.FILES or None, sections=sections, use_required_attribute=True
    )
    if request.method == "POST" and allowed and form.is_valid():
        submit = "save_draft" not in request.POST
        try:
            outcome, created = service.create_outcome(
                student,
                form.content(),
                actor=request.user,
                submit=submit,
                client_token=form.cleaned_data.get("client_token"),
                at=now,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            if created:
                _show_notices(request, form)
                if outcome.status == CourseOutcome.Status.SUBMITTED:
                    message = _("“%(title)s” was uploaded and sent to your teacher.")
                else:
                    message = _("“%(title)s” was saved as a draft.")
            else:
                message = _("“%(title)s” was already saved; it was not uploaded twice.")
            messages.success(request, message % {"title": outcome.title})
            return redirect("student_home")
    context = {
        "form": form,
        "term": term,
        "upload_status": upload_status,
        "allowed": allowed,
        "may_upload": can_upload(student),
        "has_sections": sections.exists(),
    }
    return render(request, "records/student/outcome_form.html", context)


@login_required
def outcome_edit(request, outcome_id):
    student = get_student_for_page(request)
    outcome = service.get_outcome_for_student(request.user, outcome_id)
    now = timezone.now()
    upload_status = service.upload_window(student, outcome.term, now)
    sections = service.sections_for_upload(student, outcome.term)
    editable = outcome.status in service.EDITABLE_STATUSES
    allowed = editable and upload_status.is_open and can_upload(student)
    form = OutcomeForm(
        request.POST or None, request.FILES or None, sections=sections, outcome=outcome
    )
    if request.method == "POST" and allowed and form.is_valid():
        try:
            outcome = service.update_outcome(
                outcome,
                form.content(),
                actor=request.user,
                submit="save_draft" not in request.POST,
                at=now,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            _show_notices(request, form)
            if outcome.status == CourseOutcome.Status.SUBMITTED:
                message = _("“%(title)s” was revised and sent to your teacher.")
            else:
                message = _("“%(title)s” was saved.")
            messages.success(request, message % {"title": outcome.title})
            return redirect("student_home")
    context = {
        "form": form,
        "outcome": outcome,
        "term": outcome.term,
        "upload_status": upload_status,
        "allowed": allowed,
        "editable": editable,
        "may_upload": can_upload(student),
        "has_sections": True,
    }
    return render(request, "records/student/outcome_form.html", context)


@login_required
@require_POST
def outcome_submit(request, outcome_id):
    get_student_for_page(request)
    outcome = service.get_outcome_for_student(request.user, outcome_id)
    try:
        service.submit_outcome(outcome, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("“%(title)s” was sent to your teacher.") % {"title": outcome.title}
        )
    return redirect("student_home")


@login_required
@require_POST
def outcome_delete(request, outcome_id):
    get_student_for_page(request)
    outcome = service.get_outcome_for_student(request.user, outcome_id)
    try:
        service.delete_draft(outcome, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The draft “%(title)s” was deleted.") % {"title": outcome.title}
        )
    return redirect("student_home")

"""Pages for diverse performances: the student's list, upload, edit and delete, and the
office page that enters one performance for many students."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import task_item_required
from portfolio import roc
from records import performance_kinds
from records.forms.performances import OfficeEntryForm, PerformanceForm, add_service_errors
from records.models import DiversePerformance
from records.services import performances as service
from records.services.enrolment_changes import can_upload


def _current_year_and_semester(term):
    if term is not None:
        return term.academic_year, term.semester
    today = roc.today()
    return roc.academic_year_of(today), roc.semester_of(today)


def _may_change(student, status) -> bool:
    return status.is_open and can_upload(student)


@login_required
def performance_list(request):
    student = service.student_of(request.user)
    now = timezone.now()
    term, status = service.upload_status(student, now)
    academic_year, _semester = _current_year_and_semester(term)
    performances = list(service.performances_of(student))
    used = sum(1 for p in performances if p.slot and p.academic_year == academic_year)
    cap = service.performances_cap()
    years: dict[int, list] = {}
    for performance in performances:
        rows = performance_kinds.describe(performance)
        years.setdefault(performance.academic_year, []).append((performance, rows))
    may_change = _may_change(student, status)
    context = {
        "student": student,
        "term": term,
        "academic_year": academic_year,
        "upload_status": status,
        "used": used,
        "cap": cap,
        "years": sorted(years.items(), reverse=True),
        "may_change": may_change,
        "may_upload": may_change and used < cap,
    }
    return render(request, "records/performances/list.html", context)


def _kind_choices():
    return [
        (value, label, performance_kinds.DESCRIPTIONS[value])
        for value, label in DiversePerformance.Kind.choices
    ]


@login_required
def performance_create(request):
    """Pick a kind (no `kind` parameter), then fill in that kind's form."""
    student = service.student_of(request.user)
    now = timezone.now()
    term, status = service.upload_status(student, now)
    kind = request.GET.get("kind") or request.POST.get("kind")
    if kind not in performance_kinds.FIELDS:
        context = {"kinds": _kind_choices(), "upload_status": status}
        return render(request, "records/performances/pick_kind.html", context)

    academic_year, semester = _current_year_and_semester(term)
    form = PerformanceForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        academic_year=academic_year,
        semester=semester,
        initial={"client_token": uuid.uuid4()},
    )
    allowed = _may_change(student, status)
    if request.method == "POST" and form.is_valid():
        try:
            performance, created = service.create_performance(
                student,
                request.user,
                kind,
                form.data_for_service(),
                document=form.cleaned_data["document"],
                media=form.cleaned_data["media"],
                client_token=form.cleaned_data.get("client_token"),
                at=now,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                _show_file_notices(request, performance)
                message = _("“%(title)s” was uploaded.")
            else:
                message = _("“%(title)s” was already saved; it was not uploaded twice.")
            messages.success(request, message % {"title": performance.title})
            return redirect("performance_list")
    context = {
        "form": form,
        "kind": kind,
        "kind_label": DiversePerformance.Kind(kind).label,
        "upload_status": status,
        "allowed": allowed,
    }
    return render(request, "records/performances/form.html", context)


def _show_file_notices(request, performance):
    for stored in (performance.document, performance.media):
        if stored is not None:
            for notice in stored.notices:
                messages.info(request, notice)


@login_required
def performance_edit(request, performance_id):
    performance = service.get_performance_for_student(request.user, performance_id)
    if performance.entered_by_office:
        raise Http404("Office entries are read-only for students.")
    student = performance.student
    now = timezone.now()
    term, status = service.upload_status(student, now)
    academic_year, semester = _current_year_and_semester(term)
    form = PerformanceForm(
        request.POST or None,
        request.FILES or None,
        kind=performance.kind,
        academic_year=academic_year,
        semester=semester,
        instance=performance,
    )
    allowed = _may_change(student, status)
    if request.method == "POST" and form.is_valid():
        try:
            performance = service.update_performance(
                performance,
                request.user,
                form.data_for_service(),
                document=form.cleaned_data["document"],
                media=form.cleaned_data["media"],
                remove_document=form.cleaned_data.get("remove_document", False),
                remove_media=form.cleaned_data.get("remove_media", False),
                at=now,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _show_file_notices(request, performance)
            messages.success(request, _("“%(title)s” was saved.") % {"title": performance.title})
            return redirect("performance_list")
    context = {
        "form": form,
        "kind": performance.kind,
        "kind_label": performance.get_kind_display(),
        "performance": performance,
        "upload_status": status,
        "allowed": allowed,
    }
    return render(request, "records/performances/form.html", context)


@login_required
def performance_delete(request, performance_id):
    """Ask for confirmation (GET), then delete the upload (POST)."""
    performance = service.get_performance_for_student(request.user, performance_id)
    if performance.entered_by_office:
        raise Http404("Office entries are read-only for students.")
    if request.method == "POST":
        try:
            service.delete_performance(performance, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(title)s” was deleted.") % {"title": performance.title})
        return redirect("performance_list")
    context = {"performance": performance, "rows": performance_kinds.describe(performance)}
    return render(request, "records/performances/delete.html", context)


@login_required
@task_item_required
def office_entry(request, code):
    """Enter one performance for many students, for the staff acting for the task item."""
    entry = service.office_entry_kind(code)
    if entry is None:
        raise Http404("Offices enter no diverse performances under this task item.")
    kind, fixed = entry
    today = roc.today()
    form = OfficeEntryForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        fixed=fixed,
        academic_year=roc.academic_year_of(today),
        semester=roc.semester_of(today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = service.enter_for_students(
                code,
                request.user,
                form.student_lines(),
                form.data_for_service(),
                document=form.cleaned_data["document"],
                media=form.cleaned_data["media"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "“%(title)s” was entered for %(count)s student.",
                    "“%(title)s” was entered for %(count)s students.",
                    len(created),
                )
                % {"title": created[0].title, "count": len(created)},
            )
            return redirect("office_entry", code=code)
    recent = (
        DiversePerformance.objects.filter(entered_under=request.task_item)
        .select_related("student__school_class")
        .order_by("-created_at", "-id")[:50]
    )
    context = {
        "form": form,
        "task_item": request.task_item,
        "acting": request.acting,
        "kind_label": DiversePerformance.Kind(kind).label,
        "fixed": [
            (spec.label, performance_kinds.choice_label(spec, fixed[spec.name]))
            for spec in performance_kinds.fields_of(kind)
            if spec.name in fixed
        ],
        "recent": recent,
        "cap": settings.PORTFOLIO["PERFORMANCES_PER_YEAR"],
    }
    return render(request, "records/performances/office_entry.html", context)

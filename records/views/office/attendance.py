"""The student life section's attendance page: import, list and edit per student."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import task_item_required
from accounts.models import Student
from portfolio.import_steps import run_import_step
from records.forms.office import AttendanceForm
from records.models import AttendanceSummary, Term
from records.office_imports import AttendanceResource
from records.services.attendance import LEAVE_TYPES, leave_type_name, set_attendance
from records.views.office import term_and_class


@task_item_required
def attendance_page(request, code):
    """Import attendance and show one class's periods per leave type for a term."""
    step = run_import_step(
        request, lambda _options: AttendanceResource(user=request.user, acting=request.acting)
    )
    if step.written:
        return redirect(reverse("office_attendance"))
    chosen = term_and_class(request)
    rows = []
    if chosen.term is not None and chosen.school_class is not None:
        students = list(chosen.school_class.students.order_by("seat_number", "student_number"))
        periods = {}
        for summary in AttendanceSummary.objects.filter(term=chosen.term, student__in=students):
            periods.setdefault(summary.student_id, {})[summary.leave_type] = summary.periods
        rows = [
            (student, [periods.get(student.id, {}).get(code, 0) for code in LEAVE_TYPES])
            for student in students
        ]
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "step": step,
        "chosen": chosen,
        "leave_names": [leave_type_name(code) for code in LEAVE_TYPES],
        "rows": rows,
        "columns": "學號, 學年度, 學期, " + ", ".join(leave_type_name(c) for c in LEAVE_TYPES),
    }
    return render(request, "records/office/attendance.html", context)


@task_item_required
def attendance_edit(request, code, term_id, student_id):
    """Change one student's periods of each leave type in one term."""
    term = get_object_or_404(Term, pk=term_id)
    student = get_object_or_404(Student.objects.select_related("school_class"), pk=student_id)
    summaries = AttendanceSummary.objects.filter(term=term, student=student)
    stored = {summary.leave_type: summary for summary in summaries}
    form = AttendanceForm(
        request.POST or None, stored={code: row.periods for code, row in stored.items()}
    )
    if request.method == "POST" and form.is_valid():
        changed = set_attendance(
            student, term, form.periods(), user=request.user, acting=request.acting
        )
        messages.success(
            request,
            _("Attendance of %(student)s saved: %(count)s leave types changed.")
            % {"student": student, "count": changed},
        )
        query = f"?term={term.pk}&class={student.school_class_id or ''}"
        return redirect(reverse("office_attendance") + query)
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "form": form,
        "term": term,
        "student": student,
        "stored": [(leave_type_name(code), row) for code, row in sorted(stored.items())],
    }
    return render(request, "records/office/attendance_form.html", context)

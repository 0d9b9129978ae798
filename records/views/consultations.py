"""Consultation records: a counsellor's assigned students and their records, and the
convenor's page that assigns counsellors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import staff_of, task_item_required
from accounts.models import SchoolClass, Student
from portfolio import roc
from records.forms.course_records import AssignmentForm, ConsultationForm
from records.services import consultations as service
from records.views import selected_class


def get_counsellor(user):
    """Return the user's staff record; 404 for students and other accounts."""
    staff = staff_of(user)
    if staff is None:
        raise Http404("Only staff keep consultation records.")
    return staff


@login_required
def counsellor_home(request):
    counsellor = get_counsellor(request.user)
    academic_year = service.current_academic_year()
    context = {
        "academic_year": academic_year,
        "students": service.assigned_students(counsellor, academic_year),
    }
    return render(request, "records/consultations/home.html", context)


def _form_data(form):
    data = form.cleaned_data
    return {
        "at": service.held_at(data["day"], data["time"]),
        "place": data["place"],
        "content": data["content"],
        "advice": data["advice"],
    }


@login_required
def student_consultations(request, student_id):
    """List one assigned student's consultation records and add a new one."""
    counsellor = get_counsellor(request.user)
    academic_year = service.current_academic_year()
    student = service.get_student_for_counsellor(counsellor, student_id, academic_year)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service.save_consultation(student, counsellor, request.user, **_form_data(form))
        messages.success(request, _("The consultation record was saved."))
        return redirect("consultation_student", student_id=student.pk)
    context = {
        "student": student,
        "records": service.consultations_of(student),
        "form": form,
        "counsellor": counsellor,
    }
    return render(request, "records/consultations/student.html", context)


@login_required
def consultation_edit(request, record_id):
    counsellor = get_counsellor(request.user)
    record = service.get_consultation_for_counsellor(
        counsellor, record_id, service.current_academic_year()
    )
    local = roc.to_taipei(record.held_at)
    initial = {
        "day": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "place": record.place,
        "content": record.content,
        "advice": record.advice,
    }
    form = ConsultationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        service.save_consultation(
            record.student, counsellor, request.user, record=record, **_form_data(form)
        )
        messages.success(request, _("The consultation record was saved."))
        return redirect("consultation_student", student_id=record.student_id)
    context = {"record": record, "student": record.student, "form": form}
    return render(request, "records/consultations/edit.html", context)


@login_required
@task_item_required
def counsellor_assignments(request, code):
    """Let the convenor assign one counsellor to ticked students of a class."""
    academic_year = service.current_academic_year()
    classes = list(SchoolClass.objects.filter(academic_year=academic_year).order_by("code"))
    value = request.GET.get("class") or request.POST.get("class")
    school_class = selected_class(classes, value)
    students_qs = (
        school_class.students.order_by("seat_number", "student_number")
        if school_class
        else Student.objects.none()
    )
    form = AssignmentForm(
        request.POST or None, counsellors=service.counsellors(), students=students_qs
    )
    if request.method == "POST" and school_class and form.is_valid():
        changed = service.assign_counsellor(
            list(form.cleaned_data["students"]),
            form.cleaned_data["counsellor"],
            academic_year,
            request.user,
            acting=request.acting,
        )
        messages.success(
            request,
            ngettext(
                "%(count)d student's counsellor was changed.",
                "%(count)d students' counsellors were changed.",
                changed,
            )
            % {"count": changed},
        )
        return redirect(f"{reverse('consultation_assignments')}?class={school_class.pk}")
    students = list(students_qs)
    assigned = service.assignments_by_student(students, academic_year)
    for student in students:
        student.assigned_counsellor = assigned.get(student.pk)
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "academic_year": academic_year,
        "classes": classes,
        "school_class": school_class,
        "students": students,
        "form": form,
    }
    return render(request, "records/consultations/assignments.html", context)

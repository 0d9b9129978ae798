"""Pages of the course-planning task item: the class list and one student's assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import task_item_required
from accounts.models import Student
from portfolio import roc
from records.forms.course_records import AssessmentForm
from records.models import CoursePlanningAssessment
from records.services import course_planning as service
from records.views import selected_class


@login_required
@task_item_required
def assessment_list(request, code):
    academic_year = roc.academic_year_of(roc.today())
    classes = list(service.classes_of_year(academic_year))
    school_class = selected_class(classes, request.GET.get("class"))
    students = service.students_with_assessment(school_class, academic_year) if school_class else []
    for student in students:
        student.cluster_labels = (
            service.cluster_labels(student.assessment.career_clusters) if student.assessment else []
        )
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "academic_year": academic_year,
        "classes": classes,
        "school_class": school_class,
        "students": students,
    }
    return render(request, "records/course_planning/list.html", context)


def get_student_for_planning(student_id: int, academic_year: int) -> Student:
    """Return a student of a class of this academic year; 404 otherwise."""
    student = (
        Student.objects.select_related("school_class")
        .filter(pk=student_id, school_class__academic_year=academic_year)
        .first()
    )
    if student is None:
        raise Http404("No such student this academic year.")
    return student


@login_required
@task_item_required
def assessment_edit(request, code, student_id):
    academic_year = roc.academic_year_of(roc.today())
    student = get_student_for_planning(student_id, academic_year)
    assessment = CoursePlanningAssessment.objects.filter(
        student=student, academic_year=academic_year
    ).first()
    initial = (
        {"career_clusters": assessment.career_clusters, "notes": assessment.notes}
        if assessment
        else {}
    )
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_assessment(
                student,
                academic_year,
                form.cleaned_data["career_clusters"],
                form.cleaned_data["notes"],
                request.user,
                acting=request.acting,
            )
        except ValidationError as error:
            form.add_error("career_clusters", error)
        else:
            messages.success(
                request,
                _("The assessment of %(name)s was saved.") % {"name": student.name},
            )
            url = reverse("course_planning_list")
            return redirect(f"{url}?class={student.school_class_id}")
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "academic_year": academic_year,
        "student": student,
        "assessment": assessment,
        "form": form,
    }
    return render(request, "records/course_planning/edit.html", context)

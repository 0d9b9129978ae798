"""The homeroom teacher's overview of their class's course outcomes this term."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from accounts.access import staff_of
from accounts.models import SchoolClass, Student
from portfolio import roc
from records.services import outcomes as service
from records.services.terms import current_term


def get_classes_for_homeroom_teacher(user, academic_year: int):
    """Return the classes `user` is homeroom teacher of in `academic_year`; 403 for non-staff."""
    staff = staff_of(user)
    if staff is None:
        raise PermissionDenied
    return SchoolClass.objects.filter(homeroom_teacher=staff, academic_year=academic_year)


@login_required
def homeroom_overview(request):
    now = timezone.now()
    today = roc.to_taipei(now).date()
    term = current_term(today)
    academic_year = term.academic_year if term is not None else roc.academic_year_of(today)
    classes = list(get_classes_for_homeroom_teacher(request.user, academic_year))
    students = service.class_progress(
        Student.objects.filter(school_class__in=classes).order_by(
            "school_class__code", "seat_number", "student_number"
        ),
        term,
    )
    by_class = {school_class.pk: [] for school_class in classes}
    for student in students:
        by_class[student.school_class_id].append(student)
    context = {
        "term": term,
        "cap": service.outcome_cap(),
        "classes": [(school_class, by_class[school_class.pk]) for school_class in classes],
    }
    return render(request, "records/homeroom/overview.html", context)

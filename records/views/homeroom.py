"""The homeroom teacher's overview of their class's course outcomes this term."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import staff_of
from accounts.models import SchoolClass, Student
from portfolio import roc
from records.services import outcomes as service
from records.services.reminders import send_outcome_reminder, students_to_remind
from records.services.terms import current_term


def get_classes_for_homeroom_teacher(user, academic_year: int):
    """Return the classes `user` is homeroom teacher of in `academic_year`; 403 for non-staff."""
    staff = staff_of(user)
    if staff is None:
        raise PermissionDenied
    return SchoolClass.objects.filter(homeroom_teacher=staff, academic_year=academic_year)


def _class_progress(user):
    today = roc.to_taipei(timezone.now()).date()
    term = current_term(today)
    academic_year = term.academic_year if term is not None else roc.academic_year_of(today)
    classes = list(get_classes_for_homeroom_teacher(user, academic_year))
    students = service.class_progress(
        Student.objects.filter(school_class__in=classes)
        .select_related("user")
        .order_by("school_class__code", "seat_number", "student_number"),
        term,
    )
    return term, classes, students


@login_required
@require_POST
def homeroom_remind(request):
    """Remind one student of the teacher's class, or every student with something open."""
    _term, _classes, students = _class_progress(request.user)
    student_id = request.POST.get("student")
    if student_id:
        chosen = [student for student in students if str(student.pk) == student_id]
        if not chosen:
            raise Http404("No such student in your class.")
    else:
        chosen = students_to_remind(students)
    count = send_outcome_reminder(chosen, request.user.display_name)
    messages.success(
        request,
        ngettext(
            "Reminder sent to %(count)s student.", "Reminder sent to %(count)s students.", count
        )
        % {"count": count},
    )
    return redirect("homeroom_overview")


@login_required
def homeroom_overview(request):
    term, classes, students = _class_progress(request.user)
    by_class = {school_class.pk: [] for school_class in classes}
    for student in students:
        by_class[student.school_class_id].append(student)
    context = {
        "term": term,
        "cap": service.outcome_cap(),
        "classes": [(school_class, by_class[school_class.pk]) for school_class in classes],
    }
    return render(request, "records/homeroom/overview.html", context)

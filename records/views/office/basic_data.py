"""The registry's basic data page: per-class checks and enrolment changes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import task_item_required
from accounts.models import SchoolClass
from portfolio import roc
from records.forms.office import EnrolmentChangeForm
from records.models import EnrolmentChange, Term
from records.services.basic_data import class_statuses, mark_class_checked, previous_term
from records.services.enrolment_changes import record_enrolment_change
from records.views.office import term_and_class


@task_item_required
def basic_data_page(request, code):
    """List the classes of the term: checked or not, and who changed since last term."""
    chosen = term_and_class(request)
    statuses = class_statuses(chosen.term) if chosen.term is not None else []
    recent_changes = EnrolmentChange.objects.select_related("student__school_class")[:20]
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "chosen": chosen,
        "previous": previous_term(chosen.term) if chosen.term is not None else None,
        "statuses": statuses,
        "unchecked": sum(1 for status in statuses if not status.is_checked),
        "recent_changes": recent_changes,
    }
    return render(request, "records/office/basic_data.html", context)


@require_POST
@task_item_required
def mark_checked(request, code, term_id, class_id):
    """Mark one class's basic data as re-checked for the term."""
    term = get_object_or_404(Term, pk=term_id)
    school_class = get_object_or_404(SchoolClass, pk=class_id, academic_year=term.academic_year)
    mark_class_checked(term, school_class, user=request.user, acting=request.acting)
    messages.success(
        request,
        _("Class %(class)s is marked as checked for %(term)s.")
        % {"class": school_class, "term": term.label},
    )
    return redirect(f"{reverse('office_basic_data')}?term={term.pk}")


@task_item_required
def enrolment_change_create(request, code):
    """Record an enrolment change; the student's status follows it."""
    form = EnrolmentChangeForm(
        request.POST or None, academic_year=roc.academic_year_of(roc.today())
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = record_enrolment_change(
                data["student"],
                data["kind"],
                data["effective_on"],
                user=request.user,
                acting=request.acting,
                other_school_code=data["other_school_code"],
                note=data["note"],
                school_class=data["school_class"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(change)s recorded for %(student)s; the enrolment status is now %(status)s.")
                % {
                    "change": change.get_kind_display(),
                    "student": change.student,
                    "status": change.student.get_status_display(),
                },
            )
            return redirect("office_basic_data")
    context = {"task_item": request.task_item, "acting": request.acting, "form": form}
    return render(request, "records/office/enrolment_change.html", context)

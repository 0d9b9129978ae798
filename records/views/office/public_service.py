"""Student affairs' public service page: service records entered and reminders to upload."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import task_item_required
from accounts.models import Student
from audit.models import AuditEntry
from audit.services import log_action
from records.forms.office import ServiceReminderForm
from records.models import DiversePerformance
from records.services.reminders import send_service_reminder
from records.views.office import term_and_class

REMINDER_ACTION = "portfolio.service.reminder_sent"


@task_item_required
def public_service_page(request, code):
    """List one class's service records of the year and send reminders to upload them."""
    chosen = term_and_class(request)
    academic_year = chosen.term.academic_year if chosen.term else None
    form = ServiceReminderForm(request.POST or None, academic_year=academic_year or 0)
    if request.method == "POST" and form.is_valid():
        classes = list(form.cleaned_data["classes"])
        students = Student.objects.filter(school_class__in=classes).exclude(
            status__in=Student.DEPARTED_STATUSES
        )
        count = send_service_reminder(students, form.cleaned_data["message"])
        log_action(
            REMINDER_ACTION,
            actor=request.user,
            acting=request.acting,
            data={
                "classes": [school_class.code for school_class in classes],
                "students": count,
                "message": form.cleaned_data["message"],
            },
        )
        messages.success(
            request,
            ngettext(
                "Reminder sent to %(count)s student.",
                "Reminder sent to %(count)s students.",
                count,
            )
            % {"count": count},
        )
        return redirect(reverse("office_public_service"))

    records = []
    if academic_year is not None and chosen.school_class is not None:
        records = (
            DiversePerformance.objects.filter(
                kind=DiversePerformance.Kind.SERVICE,
                academic_year=academic_year,
                student__school_class=chosen.school_class,
            )
            .select_related("student")
            .order_by("student__seat_number", "starts_on", "id")
        )
    reminders = AuditEntry.objects.filter(action=REMINDER_ACTION).select_related(
        "actor", "acting_for"
    )[:10]
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "chosen": chosen,
        "records": records,
        "form": form,
        "reminders": reminders,
        "entry_title": _("Enter service records for several students"),
    }
    return render(request, "records/office/public_service.html", context)

"""The cadre page of the student affairs sections: import, list, add, edit and delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import task_item_required
from portfolio.import_steps import run_import_step
from records.forms.office import CadreRecordForm
from records.models import CadreRecord
from records.office_imports import CadreResource
from records.services.record_audit import delete_with_audit, save_with_audit
from records.views.office import term_and_class

CADRE_ACTION = "portfolio.cadre"
CADRE_FIELDS = CadreResource.audit_fields + ("summary",)


@task_item_required
def cadres_page(request, code):
    """Import cadre records and list one class's records of one term."""
    step = run_import_step(
        request, lambda _options: CadreResource(user=request.user, acting=request.acting)
    )
    if step.written:
        return redirect(reverse("office_cadres"))
    chosen = term_and_class(request)
    records = []
    if chosen.term is not None and chosen.school_class is not None:
        records = (
            CadreRecord.objects.filter(term=chosen.term, student__school_class=chosen.school_class)
            .select_related("student")
            .order_by("student__seat_number", "category", "unit", "post")
        )
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "step": step,
        "chosen": chosen,
        "records": records,
        "columns": "學號, 學年度, 學期, 幹部類別, 職稱, 單位, 幹部等級, 開始日期, 結束日期",
    }
    return render(request, "records/office/cadres.html", context)


@task_item_required
def cadre_edit(request, code, record_id=None):
    """Add a cadre record, or change one."""
    record = None
    if record_id is not None:
        record = get_object_or_404(CadreRecord.objects.select_related("student"), pk=record_id)
    form = CadreRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        save_with_audit(
            instance, CADRE_FIELDS, action=CADRE_ACTION, user=request.user, acting=request.acting
        )
        messages.success(
            request, _("The cadre record of %(student)s is saved.") % {"student": instance.student}
        )
        return redirect(f"{reverse('office_cadres')}?term={instance.term_id}")
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "form": form,
        "record": record,
    }
    return render(request, "records/office/cadre_form.html", context)


@require_POST
@task_item_required
def cadre_delete(request, code, record_id):
    """Delete a cadre record; the audit log keeps its values."""
    record = get_object_or_404(CadreRecord.objects.select_related("student"), pk=record_id)
    delete_with_audit(
        record, CADRE_FIELDS, action=CADRE_ACTION, user=request.user, acting=request.acting
    )
    messages.success(request, _("The cadre record is deleted."))
    return redirect(f"{reverse('office_cadres')}?term={record.term_id}")

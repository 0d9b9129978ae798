"""The change history of one office record, for the staff acting for its task item."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.access import TaskItemDenied, get_task_item_for_staff, render_denied
from audit.services import history_of
from records.models import (
    AttendanceSummary,
    BasicDataCheck,
    CadreRecord,
    DiversePerformance,
    EnrolmentChange,
    Grade,
)

# URL name of a record type: the model and the task item whose staff may see it.
HISTORY_TYPES = {
    "grade": (Grade, "grades"),
    "cadre": (CadreRecord, "cadres"),
    "attendance": (AttendanceSummary, "attendance"),
    "enrolment-change": (EnrolmentChange, "basic-data"),
    "basic-data-check": (BasicDataCheck, "basic-data"),
    "service": (DiversePerformance, "public-service"),
}


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - audit data may name fields a model no longer has
        return name


def change_rows(model, data: dict) -> list[tuple[str, object, object]]:
    """Return (field label, old value, new value) for each field an audit entry names."""
    old = data.get("old") or {}
    new = data.get("new") or {}
    names = list(dict.fromkeys([*old, *new]))
    return [(_label(model, name), old.get(name, ""), new.get(name, "")) for name in names]


@login_required
def record_history(request, record_type, record_id):
    """List who changed a record, when, acting for whom, and the old and new values."""
    if record_type not in HISTORY_TYPES:
        raise Http404("Unknown record type.")
    model, task_code = HISTORY_TYPES[record_type]
    if not request.user.is_superuser:
        try:
            get_task_item_for_staff(request, task_code)
        except TaskItemDenied as denied:
            return render_denied(request, denied)
    queryset = model.objects.all()
    if model is DiversePerformance:
        queryset = queryset.filter(kind=DiversePerformance.Kind.SERVICE)
    record = get_object_or_404(queryset, pk=record_id)
    entries = [(entry, change_rows(model, entry.data)) for entry in history_of(record)]
    context = {"record": record, "record_type": record_type, "entries": entries}
    return render(request, "records/office/history.html", context)

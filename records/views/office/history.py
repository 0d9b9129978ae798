"""The change history of one office record, for the staff acting for its task item."""

import datetime
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from accounts.access import TaskItemDenied, get_task_item_for_staff, render_denied
from audit.services import history_of
from portfolio import roc
from portfolio.templatetags.roc import roc_datetime
from records.models import (
    AttendanceSummary,
    BasicDataCheck,
    CadreRecord,
    DiversePerformance,
    EnrolmentChange,
    Grade,
)

# ISO dates and datetimes as the audit log stores them (2026-12-04, 2026-12-04T21:39:42+00:00).
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")

# URL name of a record type: the model and the task item whose staff may see it.
HISTORY_TYPES = {
    "grade": (Grade, "grades"),
    "cadre": (CadreRecord, "cadres"),
    "attendance": (AttendanceSummary, "attendance"),
    "enrolment-change": (EnrolmentChange, "basic-data"),
    "basic-data-check": (BasicDataCheck, "basic-data"),
    "service": (DiversePerformance, "public-service"),
}


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # audit data may name fields a model no longer has
        return None


def _display(field, value, related: dict) -> str:
    """Return a stored audit value as people read it: choice labels, ROC dates, names."""
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation:
        return str(related.get((field.related_model, value), value))
    if isinstance(value, str) and DATE.match(value):
        moment = value if "T" in value else None
        if moment:
            return roc_datetime(datetime.datetime.fromisoformat(moment))
        return roc.format_roc_date(datetime.date.fromisoformat(value))
    return str(value)


def _related_objects(model, datas) -> dict:
    """Fetch every object the entries' foreign keys name, one query per related model."""
    requested: dict = {}
    for data in datas:
        for side in ("old", "new"):
            for name, value in (data.get(side) or {}).items():
                field = _field(model, name)
                if field is not None and field.is_relation and value not in (None, ""):
                    requested.setdefault(field.related_model, set()).add(value)
    related = {}
    for related_model, ids in requested.items():
        for obj in related_model.objects.filter(pk__in=ids):
            related[(related_model, obj.pk)] = obj
    return related


def change_rows(model, data: dict, related: dict) -> list[tuple[str, str, str]]:
    """Return (field label, old value, new value) for each field an audit entry names."""
    old = data.get("old") or {}
    new = data.get("new") or {}
    rows = []
    for name in dict.fromkeys([*old, *new]):
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        rows.append(
            (
                label,
                _display(field, old.get(name), related),
                _display(field, new.get(name), related),
            )
        )
    return rows


def action_label(action: str) -> str:
    """Return 'created', 'changed' or 'deleted' for a dotted action type, else the type."""
    labels = {"created": _("created"), "updated": _("changed"), "deleted": _("deleted")}
    return str(labels.get(action.rsplit(".", 1)[-1], action))


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
    history = list(history_of(record))
    related = _related_objects(model, [entry.data for entry in history])
    entries = [
        (entry, action_label(entry.action), change_rows(model, entry.data, related))
        for entry in history
    ]
    context = {"record": record, "record_type": record_type, "entries": entries}
    return render(request, "records/office/history.html", context)

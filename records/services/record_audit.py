"""Audit entries with old and new values for the records offices keep.

Grades, cadre records, attendance, enrolment changes and basic data checks are
changed through these helpers, so every change stores who made it, when, for
which owner a proxy acted, and the values before and after.
"""

import datetime
import decimal
from collections.abc import Iterable

from django.db import models, transaction

from audit.models import AuditEntry
from audit.services import log_action, target_key


def json_value(value):
    """Return a value as the audit log stores it in JSON."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """Return the named fields of an instance as JSON values (foreign keys by id)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.is_relation:
            values[name] = json_value(getattr(instance, field.attname))
        else:
            values[name] = json_value(_as_stored(field, getattr(instance, name)))
    return values


def _as_stored(field, value):
    """Return a value as the database returns it, so 55 and Decimal("55.00") compare equal."""
    value = field.to_python(value)
    if isinstance(field, models.DecimalField) and value is not None:
        value = value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
    return value


def changed_values(old: dict | None, new: dict | None) -> dict:
    """Return {"old": ..., "new": ...} with only the fields whose values differ."""
    old = old or {}
    new = new or {}
    names = [name for name in {**old, **new} if old.get(name) != new.get(name)]
    return {
        "old": {name: old.get(name) for name in names if name in old},
        "new": {name: new.get(name) for name in names if name in new},
    }


def build_entry(action: str, *, actor, acting, target, old, new) -> AuditEntry:
    """Return an unsaved AuditEntry with the same fields log_action fills in."""
    target_type, target_id = target_key(target)
    return AuditEntry(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        acting_for=acting.acting_for if acting is not None else None,
        acting_rank=str(acting.rank) if acting is not None and acting.rank is not None else "",
        target_type=target_type,
        target_id=target_id,
        data=changed_values(old, new),
    )


def save_with_audit(
    instance: models.Model, fields: Iterable[str], *, action: str, user, acting=None
) -> bool:
    """Save a new or changed instance and log its old and new values.

    `action` is the dotted prefix, such as "portfolio.cadre"; ".created" or
    ".updated" is appended. Returns False and logs nothing when no field changed.
    """
    fields = list(fields)
    with transaction.atomic():
        old = None
        if instance.pk is not None:
            stored = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
            old = snapshot(stored, fields) if stored is not None else None
        new = snapshot(instance, fields)
        if old is not None and old == new:
            return False
        instance.save()
        verb = "created" if old is None else "updated"
        log_action(
            f"{action}.{verb}",
            actor=user,
            acting=acting,
            target=instance,
            data=changed_values(old, new),
        )
    return True


def delete_with_audit(
    instance: models.Model, fields: Iterable[str], *, action: str, user, acting=None
) -> None:
    """Delete an instance and log the values it had, under "<action>.deleted"."""
    with transaction.atomic():
        log_action(
            f"{action}.deleted",
            actor=user,
            acting=acting,
            target=instance,
            data=changed_values(snapshot(instance, fields), None),
        )
        instance.delete()

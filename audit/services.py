"""Write and read the audit log."""

from django.db import models

from audit.models import AuditEntry


def target_key(target: models.Model) -> tuple[str, str]:
    return target._meta.label_lower, str(target.pk)


def log_action(action: str, *, actor=None, acting=None, target=None, data=None) -> AuditEntry:
    """Record one business change.

    action is a dotted type such as "portfolio.outcome.certified"; acting is an
    accounts.services.acting.Acting when the actor works as a proxy; data holds
    what changed, for example {"old": {...}, "new": {...}}.
    """
    target_type, target_id = target_key(target) if target is not None else ("", "")
    acting_for = acting.acting_for if acting is not None else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        acting_for=acting_for,
        acting_rank=str(acting.rank) if acting is not None and acting.rank is not None else "",
        target_type=target_type,
        target_id=target_id,
        data=data or {},
    )


def history_of(target: models.Model):
    """Return the audit entries of one record, newest first."""
    target_type, target_id = target_key(target)
    return AuditEntry.objects.filter(target_type=target_type, target_id=target_id).select_related(
        "actor", "acting_for"
    )

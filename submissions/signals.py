"""Seal a portfolio when its student departs, and unseal it when they return."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Student


@receiver(post_save, sender=Student, dispatch_uid="submissions.seal_on_status")
def seal_on_status_change(sender, instance: Student, raw=False, **kwargs):
    if raw:
        return
    from submissions.services.sealing import seal_student, unseal_returning_student

    if instance.status in Student.DEPARTED_STATUSES:
        seal_student(instance)
    elif not kwargs.get("created"):
        unseal_returning_student(instance)

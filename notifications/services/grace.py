"""Ending the logins of staff who have left once their grace period is over."""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.models import Staff

logger = logging.getLogger(__name__)


def expired_staff(today: datetime.date):
    """Return the staff whose last working day and grace period both ended before today."""
    return Staff.objects.filter(employment_end__lt=today).filter(
        Q(account_grace_until__isnull=True) | Q(account_grace_until__lt=today)
    )


def end_expired_grace_accounts(today: datetime.date) -> list[int]:
    """Deactivate the logins of expired staff; return the ids of the users deactivated."""
    user_ids = list(
        get_user_model()
        .objects.filter(is_active=True, staff__in=expired_staff(today))
        .values_list("pk", flat=True)
    )
    if user_ids:
        get_user_model().objects.filter(pk__in=user_ids).update(is_active=False)
        logger.info("staff logins ended count=%s user_ids=%s", len(user_ids), user_ids)
    return user_ids

import datetime
import math

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: datetime.timedelta) -> int:
    """Return a duration in minutes, rounded up, for "try again in N minutes"."""
    return math.ceil(value.total_seconds() / 60)

"""Finding terms by date."""

import datetime

from records.models import Term


def current_term(today: datetime.date) -> Term | None:
    """Return the term whose first and last days enclose today, or None if none is set up."""
    return (
        Term.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
    )

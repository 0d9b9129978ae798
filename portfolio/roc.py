"""ROC (Minguo) calendar helpers.

ROC year = Gregorian year - 1911. Academic year N runs from 1 August of
Gregorian year N + 1911 to 31 July of the next year. Semester 1 runs from
1 August to 31 January and semester 2 from 1 February to 31 July. A term is
written as one number, year * 10 + semester (1131 = year 113, semester 1).
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

ROC_OFFSET = 1911
TAIPEI = ZoneInfo("Asia/Taipei")

_ROC_DATE = re.compile(r"^\s*(\d{2,3})[/.\-](\d{1,2})[/.\-](\d{1,2})\s*$")
_ROC_COMPACT = re.compile(r"^\s*(\d{3})(\d{2})(\d{2})\s*$")


def to_roc_year(gregorian_year: int) -> int:
    return gregorian_year - ROC_OFFSET


def to_gregorian_year(roc_year: int) -> int:
    return roc_year + ROC_OFFSET


def parse_roc_date(text: str) -> datetime.date:
    """Parse an ROC date such as "097/03/15", "97.3.15" or "0970315".

    Raises ValueError with a zh-Hant message when the text is not a real date.
    """
    text = (text or "").strip()
    match = _ROC_DATE.match(text) or _ROC_COMPACT.match(text)
    if not match:
        raise ValueError(
            _("“%(value)s” is not an ROC date; write it as year/month/day, for example 097/03/15.")
            % {"value": text}
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(to_gregorian_year(year), month, day)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a real date; check the month and the day.") % {"value": text}
        ) from None


def format_roc_date(value: datetime.date | None, separator: str = "/") -> str:
    """Format a date as ROC year/month/day, for example 113/09/30."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = to_taipei(value).date()
    return f"{to_roc_year(value.year):03d}{separator}{value.month:02d}{separator}{value.day:02d}"


def to_taipei(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(TAIPEI)


def academic_year_of(day: datetime.date) -> int:
    """Return the ROC academic year that contains the given day."""
    gregorian = day.year if day.month >= 8 else day.year - 1
    return to_roc_year(gregorian)


def semester_of(day: datetime.date) -> int:
    """Return 1 for August to January and 2 for February to July."""
    return 1 if day.month >= 8 or day.month == 1 else 2


def term_code(academic_year: int, semester: int) -> int:
    return academic_year * 10 + semester


def term_bounds(academic_year: int, semester: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a term."""
    start_year = to_gregorian_year(academic_year)
    if semester == 1:
        return datetime.date(start_year, 8, 1), datetime.date(start_year + 1, 1, 31)
    return datetime.date(start_year + 1, 2, 1), datetime.date(start_year + 1, 7, 31)


def term_label(academic_year: int, semester: int | None = None) -> str:
    """Return "113學年度第1學期", or "113學年度" without a semester."""
    if semester is None:
        return _("%(year)s academic year") % {"year": academic_year}
    return _("%(year)s academic year, semester %(semester)s") % {
        "year": academic_year,
        "semester": semester,
    }


def end_of_day(day: datetime.date) -> datetime.datetime:
    """Return 23:59:59.999999 Taipei time on the given day, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=TAIPEI)


def start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=TAIPEI)


def today() -> datetime.date:
    """Return today's date in Taipei."""
    from django.utils import timezone

    return timezone.now().astimezone(TAIPEI).date()

"""Rules for schedule windows, and whether a kind of work is open at a moment."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portfolio import roc
from records.models import ScheduleWindow, Term
from records.models.terms import FINAL_GRADE

# The course-outcome upload window stays open until at least this many days
# after the closing ceremony, except for grade 12 in semester 2.
OUTCOME_UPLOAD_DAYS_AFTER_CEREMONY = 14


def check_window(window: ScheduleWindow) -> None:
    """Raise ValidationError naming each field whose dates break a rule."""
    errors = {}
    if window.starts_on and window.ends_on and window.ends_on < window.starts_on:
        errors["ends_on"] = _(
            "The window closes on %(end)s, before it opens on %(start)s; "
            "set a closing date on or after the opening date."
        ) % {
            "end": roc.format_roc_date(window.ends_on),
            "start": roc.format_roc_date(window.starts_on),
        }
    elif window.starts_on and window.ends_on:
        if window.self_check_on and not window.starts_on <= window.self_check_on <= window.ends_on:
            errors["self_check_on"] = _(
                "The self-check date %(day)s is outside the window %(start)s–%(end)s; "
                "pick a day inside it."
            ) % {
                "day": roc.format_roc_date(window.self_check_on),
                "start": roc.format_roc_date(window.starts_on),
                "end": roc.format_roc_date(window.ends_on),
            }
        minimum = settings.PORTFOLIO["RECEIPT_WINDOW_MIN_DAYS"]
        if (
            window.kind == ScheduleWindow.Kind.RECEIPT_CONFIRMATION
            and window.length_in_days < minimum
        ):
            errors["ends_on"] = ngettext(
                "The receipt confirmation window lasts %(days)s day but must last at least "
                "%(minimum)s days; move the closing date later.",
                "The receipt confirmation window lasts %(days)s days but must last at least "
                "%(minimum)s days; move the closing date later.",
                window.length_in_days,
            ) % {"days": window.length_in_days, "minimum": minimum}
    if errors:
        raise ValidationError(errors)


def window_warnings(window: ScheduleWindow) -> list[str]:
    """Return advice about a valid window that the Dean may still accept.

    The course-outcome upload window should close at least two weeks after the
    closing ceremony, so students can upload work finished in the last weeks.
    The national rules exempt grade 12 in semester 2, whose work is submitted
    before the school year ends.
    """
    warnings = []
    term = window.term
    exempt = term.semester == Term.Semester.SECOND and window.grade == FINAL_GRADE
    if (
        window.kind == ScheduleWindow.Kind.OUTCOME_UPLOAD
        and term.closing_ceremony_on is not None
        and not exempt
    ):
        earliest = term.closing_ceremony_on + datetime.timedelta(
            days=OUTCOME_UPLOAD_DAYS_AFTER_CEREMONY
        )
        if window.ends_on < earliest:
            warnings.append(
                _(
                    "%(window)s closes on %(end)s, less than two weeks after the closing "
                    "ceremony on %(ceremony)s; consider keeping it open until %(earliest)s."
                )
                % {
                    "window": window,
                    "end": roc.format_roc_date(window.ends_on),
                    "ceremony": roc.format_roc_date(term.closing_ceremony_on),
                    "earliest": roc.format_roc_date(earliest),
                }
            )
    return warnings


def window_for(term: Term, kind: str, grade: int | None = None) -> ScheduleWindow | None:
    """Return the window of a kind for a grade: its own window, else the one for all grades."""
    scope = Q(grade__isnull=True)
    if grade is not None:
        scope |= Q(grade=grade)
    candidates = ScheduleWindow.objects.filter(term=term, kind=kind).filter(scope)
    return candidates.order_by(F("grade").asc(nulls_last=True)).first()


@dataclass(frozen=True)
class WindowStatus:
    """Whether a kind of work is open at one moment, for pages and reminders."""

    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    UNSCHEDULED = "unscheduled"

    state: str
    window: ScheduleWindow | None = None
    # Whole calendar days from the moment's date to the closing day (0 on the last
    # day) while open, or to the opening day while not yet open.
    days_left: int | None = None

    @property
    def is_open(self) -> bool:
        return self.state == self.OPEN

    @property
    def opens_at(self) -> datetime.datetime | None:
        return self.window.opens_at if self.window else None

    @property
    def closes_at(self) -> datetime.datetime | None:
        return self.window.closes_at if self.window else None

    @property
    def message(self) -> str:
        if self.state == self.UNSCHEDULED:
            return _("Not scheduled yet.")
        opens = roc.format_roc_date(self.window.starts_on)
        closes = roc.format_roc_date(self.window.ends_on)
        if self.state == self.NOT_YET_OPEN:
            return ngettext(
                "Opens on %(date)s (in %(days)s day).",
                "Opens on %(date)s (in %(days)s days).",
                self.days_left,
            ) % {"date": opens, "days": self.days_left}
        if self.state == self.CLOSED:
            return _("Closed on %(date)s.") % {"date": closes}
        if self.days_left == 0:
            return _("Open until 23:59 today (%(date)s).") % {"date": closes}
        return ngettext(
            "Open until %(date)s (%(days)s day left).",
            "Open until %(date)s (%(days)s days left).",
            self.days_left,
        ) % {"date": closes, "days": self.days_left}


def status_of(window: ScheduleWindow | None, at: datetime.datetime) -> WindowStatus:
    """Return whether window is open at the moment at, with the days left."""
    if window is None:
        return WindowStatus(WindowStatus.UNSCHEDULED)
    day = roc.to_taipei(at).date()
    if at < window.opens_at:
        return WindowStatus(WindowStatus.NOT_YET_OPEN, window, (window.starts_on - day).days)
    if at > window.closes_at:
        return WindowStatus(WindowStatus.CLOSED, window)
    return WindowStatus(WindowStatus.OPEN, window, (window.ends_on - day).days)


def window_status(
    term: Term, kind: str, at: datetime.datetime, grade: int | None = None
) -> WindowStatus:
    """Return whether the work of a kind is open for a grade in term at the moment at."""
    return status_of(window_for(term, kind, grade), at)

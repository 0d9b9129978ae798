"""The published schedule (作業期程): a public page and an iCalendar feed, no login."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from portfolio import roc
from records.models import ScheduleWindow
from records.services.schedule import status_of
from records.services.terms import current_term


def _current_windows():
    term = current_term(roc.today())
    if term is None:
        return None, []
    windows = list(ScheduleWindow.objects.filter(term=term).select_related("term"))
    return term, windows


def schedule_page(request):
    term, windows = _current_windows()
    now = timezone.now()
    rows = [(window, status_of(window, now)) for window in windows]
    return render(request, "records/schedule.html", {"term": term, "rows": rows})


def _event_summary(window: ScheduleWindow) -> str:
    if window.grade:
        return f"{window.get_kind_display()}（{window.get_grade_display()}）"
    return window.get_kind_display()


def schedule_ics(request):
    """Return the current term's windows as an iCalendar feed.

    Each window is one timed event from 00:00 on its first day to 23:59:59 on
    its last day, Taipei time. UIDs are built from the term, kind and grade, so
    a subscribed calendar updates an event in place when the Dean moves it.
    """
    term, windows = _current_windows()
    calendar = Calendar()
    calendar.add("prodid", "-//Learning portfolio//schedule//ZH-TW")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("%(school)s learning portfolio schedule") % {"school": settings.SCHOOL_NAME}
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(roc.TAIPEI))
    for window in windows:
        event = Event()
        grade = window.grade or "all"
        event.add("uid", f"{term.code}-{window.kind}-{grade}@{settings.SCHOOL_CODE}")
        event.add("dtstamp", window.updated_at)
        event.add("last-modified", window.updated_at)
        event.add("summary", _event_summary(window))
        event.add("dtstart", window.opens_at)
        event.add("dtend", window.closes_at.replace(microsecond=0))
        description = [
            term.label,
            _("Self-check date: %(date)s") % {"date": roc.format_roc_date(window.self_check_on)},
        ]
        if window.note:
            description.append(window.note)
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    return response

import datetime

import icalendar
import pytest
import time_machine

from portfolio.roc import TAIPEI
from records.models import ScheduleWindow, Term

Kind = ScheduleWindow.Kind
NOW = datetime.datetime(2024, 9, 20, 10, 0, tzinfo=TAIPEI)


@pytest.fixture
def term(db):
    return Term.objects.create(
        academic_year=113, semester=1, closing_ceremony_on=datetime.date(2025, 1, 20)
    )


def add_window(term, kind, start, end, self_check, **extra):
    return ScheduleWindow.objects.create(
        term=term,
        kind=kind,
        starts_on=datetime.date(*start),
        ends_on=datetime.date(*end),
        self_check_on=datetime.date(*self_check),
        **extra,
    )


@pytest.fixture
def windows(term):
    return [
        add_window(term, Kind.OUTCOME_UPLOAD, (2024, 9, 1), (2025, 2, 5), (2025, 1, 10)),
        add_window(term, Kind.CERTIFICATION, (2024, 9, 1), (2025, 2, 12), (2025, 2, 1)),
        add_window(
            term,
            Kind.SELECTION,
            (2024, 10, 1),
            (2024, 10, 15),
            (2024, 10, 10),
            grade=ScheduleWindow.Grade.TWELFTH,
            note="高三學生勾選",
        ),
        add_window(term, Kind.RECEIPT_CONFIRMATION, (2024, 9, 2), (2024, 9, 6), (2024, 9, 5)),
    ]


@time_machine.travel(NOW, tick=False)
def test_schedule_page_anonymous_zh_hant(client, windows):
    response = client.get("/schedule/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "113學年度第1學期" in html
    assert "課程學習成果上傳" in html
    assert "勾選（高三）" in html
    assert "113/09/01–114/02/05 23:59" in html
    assert "114/01/10" in html
    assert "高三學生勾選" in html
    assert "將於 113/10/01 開放（還有 11 天）。" in html
    assert "已於 113/09/06 截止。" in html
    assert "開放至 114/02/05（剩 138 天）。" in html


@time_machine.travel(NOW, tick=False)
def test_schedule_page_english(client, windows, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/schedule/")
    html = response.content.decode()
    assert "course-outcome upload" in html
    assert "Closed on 113/09/06." in html


@time_machine.travel(datetime.datetime(2025, 8, 2, 9, 0, tzinfo=TAIPEI), tick=False)
def test_schedule_page_without_current_term(client, windows):
    response = client.get("/schedule/")
    assert response.status_code == 200
    assert "系統尚未設定目前的學期" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_schedule_page_constant_queries(client, term, django_assert_max_num_queries):
    add_window(term, Kind.OUTCOME_UPLOAD, (2024, 9, 1), (2025, 2, 5), (2025, 1, 10))
    with django_assert_max_num_queries(3):
        client.get("/schedule/")
    for kind in (Kind.CERTIFICATION, Kind.SELECTION, Kind.SUBMISSION, Kind.PERFORMANCE_UPLOAD):
        add_window(term, kind, (2024, 9, 1), (2025, 1, 5), (2024, 12, 10))
    with django_assert_max_num_queries(3):
        client.get("/schedule/")


@time_machine.travel(NOW, tick=False)
def test_schedule_ics_parses_with_windows(client, windows):
    response = client.get("/schedule.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"課程學習成果上傳", "課程學習成果認證", "勾選（高三）", "收訖明細確認"}

    upload = events["課程學習成果上傳"]
    assert upload.decoded("dtstart") == datetime.datetime(2024, 9, 1, 0, 0, tzinfo=TAIPEI)
    assert upload.decoded("dtend") == datetime.datetime(2025, 2, 5, 23, 59, 59, tzinfo=TAIPEI)
    assert str(upload.decoded("dtend").tzinfo) == "Asia/Taipei"
    assert "114/01/10" in str(upload["description"])
    assert str(upload["uid"]) == "1131-outcome_upload-all@030305"
    assert str(events["勾選（高三）"]["uid"]) == "1131-selection-3@030305"
    assert calendar.walk("VTIMEZONE")


@time_machine.travel(NOW, tick=False)
def test_schedule_ics_uids_stable_after_edit(client, windows):
    first = icalendar.Calendar.from_ical(client.get("/schedule.ics").content)
    windows[0].ends_on = datetime.date(2025, 2, 10)
    windows[0].save()
    second = icalendar.Calendar.from_ical(client.get("/schedule.ics").content)
    assert sorted(str(e["uid"]) for e in first.walk("VEVENT")) == sorted(
        str(e["uid"]) for e in second.walk("VEVENT")
    )


@time_machine.travel(NOW, tick=False)
def test_schedule_ics_constant_queries(client, windows, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/schedule.ics")

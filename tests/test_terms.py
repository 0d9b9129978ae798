import datetime

import pytest
import time_machine
from django.contrib import messages
from django.core.exceptions import ValidationError

from portfolio.roc import TAIPEI
from records.models import ScheduleWindow, Term
from records.services.schedule import check_window, window_status, window_warnings
from records.services.terms import current_term

Kind = ScheduleWindow.Kind


@pytest.fixture
def term(db):
    return Term.objects.create(
        academic_year=113, semester=1, closing_ceremony_on=datetime.date(2025, 1, 20)
    )


def window(term, kind=Kind.OUTCOME_UPLOAD, start=(2024, 9, 1), end=(2024, 9, 30), **extra):
    starts_on = datetime.date(*start)
    ends_on = datetime.date(*end)
    return ScheduleWindow(
        term=term,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        self_check_on=extra.pop("self_check_on", ends_on),
        **extra,
    )


def taipei(*args):
    return datetime.datetime(*args, tzinfo=TAIPEI)


def test_term_defaults_to_semester_bounds(db):
    first = Term.objects.create(academic_year=113, semester=1)
    second = Term.objects.create(academic_year=113, semester=2)
    assert first.starts_on == datetime.date(2024, 8, 1)
    assert first.ends_on == datetime.date(2025, 1, 31)
    assert second.starts_on == datetime.date(2025, 2, 1)
    assert second.ends_on == datetime.date(2025, 7, 31)


def test_term_code_and_label(term):
    assert term.code == 1131
    assert str(term) == "113學年度第1學期"


def test_current_term_by_date(db):
    first = Term.objects.create(academic_year=113, semester=1)
    second = Term.objects.create(academic_year=113, semester=2)
    assert current_term(datetime.date(2025, 1, 31)) == first
    assert current_term(datetime.date(2025, 2, 1)) == second
    assert current_term(datetime.date(2025, 8, 1)) is None


def test_window_closes_at_end_of_day_taipei(term):
    upload = window(term)
    assert upload.closes_at == taipei(2024, 9, 30, 23, 59, 59, 999999)
    assert upload.is_open(taipei(2024, 9, 30, 23, 59, 59))
    assert not upload.is_open(taipei(2024, 10, 1, 0, 0, 0))
    # 15:59:59 UTC is 23:59:59 in Taipei.
    assert upload.is_open(datetime.datetime(2024, 9, 30, 15, 59, 59, tzinfo=datetime.UTC))
    assert not upload.is_open(datetime.datetime(2024, 9, 30, 16, 0, 0, tzinfo=datetime.UTC))


def test_window_opens_at_midnight_taipei(term):
    upload = window(term)
    assert upload.opens_at == taipei(2024, 9, 1, 0, 0)
    assert not upload.is_open(taipei(2024, 8, 31, 23, 59, 59))
    assert upload.is_open(taipei(2024, 9, 1, 0, 0))


def test_window_status_across_boundaries(term):
    window(term).save()
    before = window_status(term, Kind.OUTCOME_UPLOAD, taipei(2024, 8, 29, 12, 0))
    assert before.state == before.NOT_YET_OPEN
    assert before.days_left == 3
    assert before.message == "將於 113/09/01 開放（還有 3 天）。"

    last_day = window_status(term, Kind.OUTCOME_UPLOAD, taipei(2024, 9, 30, 23, 59, 59))
    assert last_day.is_open
    assert last_day.days_left == 0

    middle = window_status(term, Kind.OUTCOME_UPLOAD, taipei(2024, 9, 20, 8, 0))
    assert middle.days_left == 10
    assert middle.message == "開放至 113/09/30（剩 10 天）。"

    after = window_status(term, Kind.OUTCOME_UPLOAD, taipei(2024, 10, 1, 0, 0))
    assert after.state == after.CLOSED
    assert after.message == "已於 113/09/30 截止。"


def test_window_status_unscheduled(term):
    status = window_status(term, Kind.SELECTION, taipei(2024, 9, 1, 0, 0))
    assert status.state == status.UNSCHEDULED
    assert not status.is_open


def test_window_status_prefers_grade_window(term):
    window(term).save()
    window(term, grade=ScheduleWindow.Grade.TWELFTH, end=(2024, 9, 10)).save()
    at = taipei(2024, 9, 20, 12, 0)
    assert window_status(term, Kind.OUTCOME_UPLOAD, at, grade=3).state == "closed"
    assert window_status(term, Kind.OUTCOME_UPLOAD, at, grade=1).is_open
    assert window_status(term, Kind.OUTCOME_UPLOAD, at).is_open


@time_machine.travel(taipei(2024, 9, 30, 23, 59, 59), tick=False)
def test_window_status_frozen_clock_last_second(term):
    from django.utils import timezone

    window(term).save()
    assert window_status(term, Kind.OUTCOME_UPLOAD, timezone.now()).is_open


def test_receipt_window_shorter_than_three_days_rejected(term):
    short = window(term, Kind.RECEIPT_CONFIRMATION, start=(2024, 10, 1), end=(2024, 10, 2))
    with pytest.raises(ValidationError) as error:
        check_window(short)
    assert "ends_on" in error.value.message_dict
    assert "2 天" in error.value.message_dict["ends_on"][0]


def test_receipt_window_of_three_days_accepted(term):
    check_window(window(term, Kind.RECEIPT_CONFIRMATION, start=(2024, 10, 1), end=(2024, 10, 3)))


def test_window_end_before_start_rejected(term):
    backwards = window(term, start=(2024, 9, 30), end=(2024, 9, 1), self_check_on=None)
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert "ends_on" in error.value.message_dict


def test_window_self_check_outside_rejected(term):
    outside = window(term, self_check_on=datetime.date(2024, 10, 5))
    with pytest.raises(ValidationError) as error:
        outside.full_clean()
    assert list(error.value.message_dict) == ["self_check_on"]


def test_outcome_upload_close_to_ceremony_warns(term):
    early = window(term, start=(2024, 12, 1), end=(2025, 2, 2))
    early.full_clean()
    warnings = window_warnings(early)
    assert len(warnings) == 1
    assert "114/01/20" in warnings[0]
    assert "114/02/03" in warnings[0]


def test_outcome_upload_two_weeks_after_ceremony_quiet(term):
    assert window_warnings(window(term, start=(2024, 12, 1), end=(2025, 2, 3))) == []


def test_outcome_upload_grade_12_semester_2_exempt(db):
    spring = Term.objects.create(
        academic_year=113, semester=2, closing_ceremony_on=datetime.date(2025, 6, 30)
    )
    grade_12 = window(spring, start=(2025, 3, 1), end=(2025, 5, 20), grade=3)
    everyone = window(spring, start=(2025, 3, 1), end=(2025, 7, 1))
    assert window_warnings(grade_12) == []
    assert len(window_warnings(everyone)) == 1


def test_outcome_upload_grade_12_semester_1_not_exempt(term):
    grade_12 = window(term, start=(2024, 12, 1), end=(2025, 1, 21), grade=3)
    assert len(window_warnings(grade_12)) == 1


def test_admin_save_shows_ceremony_warning(term, admin_client):
    data = {
        "academic_year": "113",
        "semester": "1",
        "starts_on": "2024-08-01",
        "ends_on": "2025-01-31",
        "closing_ceremony_on": "2025-01-20",
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "0",
        "windows-0-kind": Kind.OUTCOME_UPLOAD,
        "windows-0-starts_on": "2024-12-01",
        "windows-0-ends_on": "2025-01-25",
        "windows-0-self_check_on": "2025-01-10",
    }
    response = admin_client.post(f"/admin/records/term/{term.pk}/change/", data, follow=True)
    assert response.status_code == 200
    levels = [(m.level, str(m)) for m in response.context["messages"]]
    assert any(level == messages.WARNING and "114/01/20" in text for level, text in levels)
    assert term.windows.count() == 1


def test_admin_rejects_short_receipt_window(term, admin_client):
    data = {
        "academic_year": "113",
        "semester": "1",
        "starts_on": "2024-08-01",
        "ends_on": "2025-01-31",
        "closing_ceremony_on": "2025-01-20",
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "0",
        "windows-0-kind": Kind.RECEIPT_CONFIRMATION,
        "windows-0-starts_on": "2025-01-01",
        "windows-0-ends_on": "2025-01-02",
        "windows-0-self_check_on": "2025-01-02",
    }
    response = admin_client.post(f"/admin/records/term/{term.pk}/change/", data)
    assert response.status_code == 200
    assert term.windows.count() == 0
    assert "3" in str(response.context["inline_admin_formsets"][0].formset.errors)

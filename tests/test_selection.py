"""Selection of course outcomes and diverse performances for the central database."""

import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.models import CourseOutcome
from submissions.models import PortfolioSeal, Selection
from submissions.services import selection as service
from submissions.services.selection import OUTCOME, PERFORMANCE, SelectionError
from tests.factories import SchoolClassFactory, StudentFactory
from tests.submission_setup import AFTER_WINDOW, NOW, make_section, make_year, outcome, performance


@pytest.fixture
def year(db):
    return make_year(113)


@pytest.fixture
def outcomes(year, student, school_class):
    """Seven certified outcomes of year 113: six in semester 1, one in semester 2."""
    first, second = year
    sections = [make_section(first, school_class, f"C{n}", f"科目{n}") for n in range(1, 7)]
    made = [outcome(student, section, slot) for slot, section in enumerate(sections, start=1)]
    made.append(outcome(student, make_section(second, school_class, "C7", "科目7"), 1))
    return made


def select(student, item, item_type=OUTCOME, at=NOW):
    return service.select_item(student, item_type, item.pk, 113, at=at)


def test_select_outcome_takes_first_slot(student, outcomes):
    selection = select(student, outcomes[0])

    assert selection.slot == 1
    assert selection.outcome == outcomes[0]


def test_select_outcome_twice_is_harmless(student, outcomes):
    first = select(student, outcomes[0])
    again = select(student, outcomes[0])

    assert again.pk == first.pk
    assert Selection.objects.count() == 1


def test_select_outcome_rejects_seventh(student, outcomes):
    for item in outcomes[:6]:
        select(student, item)

    with pytest.raises(SelectionError) as error:
        select(student, outcomes[6])

    assert "6" in error.value.message
    assert Selection.objects.filter(student=student).count() == 6


def test_unselect_frees_a_slot(student, outcomes):
    for item in outcomes[:6]:
        select(student, item)

    service.unselect_item(student, OUTCOME, outcomes[2].pk, at=NOW)
    selection = select(student, outcomes[6])

    assert selection.slot == 3


def test_select_rejects_uncertified_outcome(student, year, school_class):
    section = make_section(year[0], school_class)
    waiting = outcome(student, section, 1, status=CourseOutcome.Status.SUBMITTED)

    with pytest.raises(SelectionError) as error:
        select(student, waiting)

    assert "certified" in error.value.message or "認證" in error.value.message
    assert not Selection.objects.exists()


def test_select_rejects_outcome_of_other_year(student, school_class, year):
    older, _second = make_year(112)
    old = outcome(student, make_section(older, school_class, "OLD", "舊科目"), 1)

    with pytest.raises(SelectionError) as error:
        select(student, old)

    assert "112" in error.value.message


def test_select_rejects_eleventh_performance(student, year):
    items = [performance(student, slot=slot) for slot in range(1, 12)]
    for item in items[:10]:
        select(student, item, PERFORMANCE)

    with pytest.raises(SelectionError):
        select(student, items[10], PERFORMANCE)

    assert Selection.objects.filter(item_type=PERFORMANCE).count() == 10


def test_select_rejects_performance_of_other_year(student, year):
    old = performance(student, academic_year=112)

    with pytest.raises(SelectionError) as error:
        select(student, old, PERFORMANCE)

    assert "112" in error.value.message


def test_select_rejects_after_window(student, outcomes):
    with pytest.raises(SelectionError):
        select(student, outcomes[0], at=AFTER_WINDOW)

    assert not Selection.objects.exists()


def test_unselect_rejects_after_window(student, outcomes):
    select(student, outcomes[0])

    with pytest.raises(SelectionError):
        service.unselect_item(student, OUTCOME, outcomes[0].pk, at=AFTER_WINDOW)

    assert Selection.objects.count() == 1


def test_select_item_of_classmate_is_not_found(student, classmate, outcomes):
    from django.http import Http404

    with pytest.raises(Http404):
        select(classmate, outcomes[0])


def test_page_explains_unselectable_items(student, outcomes, year, school_class):
    waiting = outcome(
        student, make_section(year[1], school_class, "C8"), 2, CourseOutcome.Status.REJECTED
    )
    old = performance(student, academic_year=112)

    page = service.selection_page(student, 113, NOW)

    reasons = {c.item.pk: c.reason for c in page.outcomes}
    assert reasons[waiting.pk]
    assert reasons[outcomes[0].pk] == ""
    assert [c.reason for c in page.performances if c.item.pk == old.pk][0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_select_concurrent_requests_never_exceed_cap():
    """Two threads select the sixth and seventh outcome at once; one of them must fail."""
    first, second = make_year(113)
    school_class = SchoolClassFactory(academic_year=113, code="101")
    student = StudentFactory(school_class=school_class)
    sections = [make_section(first, school_class, f"C{n}", f"科目{n}") for n in range(1, 7)]
    made = [outcome(student, section, slot) for slot, section in enumerate(sections, start=1)]
    made.append(outcome(student, make_section(second, school_class, "C7"), 1))
    for item in made[:5]:
        select(student, item)
    barrier = threading.Barrier(2)
    results = []

    def worker(item):
        try:
            barrier.wait()
            select(student, item)
            results.append("selected")
        except SelectionError:
            results.append("rejected")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(item,)) for item in made[5:7]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["rejected", "selected"]
    assert Selection.objects.filter(student=student, item_type=OUTCOME).count() == 6


def _page_queries(client, student) -> int:
    client.force_login(student.user)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("selection"))
    assert response.status_code == 200
    return len(queries)


def test_selection_page_runs_constant_queries(client, student, outcomes, year):
    small = _page_queries(client, student)
    for slot in range(1, 15):
        performance(student, slot=slot)
    for item in outcomes[:6]:
        select(student, item)
    large = _page_queries(client, student)

    assert large == small
    assert small <= 16


def test_selection_page_shows_counters(client, student, outcomes):
    select(student, outcomes[0])
    client.force_login(student.user)

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("selection"))

    assert "1/6" in response.content.decode()


def test_selection_toggle_with_htmx_returns_panel(client, student, outcomes):
    client.force_login(student.user)
    data = {"year": 113, "item_type": OUTCOME, "item_id": outcomes[0].pk, "action": "select"}

    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("selection_toggle"), data, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="selection-panel"' in body
    assert "1/6" in body
    assert Selection.objects.filter(outcome=outcomes[0]).exists()


def test_selection_toggle_without_js_redirects(client, student, outcomes):
    client.force_login(student.user)
    for item in outcomes[:6]:
        select(student, item)
    data = {"year": 113, "item_type": OUTCOME, "item_id": outcomes[6].pk, "action": "select"}

    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("selection_toggle"), data, follow=True)

    assert response.redirect_chain[0][1] == 302
    assert "alert-danger" in response.content.decode()
    assert Selection.objects.filter(student=student).count() == 6


def test_selection_page_read_only_after_window(client, student, outcomes):
    select(student, outcomes[0])
    client.force_login(student.user)

    with time_machine.travel(AFTER_WINDOW, tick=False):
        response = client.get(reverse("selection") + "?year=113")

    body = response.content.decode()
    assert 'name="action"' not in body
    assert "1/6" in body


def test_selection_toggle_of_classmate_item_is_404(client, classmate, outcomes):
    client.force_login(classmate.user)
    data = {"year": 113, "item_type": OUTCOME, "item_id": outcomes[0].pk, "action": "select"}

    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("selection_toggle"), data)

    assert response.status_code == 404


def test_select_rejects_sealed_portfolio(student, outcomes):
    PortfolioSeal.objects.create(
        student=student, sealed_on=NOW.date(), reason="graduated", purge_due_on=NOW.date()
    )
    with pytest.raises(PermissionDenied):
        select(student, outcomes[0])
    assert not Selection.objects.filter(student=student).exists()

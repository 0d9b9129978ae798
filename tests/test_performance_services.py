"""Diverse-performance rules: fields per kind, the window, the yearly cap, the form
token, and office entry for many students by the staff acting for a task item."""

import threading
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import override_settings

from accounts.models import Absence, Student
from audit.models import AuditEntry
from records import performance_kinds
from records.models import DiversePerformance
from records.services import performances as service
from tests.factories import StaffFactory, StudentFactory
from tests.performance_setup import (
    AFTER_WINDOW,
    BEFORE_WINDOW,
    NOON,
    VALID,
    Kind,
    fill_slots,
    make_term,
    performance_data,
)
from tests.uploads_samples import mp3_bytes, sample, upload


@pytest.fixture
def term(db):
    return make_term()


def create(student, kind=Kind.WORK, at=NOON, **kwargs):
    data = kwargs.pop("data", None) or performance_data(kind)
    return service.create_performance(student, student.user, kind, data, at=at, **kwargs)


def error_fields(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


# Fields of each kind.


@pytest.mark.parametrize("kind", list(Kind))
def test_create_performance_stores_each_kind(term, student, kind):
    performance, created = create(student, kind)
    assert created
    assert performance.kind == kind
    assert performance.title == VALID[kind]["title"]
    assert performance.academic_year == 113
    assert performance.term == term
    assert performance.slot == 1
    for spec in performance_kinds.fields_of(kind):
        if not spec.is_model_column and spec.name in VALID[kind]:
            assert str(performance.details[spec.name]) == VALID[kind][spec.name]


MISSING_OR_WRONG = [
    (Kind.CADRE, {"cadre_level": ""}, "cadre_level"),
    (Kind.COMPETITION, {"award": ""}, "award"),
    (Kind.COMPETITION, {"participation": "3"}, "participation"),
    (Kind.CERTIFICATE, {"starts_on": "113/09/10"}, "starts_on"),
    (Kind.SERVICE, {"hours": "-2"}, "hours"),
    (Kind.FLEXIBLE_LEARNING, {"weeks": ""}, "weeks"),
    (Kind.GROUP_ACTIVITY, {"periods": "many"}, "periods"),
    (Kind.WORKPLACE, {"category": "7"}, "category"),
    (Kind.WORK, {"title": ""}, "title"),
    (Kind.UNIVERSITY_COURSE, {"credits": ""}, "credits"),
    (Kind.OTHER, {"ends_on": "2024-09-01"}, "ends_on"),
]


@pytest.mark.parametrize(("kind", "changes", "field"), MISSING_OR_WRONG)
def test_clean_performance_rejects_bad_field_of_kind(kind, changes, field):
    with pytest.raises(ValidationError) as error:
        service.clean_performance(kind, performance_data(kind, **changes))
    assert error_fields(error) == {field}


def test_clean_performance_keeps_optional_fields_empty():
    cleaned = service.clean_performance(Kind.CERTIFICATE, performance_data(Kind.CERTIFICATE))
    assert cleaned.details == {"score": "160"}


def test_clean_performance_rejects_long_summary():
    with pytest.raises(ValidationError) as error:
        service.clean_performance(Kind.WORK, performance_data(summary="字" * 101))
    assert error_fields(error) == {"summary"}
    assert "101" in error.value.message_dict["summary"][0]


def test_clean_performance_counts_crlf_as_one_character():
    summary = "字" * 49 + "\r\n" + "字" * 50
    cleaned = service.clean_performance(Kind.WORK, performance_data(summary=summary))
    assert len(cleaned.summary) == 100


def test_clean_performance_rejects_non_web_video_link():
    with pytest.raises(ValidationError) as error:
        service.clean_performance(Kind.WORK, performance_data(video_url="javascript:alert(1)"))
    assert error_fields(error) == {"video_url"}


# Proof: a document, a media file or a video link.


def test_create_performance_takes_video_link_instead_of_file(term, student):
    performance, _created = create(student)
    assert performance.video_url == "https://youtu.be/abc"
    assert performance.document is None
    assert performance.media is None


def test_create_performance_stores_document_and_media(term, student):
    data = performance_data(video_url="")
    performance, _created = create(
        student,
        data=data,
        document=sample("report.pdf"),
        media=upload("talk.mp3", mp3_bytes()),
    )
    assert performance.document.original_name == "report.pdf"
    assert performance.document.owner == student
    assert performance.media.content_type == "audio/mpeg"


def test_create_performance_requires_some_proof(term, student):
    with pytest.raises(ValidationError) as error:
        create(student, data=performance_data(video_url=""))
    assert error_fields(error) == {"document"}


def test_create_performance_rejects_bad_file_by_name(term, student):
    with pytest.raises(ValidationError) as error:
        create(student, document=sample("not-a-pdf.pdf"))
    assert error_fields(error) == {"document"}
    assert "not-a-pdf.pdf" in error.value.message_dict["document"][0]
    assert not DiversePerformance.objects.exists()


# Window and enrolment status.


@pytest.mark.parametrize("moment", [BEFORE_WINDOW, AFTER_WINDOW])
def test_create_performance_rejects_outside_window(term, student, moment):
    with pytest.raises(ValidationError) as error:
        create(student, at=moment)
    assert error.value.code == "window_closed"
    assert not DiversePerformance.objects.exists()


def test_create_performance_rejects_without_term(db, student):
    with pytest.raises(ValidationError) as error:
        create(student)
    assert error.value.code == "window_closed"


@pytest.mark.parametrize("status", [Student.Status.GRADUATED, Student.Status.SUSPENDED])
def test_create_performance_rejects_departed_or_suspended(term, student, status):
    student.status = status
    student.save()
    with pytest.raises(ValidationError) as error:
        create(student)
    assert error.value.code in {"departed", "suspended"}


def test_create_performance_rejects_other_students_user(term, student, classmate):
    with pytest.raises(PermissionDenied):
        service.create_performance(student, classmate.user, Kind.WORK, performance_data(), at=NOON)


def test_update_performance_rejected_after_window(term, student):
    performance, _created = create(student)
    with pytest.raises(ValidationError):
        service.update_performance(
            performance, student.user, performance_data(title="新標題"), at=AFTER_WINDOW
        )
    performance.refresh_from_db()
    assert performance.title == VALID[Kind.WORK]["title"]


def test_update_performance_replaces_document(term, student):
    performance, _created = create(student, document=sample("report.pdf"))
    old_document = performance.document
    updated = service.update_performance(
        performance,
        student.user,
        performance_data(title="新標題"),
        document=sample("screenshot.png"),
        at=NOON,
    )
    assert updated.title == "新標題"
    assert updated.document.original_name == "screenshot.png"
    assert not type(old_document).objects.filter(pk=old_document.pk).exists()
    assert AuditEntry.objects.filter(action="portfolio.performance.updated").count() == 1


def test_update_performance_keeps_some_proof(term, student):
    performance, _created = create(
        student, data=performance_data(video_url=""), document=sample("report.pdf")
    )
    with pytest.raises(ValidationError) as error:
        service.update_performance(
            performance,
            student.user,
            performance_data(video_url=""),
            remove_document=True,
            at=NOON,
        )
    assert error_fields(error) == {"document"}


# Cap and form token.


def test_create_performance_rejects_over_cap(term, student):
    fill_slots(student, 20)
    with pytest.raises(ValidationError) as error:
        create(student)
    assert error.value.code == "cap_reached"
    assert "20" in error.value.messages[0]


@override_settings(PORTFOLIO={**service.settings.PORTFOLIO, "PERFORMANCES_PER_YEAR": 3})
def test_create_performance_cap_is_a_setting(term, student):
    fill_slots(student, 3)
    with pytest.raises(ValidationError):
        create(student)


def test_create_performance_cap_counts_only_this_year(term, student):
    fill_slots(student, 20, academic_year=112)
    performance, created = create(student)
    assert created
    assert performance.slot == 1


def test_delete_performance_frees_its_slot(term, student):
    fill_slots(student, 19)
    performance, _created = create(student)
    assert performance.slot == 20
    service.delete_performance(performance, student.user, at=NOON)
    again, _created = create(student)
    assert again.slot == 20
    assert AuditEntry.objects.filter(action="portfolio.performance.deleted").count() == 1


def test_create_performance_takes_lowest_free_slot(term, student):
    first, second, third = fill_slots(student, 3)
    second.delete()
    performance, _created = create(student)
    assert performance.slot == 2


def test_create_performance_same_token_creates_once(term, student):
    token = uuid.uuid4()
    first, created_first = create(student, client_token=token)
    second, created_second = create(student, client_token=token)
    assert created_first
    assert not created_second
    assert second.pk == first.pk
    assert DiversePerformance.objects.count() == 1


def test_create_performance_token_of_other_student_denied(term, student, classmate):
    token = uuid.uuid4()
    create(student, client_token=token)
    with pytest.raises(PermissionDenied):
        create(classmate, client_token=token)


def _in_thread(target):
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_create_performance_concurrent_last_slot(term, student):
    """Two uploads race for the last slot: the second waits on the unique index, then fails."""
    fill_slots(student, 19)
    first_inserted = threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            results["first"] = create(student)
            first_inserted.set()
            # Hold the transaction open so the second upload reaches the database meanwhile.
            threading.Event().wait(0.5)

    def second():
        first_inserted.wait(5)
        try:
            results["second"] = create(student)
        except ValidationError as error:
            results["second_error"] = error

    threads = [_in_thread(first), _in_thread(second)]
    for thread in threads:
        thread.join(10)

    assert results["first"][0].slot == 20
    assert "second" not in results
    assert results["second_error"].code == "cap_reached"
    assert DiversePerformance.objects.filter(student=student).count() == 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_create_performance_concurrent_same_token(term, student):
    """A double submit racing itself creates one performance."""
    token = uuid.uuid4()
    first_inserted = threading.Event()
    results = {}

    def first():
        with transaction.atomic():
            results["first"] = create(student, client_token=token)
            first_inserted.set()
            threading.Event().wait(0.5)

    def second():
        first_inserted.wait(5)
        results["second"] = create(student, client_token=token)

    threads = [_in_thread(first), _in_thread(second)]
    for thread in threads:
        thread.join(10)

    assert results["second"][0].pk == results["first"][0].pk
    assert results["second"][1] is False
    assert DiversePerformance.objects.count() == 1


# Office entry.


@pytest.fixture
def activities_head(db):
    return StaffFactory(staff_code="T9040", name="葉組長", job_title="活動組長")


@pytest.fixture
def student_affairs_clerk(db):
    return StaffFactory(staff_code="T9041", name="朱幹事", job_title="學務處幹事")


@pytest.fixture
def reader_services_head(db):
    return StaffFactory(staff_code="T9050", name="孫組長", job_title="讀服組長")


def competition_entry(**changes):
    data = performance_data(Kind.COMPETITION, **changes)
    return {key: value for key, value in data.items() if key != "video_url"}


def test_enter_for_students_by_owner(term, student, classmate, activities_head):
    created = service.enter_for_students(
        "competitions",
        activities_head.user,
        ["1139001", "1139002"],
        competition_entry(),
        document=sample("report.pdf"),
        at=NOON,
    )
    assert {p.student for p in created} == {student, classmate}
    assert all(p.slot is None for p in created)
    assert all(p.entered_under.code == "competitions" for p in created)
    assert created[0].document_id == created[1].document_id
    assert created[0].document.owner is None


def test_enter_for_students_uses_no_quota(term, student, activities_head):
    fill_slots(student, 20)
    service.enter_for_students(
        "competitions",
        activities_head.user,
        ["1139001"],
        competition_entry(),
        at=NOON,
        document=sample("report.pdf"),
    )
    assert service.uploaded_count(student, 113) == 20
    assert DiversePerformance.objects.filter(student=student).count() == 21


def test_enter_for_students_by_acting_proxy(term, student, activities_head, student_affairs_clerk):
    Absence.objects.create(
        staff=activities_head,
        starts_at=NOON.replace(hour=8),
        ends_at=NOON.replace(hour=17),
        reason="公假",
    )
    created = service.enter_for_students(
        "competitions",
        student_affairs_clerk.user,
        ["1139001"],
        competition_entry(),
        document=sample("report.pdf"),
        at=NOON,
    )
    entry = AuditEntry.objects.get(action="portfolio.performance.entered")
    assert entry.target_id == str(created[0].pk)
    assert entry.actor == student_affairs_clerk.user
    assert entry.acting_for == activities_head
    assert entry.acting_rank == "1"


def test_enter_for_students_denied_to_idle_proxy(
    term, student, activities_head, student_affairs_clerk
):
    with pytest.raises(PermissionDenied):
        service.enter_for_students(
            "competitions",
            student_affairs_clerk.user,
            ["1139001"],
            competition_entry(),
            document=sample("report.pdf"),
            at=NOON,
        )


def test_enter_for_students_denied_to_outsider(term, student, activities_head, outsider):
    with pytest.raises(PermissionDenied):
        service.enter_for_students(
            "competitions",
            outsider.user,
            ["1139001"],
            competition_entry(),
            document=sample("report.pdf"),
            at=NOON,
        )
    assert not DiversePerformance.objects.exists()


def test_enter_for_students_denied_for_other_task_item(term, student, registry_clerk):
    with pytest.raises(PermissionDenied):
        service.enter_for_students(
            "basic-data",
            registry_clerk.user,
            ["1139001"],
            competition_entry(),
            document=sample("report.pdf"),
            at=NOON,
        )


def test_enter_for_students_reports_every_unknown(term, student, activities_head):
    departed = StudentFactory(student_number="1139003", name="李離校", status="graduated")
    with pytest.raises(ValidationError) as error:
        service.enter_for_students(
            "competitions",
            activities_head.user,
            ["1139001", "1139998", departed.student_number, "101-45", "1139999"],
            competition_entry(),
            document=sample("report.pdf"),
            at=NOON,
        )
    messages = error.value.message_dict["students"]
    assert len(messages) == 4
    assert "1139998" in messages[0]
    assert "李離校" in messages[1]
    assert "101-45" in messages[2]
    assert "1139999" in messages[3]
    assert not DiversePerformance.objects.exists()


def test_enter_for_students_by_class_and_seat(term, student, classmate, activities_head):
    student.seat_number, classmate.seat_number = 5, 6
    student.save()
    classmate.save()
    created = service.enter_for_students(
        "competitions",
        activities_head.user,
        ["101-05", "101 6", "1139001"],
        competition_entry(),
        document=sample("report.pdf"),
        at=NOON,
    )
    assert sorted(p.student.student_number for p in created) == ["1139001", "1139002"]


def test_enter_for_students_self_directed_learning_fixes_category(
    term, student, reader_services_head
):
    data = performance_data(Kind.FLEXIBLE_LEARNING, category="3")
    created = service.enter_for_students(
        "self-directed-learning", reader_services_head.user, ["1139001"], data, at=NOON
    )
    assert created[0].kind == Kind.FLEXIBLE_LEARNING
    assert created[0].details["category"] == performance_kinds.SELF_DIRECTED_LEARNING


def test_enter_for_students_reports_fields_and_students_together(term, activities_head):
    with pytest.raises(ValidationError) as error:
        service.enter_for_students(
            "competitions",
            activities_head.user,
            ["1139998"],
            competition_entry(award=""),
            document=sample("report.pdf"),
            at=NOON,
        )
    assert error_fields(error) == {"award", "students"}


def test_delete_performance_rejects_office_entry(term, student, activities_head):
    created = service.enter_for_students(
        "competitions",
        activities_head.user,
        ["1139001"],
        competition_entry(),
        document=sample("report.pdf"),
        at=NOON,
    )
    with pytest.raises(ValidationError):
        service.delete_performance(created[0], student.user, at=NOON)

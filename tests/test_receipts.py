"""Receipt windows, confirmations, objections, answers and deemed confirmation."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from accounts.models import Absence
from audit.models import AuditEntry
from notifications.models import Notification
from submissions.models import Objection, Receipt, ReceiptRound, SubmissionBatch, SubmissionItem
from submissions.services import receipts
from tests.factories import StudentFactory
from tests.receipt_setup import (
    AFTER_WINDOW,
    FIRST_DAY,
    IN_WINDOW,
    LAST_MINUTE,
    outcome_item,
    receipt_of,
    submitted_batch,
)

pytest_plugins = ["tests.receipt_setup"]


def outcome_line(receipt):
    return receipt.lines.filter(part=SubmissionBatch.Part.COURSE_OUTCOMES).first()


def object_to_outcomes(receipt, user, at=IN_WINDOW, description="化學的成果不是我的作品"):
    return receipts.raise_objection(
        receipt,
        user=user,
        part=SubmissionBatch.Part.COURSE_OUTCOMES,
        line_id=outcome_line(receipt).pk,
        description=description,
        at=at,
    )


# --- Windows ---------------------------------------------------------------------------


def test_announce_round_rejects_two_day_window(registry_head):
    with pytest.raises(ValidationError) as caught:
        receipts.announce_round(
            113, FIRST_DAY, FIRST_DAY + datetime.timedelta(days=1), user=registry_head.user
        )
    message = caught.value.message_dict["ends_on"][0]
    assert "至少須 3 天" in message
    assert "114/06/18" in message
    assert ReceiptRound.objects.count() == 0


def test_announce_round_accepts_three_days(registry_head):
    receipt_round = receipts.announce_round(
        113, FIRST_DAY, FIRST_DAY + datetime.timedelta(days=2), user=registry_head.user
    )
    assert receipt_round.pk is not None
    assert AuditEntry.objects.filter(action="portfolio.receipt_round.announced").count() == 1


def test_announce_round_rejects_end_before_start(registry_head):
    with pytest.raises(ValidationError):
        receipts.announce_round(
            113, FIRST_DAY, FIRST_DAY - datetime.timedelta(days=3), user=registry_head.user
        )


# --- Recording -------------------------------------------------------------------------


def test_record_receipts_lines_per_student(recorded, student, classmate):
    receipt = receipt_of(recorded, student)
    descriptions = sorted(receipt.lines.values_list("description", flat=True))
    assert len(descriptions) == 3
    assert any("物理" in text and "report.pdf" in text for text in descriptions)
    assert any("校內科展第二名" in text for text in descriptions)
    assert receipt_of(recorded, classmate).lines.count() == 1


def test_record_receipts_twice_adds_only_new_items(recorded, student, registry_head):
    result = receipts.record_receipts_from_batches(recorded, user=registry_head.user)
    assert result.receipts_created == 0
    assert result.lines_created == 0
    outcome_item(submitted_batch(), student, subject="英文", summary="演講稿")
    result = receipts.record_receipts_from_batches(recorded, user=registry_head.user)
    assert result.lines_created == 1
    assert receipt_of(recorded, student).lines.count() == 4


def test_record_receipts_ignores_unsubmitted_batches(receipt_round, student, registry_head):
    built = SubmissionBatch.objects.create(
        academic_year=113, part="outcomes", status=SubmissionBatch.Status.BUILT
    )
    outcome_item(built, student)
    result = receipts.record_receipts_from_batches(receipt_round, user=registry_head.user)
    assert result.receipts_created == 0


# --- Confirming and objecting ----------------------------------------------------------


def test_confirm_receipt_in_window(recorded, student):
    receipt = receipt_of(recorded, student)
    receipts.confirm_receipt(receipt, user=student.user, at=IN_WINDOW)
    receipt.refresh_from_db()
    assert receipt.status == Receipt.Status.CONFIRMED
    assert receipt.answered_at == IN_WINDOW


def test_confirm_receipt_at_last_minute(recorded, student):
    receipt = receipt_of(recorded, student)
    receipts.confirm_receipt(receipt, user=student.user, at=LAST_MINUTE)
    assert receipt.status == Receipt.Status.CONFIRMED


def test_confirm_receipt_before_window_rejected(recorded, student):
    receipt = receipt_of(recorded, student)
    with pytest.raises(ValidationError) as caught:
        receipts.confirm_receipt(receipt, user=student.user, at=IN_WINDOW - datetime.timedelta(3))
    assert "114/06/16" in caught.value.messages[0]


def test_raise_objection_sets_answer_due(recorded, student):
    receipt = receipt_of(recorded, student)
    objection = object_to_outcomes(receipt, student.user)
    assert objection.answer_due_at == IN_WINDOW + datetime.timedelta(days=3)
    assert objection.part == SubmissionBatch.Part.COURSE_OUTCOMES
    receipt.refresh_from_db()
    assert receipt.status == Receipt.Status.OBJECTED


def test_raise_objection_requires_description(recorded, student):
    receipt = receipt_of(recorded, student)
    with pytest.raises(ValidationError) as caught:
        object_to_outcomes(receipt, student.user, description="   ")
    assert "description" in caught.value.message_dict
    assert Objection.objects.count() == 0
    receipt.refresh_from_db()
    assert receipt.status == Receipt.Status.PENDING


def test_raise_objection_rejects_line_of_other_receipt(recorded, student, classmate):
    receipt = receipt_of(recorded, student)
    other_line = receipt_of(recorded, classmate).lines.first()
    with pytest.raises(ValidationError) as caught:
        receipts.raise_objection(
            receipt,
            user=student.user,
            part="outcomes",
            line_id=other_line.pk,
            description="錯了",
            at=IN_WINDOW,
        )
    assert "line" in caught.value.message_dict


def test_objection_after_close_refused_with_message(recorded, student):
    receipt = receipt_of(recorded, student)
    with pytest.raises(ValidationError) as caught:
        object_to_outcomes(receipt, student.user, at=AFTER_WINDOW)
    message = caught.value.messages[0]
    assert "已於 114/06/18 截止" in message
    assert "視為已確認" in message
    assert Objection.objects.count() == 0


def test_objection_after_close_refused_in_zh_hant(recorded, student, client):
    client.force_login(student.user)
    receipt = receipt_of(recorded, student)
    with time_machine.travel(AFTER_WINDOW, tick=False):
        response = client.post(
            reverse("receipt_object", args=[receipt.pk]),
            {"part": "outcomes", "line": "", "description": "化學的成果不是我的"},
        )
    assert response.status_code == 400
    text = response.content.decode()
    assert "114/06/18" in text
    assert "視為" in text
    assert Objection.objects.count() == 0


# --- Answering -------------------------------------------------------------------------


def test_answer_objection_by_owner(recorded, student, registry_clerk):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    receipts.answer_objection(
        objection,
        user=registry_clerk.user,
        answer=Objection.Answer.CORRECTED,
        text="已更正並重新提交。",
        at=IN_WINDOW + datetime.timedelta(hours=2),
    )
    objection.refresh_from_db()
    assert objection.answer == Objection.Answer.CORRECTED
    assert objection.answered_by == registry_clerk.user
    assert objection.acting_for is None


def test_answer_objection_by_proxy_records_owner(recorded, student, registry_clerk, registry_head):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    answer_at = IN_WINDOW + datetime.timedelta(hours=2)
    Absence.objects.create(
        staff=registry_clerk,
        starts_at=answer_at - datetime.timedelta(days=1),
        ends_at=answer_at + datetime.timedelta(days=1),
    )
    receipts.answer_objection(
        objection,
        user=registry_head.user,
        answer=Objection.Answer.EXPLAINED,
        text="該成果確實由你上傳。",
        at=answer_at,
    )
    objection.refresh_from_db()
    assert objection.answered_by == registry_head.user
    assert objection.acting_for == registry_clerk


def test_answer_objection_outsider_refused(recorded, student, registry_clerk, outsider):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    with pytest.raises(PermissionDenied):
        receipts.answer_objection(
            objection, user=outsider.user, answer="explained", text="x", at=IN_WINDOW
        )
    objection.refresh_from_db()
    assert objection.answered_at is None


def test_answer_objection_proxy_refused_while_owner_present(
    recorded, student, registry_clerk, registry_head
):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    with pytest.raises(PermissionDenied):
        receipts.answer_objection(
            objection, user=registry_head.user, answer="explained", text="x", at=IN_WINDOW
        )


def test_answer_objection_requires_text(recorded, student, registry_clerk):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    with pytest.raises(ValidationError) as caught:
        receipts.answer_objection(
            objection, user=registry_clerk.user, answer="corrected", text="", at=IN_WINDOW
        )
    assert "answer_text" in caught.value.message_dict


def test_answer_objection_twice_rejected(recorded, student, registry_clerk):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    receipts.answer_objection(
        objection, user=registry_clerk.user, answer="explained", text="說明", at=IN_WINDOW
    )
    with pytest.raises(ValidationError):
        receipts.answer_objection(
            objection, user=registry_clerk.user, answer="corrected", text="改", at=IN_WINDOW
        )


def test_objection_overdue_flag(recorded, student, registry_clerk):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    before_due = IN_WINDOW + datetime.timedelta(days=2)
    after_due = IN_WINDOW + datetime.timedelta(days=3, minutes=1)
    assert not receipts.is_overdue(objection, before_due)
    assert receipts.is_overdue(objection, after_due)
    listed = receipts.objections_for_part("outcomes", after_due).get()
    assert listed.is_overdue
    assert list(receipts.overdue_objections(after_due)) == [objection]


def test_objection_page_flags_overdue(recorded, student, registry_clerk, client):
    object_to_outcomes(receipt_of(recorded, student), student.user)
    client.force_login(registry_clerk.user)
    with time_machine.travel(IN_WINDOW + datetime.timedelta(days=4), tick=False):
        response = client.get(reverse("objection_list", args=["submit-outcomes"]))
    assert response.status_code == 200
    assert "text-bg-danger" in response.content.decode()


def test_objection_page_outsider_denied(recorded, student, outsider, registry_clerk, client):
    object_to_outcomes(receipt_of(recorded, student), student.user)
    client.force_login(outsider.user)
    response = client.get(reverse("objection_list", args=["submit-outcomes"]))
    assert response.status_code == 403


def test_objection_answer_view_saves(recorded, student, registry_clerk, client):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    client.force_login(registry_clerk.user)
    url = reverse("objection_answer", args=["submit-outcomes", objection.pk])
    with time_machine.travel(IN_WINDOW + datetime.timedelta(hours=1), tick=False):
        response = client.post(
            url, {f"o{objection.pk}-answer": "corrected", f"o{objection.pk}-answer_text": "已更正"}
        )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.answer_text == "已更正"


def test_objection_answer_view_wrong_part_404(recorded, student, registry_clerk, client):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)
    client.force_login(registry_clerk.user)
    url = reverse("objection_answer", args=["submit-performances", objection.pk])
    response = client.post(url, {f"o{objection.pk}-answer": "corrected"})
    assert response.status_code == 404


# --- Closing ---------------------------------------------------------------------------


def test_close_round_before_deadline_does_nothing(recorded):
    assert receipts.close_round(recorded.pk, LAST_MINUTE) == 0
    recorded.refresh_from_db()
    assert recorded.closed_at is None


def test_close_round_twice_deems_once(recorded, student, classmate):
    receipts.confirm_receipt(receipt_of(recorded, student), user=student.user, at=IN_WINDOW)
    assert receipts.close_round(recorded.pk, AFTER_WINDOW) == 1
    assert receipts.close_round(recorded.pk, AFTER_WINDOW + datetime.timedelta(hours=1)) == 0
    assert receipt_of(recorded, classmate).status == Receipt.Status.DEEMED_CONFIRMED
    assert receipt_of(recorded, student).status == Receipt.Status.CONFIRMED
    assert AuditEntry.objects.filter(action="portfolio.receipt_round.closed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_close_round_concurrent_deems_once(registry_head):
    students = [StudentFactory() for _ in range(3)]
    receipt_round = receipts.announce_round(
        113, FIRST_DAY, FIRST_DAY + datetime.timedelta(days=2), user=registry_head.user
    )
    batch = submitted_batch()
    for person in students:
        outcome_item(batch, person)
    receipts.record_receipts_from_batches(receipt_round, user=registry_head.user)

    results = []
    barrier = threading.Barrier(2)

    def close():
        barrier.wait()
        try:
            results.append(receipts.close_round(receipt_round.pk, AFTER_WINDOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 3]
    assert AuditEntry.objects.filter(action="portfolio.receipt_round.closed").count() == 1


def test_confirm_after_close_refused(recorded, student):
    receipts.close_round(recorded.pk, AFTER_WINDOW)
    receipt = receipt_of(recorded, student)
    with pytest.raises(ValidationError) as caught:
        receipts.confirm_receipt(receipt, user=student.user, at=AFTER_WINDOW)
    assert "已於 114/06/18 截止" in caught.value.messages[0]
    receipt.refresh_from_db()
    assert receipt.status == Receipt.Status.DEEMED_CONFIRMED


def test_rounds_due_for_closing(recorded):
    assert receipts.rounds_due_for_closing(LAST_MINUTE) == []
    assert receipts.rounds_due_for_closing(AFTER_WINDOW) == [recorded.pk]


# --- Student pages ---------------------------------------------------------------------


def test_receipt_page_shows_items(recorded, student, client):
    client.force_login(student.user)
    with time_machine.travel(IN_WINDOW, tick=False):
        response = client.get(reverse("student_receipts"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "物理" in text
    assert "校內科展第二名" in text
    assert "國文" not in text


def test_receipt_page_constant_queries(
    recorded, student, registry_head, client, django_assert_max_num_queries
):
    client.force_login(student.user)
    with time_machine.travel(IN_WINDOW, tick=False):
        with django_assert_max_num_queries(10):
            client.get(reverse("student_receipts"))
        for number in range(15):
            outcome_item(submitted_batch(), student, subject=f"科目{number}")
        receipts.record_receipts_from_batches(recorded, user=registry_head.user)
        object_to_outcomes(receipt_of(recorded, student), student.user)
        with django_assert_max_num_queries(10):
            response = client.get(reverse("student_receipts"))
    assert "科目14" in response.content.decode()


def test_receipt_confirm_view(recorded, student, client):
    client.force_login(student.user)
    receipt = receipt_of(recorded, student)
    with time_machine.travel(IN_WINDOW, tick=False):
        response = client.post(reverse("receipt_confirm", args=[receipt.pk]))
    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.status == Receipt.Status.CONFIRMED


def test_receipt_confirm_view_classmate_404(recorded, student, classmate, client):
    client.force_login(classmate.user)
    receipt = receipt_of(recorded, student)
    response = client.post(reverse("receipt_confirm", args=[receipt.pk]))
    assert response.status_code == 404
    receipt.refresh_from_db()
    assert receipt.status == Receipt.Status.PENDING


def test_receipt_proof_page(recorded, student, client):
    receipt = receipt_of(recorded, student)
    receipts.confirm_receipt(receipt, user=student.user, at=IN_WINDOW)
    client.force_login(student.user)
    response = client.get(reverse("receipt_proof", args=[receipt.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "@media print" in text
    assert "物理" in text
    assert student.name in text


# --- Registry pages --------------------------------------------------------------------


def test_round_page_status_per_class(recorded, student, registry_head, client):
    receipts.confirm_receipt(receipt_of(recorded, student), user=student.user, at=IN_WINDOW)
    client.force_login(registry_head.user)
    response = client.get(reverse("receipt_round_detail", args=[recorded.pk]))
    assert response.status_code == 200
    rows = response.context["classes"]
    assert rows == [
        {
            "student__school_class__code": "101",
            "class_code": "101",
            "total": 2,
            "pending": 1,
            "confirmed": 1,
            "objected": 0,
            "deemed": 0,
        }
    ]


def test_announce_view_two_days_shows_error(registry_head, client):
    client.force_login(registry_head.user)
    response = client.post(
        reverse("receipt_rounds"),
        {"academic_year": 113, "starts_on": "2025-06-16", "ends_on": "2025-06-17"},
    )
    assert response.status_code == 400
    assert "114/06/18" in response.content.decode()
    assert ReceiptRound.objects.count() == 0


def test_receipt_rounds_outsider_denied(outsider, registry_head, client):
    client.force_login(outsider.user)
    response = client.get(reverse("receipt_rounds"))
    assert response.status_code == 403


def test_describe_item_names_files_as_uploaded():
    item = SubmissionItem(
        sheet="課程學習成果名冊",
        row={"學年度": 113, "學期": 1, "科目名稱": "物理"},
        files=[{"name": "outcome5_document.pdf", "original_name": "期末報告 (最終版)＃1.pdf"}],
    )

    text = receipts.describe_item(item)

    assert "期末報告 (最終版)＃1.pdf" in text
    assert "outcome5_document.pdf" not in text


def test_record_receipts_notifies_students_once(recorded, student, classmate, registry_head):
    receipts.record_receipts_from_batches(recorded, user=registry_head.user)

    notice = Notification.objects.get(user=student.user)
    assert notice.url == reverse("student_receipts")
    assert Notification.objects.filter(user=classmate.user).count() == 1


def test_objection_notifies_acting_owner_then_student(recorded, student, registry_clerk):
    objection = object_to_outcomes(receipt_of(recorded, student), student.user)

    assert Notification.objects.filter(user=registry_clerk.user).count() == 1

    receipts.answer_objection(
        objection, user=registry_clerk.user, answer="explained", text="檔案無誤", at=IN_WINDOW
    )

    answered = Notification.objects.filter(user=student.user, key__startswith="objection-answer")
    assert answered.get().body.endswith("檔案無誤")

"""A submitted year 113 with a receipt window 114/06/16–114/06/18 and helpers for receipts.

The clock in these tests usually stands at noon on 17 June 2025 (Taipei),
inside the window.
"""

import datetime

import pytest

from portfolio.roc import TAIPEI
from submissions.models import SubmissionBatch, SubmissionItem
from submissions.services import receipts

FIRST_DAY = datetime.date(2025, 6, 16)
LAST_DAY = datetime.date(2025, 6, 18)
IN_WINDOW = datetime.datetime(2025, 6, 17, 12, 0, tzinfo=TAIPEI)
LAST_MINUTE = datetime.datetime(2025, 6, 18, 23, 59, 0, tzinfo=TAIPEI)
AFTER_WINDOW = datetime.datetime(2025, 6, 19, 0, 0, 1, tzinfo=TAIPEI)


def submitted_batch(part=SubmissionBatch.Part.COURSE_OUTCOMES, year=113):
    return SubmissionBatch.objects.create(
        academic_year=year, part=part, status=SubmissionBatch.Status.SUBMITTED
    )


def outcome_item(batch, student, subject="物理", summary="熱傳導實驗報告"):
    return SubmissionItem.objects.create(
        batch=batch,
        student=student,
        sheet="課程學習成果名冊",
        row={"學年度": 113, "學期": 1, "科目名稱": subject, "成果簡述": summary},
        files=[{"name": "report.pdf", "size": 1200, "md5": "0" * 32}],
    )


def performance_item(batch, student, title="校內科展第二名"):
    return SubmissionItem.objects.create(
        batch=batch,
        student=student,
        sheet="競賽參與紀錄",
        row={"學年度": 113, "學期": 1, "競賽名稱": title, "內容簡述": "研究水質"},
    )


@pytest.fixture
def receipt_round(registry_head):
    return receipts.announce_round(113, FIRST_DAY, LAST_DAY, user=registry_head.user)


@pytest.fixture
def recorded(receipt_round, student, classmate, registry_head):
    """Two outcome lines and one performance line for `student`, one line for `classmate`."""
    outcomes = submitted_batch()
    performances = submitted_batch(SubmissionBatch.Part.DIVERSE_PERFORMANCES)
    outcome_item(outcomes, student)
    outcome_item(outcomes, student, subject="化學", summary="滴定實驗")
    performance_item(performances, student)
    outcome_item(outcomes, classmate, subject="國文", summary="讀書報告")
    receipts.record_receipts_from_batches(receipt_round, user=registry_head.user)
    return receipt_round


def receipt_of(receipt_round, student):
    return receipt_round.receipts.get(student=student)

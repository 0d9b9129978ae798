"""Paper receipt notices for departed students: real WeasyPrint PDFs and a real Celery worker."""

import datetime
import io
import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Student
from portfolio import jobs
from portfolio.celery import app
from portfolio.models import Job
from submissions import notices
from submissions.models import PaperNotice
from submissions.services import receipts
from tests.factories import StaffFactory, StudentFactory
from tests.receipt_setup import FIRST_DAY, LAST_DAY, outcome_item, submitted_batch

ADDRESS = "桃園市龜山區壽山路１２３號"


def departed_student(number, name, status=Student.Status.GRADUATED):
    return StudentFactory(
        student_number=number,
        name=name,
        status=status,
        postal_code="333",
        address=ADDRESS,
        guardian_name="王大明",
    )


@pytest.fixture
def registry_head(db):
    return StaffFactory(staff_code="T9008", name="金組長", job_title="註冊組長")


@pytest.fixture
def departed(db):
    return [
        departed_student("1109001", "許𡘙如"),
        departed_student("1109002", "林堃宇", Student.Status.TRANSFERRED_OUT),
    ]


@pytest.fixture
def notice_round(registry_head, departed):
    receipt_round = receipts.announce_round(113, FIRST_DAY, LAST_DAY, user=registry_head.user)
    batch = submitted_batch()
    still_here = StudentFactory(student_number="1139050", name="在校生")
    for person in [*departed, still_here]:
        outcome_item(batch, person, subject="物理", summary="熱傳導實驗")
    receipts.record_receipts_from_batches(receipt_round, user=registry_head.user)
    return receipt_round


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_notice_pdf_contains_address_and_items(notice_round, departed):
    receipt = notices.receipts_for_notices([notice_round.receipts.get(student=departed[0]).pk])
    data = notices.notice_pdf(receipt.get())
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert round(float(width) * 25.4 / 72) == 210
    assert round(float(height) * 25.4 / 72) == 297
    text = pdf_text(data)
    assert "許𡘙如" in text
    assert "333" in text
    assert "壽山路" in text
    assert "物理" in text
    assert "114/06/18" in text


def test_notice_pdf_names_traditional_chinese_font(notice_round, departed):
    receipt = notices.receipts_for_notices([notice_round.receipts.get(student=departed[0]).pk])
    html = notices.notice_html(receipt.get())
    assert 'lang="zh-TW"' in html
    assert '"Noto Sans CJK TC"' in html
    data = notices.notice_pdf(receipt.get())
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True).stdout.decode()
    assert "Noto-Sans-CJK-TC" in fonts
    assert "CJK-JP" not in fonts


def test_notice_address_sits_in_envelope_window(notice_round, departed, tmp_path):
    receipt = notices.receipts_for_notices([notice_round.receipts.get(student=departed[0]).pk])
    path = tmp_path / "notice.pdf"
    path.write_bytes(notices.notice_pdf(receipt.get()))
    # A DL/C5 window spans roughly 20–110 mm from the left and 45–80 mm from the top.
    x, y, width, height = (round(v * 72 / 25.4) for v in (20, 45, 90, 35))
    command = ["pdftotext", "-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)]
    window = subprocess.run([*command, str(path), "-"], capture_output=True, text=True).stdout
    assert "333" in window
    assert "壽山路" in window
    assert "許𡘙如" in window


def test_combined_notices_one_page_per_student(notice_round, departed):
    ids = notice_round.receipts.filter(student__in=departed).values_list("pk", flat=True)
    done = []
    data = notices.combined_notices_pdf(notices.receipts_for_notices(ids), progress=done.append)
    assert done == [1, 2]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert "許𡘙如" in reader.pages[0].extract_text()
    assert "林堃宇" in reader.pages[1].extract_text()


def test_start_notice_batch_ignores_students_at_school(notice_round, departed, registry_head):
    everyone = list(notice_round.receipts.values_list("pk", flat=True))
    job, created, count = notices.start_notice_batch(
        notice_round, everyone, user=registry_head.user
    )
    assert created
    assert count == 2
    assert PaperNotice.objects.filter(job=job).count() == 2


def test_mark_mailed_records_date_and_user(notice_round, departed, registry_head):
    receipt = notice_round.receipts.get(student=departed[0])
    notice = notices.mark_mailed(receipt, datetime.date(2025, 6, 16), user=registry_head.user)
    assert notice.mailed_on == datetime.date(2025, 6, 16)
    assert notice.mailed_by == registry_head.user


def test_notice_pdf_view_student_at_school_404(notice_round, registry_head, client):
    at_school = notice_round.receipts.get(student__student_number="1139050")
    client.force_login(registry_head.user)
    response = client.get(reverse("paper_notice_pdf", args=[notice_round.pk, at_school.pk]))
    assert response.status_code == 404


def test_notice_pdf_view_downloads(notice_round, departed, registry_head, client):
    receipt = notice_round.receipts.get(student=departed[1])
    client.force_login(registry_head.user)
    response = client.get(reverse("paper_notice_pdf", args=[notice_round.pk, receipt.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "林堃宇" in pdf_text(response.content)


def test_notices_page_lists_departed_only(notice_round, departed, registry_head, client):
    client.force_login(registry_head.user)
    response = client.get(reverse("paper_notices", args=[notice_round.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "許𡘙如" in text
    assert "在校生" not in text


def test_mailed_view_records_notice(notice_round, departed, registry_head, client):
    receipt = notice_round.receipts.get(student=departed[0])
    client.force_login(registry_head.user)
    url = reverse("paper_notice_mailed", args=[notice_round.pk, receipt.pk])
    response = client.post(url, {"mailed_on": "2025-06-16"})
    assert response.status_code == 302
    assert receipt.notices.get().mailed_by == registry_head.user


def wait_for(job: Job, timeout: float = 90) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status not in jobs.ACTIVE:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


@pytest.fixture
def worker():
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        yield


@pytest.mark.django_db(transaction=True)
def test_notice_batch_built_by_celery_worker(worker, notice_round, departed, registry_head, client):
    client.force_login(registry_head.user)
    ids = notice_round.receipts.filter(student__in=departed).values_list("pk", flat=True)
    response = client.post(
        reverse("paper_notice_batch", args=[notice_round.pk]),
        {"receipt": [str(pk) for pk in ids]},
    )
    assert response.status_code == 302
    job = Job.objects.get(kind=notices.JOB_KIND)
    job = wait_for(job)
    assert job.status == Job.Status.DONE, job.error
    assert job.done == job.total == 2
    with job.result.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "許𡘙如" in text
    assert "林堃宇" in text

    progress = client.get(reverse("paper_notice_job", args=[notice_round.pk, job.pk]))
    assert progress.status_code == 200
    download = reverse("paper_notice_job_download", args=[notice_round.pk, job.pk])
    assert download in progress.content.decode()
    assert client.get(download).status_code == 200

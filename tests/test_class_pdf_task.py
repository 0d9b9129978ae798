"""The class portfolio PDF built by a real Celery worker on Redis, with its progress."""

import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from portfolio import jobs, roc
from portfolio.celery import app
from portfolio.models import Job
from records.tasks import CLASS_PDF_KIND, build_class_portfolio_pdf, class_pdf_key
from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory

# serialized_rollback restores the task items and other rows that migrations create,
# which the flush after each transactional test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def teacher():
    return StaffFactory(staff_code="T9200", name="吳導師")


@pytest.fixture
def homeroom_class(teacher):
    return SchoolClassFactory(
        academic_year=roc.academic_year_of(roc.today()), code="201", homeroom_teacher=teacher
    )


@pytest.fixture
def class_students(homeroom_class):
    names = ["許𡘙如", "林堃宇", "陳小華"]
    return [
        StudentFactory(
            student_number=f"11392{seat:02d}",
            name=name,
            seat_number=seat,
            school_class=homeroom_class,
        )
        for seat, name in enumerate(names, start=1)
    ]


@pytest.fixture
def worker():
    # Messages left by tests that queued jobs without a worker would only be skipped
    # (their jobs are gone), but purging keeps the worker's log quiet.
    app.control.purge()
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        yield


def wait_for(job: Job, timeout: float = 60) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status not in jobs.ACTIVE:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


def test_class_pdf_task_builds_combined_pdf(
    worker, teacher, homeroom_class, class_students, tmp_path
):
    job, created = jobs.start_or_find_job(
        CLASS_PDF_KIND, class_pdf_key(homeroom_class), teacher.user, build_class_portfolio_pdf
    )
    assert created
    job = wait_for(job)
    assert job.status == Job.Status.DONE, job.error
    assert job.total == 3
    assert job.done == 3
    assert job.percent == 100
    assert job.result_name.endswith("-201-portfolios.pdf")
    path = tmp_path / "class.pdf"
    with job.result.open("rb") as handle:
        path.write_bytes(handle.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    for name in ["許𡘙如", "林堃宇", "陳小華"]:
        assert name in text
    assert text.index("許𡘙如") < text.index("林堃宇") < text.index("陳小華")


def test_start_twice_returns_running_job(teacher, homeroom_class, class_students):
    key = class_pdf_key(homeroom_class)
    first, first_created = jobs.start_or_find_job(
        CLASS_PDF_KIND, key, teacher.user, build_class_portfolio_pdf
    )
    second, second_created = jobs.start_or_find_job(
        CLASS_PDF_KIND, key, teacher.user, build_class_portfolio_pdf
    )
    assert first_created
    assert not second_created
    assert second.pk == first.pk
    assert Job.objects.filter(key=key).count() == 1


def test_class_pdf_page_second_click_shows_same_job(
    client, worker, teacher, homeroom_class, class_students
):
    client.force_login(teacher.user)
    url = reverse("class_portfolio_pdf_start")
    client.post(url, {"class": homeroom_class.pk}, headers={"HX-Request": "true"})
    client.post(url, {"class": homeroom_class.pk}, headers={"HX-Request": "true"})
    assert Job.objects.filter(kind=CLASS_PDF_KIND).count() == 1
    job = wait_for(Job.objects.get(kind=CLASS_PDF_KIND))
    assert job.status == Job.Status.DONE, job.error

    progress = client.get(reverse("class_portfolio_pdf_progress", args=[homeroom_class.pk, job.pk]))
    download_url = reverse("class_portfolio_pdf_download", args=[homeroom_class.pk, job.pk])
    assert download_url in progress.content.decode()
    assert 'hx-trigger="every 1s"' not in progress.content.decode()
    download = client.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_progress_partial_polls_while_running(client, teacher, homeroom_class, class_students):
    client.force_login(teacher.user)
    job, _created = jobs.start_or_find_job(
        CLASS_PDF_KIND, class_pdf_key(homeroom_class), teacher.user, build_class_portfolio_pdf
    )
    jobs.set_progress(job, 1, 3)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    response = client.get(reverse("class_portfolio_pdf_progress", args=[homeroom_class.pk, job.pk]))
    page = response.content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'aria-valuenow="33"' in page


def test_class_pdf_download_hidden_from_other_teacher(
    client, teacher, homeroom_class, class_students
):
    job, _created = jobs.start_or_find_job(
        CLASS_PDF_KIND, class_pdf_key(homeroom_class), teacher.user, build_class_portfolio_pdf
    )
    other = StaffFactory(staff_code="T9201", name="周老師")
    client.force_login(other.user)
    assert client.get(reverse("class_portfolio_pdf")).status_code == 404
    download_url = reverse("class_portfolio_pdf_download", args=[homeroom_class.pk, job.pk])
    assert client.get(download_url).status_code == 404


def test_claim_job_runs_a_job_once(teacher, homeroom_class):
    job = Job.objects.create(kind=CLASS_PDF_KIND, key=class_pdf_key(homeroom_class))
    assert jobs.claim_job(job.pk) is not None
    assert jobs.claim_job(job.pk) is None

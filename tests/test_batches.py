"""Submission batches: freezing, packages, superseding and who may build them."""

import datetime
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Absence
from records import performance_kinds
from records.models import CourseOutcome, DiversePerformance
from submissions import central_db
from submissions.models import Selection, SubmissionBatch, SubmissionItem
from submissions.services import batches
from submissions.services.package_check import check_package
from tests.batch_setup import Part, build, package_rows, school_year
from tests.factories import StaffFactory
from tests.submission_setup import NOW, make_year

Status = SubmissionBatch.Status


@pytest.fixture
def year(db):
    return make_year(113)


@pytest.fixture
def students(year, student, classmate, school_class):
    school_year(*year, [student, classmate], school_class)
    return [student, classmate]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_central_db_performance_columns_match_kinds():
    for kind in DiversePerformance.Kind:
        expected = set(performance_kinds.export_columns(kind))
        assert set(central_db.PERFORMANCE_COLUMNS[kind]) == expected, kind


def test_start_batch_twice_returns_same_job(registry_clerk, students):
    first, created = batches.start_batch(Part.COURSE_OUTCOMES, 113, registry_clerk.user)
    second, created_again = batches.start_batch(Part.COURSE_OUTCOMES, 113, registry_clerk.user)

    assert created is True
    assert created_again is False
    assert second.pk == first.pk
    assert second.job_id == first.job_id
    assert SubmissionBatch.objects.count() == 1


def test_start_batch_rejects_outsider(outsider, students):
    with pytest.raises(PermissionDenied):
        batches.start_batch(Part.COURSE_OUTCOMES, 113, outsider.user)


def test_start_batch_allows_acting_proxy(registry_clerk, registry_head, students):
    Absence.objects.create(
        staff=registry_clerk,
        starts_at=NOW - datetime.timedelta(days=1),
        ends_at=NOW + datetime.timedelta(days=1),
    )

    batch, created = batches.start_batch(Part.COURSE_OUTCOMES, 113, registry_head.user)

    assert created is True
    assert batch.acting_for == registry_clerk
    with pytest.raises(PermissionDenied):
        batches.start_batch(Part.COURSE_OUTCOMES, 112, registry_clerk.user)


def test_build_outcomes_freezes_selected_rows(registry_clerk, students):
    batch = build(Part.COURSE_OUTCOMES, registry_clerk.user)

    assert batch.status == Status.BUILT
    assert batch.student_count == 2
    assert batch.item_count == 4
    assert batch.job.status == "done"
    item = SubmissionItem.objects.filter(batch=batch).first()
    assert item.row["身分證號"] == item.student.national_id
    assert item.files[0]["md5"]
    assert check_package(batch.package.path) == []


def test_build_performances_only_selected(registry_clerk, students):
    batch = build(Part.DIVERSE_PERFORMANCES, registry_clerk.user)

    assert batch.item_count == 4
    rows = package_rows(batch, "作品成果紀錄")
    assert len(rows) == 5
    assert "外部影音連結" in rows[0]
    assert check_package(batch.package.path) == []


def test_build_enrolment_grades_sheets(registry_clerk, students):
    batch = build(Part.ENROLMENT_AND_GRADES, registry_clerk.user)

    assert len(package_rows(batch, "學生資料名冊")) == 1 + 2 * 2
    assert len(package_rows(batch, "學生成績名冊_學期成績")) == 3
    assert len(package_rows(batch, "學生成績名冊_補考")) == 3
    assert len(package_rows(batch, "學生成績名冊_重修")) == 1
    assert check_package(batch.package.path) == []


def test_build_cadres_from_cadre_records(students):
    # Student activities, not the registry, submits the cadre records.
    activities = StaffFactory(staff_code="T9050", name="活動組長", job_title="活動組長")
    batch = build(Part.CADRE_RECORDS, activities.user)

    rows = package_rows(batch, "幹部經歷暨事蹟紀錄")
    assert len(rows) == 3
    assert "班長" in rows[1]
    assert check_package(batch.package.path) == []


def test_snapshot_unchanged_after_edits(registry_clerk, students, student):
    batch = build(Part.COURSE_OUTCOMES, registry_clerk.user)
    before = list(SubmissionItem.objects.filter(batch=batch).values_list("row", flat=True))

    CourseOutcome.objects.filter(student=student).update(summary="後來改寫的簡述")
    Selection.objects.filter(student=student).delete()

    after = list(SubmissionItem.objects.filter(batch=batch).values_list("row", flat=True))
    assert after == before
    assert "後來改寫的簡述" not in "\n".join(package_rows(batch, "課程學習成果名冊_學期"))


def test_submit_supersedes_earlier_batch(registry_clerk, students):
    first = build(Part.COURSE_OUTCOMES, registry_clerk.user)
    batches.mark_submitted(first, registry_clerk.user)
    second = build(Part.COURSE_OUTCOMES, registry_clerk.user)

    batches.mark_submitted(second, registry_clerk.user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert second.status == Status.SUBMITTED
    assert second.supersedes == first
    assert SubmissionItem.objects.filter(batch=first).count() == 4
    assert first.package


def test_submit_rejects_unbuilt_batch(registry_clerk, students):
    batch, _created = batches.start_batch(Part.COURSE_OUTCOMES, 113, registry_clerk.user)

    with pytest.raises(batches.BatchError):
        batches.mark_submitted(batch, registry_clerk.user)


def test_manifest_lists_every_file(registry_clerk, students):
    batch = build(Part.COURSE_OUTCOMES, registry_clerk.user)

    with zipfile.ZipFile(batch.package.path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist()) - {"manifest.json"}
    assert {entry["path"] for entry in manifest["files"]} == names
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


def test_batch_list_page_for_acting_proxy(client, registry_clerk, registry_head, students):
    Absence.objects.create(
        staff=registry_clerk,
        starts_at=NOW - datetime.timedelta(days=1),
        ends_at=NOW + datetime.timedelta(days=1),
    )
    client.force_login(registry_head.user)

    page = client.get(reverse("batch_list", args=["submit-outcomes"]))
    started = client.post(reverse("batch_start", args=["submit-outcomes"]), {"academic_year": 113})

    assert page.status_code == 200
    assert started.status_code == 302
    assert SubmissionBatch.objects.filter(created_by=registry_head.user).exists()


def test_batch_pages_reject_outsider(client, registry_clerk, outsider, students):
    batch = build(Part.COURSE_OUTCOMES, registry_clerk.user)
    client.force_login(outsider.user)

    listing = client.get(reverse("batch_list", args=["submit-outcomes"]))
    download = client.get(reverse("batch_download", args=["submit-outcomes", batch.pk]))

    assert listing.status_code == 403
    assert download.status_code == 403


def test_batch_download_for_owner(client, registry_clerk, students):
    batch = build(Part.COURSE_OUTCOMES, registry_clerk.user)
    client.force_login(registry_clerk.user)

    response = client.get(reverse("batch_download", args=["submit-outcomes", batch.pk]))
    other_part = client.get(reverse("batch_download", args=["submit-performances", batch.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert other_part.status_code == 404


def test_batch_detail_shows_progress(client, registry_clerk, students):
    batch, _created = batches.start_batch(Part.COURSE_OUTCOMES, 113, registry_clerk.user)
    client.force_login(registry_clerk.user)

    response = client.get(reverse("batch_progress", args=["submit-outcomes", batch.pk]))

    assert response.status_code == 200
    assert "hx-get" in response.content.decode()

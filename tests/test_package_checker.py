"""check_package: a good package passes; each kind of damage is reported."""

import json
import shutil
import time
import zipfile

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core.management import CommandError, call_command

from portfolio.celery import app
from submissions.models import SubmissionBatch
from submissions.services import batches
from tests.batch_setup import Part, build, school_year
from tests.factories import SchoolClassFactory, StaffFactory, StudentFactory
from tests.submission_setup import NOW, make_year


@pytest.fixture
def package(db, tmp_path, registry_clerk, student, classmate, school_class):
    with time_machine.travel(NOW, tick=False):
        school_year(*make_year(113), [student, classmate], school_class)
        batch = build(Part.COURSE_OUTCOMES, registry_clerk.user)
    path = tmp_path / "package.zip"
    shutil.copy(batch.package.path, path)
    return path


def rewrite(source, transform):
    """Copy the package through transform(name, data), which returns new data or None to drop."""
    target = source.with_name("changed.zip")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = transform(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def problems_of(path) -> str:
    with pytest.raises(CommandError):
        call_command("check_package", str(path))
    from submissions.services.package_check import check_package

    return "\n".join(check_package(path))


def first_file(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return next(name for name in archive.namelist() if name.startswith("files/"))


def test_check_package_passes_good_package(package, capsys):
    call_command("check_package", str(package))

    assert str(package) in capsys.readouterr().out


def test_check_package_reports_missing_file(package):
    missing = first_file(package)
    damaged = rewrite(package, lambda name, data: None if name == missing else data)

    report = problems_of(damaged)

    assert missing in report


def test_check_package_reports_checksum_mismatch(package):
    target = first_file(package)

    def corrupt(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        for entry in manifest["files"]:
            if entry["path"] == target:
                entry["md5"] = "0" * 32
        return json.dumps(manifest, ensure_ascii=False).encode()

    report = problems_of(rewrite(package, corrupt))

    assert target in report
    assert "MD5" in report


def _edit_csv(column, value):
    def edit(name, data):
        if name != "rosters/課程學習成果名冊_學期.csv":
            return data
        lines = data.decode("utf-8-sig").split("\r\n")
        header = lines[0].split(",")
        cells = lines[1].split(",")
        cells[header.index(column)] = value
        lines[1] = ",".join(cells)
        return ("\ufeff" + "\r\n".join(lines)).encode()

    return edit


def test_check_package_reports_blank_required_column(package):
    report = problems_of(rewrite(package, _edit_csv("成果簡述", "")))

    assert "課程學習成果名冊_學期" in report
    assert "成果簡述" in report


def test_check_package_reports_invalid_id(package):
    report = problems_of(rewrite(package, _edit_csv("身分證號", "A123456788")))

    assert "A123456788" in report


def test_check_package_rejects_non_zip(tmp_path):
    path = tmp_path / "not-a-package.zip"
    path.write_text("hello")

    report = problems_of(path)

    assert str(path) in report


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_build_task_runs_in_celery_worker():
    """A batch started on a page is built by a real worker through Redis."""
    school_class = SchoolClassFactory(academic_year=113, code="101")
    students = [StudentFactory(school_class=school_class) for _ in range(2)]
    clerk = StaffFactory(staff_code="T9017", name="田幹事", job_title="註冊組幹事")
    with time_machine.travel(NOW, tick=True):
        school_year(*make_year(113), students, school_class)
        with start_worker(app, perform_ping_check=False, pool="solo"):
            batch, created = batches.start_batch(Part.COURSE_OUTCOMES, 113, clerk.user)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                batch.refresh_from_db()
                if batch.status != SubmissionBatch.Status.BUILDING:
                    break
                time.sleep(0.2)

    assert created is True
    assert batch.status == SubmissionBatch.Status.BUILT
    assert batch.item_count == 4

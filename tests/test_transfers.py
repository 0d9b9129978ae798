"""Transfer packages: export, import round trip, and problems reported all at once."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.models import Student
from records.models import CourseOutcome, DiversePerformance, EnrolmentChange, Term
from records.services.files import store_prepared_file
from submissions import transfers
from submissions.models import TransferPackage
from tests.factories import StaffFactory, StudentFactory
from tests.outcome_setup import make_section, report_pdf

OTHER_SCHOOL = "013301"


@pytest.fixture
def basic_data_clerk(db):
    return StaffFactory(staff_code="T9017", name="田幹事", job_title="註冊組幹事")


@pytest.fixture
def leaving(school_class, homeroom_teacher):
    """A transferred-out student with an outcome in 113-1 and a competition in 113."""
    student = StudentFactory(
        student_number="1139101",
        name="蔡轉出",
        school_class=school_class,
        status=Student.Status.TRANSFERRED_OUT,
        birth_date=datetime.date(2008, 3, 15),
    )
    term = Term.objects.create(academic_year=113, semester=1)
    section = make_section(term, school_class, homeroom_teacher)
    document = store_prepared_file(report_pdf("熱傳導報告.pdf"), owner=student, uploaded_by=None)
    CourseOutcome.objects.create(
        student=student,
        term=term,
        section=section,
        slot=1,
        title="熱傳導實驗",
        summary="比較三種材料的導熱係數。",
        document=document,
        status=CourseOutcome.Status.CERTIFIED,
    )
    proof = store_prepared_file(report_pdf("獎狀.pdf"), owner=student, uploaded_by=None)
    DiversePerformance.objects.create(
        student=student,
        academic_year=113,
        term=term,
        kind=DiversePerformance.Kind.COMPETITION,
        title="校內科展",
        summary="研究水質",
        details={"event": "化學組", "level": "1", "award": "第二名", "participation": "1"},
        starts_on=datetime.date(2024, 11, 20),
        document=proof,
        slot=1,
    )
    return student


def export_bytes(student, user) -> tuple[bytes, str]:
    with override_settings(SCHOOL_CODE=OTHER_SCHOOL):
        package = transfers.export_student(student, user=user)
    with package.package.open("rb") as handle:
        return handle.read(), package.package.name.rsplit("/", 1)[-1]


def test_export_package_layout(leaving, basic_data_clerk):
    data, name = export_bytes(leaving, basic_data_clerk.user)
    assert name.startswith(f"{OTHER_SCHOOL}_") and name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    document = json.loads(
        archive.read(next(n for n in names if n.endswith(".json") and "/" not in n))
    )
    student = document[0]
    assert student["基本資料"]["出生日期"] == "2008/03/15"
    assert student["基本資料"]["身分證號"] == leaving.national_id
    outcome = student["課程學習成果紀錄"][0]
    assert outcome["修課學校代碼"] == OTHER_SCHOOL
    stored = f"{leaving.national_id}/課程學習成果/{outcome['文件檔名']}"
    assert hashlib.md5(archive.read(stored)).hexdigest() == outcome["文件MD5"]
    mapping = json.loads(archive.read(f"{leaving.national_id}/課程學習成果/filename_mapping.json"))
    assert mapping[outcome["文件檔名"]] == "熱傳導報告.pdf"
    competition = student["多元表現"]["競賽參與紀錄"][0]
    assert competition["競賽名稱"] == "校內科展"
    assert competition["結果公布日期"] == "2024/11/20"


def test_export_records_package_md5(leaving, basic_data_clerk):
    data, _name = export_bytes(leaving, basic_data_clerk.user)
    package = TransferPackage.objects.get()
    assert package.direction == TransferPackage.Direction.EXPORT
    assert package.md5 == hashlib.md5(data).hexdigest()


def test_import_round_trip_keeps_school_and_terms(leaving, basic_data_clerk):
    data, name = export_bytes(leaving, basic_data_clerk.user)
    national_id = leaving.national_id
    leaving.outcomes.all().delete()
    leaving.performances.all().delete()
    leaving.delete()

    result = transfers.import_package(
        SimpleUploadedFile(name, data, "application/zip"), user=basic_data_clerk.user
    )
    assert result.students_created == 1
    assert result.outcomes == 1
    assert result.performances == 1
    assert result.files == 2
    student = Student.objects.get(pk=result.student_ids[0])
    assert student.national_id == national_id
    assert student.status == Student.Status.TRANSFERRED_IN
    assert student.birth_date == datetime.date(2008, 3, 15)
    outcome = student.outcomes.select_related("term", "document").get()
    assert outcome.origin_school_code == OTHER_SCHOOL
    assert (outcome.term.academic_year, outcome.term.semester) == (113, 1)
    assert outcome.document.original_name == "熱傳導報告.pdf"
    assert outcome.section.course_code == "PHY1"
    performance = student.performances.get()
    assert performance.origin_school_code == OTHER_SCHOOL
    assert performance.academic_year == 113
    assert performance.details["award"] == "第二名"
    assert performance.slot is None
    with performance.document.file.open("rb") as handle:
        assert hashlib.md5(handle.read()).hexdigest() == performance.document.md5


def tampered(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return target_buffer.getvalue()


def test_import_reports_every_checksum_mismatch(leaving, basic_data_clerk):
    data, name = export_bytes(leaving, basic_data_clerk.user)
    archive = zipfile.ZipFile(io.BytesIO(data))
    files = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(files) == 2
    broken = tampered(data, dict.fromkeys(files, b"%PDF-1.4 changed"))
    outcomes_before = CourseOutcome.objects.count()

    with pytest.raises(transfers.TransferError) as caught:
        transfers.import_package(
            SimpleUploadedFile(name, broken, "application/zip"), user=basic_data_clerk.user
        )
    problems = caught.value.problems
    assert len(problems) == 2
    assert all("MD5" in problem for problem in problems)
    assert CourseOutcome.objects.count() == outcomes_before
    assert not TransferPackage.objects.filter(direction="import").exists()


def test_import_reports_missing_file_and_bad_date(leaving, basic_data_clerk):
    data, name = export_bytes(leaving, basic_data_clerk.user)
    archive = zipfile.ZipFile(io.BytesIO(data))
    json_name = next(n for n in archive.namelist() if n.endswith(".json") and "/" not in n)
    document = json.loads(archive.read(json_name))
    document[0]["基本資料"]["出生日期"] = "097/03/15"
    document[0]["課程學習成果紀錄"][0]["文件檔名"] = "missing.pdf"
    broken = tampered(data, {json_name: json.dumps(document, ensure_ascii=False).encode()})
    with pytest.raises(transfers.TransferError) as caught:
        transfers.read_package(SimpleUploadedFile(name, broken, "application/zip"))
    problems = caught.value.problems
    assert any("097/03/15" in problem for problem in problems)
    assert any("missing.pdf" in problem for problem in problems)


def test_import_rejects_non_zip(basic_data_clerk):
    upload = SimpleUploadedFile("package.zip", b"not a zip", "application/zip")
    with pytest.raises(transfers.TransferError) as caught:
        transfers.import_package(upload, user=basic_data_clerk.user)
    assert "package.zip" in caught.value.problems[0]


def test_transfer_page_import_shows_problems(leaving, basic_data_clerk, client):
    data, name = export_bytes(leaving, basic_data_clerk.user)
    files = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".pdf")]
    broken = tampered(data, {files[0]: b"changed"})
    client.force_login(basic_data_clerk.user)
    response = client.post(
        reverse("transfer_import"),
        {"package": SimpleUploadedFile(name, broken, "application/zip")},
    )
    assert response.status_code == 400
    assert "MD5" in response.content.decode()


def test_transfer_export_view(leaving, basic_data_clerk, client):
    client.force_login(basic_data_clerk.user)
    response = client.post(reverse("transfer_export", args=[leaving.pk]))
    assert response.status_code == 302
    package = TransferPackage.objects.get()
    download = client.get(reverse("transfer_download", args=[package.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert hashlib.md5(body).hexdigest() == package.md5


def test_transfer_export_view_enrolled_student_404(student, basic_data_clerk, client):
    client.force_login(basic_data_clerk.user)
    response = client.post(reverse("transfer_export", args=[student.pk]))
    assert response.status_code == 404


def test_transfer_page_outsider_denied(outsider, basic_data_clerk, client):
    client.force_login(outsider.user)
    assert client.get(reverse("transfers")).status_code == 403


def test_export_names_school_of_latest_transfer_out(leaving, basic_data_clerk):
    EnrolmentChange.objects.create(
        student=leaving,
        kind=EnrolmentChange.Kind.TRANSFER_OUT,
        effective_on=datetime.date(2025, 2, 1),
        other_school_code="033302",
    )

    export_bytes(leaving, basic_data_clerk.user)

    assert TransferPackage.objects.get().other_school_code == "033302"

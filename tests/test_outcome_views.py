"""The student's pages: upload form with every sample file, home page, access and query counts."""

# The fixtures term, course_teacher and section come from tests.outcome_setup.
# ruff: noqa: F811

import datetime
import uuid
from urllib.parse import unquote

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import TaskItem
from records.models import (
    CertificationDecision,
    CourseOutcome,
    DiversePerformance,
    ScheduleWindow,
    StoredFile,
)
from tests.factories import StaffFactory, StudentFactory
from tests.outcome_setup import (
    NOON,
    course_teacher,  # noqa: F401
    section,  # noqa: F401
    term,  # noqa: F401
)
from tests.uploads_samples import UPLOADS, mp3_bytes, sample, upload

Status = CourseOutcome.Status
TITLE = "熱傳導實驗報告"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def student_client(client, student):
    client.force_login(student.user)
    return client


def form_data(section, **extra):
    data = {
        "client_token": str(uuid.uuid4()),
        "section": section.pk,
        "title": TITLE,
        "summary": "比較三種材料的導熱係數。",
    }
    data.update(extra)
    return data


def post_upload(client, section, **extra):
    return client.post(reverse("outcome_create"), form_data(section, **extra))


# Sample file → the name the stored file keeps for display and download.
ACCEPTED = {
    "report.pdf": "report.pdf",
    "期末報告 (最終版)＃1.pdf": "期末報告 (最終版)＃1.pdf",
    "photo-small.jpg": "photo-small.jpg",
    "screenshot.png": "screenshot.png",
    "phone-photo-large.jpg": "phone-photo-large.jpg",
    "iphone-photo.heic": "iphone-photo.jpg",
}

# Sample file → part of its zh-Hant rejection message.
REJECTED = {
    "huge-scan.pdf": "的上限。請壓縮檔案",
    "empty.pdf": "是空的檔案（0 位元組）",
    "truncated.pdf": "已損壞或不完整，無法當作 PDF 讀取",
    "encrypted.pdf": "設有密碼或加密保護",
    "not-a-pdf.pdf": "的檔名是 PDF，但內容不是 PDF",
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_upload_accepts_sample_file(student_client, student, section, name):
    response = post_upload(student_client, section, document=sample(name))

    assert response.status_code == 302
    assert response["Location"] == reverse("student_home")
    outcome = CourseOutcome.objects.get(student=student)
    assert outcome.status == Status.SUBMITTED
    assert outcome.document.original_name == ACCEPTED[name]
    assert outcome.document.size <= 4 * 1024 * 1024
    assert outcome.document.file.storage.exists(outcome.document.file.name)


def test_upload_shows_conversion_notices(student_client, student, section):
    response = post_upload(student_client, section, document=sample("phone-photo-large.jpg"))

    page = student_client.get(response["Location"]).content.decode()
    assert "「phone-photo-large.jpg」已依相機記錄的方向轉正。" in page
    assert "已上傳並送交老師認證" in page


@pytest.mark.parametrize("name", list(REJECTED))
def test_upload_rejects_sample_file(student_client, student, section, name):
    response = post_upload(student_client, section, document=sample(name))

    assert response.status_code == 200
    page = response.content.decode()
    assert f"「{name}」" in page
    assert REJECTED[name] in page
    assert f'value="{TITLE}"' in page
    assert "比較三種材料的導熱係數。" in page
    assert "請重新選擇檔案" in page
    assert not CourseOutcome.objects.exists()
    assert not StoredFile.objects.exists()


def test_upload_combines_photos_into_pdf(student_client, student, section):
    photos = [sample("photo-small.jpg"), sample("screenshot.png")]

    response = post_upload(student_client, section, photos=photos)

    assert response.status_code == 302
    document = CourseOutcome.objects.get(student=student).document
    assert document.content_type == "application/pdf"
    assert document.original_name == "photo-small.pdf"


def test_upload_accepts_media_only(student_client, student, section):
    response = post_upload(student_client, section, media=upload("錄音.mp3", mp3_bytes()))

    assert response.status_code == 302
    outcome = CourseOutcome.objects.get(student=student)
    assert outcome.document is None
    assert outcome.media.original_name == "錄音.mp3"


def test_upload_requires_a_file(student_client, section):
    response = post_upload(student_client, section)

    assert response.status_code == 200
    assert "請附上文件" in response.content.decode()
    assert not CourseOutcome.objects.exists()


def test_upload_rejects_long_summary(student_client, section):
    response = post_upload(
        student_client, section, summary="字" * 101, document=sample("report.pdf")
    )

    assert response.status_code == 200
    assert "101" in response.content.decode()
    assert "請縮短到 100" in response.content.decode()
    assert not CourseOutcome.objects.exists()


def test_upload_rejects_other_section(student_client, term, school_class, outsider):
    from tests.outcome_setup import make_section

    other = make_section(term, school_class, outsider, code="CHE1", name="化學")

    response = post_upload(student_client, other, document=sample("report.pdf"))

    assert response.status_code == 200
    assert not CourseOutcome.objects.exists()


def test_upload_repeated_post_creates_one(student_client, student, section):
    data = form_data(section)

    first = student_client.post(
        reverse("outcome_create"), {**data, "document": sample("report.pdf")}
    )
    second = student_client.post(
        reverse("outcome_create"), {**data, "document": sample("report.pdf")}
    )

    assert first.status_code == 302
    assert second.status_code == 302
    assert CourseOutcome.objects.filter(student=student).count() == 1
    assert StoredFile.objects.count() == 1


def test_upload_as_draft(student_client, student, section):
    post_upload(student_client, section, document=sample("report.pdf"), save_draft="1")

    assert CourseOutcome.objects.get(student=student).status == Status.DRAFT


def test_upload_page_says_when_window_opens(student_client, section):
    ScheduleWindow.objects.filter(term=section.term).update(
        starts_on=datetime.date(2025, 1, 20), self_check_on=datetime.date(2025, 1, 25)
    )

    response = student_client.get(reverse("outcome_create"))

    page = response.content.decode()
    assert "課程學習成果上傳尚未開放" in page
    assert "114/01/20" in page
    assert 'name="title"' not in page


def test_upload_page_says_window_closed(student_client, section):
    ScheduleWindow.objects.filter(term=section.term).update(
        ends_on=datetime.date(2025, 1, 10), self_check_on=datetime.date(2025, 1, 5)
    )

    page = student_client.get(reverse("outcome_create")).content.decode()
    response = post_upload(student_client, section, document=sample("report.pdf"))

    assert "課程學習成果上傳已截止" in page
    assert "114/01/10" in page
    assert response.status_code == 200
    assert not CourseOutcome.objects.exists()


def make_outcomes(student, section, count, status=Status.SUBMITTED, first_slot=1):
    outcomes = []
    for slot in range(first_slot, first_slot + count):
        document = StoredFile.objects.create(
            file=f"portfolio/{student.pk}/{uuid.uuid4().hex}.pdf",
            original_name=f"報告{slot}.pdf",
            content_type="application/pdf",
            size=1799,
            md5="0" * 32,
            sha256="0" * 64,
            owner=student,
        )
        outcomes.append(
            CourseOutcome.objects.create(
                student=student,
                term=section.term,
                section=section,
                slot=slot,
                title=f"成果{slot}",
                summary="摘要",
                document=document,
                status=status,
            )
        )
    return outcomes


def test_student_home_shows_counter_and_reason(student_client, student, section):
    outcomes = make_outcomes(student, section, 4)
    CourseOutcome.objects.filter(pk=outcomes[0].pk).update(status=Status.REJECTED)
    CertificationDecision.objects.create(
        outcome=outcomes[0],
        decision=CertificationDecision.Decision.REJECTED,
        reason="請補上實驗照片",
        decided_at=NOON,
    )

    page = student_client.get(reverse("student_home")).content.decode()

    assert "已上傳 4/6" in page
    assert "請補上實驗照片" in page
    assert "未通過" in page
    assert "課程學習成果上傳" in page
    assert "剩 23 天" in page
    assert "修改未通過認證的成果" in page


def test_student_home_next_step_is_upload(student_client, section):
    page = student_client.get(reverse("student_home")).content.decode()

    assert "已上傳 0/6" in page
    assert reverse("outcome_create") in page


def test_student_home_denies_staff(client, outsider):
    client.force_login(outsider.user)

    assert client.get(reverse("student_home")).status_code == 403


def count_home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("student_home"))
    assert response.status_code == 200
    return len(queries)


def test_student_home_query_count_constant(
    student_client, student, section, settings, django_assert_max_num_queries
):
    settings.PORTFOLIO = {**settings.PORTFOLIO, "OUTCOMES_PER_TERM": 12}
    make_outcomes(student, section, 3)
    with_three = count_home_queries(student_client)
    make_outcomes(student, section, 9, first_slot=4)

    with django_assert_max_num_queries(with_three):
        response = student_client.get(reverse("student_home"))

    assert response.content.decode().count('data-testid="outcome"') == 12


def test_other_students_outcome_answers_404(client, classmate, student, section):
    outcome = make_outcomes(student, section, 1, status=Status.DRAFT)[0]
    client.force_login(classmate.user)

    assert client.get(reverse("outcome_edit", args=[outcome.pk])).status_code == 404
    assert client.post(reverse("outcome_delete", args=[outcome.pk])).status_code == 404
    assert client.post(reverse("outcome_submit", args=[outcome.pk])).status_code == 404
    assert CourseOutcome.objects.filter(pk=outcome.pk, status=Status.DRAFT).exists()


@pytest.fixture
def uploaded(student_client, student, section):
    post_upload(student_client, section, document=sample("期末報告 (最終版)＃1.pdf"))
    return CourseOutcome.objects.get(student=student)


def test_file_download_keeps_original_name(student_client, uploaded):
    response = student_client.get(reverse("file_download", args=[uploaded.document_id]))

    assert response.status_code == 200
    encoded = response["Content-Disposition"].split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "期末報告 (最終版)＃1.pdf"
    assert (
        b"".join(response.streaming_content) == (UPLOADS / "期末報告 (最終版)＃1.pdf").read_bytes()
    )


def test_file_preview_inline_for_owner(student_client, uploaded):
    response = student_client.get(reverse("file_preview", args=[uploaded.document_id]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    response.close()


@pytest.mark.parametrize("route", ["file_preview", "file_download"])
def test_file_of_another_student_answers_404(client, classmate, uploaded, route):
    client.force_login(classmate.user)

    assert client.get(reverse(route, args=[uploaded.document_id])).status_code == 404


def test_file_unknown_id_answers_404(student_client, uploaded):
    assert (
        student_client.get(reverse("file_preview", args=[uploaded.document_id + 999])).status_code
        == 404
    )


def test_file_readable_by_course_teacher(client, uploaded, course_teacher):
    client.force_login(course_teacher.user)

    response = client.get(reverse("file_download", args=[uploaded.document_id]))

    assert response.status_code == 200
    response.close()


def test_file_readable_by_homeroom_teacher(client, uploaded, homeroom_teacher):
    client.force_login(homeroom_teacher.user)

    response = client.get(reverse("file_download", args=[uploaded.document_id]))

    assert response.status_code == 200
    response.close()


def test_file_hidden_from_other_teacher(client, uploaded, outsider):
    client.force_login(outsider.user)

    assert client.get(reverse("file_download", args=[uploaded.document_id])).status_code == 404


def test_file_requires_login(client, uploaded):
    client.logout()

    response = client.get(reverse("file_download", args=[uploaded.document_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_rejected_outcome_revised_through_form(student_client, student, section):
    outcome = make_outcomes(student, section, 1, status=Status.REJECTED)[0]
    data = form_data(section, title="熱傳導實驗報告（修正）")

    response = student_client.post(reverse("outcome_edit", args=[outcome.pk]), data)

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.status == Status.SUBMITTED
    assert outcome.title == "熱傳導實驗報告（修正）"
    assert outcome.document.original_name == "報告1.pdf"


def test_certified_outcome_edit_page_is_read_only(student_client, student, section):
    outcome = make_outcomes(student, section, 1, status=Status.CERTIFIED)[0]

    page = student_client.get(reverse("outcome_edit", args=[outcome.pk])).content.decode()
    response = student_client.post(reverse("outcome_edit", args=[outcome.pk]), form_data(section))

    assert 'name="title"' not in page
    assert response.status_code == 200
    outcome.refresh_from_db()
    assert outcome.title == "成果1"


def test_delete_draft_through_view(student_client, student, section):
    outcome = make_outcomes(student, section, 1, status=Status.DRAFT)[0]

    response = student_client.post(reverse("outcome_delete", args=[outcome.pk]))

    assert response.status_code == 302
    assert not CourseOutcome.objects.filter(pk=outcome.pk).exists()


def test_submit_draft_through_view(student_client, student, section):
    outcome = make_outcomes(student, section, 1, status=Status.DRAFT)[0]

    student_client.post(reverse("outcome_submit", args=[outcome.pk]))

    outcome.refresh_from_db()
    assert outcome.status == Status.SUBMITTED


def test_upload_form_lists_only_credit_sections(student_client, student, term, school_class):
    from records.models import Enrolment
    from tests.outcome_setup import make_section

    teacher = StaffFactory(staff_code="T9302", name="黃老師")
    credited = make_section(term, school_class, teacher, code="BIO1", name="生物")
    no_credit = make_section(term, school_class, teacher, code="HR1", name="班會", credits=0)
    Enrolment.objects.create(section=credited, student=student)
    Enrolment.objects.create(section=no_credit, student=student)

    page = student_client.get(reverse("outcome_create")).content.decode()

    assert "生物（黃老師）" in page
    assert "班會" not in page


def test_file_readable_by_system_maintenance_owner(client, uploaded, registry_head):
    client.force_login(registry_head.user)

    response = client.get(reverse("file_download", args=[uploaded.document_id]))

    assert response.status_code == 200
    response.close()


def test_file_readable_by_substitute_teacher(client, uploaded, section):
    from records.models import SectionCover

    substitute = StaffFactory(staff_code="T9303", name="李代課", job_title="代課教師")
    SectionCover.objects.create(
        section=section, substitute=substitute, starts_on=datetime.date(2025, 1, 1)
    )
    client.force_login(substitute.user)

    response = client.get(reverse("file_download", args=[uploaded.document_id]))

    assert response.status_code == 200
    response.close()


def test_file_view_office_proof_readable_by_its_students(client, db):
    owner_less = StoredFile.objects.create(
        original_name="獎狀.pdf",
        content_type="application/pdf",
        size=4,
        md5="0" * 32,
        sha256="0" * 64,
        owner=None,
    )
    owner_less.file.save("proof.pdf", ContentFile(b"%PDF"), save=True)
    awarded, other = StudentFactory(), StudentFactory()
    DiversePerformance.objects.create(
        student=awarded,
        academic_year=113,
        kind=DiversePerformance.Kind.COMPETITION,
        title="校內英語演講比賽",
        summary="第一名",
        document=owner_less,
        entered_under=TaskItem.objects.get(code="competitions"),
    )
    client.force_login(awarded.user)
    assert client.get(reverse("file_preview", args=[owner_less.pk])).status_code == 200
    client.force_login(other.user)
    assert client.get(reverse("file_preview", args=[owner_less.pk])).status_code == 404

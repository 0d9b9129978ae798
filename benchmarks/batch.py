"""Benchmark: build submission batches and their export packages for a whole school.

Creates N students, each with 6 certified and selected course outcomes and 10
selected diverse performances (every item with a small generated PDF-like
file), in a test database created for the run and dropped afterwards. Then it
builds the course-outcome batch and the diverse-performance batch the way the
Celery task does, measuring wall time, the peak of Python allocations
(tracemalloc) and the process's maximum resident set size.
"""

import datetime
import hashlib
import os
import platform
import resource
import time
import tracemalloc
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment
from django.utils import timezone

from benchmarks.report import DOC, write_section

BENCH_FILES = "portfolio/bench"
CLASS_SIZE = 40
# Students whose items are created with one set of bulk inserts.
CHUNK = 250
SECTION_TITLE = "## Submission batch and export package"


def _national_ids(count: int) -> list[str]:
    from tests.factories import make_national_id

    return [make_national_id(seed) for seed in range(count)]


def _write_file(student_pk: int, index: int):
    """Write a small generated file into storage; return (storage name, size, md5, sha256)."""
    content = b"%PDF-1.4\n" + os.urandom(1024) + f"\n{student_pk}-{index}\n".encode()
    name = f"{BENCH_FILES}/{student_pk}/{uuid.uuid4().hex}.pdf"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name, len(content), hashlib.md5(content).hexdigest(), hashlib.sha256(content).hexdigest()


def create_school(student_count: int) -> None:
    """Create the students, sections, files, outcomes, performances and selections in bulk."""
    from accounts import crypto
    from accounts.models import SchoolClass, Staff, Student, User
    from records.models import Section, Term

    term = Term.objects.create(academic_year=113, semester=1)
    teacher_user = User.objects.create(username="bench-teacher")
    teacher = Staff.objects.create(
        user=teacher_user, staff_code="B0001", name="張老師", job_title="專任教師"
    )
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(academic_year=113, code=f"{1 + n // 30}{n % 30 + 1:02d}", grade=1 + n // 30)
        for n in range((student_count + CLASS_SIZE - 1) // CLASS_SIZE)
    )
    sections = {
        school_class.pk: Section.objects.bulk_create(
            Section(
                term=term,
                course_code=f"C{n}",
                name=f"科目{n}",
                category=Section.Category.NATIONAL_REQUIRED,
                credits=2,
                school_class=school_class,
                teacher=teacher,
            )
            for n in range(1, 7)
        )
        for school_class in classes
    }
    ids = _national_ids(student_count)
    students = Student.objects.bulk_create(
        Student(
            student_number=f"B{n:06d}",
            school_class=classes[n // CLASS_SIZE],
            seat_number=n % CLASS_SIZE + 1,
            name=f"學生{n:04d}",
            gender=Student.Gender.FEMALE,
            birth_date=datetime.date(2008, 3, 15),
            national_id=ids[n],
            national_id_digest=crypto.digest(ids[n]),
            entry_year=113,
        )
        for n in range(student_count)
    )
    decided_at = timezone.now() - datetime.timedelta(days=30)
    for first in range(0, len(students), CHUNK):
        _create_items(students[first : first + CHUNK], sections, term, teacher_user, decided_at)


def _create_items(students, sections, term, teacher_user, decided_at) -> None:
    """Create the files, outcomes, decisions, performances and selections of some students."""
    from records.models import (
        CertificationDecision,
        CourseOutcome,
        DiversePerformance,
        StoredFile,
    )
    from submissions.models import Selection

    files = []
    for student in students:
        for index in range(16):
            name, size, md5, sha256 = _write_file(student.pk, index)
            files.append(
                StoredFile(
                    file=name,
                    original_name=f"file{index}.pdf",
                    content_type="application/pdf",
                    size=size,
                    md5=md5,
                    sha256=sha256,
                    owner=student,
                )
            )
    files = StoredFile.objects.bulk_create(files)
    outcomes = []
    performances = []
    for number, student in enumerate(students):
        own = files[16 * number : 16 * (number + 1)]
        outcomes += [
            CourseOutcome(
                student=student,
                term=term,
                section=section,
                slot=slot,
                title=f"成果{slot}",
                summary="以實驗數據比較三種材料的導熱係數。",
                document=own[slot - 1],
                status=CourseOutcome.Status.CERTIFIED,
            )
            for slot, section in enumerate(sections[student.school_class_id], start=1)
        ]
        performances += [
            DiversePerformance(
                student=student,
                academic_year=113,
                term=term,
                kind=DiversePerformance.Kind.WORK,
                title=f"作品{slot}",
                summary="說明這次經驗與收穫。",
                starts_on=datetime.date(2024, 10, 1),
                document=own[5 + slot],
                slot=slot,
            )
            for slot in range(1, 11)
        ]
    outcomes = CourseOutcome.objects.bulk_create(outcomes)
    performances = DiversePerformance.objects.bulk_create(performances)
    CertificationDecision.objects.bulk_create(
        CertificationDecision(
            outcome=outcome,
            decision=CertificationDecision.Decision.CERTIFIED,
            decided_by=teacher_user,
            decided_at=decided_at,
        )
        for outcome in outcomes
    )
    selections = [
        Selection(
            student_id=outcome.student_id,
            academic_year=113,
            item_type=Selection.ItemType.OUTCOME,
            outcome=outcome,
            slot=outcome.slot,
        )
        for outcome in outcomes
    ] + [
        Selection(
            student_id=performance.student_id,
            academic_year=113,
            item_type=Selection.ItemType.PERFORMANCE,
            performance=performance,
            slot=performance.slot,
        )
        for performance in performances
    ]
    Selection.objects.bulk_create(selections, batch_size=2000)


def build_part(part: str) -> dict:
    """Build one part's batch and package as the Celery task does; return the measurements."""
    from portfolio.models import Job
    from submissions.models import SubmissionBatch
    from submissions.services.batches import JOB_KIND, job_key
    from submissions.tasks import build_submission_batch

    job = Job.objects.create(kind=JOB_KIND, key=job_key(part, 113))
    batch = SubmissionBatch.objects.create(academic_year=113, part=part, job=job)
    tracemalloc.start()
    started = time.perf_counter()
    build_submission_batch(job.pk)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    batch.refresh_from_db()
    if batch.status != SubmissionBatch.Status.BUILT:
        job.refresh_from_db()
        raise RuntimeError(f"batch {batch.pk} failed: {job.error}")
    return {
        "part": part,
        "seconds": elapsed,
        "peak_mib": peak / 2**20,
        "items": batch.item_count,
        "package_mib": batch.package.size / 2**20,
        "package": batch.package,
    }


def _machine() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, PostgreSQL {postgres}"
    )


def _report(student_count: int, setup_seconds: float, results: list[dict]) -> str:
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        SECTION_TITLE,
        "",
        f"Run on {datetime.date.today():%Y-%m-%d}, {_machine()}, with `python -m benchmarks "
        f"--students {student_count}` (benchmarks/batch.py).",
        "",
        f"{student_count} students, each with 6 selected course outcomes and 10 selected "
        "diverse performances, one generated file of about 1 KiB each. Creating the data "
        f"took {setup_seconds:.1f} s. Times include tracemalloc's overhead.",
        "",
        "| part | rows | wall time | peak Python allocations | package size |",
        "|---|---:|---:|---:|---:|",
    ]
    for result in results:
        lines.append(
            f"| {result['part']} | {result['items']} | {result['seconds']:.1f} s | "
            f"{result['peak_mib']:.1f} MiB | {result['package_mib']:.1f} MiB |"
        )
    lines += [
        "",
        f"Maximum resident set size of the whole run (data creation included): {max_rss:.0f} MiB.",
        "File contents and roster rows are streamed into the ZIP; the peak grows with the "
        "number of files because their manifest entries stay in memory until the end.",
        "",
    ]
    return "\n".join(lines)


def run(student_count: int, write: bool = True) -> None:
    """Create the school in a fresh test database, build both parts, report and clean up."""
    from submissions.models import SubmissionBatch

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    media = Path(settings.MEDIA_ROOT) / BENCH_FILES
    packages = []
    try:
        started = time.perf_counter()
        create_school(student_count)
        setup_seconds = time.perf_counter() - started
        results = []
        for part in (
            SubmissionBatch.Part.COURSE_OUTCOMES,
            SubmissionBatch.Part.DIVERSE_PERFORMANCES,
        ):
            result = build_part(part)
            packages.append(result.pop("package"))
            results.append(result)
        section = _report(student_count, setup_seconds, results)
        print(section)
        if write:
            write_section(SECTION_TITLE, section)
            print(f"Written to {DOC}.")
    finally:
        for package in packages:
            package.storage.delete(package.name)
        if media.exists():
            import shutil

            shutil.rmtree(media)
        connection.creation.destroy_test_db(old_name, verbosity=0)

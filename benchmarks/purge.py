"""Benchmark: purge 10,000 sealed portfolios, each with one small file in local storage.

Run with `python -m benchmarks.purge` against the PostgreSQL and Redis of
tests/settings.py; it creates and drops its own test database.
"""

import datetime
import hashlib
import sys
import time

from benchmarks._setup import bulk_students, configure, test_database

PORTFOLIOS = 10_000


def run(portfolios: int = PORTFOLIOS) -> dict:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from accounts.models import SchoolClass, Student
    from records.models import StoredFile
    from submissions.models import PortfolioSeal, PurgeRecord
    from submissions.services.purge import purge_due

    school_class = SchoolClass.objects.create(academic_year=110, code="301", grade=3)
    students = bulk_students(portfolios, school_class, "p", status=Student.Status.GRADUATED)
    content = b"%PDF-1.4 benchmark\n%%EOF\n"
    files = []
    for student in students:
        name = default_storage.save(f"portfolio/{student.pk}/proof.pdf", ContentFile(content))
        files.append(
            StoredFile(
                file=name,
                original_name="proof.pdf",
                content_type="application/pdf",
                size=len(content),
                md5=hashlib.md5(content).hexdigest(),
                sha256=hashlib.sha256(content).hexdigest(),
                owner=student,
            )
        )
    StoredFile.objects.bulk_create(files, batch_size=1000)
    sealed_on = datetime.date(2021, 7, 1)
    PortfolioSeal.objects.bulk_create(
        [
            PortfolioSeal(
                student=s,
                sealed_on=sealed_on,
                reason="graduated",
                purge_due_on=sealed_on.replace(year=2024),
            )
            for s in students
        ],
        batch_size=1000,
    )
    started = time.perf_counter()
    result = purge_due(datetime.date(2024, 7, 2), batch_size=500)
    seconds = time.perf_counter() - started
    assert result.purged == portfolios, result
    assert result.files_deleted == portfolios, result
    assert PurgeRecord.objects.count() == portfolios
    return {
        "portfolios": portfolios,
        "seconds": round(seconds, 1),
        "per_second": round(portfolios / seconds),
    }


def main() -> int:
    configure()
    with test_database():
        result = run()
    print(
        f"purge: {result['portfolios']} portfolios with one file each in {result['seconds']} s "
        f"({result['per_second']} per second)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

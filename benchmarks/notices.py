"""Benchmark: lay out and write 500 paper receipt notices as one PDF.

Run with `python -m benchmarks.notices [count]`. The notices are built from
unsaved model instances, so the run measures template rendering and WeasyPrint
only and needs no database. Peak memory is the process's maximum resident set
size (ru_maxrss), which includes the Python interpreter and Django.
"""

import datetime
import os
import platform
import resource
import sys
import time

from benchmarks.report import write_section


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def _receipts(count: int):
    from accounts.models import Student
    from submissions.models import Receipt, ReceiptLine, ReceiptRound

    receipt_round = ReceiptRound(
        academic_year=113, starts_on=datetime.date(2025, 6, 16), ends_on=datetime.date(2025, 6, 20)
    )
    for number in range(count):
        student = Student(
            student_number=f"110{number:04d}",
            name=f"許𡘙如{number}",
            postal_code="333",
            address="桃園市龜山區壽山路123號",
            guardian_name="王大明",
            birth_date=datetime.date(2007, 5, 1),
            status=Student.Status.GRADUATED,
        )
        receipt = Receipt(pk=number + 1, round=receipt_round, student=student)
        lines = [
            ReceiptLine(receipt=receipt, part=part, description=f"{sheet}：113-1 {subject}")
            for part, sheet, subject in [
                ("enrolment_grades", "學生成績名冊", "國語文 4 學分 85 分"),
                ("outcomes", "課程學習成果名冊", "物理 熱傳導實驗報告（report.pdf）"),
                ("outcomes", "課程學習成果名冊", "化學 滴定實驗（titration.pdf）"),
                ("performances", "競賽參與紀錄", "校內科展 第二名"),
                ("cadres", "幹部經歷暨事蹟紀錄", "班長"),
            ]
        ]
        # Stands in for prefetch_related("lines"), so no query runs.
        receipt._prefetched_objects_cache = {"lines": lines}
        yield receipt


def run(count: int = 500) -> dict:
    """Render `count` notices into one PDF; return seconds, pages, size and peak memory."""
    _setup_django()
    from submissions import notices

    started = time.perf_counter()
    data = notices.combined_notices_pdf(_receipts(count))
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "count": count,
        "seconds": round(seconds, 1),
        "per_notice_ms": round(seconds * 1000 / count),
        "pdf_mib": round(len(data) / 1024 / 1024, 2),
        "peak_rss_mib": round(peak_mib),
    }


SECTION_TITLE = "## Paper notices"


def report(result: dict) -> str:
    """Return the docs/benchmarks.md section for one result."""
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return "\n".join(
        [
            SECTION_TITLE,
            "",
            f"Run on {datetime.date.today():%Y-%m-%d}, {machine}, with "
            f"`python -m benchmarks.notices {result['count']}` (benchmarks/notices.py).",
            "",
            f"{result['count']} notices of five receipt lines each, laid out by WeasyPrint "
            "in chunks of 20 and written as one A4 PDF (submissions.notices).",
            "",
            "| notices | wall time | per notice | peak RSS | PDF size |",
            "|---:|---:|---:|---:|---:|",
            f"| {result['count']} | {result['seconds']} s | {result['per_notice_ms']} ms | "
            f"{result['peak_rss_mib']} MiB | {result['pdf_mib']} MiB |",
            "",
        ]
    )


def record(result: dict) -> str:
    """Write or replace the paper-notice section of docs/benchmarks.md; return it."""
    section = report(result)
    write_section(SECTION_TITLE, section)
    return section


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else 500
    print(record(run(count)), end="")


if __name__ == "__main__":
    main()

"""Portfolio PDFs rendered with WeasyPrint: one student, or a whole class as one file.

The template names "Noto Sans CJK TC" (Debian's fonts-noto-cjk) explicitly,
because fontconfig maps zh-Hant to the Japanese glyph forms otherwise. That
font also covers characters outside Big5 such as 堃 and 𡘙, which students'
names contain. Each student's pages are laid out as a document of their own,
so page numbers ("第 1 頁，共 3 頁") count within each student's portfolio,
also in a class PDF.
"""

import re
from collections.abc import Callable, Iterable

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Student
from records.services.portfolio_view import collect_portfolio

TEMPLATE = "records/pdf/portfolio.html"
_PLACEHOLDER = re.compile(r"\x00(page|pages)\x00")


class ExternalResourceBlocked(ValueError):
    """Raised when a PDF template refers to a resource outside the document."""


def _refuse_fetch(url: str, *args, **kwargs):
    # Portfolio PDFs embed everything they show; nothing is fetched from a network.
    raise ExternalResourceBlocked(f"PDF templates may not load {url!r}.")


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_counter_css() -> str:
    """Return a CSS `content` value such as "第 " counter(page) " 頁，共 " counter(pages) " 頁"."""
    text = _("Page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(css_string(text[position : match.start()]))
        parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(text):
        parts.append(css_string(text[position:]))
    return " ".join(parts)


def portfolio_html(student: Student, generated_at=None) -> str:
    """Render the PDF template of one student's portfolio as HTML."""
    context = {
        "portfolio": collect_portfolio(student),
        "student": student,
        "school_name": settings.SCHOOL_NAME,
        "generated_at": generated_at or timezone.now(),
        "page_counter": page_counter_css(),
        "school_name_css": css_string(settings.SCHOOL_NAME),
    }
    return render_to_string(TEMPLATE, context)


def _render(student: Student, generated_at) -> weasyprint.Document:
    html = weasyprint.HTML(string=portfolio_html(student, generated_at), url_fetcher=_refuse_fetch)
    return html.render()


def portfolio_pdf(student: Student, language: str | None = None) -> bytes:
    """Return one student's portfolio as PDF bytes."""
    with override(language or settings.LANGUAGE_CODE):
        return _render(student, timezone.now()).write_pdf()


def combined_portfolio_pdf(
    students: Iterable[Student],
    progress: Callable[[int], None] | None = None,
    language: str | None = None,
) -> bytes:
    """Return the portfolios of several students as one PDF, each starting on a new page.

    `progress(done)` is called after each student's pages are laid out.
    """
    generated_at = timezone.now()
    documents = []
    with override(language or settings.LANGUAGE_CODE):
        for done, student in enumerate(students, start=1):
            documents.append(_render(student, generated_at))
            if progress is not None:
                progress(done)
    if not documents:
        raise ValueError("No students to print.")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()

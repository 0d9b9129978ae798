"""Portfolio PDFs rendered by WeasyPrint with the Noto Sans CJK TC font, checked with poppler."""

import datetime
import subprocess

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from portfolio.roc import TAIPEI
from records import pdf
from tests.factories import StudentFactory
from tests.portfolio_setup import fill_portfolio

NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)
# 𡘙 (U+21619) lies outside Big5; Noto Sans CJK TC has a glyph for it.
NON_BIG5_NAME = "許𡘙如"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def rare_name_student(school_class):
    return StudentFactory(student_number="1139050", name=NON_BIG5_NAME, school_class=school_class)


def pdf_text(path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def pdf_fonts(path) -> str:
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return result.stdout


def test_name_outside_big5_is_not_big5():
    with pytest.raises(UnicodeEncodeError):
        NON_BIG5_NAME.encode("big5")


def test_portfolio_pdf_contains_rare_name(rare_name_student, tmp_path):
    fill_portfolio(rare_name_student, 2)
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(pdf.portfolio_pdf(rare_name_student, "zh-hant"))
    text = pdf_text(path)
    assert NON_BIG5_NAME in text
    assert "林堃宇" not in text
    assert "熱傳導實驗 1131" in text
    assert "影片屬於資訊課" in text


def test_portfolio_pdf_embeds_noto_sans_cjk_tc(rare_name_student, tmp_path):
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(pdf.portfolio_pdf(rare_name_student, "zh-hant"))
    fonts = [line for line in pdf_fonts(path).splitlines() if "CJK" in line]
    assert fonts
    assert all("Noto-Sans-CJK-TC" in line for line in fonts)
    assert all(" yes " in line for line in fonts)


def test_portfolio_pdf_prints_school_pages_and_roc_date(rare_name_student, tmp_path):
    fill_portfolio(rare_name_student, 8)
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(pdf.portfolio_pdf(rare_name_student, "zh-hant"))
    text = pdf_text(path)
    page_count = text.count("\f")
    assert page_count >= 2
    assert f"第 1 頁，共 {page_count} 頁" in text
    assert f"第 {page_count} 頁，共 {page_count} 頁" in text
    assert settings.SCHOOL_NAME in text
    assert "113/10/01" in text
    assert "113學年度第1學期" in text


def test_portfolio_pdf_is_a4(rare_name_student):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf.portfolio_pdf(rare_name_student, "zh-hant")))
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210
    assert round(float(box.height) / 72 * 25.4) == 297


def test_page_counter_css_in_english():
    from django.utils import translation

    with translation.override("en"):
        assert pdf.page_counter_css() == '"Page " counter(page) " of " counter(pages)'


def test_own_portfolio_pdf_downloads(client, rare_name_student, tmp_path):
    client.force_login(rare_name_student.user)
    response = client.get(reverse("own_portfolio_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / "download.pdf"
    path.write_bytes(response.content)
    assert NON_BIG5_NAME in pdf_text(path)


def test_student_portfolio_pdf_for_homeroom_teacher(client, rare_name_student, homeroom_teacher):
    client.force_login(homeroom_teacher.user)
    response = client.get(reverse("student_portfolio_pdf", args=[rare_name_student.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")

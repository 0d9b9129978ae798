"""combine_images_to_pdf: photos of a report, one page each, in one PDF under the limit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override
from pypdf import PdfReader

from records.uploads import combine_images_to_pdf
from tests.uploads_samples import content_bytes, sample, upload

FOUR_MB = 4 * 1024 * 1024


def page_sizes(prepared):
    reader = PdfReader(io.BytesIO(content_bytes(prepared)))
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]


def test_combine_three_photos_into_three_pages():
    files = [sample("photo-small.jpg"), sample("screenshot.png"), sample("iphone-photo.heic")]

    with override("zh-hant"):
        prepared = combine_images_to_pdf(files)

    assert len(page_sizes(prepared)) == 3
    assert prepared.size < FOUR_MB
    assert prepared.mime_type == "application/pdf"
    assert prepared.extension == "pdf"
    assert prepared.original_name == "photo-small.pdf"
    assert prepared.notices[0].startswith("已將 3 張照片合併為「photo-small.pdf」")


def test_combine_pages_near_a4():
    files = [sample("photo-small.jpg"), sample("screenshot.png")]

    prepared = combine_images_to_pdf(files, name="實驗報告.pdf")

    # Landscape photos get landscape pages of at most A4 (842 × 595 points).
    for width, height in page_sizes(prepared):
        assert width > height
        assert 780 <= width <= 843
    assert prepared.original_name == "實驗報告.pdf"


def test_combine_turns_photo_upright():
    prepared = combine_images_to_pdf([sample("phone-photo-large.jpg")])

    [(width, height)] = page_sizes(prepared)
    assert width < height
    assert prepared.size < FOUR_MB


def test_combine_shares_limit_between_pages(settings):
    settings.PORTFOLIO = {**settings.PORTFOLIO, "DOCUMENT_MAX_BYTES": 600 * 1024}
    files = [sample("photo-small.jpg"), sample("iphone-photo.heic"), sample("screenshot.png")]

    prepared = combine_images_to_pdf(files)

    assert prepared.size <= 600 * 1024
    assert len(page_sizes(prepared)) == 3


def test_combine_rejects_every_file_that_is_no_photo():
    files = [sample("photo-small.jpg"), sample("report.pdf"), sample("empty.pdf")]

    with pytest.raises(ValidationError) as caught, override("zh-hant"):
        combine_images_to_pdf(files)

    with override("zh-hant"):
        messages = caught.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("「report.pdf」不是照片（JPG、PNG 或 HEIC），無法合併成 PDF")
    assert "PDF 文件" in messages[0]
    assert messages[1].startswith("「empty.pdf」是空的檔案")


def test_combine_rejects_no_photos():
    with pytest.raises(ValidationError) as caught:
        combine_images_to_pdf([])

    assert caught.value.error_list[0].code == "no_photos"


def test_combine_rejects_too_many_photos():
    files = [upload(f"p{index}.jpg", b"x") for index in range(31)]

    with pytest.raises(ValidationError) as caught:
        combine_images_to_pdf(files)

    assert caught.value.error_list[0].code == "too_many_photos"

"""prepare_upload for documents: PDFs and the checks every upload passes."""

import hashlib
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from records.uploads import DOCUMENT, MEDIA, prepare_upload
from tests.uploads_samples import UPLOADS, content_bytes, elf_bytes, sample, upload

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|jpg|png|mp3|mp4)$")


def rejection(uploaded_file, purpose=DOCUMENT):
    """Return (code, zh-Hant message) of the ValidationError prepare_upload raises."""
    with pytest.raises(ValidationError) as caught, override("zh-hant"):
        prepare_upload(uploaded_file, purpose)
    error = caught.value
    with override("zh-hant"):
        return error.error_list[0].code, error.messages[0]


def test_prepare_upload_accepts_report_pdf():
    data = (UPLOADS / "report.pdf").read_bytes()

    prepared = prepare_upload(sample("report.pdf"), DOCUMENT)

    assert prepared.mime_type == "application/pdf"
    assert prepared.extension == "pdf"
    assert prepared.original_name == "report.pdf"
    assert prepared.size == len(data)
    assert prepared.md5 == hashlib.md5(data).hexdigest()
    assert prepared.sha256 == hashlib.sha256(data).hexdigest()
    assert content_bytes(prepared) == data
    assert prepared.notices == []


def test_prepare_upload_keeps_chinese_file_name():
    prepared = prepare_upload(sample("期末報告 (最終版)＃1.pdf"), DOCUMENT)

    assert prepared.original_name == "期末報告 (最終版)＃1.pdf"
    assert prepared.download_name == "期末報告 (最終版)＃1.pdf"
    assert STORED_NAME.match(prepared.stored_name)


def test_prepare_upload_normalises_name_to_nfc():
    decomposed = unicodedata.normalize("NFD", "がくしゅう成果.pdf")
    uploaded = upload(decomposed, (UPLOADS / "report.pdf").read_bytes())

    prepared = prepare_upload(uploaded, DOCUMENT)

    assert prepared.original_name == unicodedata.normalize("NFC", "がくしゅう成果.pdf")


def test_prepare_upload_strips_windows_folders():
    uploaded = upload("report.pdf", (UPLOADS / "report.pdf").read_bytes())
    uploaded.name = "C:\\Users\\小明\\Desktop\\期末報告.pdf"

    prepared = prepare_upload(uploaded, DOCUMENT)

    assert prepared.original_name == "期末報告.pdf"


def test_prepare_upload_shortens_long_name():
    uploaded = upload("a.pdf", (UPLOADS / "report.pdf").read_bytes())
    uploaded.name = "學習歷程" * 30 + ".pdf"

    prepared = prepare_upload(uploaded, DOCUMENT)

    assert len(prepared.original_name) == 80
    assert prepared.original_name.endswith("…" + ".pdf")


def test_prepare_upload_gives_each_file_random_name():
    first = prepare_upload(sample("report.pdf"), DOCUMENT)
    second = prepare_upload(sample("report.pdf"), DOCUMENT)

    assert STORED_NAME.match(first.stored_name)
    assert first.stored_name != second.stored_name
    assert "report" not in first.stored_name


def test_prepare_upload_rejects_empty_file():
    code, message = rejection(sample("empty.pdf"))

    assert code == "empty"
    assert "「empty.pdf」是空的檔案" in message
    assert "重新上傳" in message


def test_prepare_upload_rejects_windows_program_named_pdf():
    code, message = rejection(sample("not-a-pdf.pdf"))

    assert code == "not_a_pdf"
    assert "「not-a-pdf.pdf」的檔名是 PDF，但內容不是 PDF" in message
    assert "Windows 執行檔" in message
    assert "匯出為 PDF" in message


def test_prepare_upload_rejects_linux_program_named_pdf():
    code, message = rejection(upload("homework.pdf", elf_bytes(), "application/pdf"))

    assert code == "not_a_pdf"
    assert "「homework.pdf」" in message
    assert "執行檔" in message


def test_prepare_upload_rejects_exe_with_other_name():
    code, message = rejection(upload("作業.docx", b"MZ" + bytes(range(256)) * 8))

    assert code == "unsupported_document_type"
    assert "「作業.docx」無法作為文件上傳" in message
    assert "PDF、JPG 或 PNG" in message


def test_prepare_upload_rejects_pdf_over_limit():
    code, message = rejection(sample("huge-scan.pdf"))

    assert code == "pdf_too_large"
    assert "「huge-scan.pdf」為 5.5" in message
    assert "超過文件 4.0" in message
    assert "壓縮" in message
    assert "分割" in message


def test_prepare_upload_reads_limit_from_settings(settings):
    settings.PORTFOLIO = {**settings.PORTFOLIO, "DOCUMENT_MAX_BYTES": 1000}

    code, _message = rejection(sample("report.pdf"))

    assert code == "pdf_too_large"


def test_prepare_upload_rejects_truncated_pdf():
    code, message = rejection(sample("truncated.pdf"))

    assert code == "pdf_damaged"
    assert "「truncated.pdf」已損壞或不完整" in message
    assert "重新匯出" in message


def test_prepare_upload_rejects_pdf_with_unreadable_body():
    data = (UPLOADS / "report.pdf").read_bytes()
    # Keep the ending (startxref, %%EOF) but wipe out the objects it points to.
    garbled = data[:9] + b"\x00" * (len(data) - 60) + data[-51:]

    code, _message = rejection(upload("garbled.pdf", garbled))

    assert code == "pdf_damaged"


def test_prepare_upload_rejects_encrypted_pdf():
    code, message = rejection(sample("encrypted.pdf"))

    assert code == "pdf_encrypted"
    assert "「encrypted.pdf」設有密碼或加密保護" in message
    assert "移除保護" in message


def test_prepare_upload_rejects_pdf_as_media():
    code, message = rejection(sample("report.pdf"), MEDIA)

    assert code == "unsupported_media_type"
    assert "PDF 文件" in message
    assert "MP3" in message


def test_prepare_upload_rejects_unknown_purpose():
    with pytest.raises(ValueError, match="purpose"):
        prepare_upload(sample("report.pdf"), "photo")


def test_prepare_upload_messages_in_english():
    with pytest.raises(ValidationError) as caught, override("en"):
        prepare_upload(sample("encrypted.pdf"), DOCUMENT)

    with override("en"):
        assert "“encrypted.pdf” is protected with a password" in caught.value.messages[0]

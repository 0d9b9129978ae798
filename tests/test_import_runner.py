"""The shared import runner: file reading, error collection and all-or-nothing writes."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from import_export import fields, resources

from accounts.models import Office
from portfolio.imports import ImportFileError, read_table, run_import

DATA = Path(__file__).parent / "data" / "school-113"


class OfficeResource(resources.ModelResource):
    """A small resource for exercising the runner: offices by name."""

    name = fields.Field(attribute="name", column_name="名稱")

    class Meta:
        model = Office
        fields = ("name",)
        import_id_fields = ("name",)
        skip_unchanged = True
        clean_model_instances = True


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_read_table_utf8_bom_roster():
    table = read_table(DATA / "roster-113-utf8-bom.csv")
    assert table.encoding == "utf-8-sig"
    assert table.dataset.headers[0] == "學號"
    assert len(table.dataset) == 384
    assert table.row_numbers[0] == 2
    assert table.dataset[0][3] == "彭語昱"


def test_read_table_big5_roster():
    table = read_table(DATA / "roster-113-big5.csv")
    assert table.encoding == "cp950"
    assert table.dataset.headers[3] == "姓名"
    assert len(table.dataset) == 384
    assert table.dataset[0][3] == "彭語昱"


def test_read_table_utf8_without_bom():
    data = "學號,姓名\r\n1130001,王小明\r\n".encode()
    table = read_table(data)
    assert table.encoding == "utf-8"
    assert table.dataset[0] == ("1130001", "王小明")


def test_read_table_strips_spaces_and_full_width_digits():
    data = " 學號 ,\u3000姓名\n１１３０００１ , 王小明\u3000\n".encode()
    table = read_table(data)
    assert table.dataset.headers == ["學號", "姓名"]
    assert table.dataset[0] == ("1130001", "王小明")


def test_read_table_skips_blank_rows():
    data = "學號,姓名\n1130001,甲\n,\n1130002,乙\n,\n\n".encode()
    table = read_table(data)
    assert len(table.dataset) == 2
    assert table.row_numbers == [2, 4]


def test_read_table_finds_header_below_title_rows():
    data = "113學年度學生名冊,\n,\n學號,姓名\n1130001,甲\n".encode()
    table = read_table(data, required_columns=["學號", "姓名"])
    assert table.dataset.headers == ["學號", "姓名"]
    assert table.row_numbers == [4]


def test_read_table_xlsx_numbers_and_dates():
    data = xlsx_bytes(
        [["學號", "座號", "出生日期", None], [1130001, 3.0, datetime.datetime(2008, 3, 15), None]]
    )
    table = read_table(data, name="roster.xlsx")
    assert table.encoding == "xlsx"
    assert table.dataset.headers == ["學號", "座號", "出生日期"]
    assert table.dataset[0] == ("1130001", "3", "097/03/15")


def test_read_table_rejects_empty_file():
    with pytest.raises(ImportFileError):
        read_table(b"  \n")


def test_read_table_rejects_old_xls():
    with pytest.raises(ImportFileError, match=r"\.xls"):
        read_table(b"\xd0\xcf\x11\xe0" + b"\0" * 100, name="staff.xls")


def test_run_import_writes_valid_file(db):
    report = run_import(OfficeResource, "名稱\n甲處\n乙處\n".encode(), name="offices.csv")
    assert report.errors == []
    assert report.written
    assert report.new == 2
    assert Office.objects.filter(name__in=["甲處", "乙處"]).count() == 2


def test_run_import_dry_run_writes_nothing(db):
    report = run_import(OfficeResource, "名稱\n甲處\n".encode(), dry_run=True)
    assert report.new == 1
    assert not report.written
    assert not Office.objects.filter(name="甲處").exists()


def test_run_import_rejects_bad_rows(db):
    too_long = "處" * 51
    data = f"名稱\n甲處\n{too_long}\n乙處\n{too_long}x\n".encode()
    report = run_import(OfficeResource, data)
    assert report.bad_rows == [3, 5]
    assert {error.column for error in report.errors} == {"名稱"}
    assert not report.written
    assert not Office.objects.filter(name__in=["甲處", "乙處"]).exists()


def test_run_import_only_valid_writes_the_rest(db):
    data = f"名稱\n甲處\n{'處' * 51}\n乙處\n".encode()
    report = run_import(OfficeResource, data, only_valid=True)
    assert report.bad_rows == [3]
    assert report.written
    assert report.new == 2
    assert Office.objects.filter(name__in=["甲處", "乙處"]).count() == 2


def test_run_import_again_changes_nothing(db):
    data = "名稱\n甲處\n".encode()
    run_import(OfficeResource, data)
    report = run_import(OfficeResource, data)
    assert report.new == 0
    assert report.unchanged == 1
    assert Office.objects.filter(name="甲處").count() == 1


def test_run_import_reports_missing_column_once(db):
    report = run_import(OfficeResource, "代號\nA\nB\n".encode())
    assert len(report.errors) == 1
    assert report.errors[0].row is None
    assert "名稱" in report.errors[0].message


def test_run_import_reports_unreadable_file(db):
    report = run_import(OfficeResource, b"\xff\xff\xff\x00\x81", name="x.csv")
    assert len(report.file_errors) == 1
    assert not report.written


def test_row_error_text_names_row_and_column(db):
    report = run_import(OfficeResource, f"名稱\n{'處' * 51}\n".encode())
    assert str(report.errors[0]).startswith("第 2 列")
    assert "名稱" in str(report.errors[0])

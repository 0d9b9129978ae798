"""The rosters the central database takes, and how one record becomes one row.

Every sheet name and column of the export package is defined in this module
and nowhere else. NOTE: the official format specification was not available;
the names follow public exports of central-database data, so a correction is
one edit here.

Values are strings. Dates are written as compact ROC dates (yyyMMdd, 1130930)
and moments as yyyMMddHHmmss in Taipei time; flags are "1" (yes) or "0" (no).
"""

import datetime
import posixpath
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from accounts.models import Student
from portfolio import roc
from records import performance_kinds
from records.models import (
    CadreRecord,
    CertificationDecision,
    CourseOutcome,
    DiversePerformance,
    Grade,
    StoredFile,
    Term,
)
from submissions.models import SubmissionBatch

Part = SubmissionBatch.Part
PerformanceKind = DiversePerformance.Kind

ID_COLUMN = "身分證號"
SCHOOL_CODE_COLUMN = "學校代碼"
COMMON_COLUMNS = ("學年度", "學期", SCHOOL_CODE_COLUMN, "學校名稱", ID_COLUMN)
DOCUMENT_COLUMN = "文件檔名"
MEDIA_COLUMN = "影音檔名"
VIDEO_LINK_COLUMN = "外部影音連結"
SUMMARY_COLUMN = performance_kinds.SUMMARY_COLUMN
# Files sent with a row live under this folder, one subfolder per ID number.
FILES_FOLDER = "files"
ROSTERS_FOLDER = "rosters"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Roster:
    """One sheet of the package: its name, its columns in order and those that must be filled."""

    name: str
    columns: tuple[str, ...]
    required: frozenset[str]

    @property
    def path(self) -> str:
        return f"{ROSTERS_FOLDER}/{self.name}.csv"

    @property
    def file_columns(self) -> tuple[str, ...]:
        return tuple(c for c in (DOCUMENT_COLUMN, MEDIA_COLUMN) if c in self.columns)


def _roster(name: str, columns: tuple[str, ...], required: tuple[str, ...] = ()) -> Roster:
    all_columns = COMMON_COLUMNS + columns
    return Roster(name, all_columns, frozenset(COMMON_COLUMNS + required))


STUDENT_ROSTER = _roster(
    "學生資料名冊",
    (
        "性別代碼", "出生日期", "群別代碼", "科班學程別代碼", "部別代碼", "班別", "年級",
        "班級名稱", "座號", "特殊身分別", "原住民族別", "入學方式", "學籍狀態", "學籍異動日期",
    ),
    ("性別代碼", "出生日期", "班別", "年級", "學籍狀態"),
)  # fmt: skip

GRADE_COLUMNS = (
    "課程代碼", "科目名稱", "開課年級", "修課學分", "學期學業成績", "成績及格", "是否採計學分",
    "質性文字描述",
)  # fmt: skip
GRADE_REQUIRED = ("課程代碼", "科目名稱", "修課學分", "學期學業成績", "成績及格", "是否採計學分")
TRANSFER_GRADE_COLUMNS = ("對應學年度", "對應學期", "身分別", "抵免後成績")
GRADE_ROSTERS = {
    Grade.Kind.SEMESTER: _roster("學生成績名冊_學期成績", GRADE_COLUMNS, GRADE_REQUIRED),
    Grade.Kind.MAKE_UP: _roster("學生成績名冊_補考", GRADE_COLUMNS, GRADE_REQUIRED),
    Grade.Kind.RETAKE: _roster("學生成績名冊_重修", GRADE_COLUMNS, GRADE_REQUIRED),
    Grade.Kind.REPEAT_YEAR: _roster("學生成績名冊_重讀", GRADE_COLUMNS, GRADE_REQUIRED),
    Grade.Kind.TRANSFER: _roster(
        "學生成績名冊_轉學轉科", GRADE_COLUMNS + TRANSFER_GRADE_COLUMNS, GRADE_REQUIRED
    ),
}

OUTCOME_COLUMNS = (
    "實際修課學期", "課程代碼", "科目名稱", "開課年級", "修課學分", "成果簡述", DOCUMENT_COLUMN,
    MEDIA_COLUMN, "認證教師", "認證時間", "認證說明",
)  # fmt: skip
OUTCOME_REQUIRED = (
    "實際修課學期",
    "課程代碼",
    "科目名稱",
    "修課學分",
    "成果簡述",
    "認證教師",
    "認證時間",
)
OUTCOME_SEMESTER = "學期"
OUTCOME_TRANSFER = "轉學轉科"
OUTCOME_ROSTERS = {
    OUTCOME_SEMESTER: _roster("課程學習成果名冊_學期", OUTCOME_COLUMNS, OUTCOME_REQUIRED),
    "補修": _roster(
        "課程學習成果名冊_補修",
        OUTCOME_COLUMNS + ("應修課學年度", "應修課學期", "補修方式"),
        OUTCOME_REQUIRED,
    ),
    "重修": _roster(
        "課程學習成果名冊_重修",
        OUTCOME_COLUMNS + ("原修課學年度", "原修課學期", "原課程代碼", "重修方式"),
        OUTCOME_REQUIRED,
    ),
    "重讀": _roster("課程學習成果名冊_重讀", OUTCOME_COLUMNS, OUTCOME_REQUIRED),
    OUTCOME_TRANSFER: _roster(
        "課程學習成果名冊_轉學轉科",
        OUTCOME_COLUMNS + ("原修課學校代碼",),
        OUTCOME_REQUIRED + ("原修課學校代碼",),
    ),
    "借讀": _roster(
        "課程學習成果名冊_借讀",
        OUTCOME_COLUMNS + ("借讀學校代碼", "借讀校課程代碼"),
        OUTCOME_REQUIRED,
    ),
}

# Columns of each diverse-performance kind after the common ones, as the
# central database orders them. records.performance_kinds maps each form
# field to one of these columns (a test keeps both lists equal).
PERFORMANCE_FILE_COLUMNS = (DOCUMENT_COLUMN, MEDIA_COLUMN, VIDEO_LINK_COLUMN)
PERFORMANCE_COLUMNS = {
    PerformanceKind.CADRE: (
        "單位名稱", "開始日期", "結束日期", "擔任職務", "幹部等級", SUMMARY_COLUMN,
    ),
    PerformanceKind.COMPETITION: (
        "競賽名稱", "項目", "競賽等級代碼", "獎項", "結果公布日期", "團體參與代碼", SUMMARY_COLUMN,
    ),
    PerformanceKind.CERTIFICATE: (
        "證照代碼", "分數", "分項結果", "取得證照日期", "證照字號", "檢定組別", SUMMARY_COLUMN,
    ),
    PerformanceKind.SERVICE: (
        "服務名稱", "服務單位", "開始日期", "結束日期", "時數", SUMMARY_COLUMN,
    ),
    PerformanceKind.FLEXIBLE_LEARNING: (
        "類別代碼", "開設名稱", "開設單位", "開設學年度", "開設學期", "每週節數", "開設週數",
        SUMMARY_COLUMN,
    ),
    PerformanceKind.GROUP_ACTIVITY: (
        "類別代碼", "辦理單位", "內容名稱", "學年度", "學期", "節數", SUMMARY_COLUMN,
    ),
    PerformanceKind.WORKPLACE: (
        "類別代碼", "單位", "職稱", "開始日期", "結束日期", "時數", SUMMARY_COLUMN,
    ),
    PerformanceKind.WORK: ("名稱", "日期", SUMMARY_COLUMN),
    PerformanceKind.UNIVERSITY_COURSE: (
        "計畫專案", "開設單位", "課程名稱", "開始日期", "結束日期", "學分數", "總時數",
        SUMMARY_COLUMN,
    ),
    PerformanceKind.OTHER: ("名稱", "主辦單位", "開始日期", "結束日期", "時數", SUMMARY_COLUMN),
}  # fmt: skip
PERFORMANCE_SHEET_NAMES = {
    PerformanceKind.CADRE: "幹部經歷暨事蹟紀錄",
    PerformanceKind.COMPETITION: "競賽參與紀錄",
    PerformanceKind.CERTIFICATE: "檢定證照紀錄",
    PerformanceKind.SERVICE: "服務學習紀錄",
    PerformanceKind.FLEXIBLE_LEARNING: "彈性學習時間紀錄",
    PerformanceKind.GROUP_ACTIVITY: "團體活動時間紀錄",
    PerformanceKind.WORKPLACE: "職場學習紀錄",
    PerformanceKind.WORK: "作品成果紀錄",
    PerformanceKind.UNIVERSITY_COURSE: "大學及技專校院先修課程紀錄",
    PerformanceKind.OTHER: "其他多元表現紀錄",
}


def _performance_required(kind: str) -> tuple[str, ...]:
    required = [spec.column for spec in performance_kinds.fields_of(kind) if spec.required]
    return (*required, SUMMARY_COLUMN)


PERFORMANCE_ROSTERS = {
    kind: _roster(
        PERFORMANCE_SHEET_NAMES[kind],
        PERFORMANCE_COLUMNS[kind] + PERFORMANCE_FILE_COLUMNS,
        _performance_required(kind),
    )
    for kind in PerformanceKind
}

ROSTERS_BY_PART = {
    Part.ENROLMENT_AND_GRADES: (STUDENT_ROSTER, *GRADE_ROSTERS.values()),
    Part.COURSE_OUTCOMES: tuple(OUTCOME_ROSTERS.values()),
    Part.CADRE_RECORDS: (PERFORMANCE_ROSTERS[PerformanceKind.CADRE],),
    Part.DIVERSE_PERFORMANCES: tuple(PERFORMANCE_ROSTERS.values()),
}
ROSTERS_BY_NAME = {
    roster.name: roster for rosters in ROSTERS_BY_PART.values() for roster in rosters
}

# NOTE: the central database's code tables for these columns are not public;
# these codes are this platform's own.
GENDER_CODES = {Student.Gender.MALE: "1", Student.Gender.FEMALE: "2"}
STATUS_CODES = {status: f"{number:02d}" for number, status in enumerate(Student.Status, start=1)}
CADRE_LEVEL_BY_CATEGORY = {
    CadreRecord.Category.SCHOOL: "1",
    CadreRecord.Category.CLASS: "2",
    CadreRecord.Category.CLUB: "3",
    CadreRecord.Category.SUBJECT_ASSISTANT: "9",
}


def roc_compact(value: datetime.date | None) -> str:
    """Return a date as yyyMMdd in the ROC calendar, or "" for None."""
    return roc.format_roc_date(value, separator="") if value else ""


def roc_moment(value: datetime.datetime | None) -> str:
    """Return a moment as yyyMMddHHmmss in Taipei time, or "" for None."""
    if value is None:
        return ""
    local = roc.to_taipei(value)
    return f"{roc_compact(local.date())}{local:%H%M%S}"


def flag(value: bool) -> str:
    return "1" if value else "0"


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return roc_compact(value)
    return str(value)


def common_row(academic_year: int, semester: int, national_id: str) -> dict[str, str]:
    return {
        "學年度": str(academic_year),
        "學期": str(semester),
        SCHOOL_CODE_COLUMN: settings.SCHOOL_CODE,
        "學校名稱": settings.SCHOOL_NAME,
        ID_COLUMN: national_id,
    }


@dataclass(frozen=True)
class FileRef:
    """A file sent with a row: where it goes in the package and its frozen checksums."""

    column: str
    path: str
    storage_name: str
    stored_file_id: int
    size: int
    md5: str
    sha256: str
    original_name: str = ""

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    def as_json(self) -> dict:
        return {
            "column": self.column,
            "name": self.name,
            "path": self.path,
            "storage_name": self.storage_name,
            "stored_file_id": self.stored_file_id,
            "size": self.size,
            "md5": self.md5,
            "sha256": self.sha256,
            "original_name": self.original_name,
        }


def file_ref(stored: StoredFile, national_id: str, base: str, column: str) -> FileRef:
    """Return where a stored file goes: files/<ID>/<base>_<document|media><extension>."""
    role = "document" if column == DOCUMENT_COLUMN else "media"
    extension = posixpath.splitext(stored.original_name)[1].lower()
    path = f"{FILES_FOLDER}/{national_id}/{base}_{role}{extension}"
    return FileRef(
        column,
        path,
        stored.file.name,
        stored.pk,
        stored.size,
        stored.md5,
        stored.sha256,
        original_name=stored.original_name,
    )


def _attach_files(row: dict, item, national_id: str, base: str) -> list[FileRef]:
    refs = []
    for column, stored in ((DOCUMENT_COLUMN, item.document), (MEDIA_COLUMN, item.media)):
        if stored is None:
            row[column] = ""
            continue
        ref = file_ref(stored, national_id, base, column)
        row[column] = ref.name
        refs.append(ref)
    return refs


def student_row(
    student: Student,
    term: Term,
    national_id: str,
    term_record=None,
    changed_on: datetime.date | None = None,
) -> dict[str, str]:
    """Return the student roster row of one term.

    The registry's confirmed record of the term (StudentTermRecord) wins over the
    student's current class, seat and status.
    """
    school_class = student.school_class
    class_code = (
        term_record.class_code if term_record else (school_class.code if school_class else "")
    )
    seat = term_record.seat_number if term_record else student.seat_number
    status = term_record.status if term_record else student.status
    row = common_row(term.academic_year, term.semester, national_id)
    row.update(
        {
            "性別代碼": GENDER_CODES.get(student.gender, ""),
            "出生日期": roc_compact(student.birth_date),
            "群別代碼": "",
            "科班學程別代碼": "",
            "部別代碼": "",
            "班別": class_code,
            "年級": text(school_class.grade if school_class else ""),
            "班級名稱": (school_class.name or school_class.code) if school_class else "",
            "座號": text(seat),
            "特殊身分別": "",
            "原住民族別": "",
            "入學方式": "",
            "學籍狀態": STATUS_CODES.get(status, ""),
            "學籍異動日期": roc_compact(changed_on),
        }
    )
    return row


def grade_row(grade: Grade, national_id: str) -> tuple[Roster, dict[str, str]]:
    """Return the roster of a grade's sheet and its row."""
    roster = GRADE_ROSTERS[grade.kind]
    level = grade.section.school_class.grade if grade.section else None
    if level is None and grade.student.school_class is not None:
        level = grade.student.school_class.grade
    row = common_row(grade.term.academic_year, grade.term.semester, national_id)
    row.update(
        {
            "課程代碼": grade.course_code,
            "科目名稱": grade.course_name,
            "開課年級": text(level),
            "修課學分": text(grade.credits),
            "學期學業成績": text(grade.score),
            "成績及格": flag(grade.passed),
            "是否採計學分": flag(grade.credit_counted),
            "質性文字描述": grade.qualitative_note,
        }
    )
    if grade.kind == Grade.Kind.TRANSFER:
        row.update(
            {
                "對應學年度": str(grade.term.academic_year),
                "對應學期": str(grade.term.semester),
                "身分別": "",
                "抵免後成績": text(grade.score),
            }
        )
    return roster, row


def latest_certification(outcome: CourseOutcome) -> CertificationDecision | None:
    """Return the decision that certified the outcome; uses prefetched decisions when present."""
    decisions = [
        d for d in outcome.decisions.all() if d.decision == CertificationDecision.Decision.CERTIFIED
    ]
    return max(decisions, key=lambda d: (d.decided_at, d.pk), default=None)


def outcome_row(
    outcome: CourseOutcome, national_id: str
) -> tuple[Roster, dict[str, str], list[FileRef]]:
    """Return the roster of an outcome's sheet, its row and the files it sends.

    An outcome brought in by a transfer goes to the 轉學轉科 sheet; every other
    outcome goes to the 學期 sheet.
    """
    key = OUTCOME_TRANSFER if outcome.origin_school_code else OUTCOME_SEMESTER
    roster = OUTCOME_ROSTERS[key]
    section = outcome.section
    decision = latest_certification(outcome)
    certifier = ""
    if decision is not None and decision.decided_by is not None:
        certifier = decision.decided_by.display_name
    row = common_row(outcome.term.academic_year, outcome.term.semester, national_id)
    row.update(
        {
            "實際修課學期": str(outcome.term.code),
            "課程代碼": section.course_code,
            "科目名稱": section.name,
            "開課年級": text(section.school_class.grade),
            "修課學分": text(section.credits),
            "成果簡述": outcome.summary,
            "認證教師": certifier,
            "認證時間": roc_moment(decision.decided_at if decision else None),
            "認證說明": decision.reason if decision else "",
        }
    )
    if key == OUTCOME_TRANSFER:
        row["原修課學校代碼"] = outcome.origin_school_code
    files = _attach_files(row, outcome, national_id, f"outcome{outcome.pk}")
    return roster, row, files


def performance_semester(performance: DiversePerformance) -> int:
    """Return the semester a performance belongs to: its term's, else that of its start date."""
    if performance.term is not None:
        return performance.term.semester
    day = performance.starts_on or roc.to_taipei(performance.created_at).date()
    return roc.semester_of(day)


def performance_row(
    performance: DiversePerformance, national_id: str
) -> tuple[Roster, dict[str, str], list[FileRef]]:
    """Return the roster of a performance's kind, its row and the files it sends."""
    roster = PERFORMANCE_ROSTERS[performance.kind]
    row = common_row(performance.academic_year, performance_semester(performance), national_id)
    for spec in performance_kinds.fields_of(performance.kind):
        row[spec.column] = text(performance_kinds.value_of(performance, spec))
    for column in PERFORMANCE_COLUMNS[performance.kind]:
        row.setdefault(column, "")
    row[SUMMARY_COLUMN] = performance.summary
    row[VIDEO_LINK_COLUMN] = performance.video_url
    files = _attach_files(row, performance, national_id, f"performance{performance.pk}")
    return roster, row, files


def cadre_row(record: CadreRecord, national_id: str) -> tuple[Roster, dict[str, str]]:
    """Return the cadre roster row of a school-entered cadre record.

    Empty fields the roster requires are filled from the record's term and
    category: the term's first and last day, the level of the category, and
    "unit post" as the summary.
    """
    roster = PERFORMANCE_ROSTERS[PerformanceKind.CADRE]
    row = common_row(record.term.academic_year, record.term.semester, national_id)
    row.update(
        {
            "單位名稱": record.unit,
            "開始日期": roc_compact(record.starts_on or record.term.starts_on),
            "結束日期": roc_compact(record.ends_on or record.term.ends_on),
            "擔任職務": record.post,
            "幹部等級": record.level or CADRE_LEVEL_BY_CATEGORY[record.category],
            SUMMARY_COLUMN: record.summary or f"{record.unit}{record.post}",
            DOCUMENT_COLUMN: "",
            MEDIA_COLUMN: "",
            VIDEO_LINK_COLUMN: "",
        }
    )
    return roster, row

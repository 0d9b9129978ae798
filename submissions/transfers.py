"""Transfer packages: a student's portfolio exported for, or imported from, another school.

An archive named `{school code}_{yyyy_MM_dd_HH_mm_ss}.zip` contains one JSON
document, an array of students, each with 基本資料, 課程學習成果紀錄 (a list)
and 多元表現 (one list per kind, keyed by the central database's roster name).
Beside it each student has the folders `{ID}/課程學習成果/` and `{ID}/多元表現/`
holding the files under their stored names and a `filename_mapping.json` from
stored name to original name. Every file is listed in the JSON with its MD5.
Birth dates and other dates in the JSON are Gregorian YYYY/MM/DD.

Imported items keep the school and term where they were made
(origin_school_code and their original academic year and semester).
"""

import datetime
import hashlib
import json
import logging
import mimetypes
import posixpath
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import crypto
from accounts.models import SchoolClass, Staff, Student
from accounts.national_id import normalise, validate_national_id
from audit.services import log_action
from portfolio import roc
from records import performance_kinds
from records.models import (
    CourseOutcome,
    DiversePerformance,
    EnrolmentChange,
    Section,
    StoredFile,
    Term,
)
from records.uploads.names import random_stored_name, split_extension
from submissions.models import TransferPackage

logger = logging.getLogger(__name__)

BASIC = "基本資料"
OUTCOMES = "課程學習成果紀錄"
PERFORMANCES = "多元表現"
OUTCOME_FOLDER = "課程學習成果"
PERFORMANCE_FOLDER = "多元表現"
MAPPING = "filename_mapping.json"
DATE_FORMAT = "%Y/%m/%d"

# The central database's roster name of each kind of diverse performance.
SHEET_BY_KIND = {
    DiversePerformance.Kind.CADRE: "幹部經歷暨事蹟紀錄",
    DiversePerformance.Kind.COMPETITION: "競賽參與紀錄",
    DiversePerformance.Kind.CERTIFICATE: "檢定證照紀錄",
    DiversePerformance.Kind.SERVICE: "服務學習紀錄",
    DiversePerformance.Kind.FLEXIBLE_LEARNING: "彈性學習時間紀錄",
    DiversePerformance.Kind.GROUP_ACTIVITY: "團體活動時間紀錄",
    DiversePerformance.Kind.WORKPLACE: "職場學習紀錄",
    DiversePerformance.Kind.WORK: "作品成果紀錄",
    DiversePerformance.Kind.UNIVERSITY_COURSE: "大學及技專校院先修課程紀錄",
    DiversePerformance.Kind.OTHER: "其他多元表現紀錄",
}
KIND_BY_SHEET = {sheet: kind for kind, sheet in SHEET_BY_KIND.items()}


class TransferError(Exception):
    """A package that cannot be imported; `problems` lists every problem found."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def package_name(at: datetime.datetime, school_code: str | None = None) -> str:
    local = roc.to_taipei(at)
    return f"{school_code or settings.SCHOOL_CODE}_{local:%Y_%m_%d_%H_%M_%S}.zip"


def _date(value: datetime.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def _file_entry(stored: StoredFile | None, prefix: str) -> dict:
    if stored is None:
        return {f"{prefix}檔名": "", f"{prefix}MD5": ""}
    return {f"{prefix}檔名": posixpath.basename(stored.file.name), f"{prefix}MD5": stored.md5}


# --- Export ------------------------------------------------------------------------------


class _PackageWriter:
    """Collects one student's files into the archive and their stored → original names."""

    def __init__(self, archive: zipfile.ZipFile, national_id: str):
        self.archive = archive
        self.national_id = national_id
        self.mappings: dict[str, dict[str, str]] = {OUTCOME_FOLDER: {}, PERFORMANCE_FOLDER: {}}

    def add(self, folder: str, stored: StoredFile | None) -> None:
        if stored is None:
            return
        name = posixpath.basename(stored.file.name)
        path = f"{self.national_id}/{folder}/{name}"
        with stored.file.open("rb") as source, self.archive.open(path, "w") as target:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                target.write(chunk)
        self.mappings[folder][name] = stored.original_name

    def close(self) -> None:
        for folder, mapping in self.mappings.items():
            self.archive.writestr(
                f"{self.national_id}/{folder}/{MAPPING}",
                json.dumps(mapping, ensure_ascii=False, indent=2),
            )


def basic_data(student: Student) -> dict:
    return {
        "身分證號": student.national_id,
        "姓名": student.name,
        "學號": student.student_number,
        "性別代碼": "1" if student.gender == Student.Gender.MALE else "2",
        "出生日期": _date(student.birth_date),
        "學校代碼": settings.SCHOOL_CODE,
        "學校名稱": settings.SCHOOL_NAME,
        "入學學年度": student.entry_year,
        "學籍狀態": student.status,
    }


def outcome_entry(outcome: CourseOutcome) -> dict:
    section = outcome.section
    return {
        "修課學校代碼": outcome.origin_school_code or settings.SCHOOL_CODE,
        "應修課學年度": outcome.term.academic_year,
        "應修課學期": outcome.term.semester,
        "課程代碼": section.course_code,
        "科目名稱": section.name,
        "學分數": section.credits,
        "開課年級": section.school_class.grade,
        "名稱": outcome.title,
        "簡述": outcome.summary,
        "認證狀態": outcome.status,
        "上傳學年度及學期": outcome.term.code,
        "建立日期及時間": roc.to_taipei(outcome.created_at).strftime("%Y/%m/%d %H:%M:%S"),
        **_file_entry(outcome.document, "文件"),
        **_file_entry(outcome.media, "影音"),
    }


def _json_value(value):
    if isinstance(value, datetime.date):
        return _date(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def performance_entry(performance: DiversePerformance) -> dict:
    entry = {
        "學校代碼": performance.origin_school_code or settings.SCHOOL_CODE,
        "學年度": performance.academic_year,
        "學期": performance.term.semester if performance.term_id else "",
    }
    for spec in performance_kinds.fields_of(performance.kind):
        value = performance_kinds.value_of(performance, spec)
        entry[spec.column] = _json_value(value) if value is not None else ""
    entry[performance_kinds.SUMMARY_COLUMN] = performance.summary
    entry["外部影音連結"] = performance.video_url
    entry.update(_file_entry(performance.document, "文件"))
    entry.update(_file_entry(performance.media, "影音"))
    return entry


def write_package(students: list[Student], target, at: datetime.datetime) -> None:
    """Write the transfer archive of `students` into the binary file object `target`."""
    document = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for student in students:
            writer = _PackageWriter(archive, student.national_id)
            outcomes = []
            for outcome in student.outcomes.select_related(
                "term", "section__school_class", "document", "media"
            ).order_by("term__academic_year", "term__semester", "slot"):
                outcomes.append(outcome_entry(outcome))
                writer.add(OUTCOME_FOLDER, outcome.document)
                writer.add(OUTCOME_FOLDER, outcome.media)
            performances: dict[str, list] = {sheet: [] for sheet in SHEET_BY_KIND.values()}
            for performance in student.performances.select_related(
                "term", "document", "media"
            ).order_by("academic_year", "kind", "id"):
                performances[SHEET_BY_KIND[performance.kind]].append(performance_entry(performance))
                writer.add(PERFORMANCE_FOLDER, performance.document)
                writer.add(PERFORMANCE_FOLDER, performance.media)
            writer.close()
            document.append(
                {BASIC: basic_data(student), OUTCOMES: outcomes, PERFORMANCES: performances}
            )
        json_name = package_name(at).removesuffix(".zip") + ".json"
        archive.writestr(json_name, json.dumps(document, ensure_ascii=False, indent=2))


def export_student(
    student: Student, *, user, other_school_code: str = "", acting=None
) -> TransferPackage:
    """Build and store the transfer package of one student; return its record.

    Without other_school_code, the package names the school of the student's
    latest recorded transfer out.
    """
    at = timezone.now()
    if not other_school_code:
        latest = (
            EnrolmentChange.objects.filter(student=student, kind=EnrolmentChange.Kind.TRANSFER_OUT)
            .order_by("-effective_on", "-id")
            .first()
        )
        other_school_code = latest.other_school_code if latest else ""
    with tempfile.TemporaryFile() as buffer:
        write_package([student], buffer, at)
        buffer.seek(0)
        md5 = hashlib.md5(usedforsecurity=False)
        for chunk in iter(lambda: buffer.read(1024 * 1024), b""):
            md5.update(chunk)
        buffer.seek(0)
        package = TransferPackage(
            direction=TransferPackage.Direction.EXPORT,
            student=student,
            other_school_code=other_school_code,
            md5=md5.hexdigest(),
            created_by=user,
        )
        package.package.save(package_name(at), File(buffer), save=False)
        package.save()
    log_action(
        "portfolio.transfer.exported",
        actor=user,
        acting=acting,
        target=package,
        data={"student": student.pk, "md5": package.md5},
    )
    return package


# --- Import ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    students_created: int = 0
    students_found: int = 0
    outcomes: int = 0
    performances: int = 0
    files: int = 0
    student_ids: list[int] = field(default_factory=list)


@dataclass
class _CheckedFile:
    data: bytes
    original_name: str


@dataclass
class _CheckedStudent:
    basic: dict
    national_id: str
    birth_date: datetime.date
    outcomes: list[dict]
    performances: list[tuple[str, dict]]
    files: dict[tuple[str, str], _CheckedFile]


def _parse_date(value, where: str, problems: list[str]) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.datetime.strptime(str(value), DATE_FORMAT).date()
    except ValueError:
        problems.append(
            _("%(where)s: “%(value)s” is not a date written YYYY/MM/DD.")
            % {"where": where, "value": value}
        )
        return None


def _check_file(archive, names, national_id, folder, entry, prefix, where, mapping, problems):
    stored_name = str(entry.get(f"{prefix}檔名") or "")
    if not stored_name:
        return None
    expected = str(entry.get(f"{prefix}MD5") or "").lower()
    path = f"{national_id}/{folder}/{stored_name}"
    if path not in names:
        problems.append(
            _("%(where)s: the file %(path)s is listed but missing from the archive.")
            % {"where": where, "path": path}
        )
        return None
    data = archive.read(path)
    actual = hashlib.md5(data, usedforsecurity=False).hexdigest()
    if actual != expected:
        problems.append(
            _(
                "%(where)s: the MD5 of %(path)s is %(actual)s but the package lists "
                "%(expected)s; the file was changed or damaged. Ask the other school "
                "for a new package."
            )
            % {"where": where, "path": path, "actual": actual, "expected": expected or "—"}
        )
        return None
    return _CheckedFile(data=data, original_name=mapping.get(stored_name, stored_name))


def _read_mapping(archive, names, national_id, folder, problems) -> dict:
    path = f"{national_id}/{folder}/{MAPPING}"
    if path not in names:
        return {}
    try:
        mapping = json.loads(archive.read(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        problems.append(_("%(path)s is not valid JSON.") % {"path": path})
        return {}
    return mapping if isinstance(mapping, dict) else {}


def _check_student(archive, names, index, raw, problems) -> _CheckedStudent | None:
    where_student = _("Student %(number)s") % {"number": index}
    if not isinstance(raw, dict) or not isinstance(raw.get(BASIC), dict):
        problems.append(
            _("%(where)s: the entry has no %(key)s.") % {"where": where_student, "key": BASIC}
        )
        return None
    basic = raw[BASIC]
    national_id = normalise(str(basic.get("身分證號") or ""))
    try:
        validate_national_id(national_id)
    except ValidationError as error:
        problems.extend(f"{where_student}: {message}" for message in error.messages)
        return None
    where_student = _("Student %(number)s (%(name)s)") % {
        "number": index,
        "name": basic.get("姓名") or "?",
    }
    if not basic.get("姓名"):
        problems.append(_("%(where)s: 姓名 is missing.") % {"where": where_student})
    birth_date = _parse_date(basic.get("出生日期"), f"{where_student} 出生日期", problems)
    if birth_date is None and not basic.get("出生日期"):
        problems.append(_("%(where)s: 出生日期 is missing.") % {"where": where_student})

    files: dict[tuple[str, str], _CheckedFile] = {}
    outcome_mapping = _read_mapping(archive, names, national_id, OUTCOME_FOLDER, problems)
    outcomes = raw.get(OUTCOMES) or []
    for number, entry in enumerate(outcomes, start=1):
        where = _("%(student)s, course outcome %(number)s") % {
            "student": where_student,
            "number": number,
        }
        for key in ("應修課學年度", "應修課學期", "課程代碼", "科目名稱", "簡述"):
            if entry.get(key) in (None, ""):
                problems.append(_("%(where)s: %(key)s is missing.") % {"where": where, "key": key})
        if str(entry.get("應修課學期")) not in ("1", "2", "None", ""):
            problems.append(_("%(where)s: 應修課學期 must be 1 or 2.") % {"where": where})
        for prefix in ("文件", "影音"):
            checked = _check_file(
                archive, names, national_id, OUTCOME_FOLDER, entry, prefix, where,
                outcome_mapping, problems,
            )  # fmt: skip
            if checked is not None:
                files[(OUTCOME_FOLDER, entry[f"{prefix}檔名"])] = checked

    performance_mapping = _read_mapping(archive, names, national_id, PERFORMANCE_FOLDER, problems)
    performances = []
    for sheet, entries in (raw.get(PERFORMANCES) or {}).items():
        kind = KIND_BY_SHEET.get(sheet)
        if kind is None:
            problems.append(
                _("%(where)s: “%(sheet)s” is not a kind of diverse performance.")
                % {"where": where_student, "sheet": sheet}
            )
            continue
        for number, entry in enumerate(entries or [], start=1):
            where = f"{where_student}, {sheet} {number}"
            if not entry.get("學年度"):
                problems.append(_("%(where)s: 學年度 is missing.") % {"where": where})
            for spec in performance_kinds.fields_of(kind):
                if spec.type == performance_kinds.DATE:
                    _parse_date(entry.get(spec.column), f"{where} {spec.column}", problems)
            for prefix in ("文件", "影音"):
                checked = _check_file(
                    archive, names, national_id, PERFORMANCE_FOLDER, entry, prefix, where,
                    performance_mapping, problems,
                )  # fmt: skip
                if checked is not None:
                    files[(PERFORMANCE_FOLDER, entry[f"{prefix}檔名"])] = checked
            performances.append((kind, entry))
    return _CheckedStudent(
        basic=basic,
        national_id=national_id,
        birth_date=birth_date,
        outcomes=outcomes,
        performances=performances,
        files=files,
    )


def read_package(upload) -> tuple[str, list[_CheckedStudent]]:
    """Check a transfer archive completely; raise TransferError listing every problem.

    Returns the sending school's code (from the archive name, else from the
    first student's 學校代碼) and the checked students.
    """
    name = posixpath.basename(getattr(upload, "name", "") or "")
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise TransferError(
            [_("%(name)s is not a ZIP archive; upload the .zip file the other school sent.")
             % {"name": name or _("The file")}]
        ) from None  # fmt: skip
    with archive:
        names = set(archive.namelist())
        documents = [n for n in names if "/" not in n and n.lower().endswith(".json")]
        if len(documents) != 1:
            raise TransferError(
                [_("The archive must contain exactly one JSON document at its top level; "
                   "it contains %(count)s.") % {"count": len(documents)}]
            )  # fmt: skip
        try:
            content = json.loads(archive.read(documents[0]).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise TransferError(
                [_("%(name)s is not valid UTF-8 JSON: %(error)s")
                 % {"name": documents[0], "error": error}]
            ) from None  # fmt: skip
        if not isinstance(content, list) or not content:
            raise TransferError(
                [_("%(name)s must contain a list of students.") % {"name": documents[0]}]
            )
        problems: list[str] = []
        students = []
        for index, raw in enumerate(content, start=1):
            checked = _check_student(archive, names, index, raw, problems)
            if checked is not None:
                students.append(checked)
    if problems:
        raise TransferError(problems)
    school_code = name.split("_", 1)[0] if "_" in name else ""
    if not (school_code.isdigit() and len(school_code) == 6) and students:
        school_code = str(students[0].basic.get("學校代碼") or "")
    return school_code, students


def _store(checked: _CheckedFile, owner: Student, user) -> StoredFile:
    _stem, extension = split_extension(checked.original_name)
    content_type = mimetypes.guess_type(checked.original_name)[0] or "application/octet-stream"
    stored = StoredFile(
        original_name=checked.original_name,
        content_type=content_type,
        size=len(checked.data),
        md5=hashlib.md5(checked.data, usedforsecurity=False).hexdigest(),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        owner=owner,
        uploaded_by=user,
    )
    stored.file.save(random_stored_name(extension), ContentFile(checked.data), save=False)
    stored.save()
    return stored


def _find_or_create_student(checked: _CheckedStudent, school_code: str, result: ImportResult):
    digest = crypto.digest(checked.national_id)
    student = Student.objects.filter(national_id_digest=digest).first()
    if student is not None:
        result.students_found += 1
        return student
    basic = checked.basic
    number = f"{school_code}-{basic.get('學號') or checked.national_id[-4:]}"[:20]
    student = Student.objects.create(
        student_number=number,
        name=str(basic.get("姓名"))[:50],
        gender=Student.Gender.MALE if str(basic.get("性別代碼")) == "1" else Student.Gender.FEMALE,
        birth_date=checked.birth_date,
        national_id=checked.national_id,
        entry_year=int(basic.get("入學學年度") or roc.academic_year_of(roc.today())),
        status=Student.Status.TRANSFERRED_IN,
    )
    result.students_created += 1
    return student


def _section_for(entry: dict, term: Term, school_code: str, teacher: Staff) -> Section:
    # NOTE: CourseOutcome.section is required, so an imported outcome gets a
    # section of a pseudo-class named after the sending school, taught by the
    # member of staff who imports the package. A nullable section for
    # imported outcomes would represent this without either stand-in.
    grade = int(entry.get("開課年級") or 1)
    school_class, _created = SchoolClass.objects.get_or_create(
        academic_year=term.academic_year,
        code=f"T{school_code}"[:10],
        defaults={
            "grade": min(max(grade, 1), 3),
            "name": _("From school %(code)s") % {"code": school_code},
        },
    )
    section, _created = Section.objects.get_or_create(
        term=term,
        course_code=str(entry["課程代碼"])[:30],
        school_class=school_class,
        defaults={
            "name": str(entry["科目名稱"])[:100],
            "category": Section.Category.NATIONAL_REQUIRED,
            "credits": int(entry.get("學分數") or 0),
            "teacher": teacher,
        },
    )
    return section


def _next_slot(model, **filters) -> int:
    return (model.objects.filter(**filters).aggregate(top=Max("slot"))["top"] or 0) + 1


def _create_outcome(student, entry, school_code, checked, user, staff) -> CourseOutcome:
    term, _created = Term.objects.get_or_create(
        academic_year=int(entry["應修課學年度"]), semester=int(entry["應修課學期"])
    )
    origin = str(entry.get("修課學校代碼") or school_code)[:6]
    files = {
        prefix: _store(checked.files[(OUTCOME_FOLDER, entry[f"{prefix}檔名"])], student, user)
        for prefix in ("文件", "影音")
        if entry.get(f"{prefix}檔名")
    }
    status = entry.get("認證狀態")
    return CourseOutcome.objects.create(
        student=student,
        term=term,
        section=_section_for(entry, term, origin, staff),
        slot=_next_slot(CourseOutcome, student=student, term=term),
        title=str(entry.get("名稱") or entry["科目名稱"])[:100],
        summary=str(entry["簡述"])[:100],
        document=files.get("文件"),
        media=files.get("影音"),
        status=status if status in CourseOutcome.Status.values else CourseOutcome.Status.CERTIFIED,
        origin_school_code=origin,
    )


def _kind_value(spec, raw):
    if raw in (None, ""):
        return None
    if spec.type == performance_kinds.DATE:
        return datetime.datetime.strptime(str(raw), DATE_FORMAT).date()
    if spec.type == performance_kinds.INTEGER:
        return int(raw)
    if spec.type == performance_kinds.DECIMAL:
        try:
            return str(Decimal(str(raw)))
        except InvalidOperation:
            return str(raw)
    return str(raw)


def _create_performance(student, kind, entry, school_code, checked, user) -> DiversePerformance:
    academic_year = int(entry["學年度"])
    term = None
    if str(entry.get("學期")) in ("1", "2"):
        term, _created = Term.objects.get_or_create(
            academic_year=academic_year, semester=int(entry["學期"])
        )
    columns: dict = {}
    details: dict = {}
    for spec in performance_kinds.fields_of(kind):
        value = _kind_value(spec, entry.get(spec.column))
        if spec.is_model_column:
            columns[spec.name] = value
        elif value is not None:
            details[spec.name] = value.isoformat() if isinstance(value, datetime.date) else value
    files = {
        prefix: _store(checked.files[(PERFORMANCE_FOLDER, entry[f"{prefix}檔名"])], student, user)
        for prefix in ("文件", "影音")
        if entry.get(f"{prefix}檔名")
    }
    return DiversePerformance.objects.create(
        student=student,
        academic_year=academic_year,
        term=term,
        kind=kind,
        title=str(columns.get("title") or "")[:100],
        summary=str(entry.get(performance_kinds.SUMMARY_COLUMN) or "")[:100],
        details=details,
        starts_on=columns.get("starts_on"),
        ends_on=columns.get("ends_on"),
        document=files.get("文件"),
        media=files.get("影音"),
        video_url=str(entry.get("外部影音連結") or ""),
        entered_by=user,
        origin_school_code=str(entry.get("學校代碼") or school_code)[:6],
    )


def import_package(upload, *, user, acting=None) -> ImportResult:
    """Import a transfer package; write nothing unless the whole package is valid.

    Raises TransferError listing every problem found. A student who is not yet
    known is created with the status transferred_in.
    """
    school_code, students = read_package(upload)
    staff = getattr(user, "staff", None)
    if staff is None:
        raise TransferError([_("Only staff members can import transfer packages.")])
    result = ImportResult()
    upload.seek(0)
    with transaction.atomic():
        for checked in students:
            student = _find_or_create_student(checked, school_code, result)
            result.student_ids.append(student.pk)
            for entry in checked.outcomes:
                _create_outcome(student, entry, school_code, checked, user, staff)
                result.outcomes += 1
            for kind, entry in checked.performances:
                _create_performance(student, kind, entry, school_code, checked, user)
                result.performances += 1
            result.files += len(checked.files)
        upload.seek(0)
        data = upload.read()
        package = TransferPackage(
            direction=TransferPackage.Direction.IMPORT,
            student_id=result.student_ids[0] if len(result.student_ids) == 1 else None,
            other_school_code=school_code[:6],
            md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            created_by=user,
        )
        name = posixpath.basename(getattr(upload, "name", "") or "") or "transfer.zip"
        package.package.save(name, ContentFile(data), save=False)
        package.save()
        log_action(
            "portfolio.transfer.imported",
            actor=user,
            acting=acting,
            target=package,
            data={
                "students": result.student_ids,
                "outcomes": result.outcomes,
                "performances": result.performances,
            },
        )
    logger.info(
        "transfer package %s imported: %s outcomes, %s performances",
        package.pk,
        result.outcomes,
        result.performances,
    )
    return result

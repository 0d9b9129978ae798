"""Import grades, cadre records and attendance summaries that offices keep.

Each resource runs through portfolio.imports.run_import, so every bad row is
reported before anything is written. An existing record is found by its
natural key and updated, and importing the same file twice changes nothing.
Every created or updated record gets an audit entry with its old and new
values, naming the importing user and, for a proxy, the owner acted for. The
key of a grade is its student, term, course code and kind. The key of a cadre
record is its student, term, category, unit and post, and that of an
attendance row is its student, term and leave type.
"""

import decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from audit.models import AuditEntry
from portfolio import roc
from records.imports import (
    SEMESTER,
    STUDENT_NUMBER,
    YEAR,
    _LookupWidget,
    _parse_int,
    _SchoolLookups,
)
from records.models import AttendanceSummary, CadreRecord, Enrolment, Grade
from records.services.attendance import MAX_PERIODS, set_attendance
from records.services.record_audit import build_entry, snapshot

COURSE_CODE = "科目代碼"
COURSE_NAME = "科目名稱"
CREDITS = "學分"
SCORE = "成績"
GRADE_KIND = "成績類別"
CADRE_CATEGORY = "幹部類別"
POST = "職稱"
UNIT = "單位"
LEVEL = "幹部等級"
STARTS_ON = "開始日期"
ENDS_ON = "結束日期"

# The sheet names of grade kinds; an empty cell means a semester grade.
GRADE_KIND_BY_NAME = {
    "學期成績": Grade.Kind.SEMESTER,
    "補考": Grade.Kind.MAKE_UP,
    "重修": Grade.Kind.RETAKE,
    "重讀": Grade.Kind.REPEAT_YEAR,
    "轉學轉科": Grade.Kind.TRANSFER,
}
MAX_CREDITS = 40


def pass_mark() -> int:
    return settings.PORTFOLIO["GRADE_PASS_MARK"]


def _text(value, column: str, max_length: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValueError(_("Column %(column)s is empty; fill it in.") % {"column": column})
    if len(text) > max_length:
        raise ValueError(
            _("“%(value)s” is longer than %(max)s characters; shorten it.")
            % {"value": text, "max": max_length}
        )
    return text


def _credits(value, row) -> int:
    credits = _parse_int(value, CREDITS)
    if not 0 <= credits <= MAX_CREDITS:
        raise ValueError(
            _("%(value)s credits is out of range; enter 0 to %(max)s.")
            % {"value": credits, "max": MAX_CREDITS}
        )
    return credits


def _score(value, row) -> decimal.Decimal:
    text = str(value or "").strip()
    try:
        score = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError(
            _("Score “%(value)s” is not a number; enter 0 to 100.") % {"value": text}
        ) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise ValueError(_("Score %(value)s is out of range; enter 0 to 100.") % {"value": text})
    if score != score.quantize(decimal.Decimal("0.01")):
        raise ValueError(
            _("Score %(value)s has more than two decimal places; round it.") % {"value": text}
        )
    # Stored with two decimal places; quantizing here lets an unchanged row compare equal.
    return score.quantize(decimal.Decimal("0.01"))


def grade_kind_for(value, row=None) -> str:
    """Return the Grade.Kind of a 成績類別 cell; an empty cell is a semester grade."""
    name = str(value or "").strip()
    if not name:
        return Grade.Kind.SEMESTER
    kind = GRADE_KIND_BY_NAME.get(name)
    if kind is None:
        raise ValueError(
            _("Grade kind “%(value)s” is unknown; use one of: %(choices)s, or leave it empty.")
            % {"value": name, "choices": "、".join(GRADE_KIND_BY_NAME)}
        )
    return kind


def _grade_kind_name(kind: str) -> str:
    names = {value: name for name, value in GRADE_KIND_BY_NAME.items()}
    return names.get(kind, kind)


def cadre_category_for(value, row=None) -> str:
    name = str(value or "").strip()
    category = CadreRecord.CATEGORY_BY_NAME.get(name)
    if category is None:
        raise ValueError(
            _("Cadre category “%(value)s” is unknown; use one of: %(choices)s.")
            % {"value": name, "choices": "、".join(CadreRecord.CATEGORY_BY_NAME)}
        )
    return category


def _cadre_category_name(category: str) -> str:
    names = {value: name for name, value in CadreRecord.CATEGORY_BY_NAME.items()}
    return names.get(category, category)


def _roc_date(value, row):
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return roc.parse_roc_date(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date; write an ROC date such as 113/09/30.") % {"value": text}
        ) from None


class _StudentTermResource(_SchoolLookups, resources.ModelResource):
    """A resource whose rows name a student by 學號 and a term by 學年度 and 學期.

    Rows are written without a per-row diff or full_clean(), because the widgets
    check every value. A term missing from the database is created.
    """

    student = fields.Field(attribute="student", column_name=STUDENT_NUMBER)
    term = fields.Field(attribute="term", column_name=YEAR)
    semester = fields.Field(column_name=SEMESTER, widget=widgets.CharWidget())

    class Meta:
        skip_diff = True
        clean_model_instances = False
        report_skipped = True

    def __init__(self, user=None, acting=None, **kwargs):
        super().__init__(**kwargs)
        self._init_lookups()
        self.user = user
        self.acting = acting
        self.fields["student"].widget = _LookupWidget(self.student_for, lambda s: s.student_number)
        self.fields["term"].widget = _LookupWidget(self.term_for, lambda t: t.academic_year)


class _AuditedResource(_StudentTermResource):
    """A resource that rejects repeated keys in one file and logs every change it writes.

    Subclasses set audit_action and audit_fields and implement record_key(instance).
    """

    audit_action = ""
    audit_fields: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._old = {}
        self._saved = []
        self._seen = {}
        self._row_numbers = []

    def record_key(self, instance) -> tuple:
        raise NotImplementedError

    def before_import(self, dataset, **kwargs):
        self._row_numbers = kwargs.get("row_numbers") or []

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self._old[id(instance)] = snapshot(instance, self.audit_fields)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            self._check_repeated(instance, kwargs["row_number"], errors)
        if errors:
            raise ValidationError(errors)

    def _check_repeated(self, instance, number: int, errors: dict) -> None:
        key = self.record_key(instance)
        spreadsheet_row = self._spreadsheet_row(number)
        earlier = self._seen.setdefault(key, spreadsheet_row)
        if earlier != spreadsheet_row:
            errors[NON_FIELD_ERRORS] = [
                _("This row repeats row %(row)s (same student, term and record); keep one.")
                % {"row": earlier}
            ]

    def _spreadsheet_row(self, number: int) -> int:
        if number - 1 < len(self._row_numbers):
            return self._row_numbers[number - 1]
        return number

    def get_bulk_update_fields(self):
        # The default lists the resource's fields, which include the sheet-only
        # 學期 column and leave out computed ones such as Grade.passed.
        return list(self.audit_fields)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        old = self._old.get(id(instance))
        return old is not None and old == snapshot(instance, self.audit_fields)

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            self._saved.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or not self._saved:
            return
        entries = []
        for instance in self._saved:
            old = self._old.get(id(instance))
            verb = "created" if old is None else "updated"
            entries.append(
                build_entry(
                    f"{self.audit_action}.{verb}",
                    actor=self.user,
                    acting=self.acting,
                    target=instance,
                    old=old,
                    new=snapshot(instance, self.audit_fields),
                )
            )
        AuditEntry.objects.bulk_create(entries)


class GradeResource(_AuditedResource):
    """A row of the grade list.

    Columns: 學號, 學年度, 學期, 科目代碼, 科目名稱, 學分, 成績, and optionally
    成績類別 (補考, 重修, 重讀 or 轉學轉科; empty or missing for a semester
    grade). A grade passes at PORTFOLIO["GRADE_PASS_MARK"] (60) or above.
    """

    course_code = fields.Field(attribute="course_code", column_name=COURSE_CODE)
    course_name = fields.Field(attribute="course_name", column_name=COURSE_NAME)
    credits = fields.Field(attribute="credits", column_name=CREDITS)
    score = fields.Field(attribute="score", column_name=SCORE)
    kind = fields.Field(attribute="kind", column_name=GRADE_KIND)

    required_columns = [STUDENT_NUMBER, YEAR, SEMESTER, COURSE_CODE, COURSE_NAME, CREDITS, SCORE]
    audit_action = "portfolio.grade"
    audit_fields = ("student", "term", "kind", "course_code", "course_name", "credits",
                    "score", "passed", "section")  # fmt: skip

    class Meta:
        model = Grade
        fields = ("student", "term", "semester", "course_code", "course_name", "credits",
                  "score", "kind")  # fmt: skip
        # get_instance() also keys on the kind; 成績類別 is left out here because
        # django-import-export requires every import_id_fields column in the file.
        import_id_fields = ("student", "term", "course_code")
        # A term's grades are loaded once (see _grades_of), and a grade list
        # has thousands of rows, so rows are written in batches without a
        # per-row diff or full_clean(); the widgets check every value.
        use_bulk = True
        batch_size = 1000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._grades = {}
        self._sections = {}
        self.fields["course_code"].widget = _LookupWidget(
            lambda value, row: _text(value, COURSE_CODE, 30), str
        )
        self.fields["course_name"].widget = _LookupWidget(
            lambda value, row: _text(value, COURSE_NAME, 100), str
        )
        self.fields["credits"].widget = _LookupWidget(_credits, str)
        self.fields["score"].widget = _LookupWidget(_score, str)
        self.fields["kind"].widget = _LookupWidget(grade_kind_for, _grade_kind_name)

    def dehydrate_semester(self, grade):
        return grade.term.semester

    def record_key(self, grade) -> tuple:
        return (grade.student_id, grade.term_id, grade.course_code, grade.kind)

    def _grades_of(self, term) -> dict:
        if term.id not in self._grades:
            self._grades[term.id] = {
                (grade.student_id, grade.course_code, grade.kind): grade
                for grade in Grade.objects.filter(term=term)
            }
        return self._grades[term.id]

    def _section_for(self, grade):
        """Return the section the student is enrolled in for this course and term, if any."""
        if grade.term_id not in self._sections:
            enrolments = Enrolment.objects.filter(section__term_id=grade.term_id).select_related(
                "section"
            )
            self._sections[grade.term_id] = {
                (e.student_id, e.section.course_code): e.section for e in enrolments
            }
        return self._sections[grade.term_id].get((grade.student_id, grade.course_code))

    def get_instance(self, instance_loader, row):
        try:
            term = self.term_for(None, row)
            student = self.student_for(row.get(STUDENT_NUMBER), row)
            kind = grade_kind_for(row.get(GRADE_KIND))
        except ValueError:
            # The row is invalid; import_instance reports why.
            return None
        code = str(row.get(COURSE_CODE) or "").strip()
        return self._grades_of(term).get((student.id, code, kind))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.passed = instance.score >= pass_mark()
        section = self._section_for(instance)
        if section is not None or instance.pk is None:
            instance.section = section


class CadreResource(_AuditedResource):
    """A row of the cadre list.

    Columns: 學號, 學年度, 學期, 幹部類別 (校級幹部, 班級幹部, 社團幹部 or
    小老師), 職稱, 單位, and optionally 幹部等級, 開始日期 and 結束日期 (ROC
    dates). The school's admin system exports it as Big5 CSV.
    """

    category = fields.Field(attribute="category", column_name=CADRE_CATEGORY)
    post = fields.Field(attribute="post", column_name=POST)
    unit = fields.Field(attribute="unit", column_name=UNIT)
    level = fields.Field(attribute="level", column_name=LEVEL)
    starts_on = fields.Field(attribute="starts_on", column_name=STARTS_ON)
    ends_on = fields.Field(attribute="ends_on", column_name=ENDS_ON)

    required_columns = [STUDENT_NUMBER, YEAR, SEMESTER, CADRE_CATEGORY, POST, UNIT]
    audit_action = "portfolio.cadre"
    audit_fields = ("student", "term", "category", "unit", "post", "level", "starts_on",
                    "ends_on")  # fmt: skip

    class Meta:
        model = CadreRecord
        fields = ("student", "term", "semester", "category", "post", "unit", "level",
                  "starts_on", "ends_on")  # fmt: skip
        import_id_fields = ("student", "term", "category", "unit", "post")
        use_bulk = True
        batch_size = 1000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._records = {}
        self.fields["category"].widget = _LookupWidget(cadre_category_for, _cadre_category_name)
        self.fields["post"].widget = _LookupWidget(lambda v, row: _text(v, POST, 100), str)
        self.fields["unit"].widget = _LookupWidget(lambda v, row: _text(v, UNIT, 100), str)
        self.fields["level"].widget = _LookupWidget(
            lambda v, row: _text(v, LEVEL, 50, required=False), str
        )
        self.fields["starts_on"].widget = _LookupWidget(_roc_date, roc.format_roc_date)
        self.fields["ends_on"].widget = _LookupWidget(_roc_date, roc.format_roc_date)

    def dehydrate_semester(self, record):
        return record.term.semester

    def record_key(self, record) -> tuple:
        return (record.student_id, record.term_id, record.category, record.unit, record.post)

    def get_instance(self, instance_loader, row):
        try:
            term = self.term_for(None, row)
            student = self.student_for(row.get(STUDENT_NUMBER), row)
            category = cadre_category_for(row.get(CADRE_CATEGORY))
        except ValueError:
            return None
        if term.id not in self._records:
            self._records[term.id] = {
                (r.student_id, r.category, r.unit, r.post): r
                for r in CadreRecord.objects.filter(term=term)
            }
        unit = str(row.get(UNIT) or "").strip()
        post = str(row.get(POST) or "").strip()
        return self._records[term.id].get((student.id, category, unit, post))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.starts_on and instance.ends_on and instance.ends_on < instance.starts_on:
            raise ValidationError(
                {
                    "ends_on": _(
                        "The end date %(end)s is before the start date %(start)s; correct one "
                        "of them."
                    )
                    % {
                        "end": roc.format_roc_date(instance.ends_on),
                        "start": roc.format_roc_date(instance.starts_on),
                    }
                }
            )


class _Periods(widgets.Widget):
    """A number of periods; an empty cell is 0."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return 0
        periods = _parse_int(text, self.name)
        if not 0 <= periods <= MAX_PERIODS:
            raise ValueError(
                _("%(value)s periods is out of range; enter 0 to %(max)s.")
                % {"value": periods, "max": MAX_PERIODS}
            )
        return periods

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TermAttendance:
    """One student's attendance in one term as a sheet row holds it.

    `periods` maps leave type codes to the periods in the row; `stored` maps
    them to the AttendanceSummary rows already in the database.
    """

    def __init__(self, student=None, term=None, stored=None):
        self.student = student
        self.term = term
        self.stored = stored or {}
        self.pk = None

    @property
    def periods(self) -> dict[str, int]:
        return {
            code: getattr(self, f"periods_{code}")
            for code in AttendanceSummary.LeaveType.values
            if getattr(self, f"periods_{code}", None) is not None
        }


class AttendanceResource(_StudentTermResource):
    """A row of an attendance sheet: one student's periods of absence in one term.

    Columns: 學號, 學年度, 學期 and one column per leave type, headed by its
    name (公假, 事假, 病假, 婚假, 產前假, 娩假, 陪產假, 流產假, 育嬰假, 生理假,
    喪假, 曠課). An empty cell is 0 periods. A leave type without a column
    keeps its stored value.
    """

    required_columns = [STUDENT_NUMBER, YEAR, SEMESTER]

    class Meta:
        model = AttendanceSummary
        fields = ("student", "term", "semester")
        import_id_fields = ("student", "term")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._stored = {}
        self._seen = {}
        self._row_numbers = []
        for name, code in AttendanceSummary.LEAVE_TYPE_BY_NAME.items():
            self.fields[f"periods_{code}"] = fields.Field(
                attribute=f"periods_{code}", column_name=name, widget=_Periods(name)
            )

    def get_import_fields(self):
        return list(self.fields.values())

    def before_import(self, dataset, **kwargs):
        self._row_numbers = kwargs.get("row_numbers") or []
        names = AttendanceSummary.LEAVE_TYPE_BY_NAME
        if not any(name in dataset.headers for name in names):
            raise ValidationError(
                _(
                    "The file has no leave type column. Add a column for each leave type "
                    "you record, headed by its name: %(names)s."
                )
                % {"names": "、".join(names)}
            )

    def _stored_of(self, term) -> dict:
        if term.id not in self._stored:
            by_student = {}
            for summary in AttendanceSummary.objects.filter(term=term):
                by_student.setdefault(summary.student_id, {})[summary.leave_type] = summary
            self._stored[term.id] = by_student
        return self._stored[term.id]

    def get_instance(self, instance_loader, row):
        try:
            term = self.term_for(None, row)
            student = self.student_for(row.get(STUDENT_NUMBER), row)
        except ValueError:
            return None
        stored = self._stored_of(term).get(student.id)
        if stored is None:
            return None
        return TermAttendance(student, term, stored)

    def init_instance(self, row=None):
        return TermAttendance()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        key = (instance.student.pk, instance.term.pk)
        number = kwargs["row_number"]
        row_number = self._row_numbers[number - 1] if self._row_numbers else number
        earlier = self._seen.setdefault(key, row_number)
        if earlier != row_number:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "This row repeats row %(row)s (same student and term); keep one."
                    )
                    % {"row": earlier}
                }
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        for code, value in instance.periods.items():
            stored = instance.stored.get(code)
            if (stored.periods if stored else 0) != value:
                return False
        return True

    def save_instance(self, instance, is_create, row, **kwargs):
        # The dry run has checked every value; only the write pass stores them.
        if kwargs.get("dry_run"):
            return
        set_attendance(
            instance.student, instance.term, instance.periods, user=self.user, acting=self.acting
        )

    def save_m2m(self, instance, row, **kwargs):
        pass

    def after_import(self, dataset, result, **kwargs):
        # ModelResource would reset sequences here; rows are written by set_attendance.
        pass

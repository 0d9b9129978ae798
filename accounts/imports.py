"""Staff and student imports: django-import-export resources and their row checks.

Both resources run through portfolio.imports.run_import, which reads the file,
collects every row error and writes all rows or none (or only the valid rows
on request). Errors are keyed by model field, and the runner turns them into
the spreadsheet's column names.
"""

import datetime
import re
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from accounts import crypto
from accounts.models import Office, SchoolClass, Staff, Student, User
from accounts.national_id import normalise, validate_national_id
from accounts.roles import STUDENT, add_roles, grant_staff_roles
from portfolio.roc import parse_roc_date

# Characters a Big5 (CP950) export writes for a character Big5 lacks.
LOST_CHARACTERS = ("?", "\ufffd")

GENDER_LABELS = {
    "男": Student.Gender.MALE,
    "男性": Student.Gender.MALE,
    "M": Student.Gender.MALE,
    "1": Student.Gender.MALE,
    "女": Student.Gender.FEMALE,
    "女性": Student.Gender.FEMALE,
    "F": Student.Gender.FEMALE,
    "2": Student.Gender.FEMALE,
}

STATUS_LABELS = {
    "在學": Student.Status.ENROLLED,
    "休學": Student.Status.SUSPENDED,
    "轉出": Student.Status.TRANSFERRED_OUT,
    "轉入": Student.Status.TRANSFERRED_IN,
    "復學": Student.Status.RESUMED,
    "重讀": Student.Status.REPEATING,
    "借讀": Student.Status.VISITING,
    "畢業": Student.Status.GRADUATED,
    "退學": Student.Status.WITHDRAWN,
    "開除": Student.Status.EXPELLED,
    "死亡": Student.Status.DECEASED,
}

# A class code is three digits: the grade (1 to 3), then the class number (01 to 99).
CLASS_CODE = re.compile(r"^([1-3])(0[1-9]|[1-9]\d)$")
_GREGORIAN_DATE = re.compile(r"^\s*(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\s*$")


def lost_character_error(value: str) -> str | None:
    """Return an error message when a name contains a character the export lost."""
    if not any(char in value for char in LOST_CHARACTERS):
        return None
    return _(
        "“%(value)s” contains “?”: the export's encoding lost a character that Big5 lacks. "
        "Export the file as UTF-8 CSV or correct the name."
    ) % {"value": value}


# Widgets: each turns one cell into a Python value or raises ValueError with a zh-Hant message.


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return (super().clean(value, row, **kwargs) or "").strip()


class RequiredTextWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        if not value:
            raise ValueError(_("This cell is empty; fill it in."))
        return value


class WholeNumberWidget(widgets.Widget):
    """A whole number such as a seat number or year; blank is None unless required."""

    def __init__(self, required=False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in ("", None):
            if self.required:
                raise ValueError(_("This cell is empty; fill it in."))
            return None
        try:
            return int(str(value))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a whole number; write digits only.") % {"value": value}
            ) from None


class DateWidget(widgets.Widget):
    """An ROC date such as 097/03/15, or a Gregorian date such as 2008-03-15."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            raise ValueError(_("This cell is empty; write the date, for example 097/03/15."))
        match = _GREGORIAN_DATE.match(value)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise ValueError(
                    _("“%(value)s” is not a real date; check the month and the day.")
                    % {"value": value}
                ) from None
        return parse_roc_date(value)

    def render(self, value, obj=None, **kwargs):
        from portfolio.roc import format_roc_date

        return format_roc_date(value)


class LabelWidget(widgets.Widget):
    """A choice written as its zh-Hant label, such as 男 or 在學."""

    def __init__(self, labels, blank=None):
        super().__init__()
        self.labels = labels
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value and self.blank is not None:
            return self.blank
        if value.upper() in self.labels:
            return self.labels[value.upper()]
        known = "、".join(label for label in self.labels if not label.isascii())
        raise ValueError(
            _("“%(value)s” is not allowed here; write one of: %(known)s.")
            % {"value": value, "known": known}
        )

    def render(self, value, obj=None, **kwargs):
        for label, choice in self.labels.items():
            if choice == value:
                return label
        return ""


class OfficeWidget(widgets.Widget):
    """An office or section by name; the names come from the Office table."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        offices = {office.name: office for office in Office.objects.all()}
        if value in offices:
            return offices[value]
        raise ValueError(
            _("Office “%(value)s” is unknown. Known offices: %(known)s.")
            % {"value": value, "known": "、".join(offices)}
        )

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class SchoolClassWidget(widgets.Widget):
    """A class code such as 101 in the import's academic year.

    A missing class is built unsaved and saved with the first student in it,
    so a dry run leaves no classes behind.
    """

    def __init__(self):
        super().__init__()
        self.academic_year = None
        self.classes = {}

    def clean(self, value, row=None, **kwargs):
        code = (value or "").strip()
        match = CLASS_CODE.match(code)
        if not match:
            raise ValueError(
                _(
                    "Class “%(value)s” is unknown: a class code is three digits, the grade "
                    "(1 to 3) followed by the class number, for example 101."
                )
                % {"value": code}
            )
        if self.academic_year is None:
            raise ValueError(
                _("The academic year is unknown, so the class cannot be found; give it explicitly.")
            )
        if code not in self.classes:
            existing = SchoolClass.objects.filter(
                academic_year=self.academic_year, code=code
            ).first()
            self.classes[code] = existing or SchoolClass(
                academic_year=self.academic_year, code=code, grade=int(match.group(1))
            )
        return self.classes[code]

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


# Resources


class CheckedResource(resources.ModelResource):
    """A resource whose rows get extra checks from ``check_row``.

    Model validation runs without unique checks, because ``check_row`` tests
    uniqueness against the file and the database with messages that name the
    other rows.
    """

    # Model fields that are set after validation, so full_clean() skips them.
    unchecked_fields: tuple[str, ...] = ()
    # The file's header, set by before_import().
    headers: set[str] | None = None

    def get_import_fields(self):
        # Optional columns missing from the file leave their fields unchanged.
        import_fields = super().get_import_fields()
        if self.headers is None:
            return import_fields
        return [f for f in import_fields if f.column_name in self.headers]

    def before_import(self, dataset, **kwargs):
        # Spreadsheet row numbers from portfolio.imports; without them the
        # header is row 1 and data rows follow it directly.
        self.row_numbers = kwargs.get("row_numbers") or list(range(2, len(dataset) + 2))
        self.headers = set(dataset.headers)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for key, message in self.check_row(instance, row, kwargs["row_number"]).items():
            errors.setdefault(key, []).append(message)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, number) -> dict[str, str]:
        """Return extra errors of one row, keyed by model field; number is 1-based."""
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, *self.unchecked_fields], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def rows_of(self, values: list[str], value: str) -> str:
        """Return the spreadsheet rows on which value appears, as "3、7"."""
        rows = [str(self.row_numbers[i]) for i, other in enumerate(values) if other == value]
        return "、".join(rows)


class StaffResource(CheckedResource):
    """Staff list: 教師代號, 姓名, 處室, 職稱, 電子郵件, 任教科目."""

    staff_code = fields.Field("staff_code", "教師代號", widget=RequiredTextWidget())
    name = fields.Field("name", "姓名", widget=RequiredTextWidget())
    office = fields.Field("office", "處室", widget=OfficeWidget())
    job_title = fields.Field("job_title", "職稱", widget=RequiredTextWidget())
    email = fields.Field("email", "電子郵件", widget=TextWidget())
    subjects = fields.Field("subjects", "任教科目", widget=TextWidget())

    required_columns = ("教師代號", "姓名", "處室", "職稱")
    unchecked_fields = ("user",)

    class Meta:
        model = Staff
        fields = ("staff_code", "name", "office", "job_title", "email", "subjects")
        import_id_fields = ("staff_code",)
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.codes = [str(row.get("教師代號") or "").strip() for row in dataset.dict]

    def check_row(self, instance, row, number):
        errors = {}
        if instance.staff_code and self.codes.count(instance.staff_code) > 1:
            errors["staff_code"] = _(
                "Staff code %(code)s appears on rows %(rows)s; keep it on one row only."
            ) % {"code": instance.staff_code, "rows": self.rows_of(self.codes, instance.staff_code)}
        return errors

    def before_save_instance(self, instance, row, **kwargs):
        if instance.user_id is None:
            instance.user, _created = User.objects.get_or_create(
                username=instance.staff_code,
                defaults={"password": make_password(None), "email": instance.email},
            )
        sync_user_email(instance.user, instance.email)

    def after_save_instance(self, instance, row, **kwargs):
        grant_staff_roles(instance)


class StudentResource(CheckedResource):
    """Student roster: 學號, 班級, 座號, 姓名, 性別, 出生日期 (ROC), 身分證字號, 入學年度,
    學籍狀態, 郵遞區號, 通訊地址, 家長姓名, 電子郵件."""

    student_number = fields.Field("student_number", "學號", widget=RequiredTextWidget())
    school_class = fields.Field("school_class", "班級", widget=SchoolClassWidget())
    seat_number = fields.Field("seat_number", "座號", widget=WholeNumberWidget())
    name = fields.Field("name", "姓名", widget=RequiredTextWidget())
    gender = fields.Field("gender", "性別", widget=LabelWidget(GENDER_LABELS))
    birth_date = fields.Field("birth_date", "出生日期", widget=DateWidget())
    national_id = fields.Field("national_id", "身分證字號", widget=RequiredTextWidget())
    entry_year = fields.Field("entry_year", "入學年度", widget=WholeNumberWidget(required=True))
    status = fields.Field(
        "status", "學籍狀態", widget=LabelWidget(STATUS_LABELS, blank=Student.Status.ENROLLED)
    )
    postal_code = fields.Field("postal_code", "郵遞區號", widget=TextWidget())
    address = fields.Field("address", "通訊地址", widget=TextWidget())
    guardian_name = fields.Field("guardian_name", "家長姓名", widget=TextWidget())
    email = fields.Field("email", "電子郵件", widget=TextWidget())

    required_columns = (
        "學號", "班級", "座號", "姓名", "性別", "出生日期", "身分證字號", "入學年度",
    )  # fmt: skip
    unchecked_fields = ("user", "national_id_digest")

    class Meta:
        model = Student
        fields = (
            "student_number", "school_class", "seat_number", "name", "gender", "birth_date",
            "national_id", "entry_year", "status", "postal_code", "address", "guardian_name",
            "email",
        )  # fmt: skip
        import_id_fields = ("student_number",)
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = True

    def __init__(self, academic_year: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.academic_year = academic_year

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        rows = dataset.dict
        self.numbers = [str(row.get("學號") or "").strip() for row in rows]
        self.ids = [normalise(str(row.get("身分證字號") or "")) for row in rows]
        # The student number that owns each ID number in the database, by digest.
        self.id_owners = dict(Student.objects.values_list("national_id_digest", "student_number"))
        if self.academic_year is None:
            self.academic_year = infer_academic_year(rows)
        self.fields["school_class"].widget.academic_year = self.academic_year
        if self.academic_year is None:
            raise ValidationError(
                _(
                    "The academic year cannot be inferred from 入學年度 and 班級; "
                    "give it explicitly (--academic-year)."
                )
            )

    def check_row(self, instance, row, number):
        errors = {}
        number_text = instance.student_number
        if number_text and self.numbers.count(number_text) > 1:
            errors["student_number"] = _(
                "Student number %(number)s appears on rows %(rows)s; each student may appear "
                "only once."
            ) % {"number": number_text, "rows": self.rows_of(self.numbers, number_text)}

        for field_name in ("name", "guardian_name"):
            message = lost_character_error(getattr(instance, field_name) or "")
            if message:
                errors[field_name] = message

        instance.national_id = normalise(instance.national_id or "")
        if instance.national_id:
            errors.update(self.check_national_id(instance))
        return errors

    def check_national_id(self, instance) -> dict[str, str]:
        value = instance.national_id
        try:
            validate_national_id(value)
        except ValidationError as error:
            return {"national_id": error.messages[0]}
        if self.ids.count(value) > 1:
            return {
                "national_id": _(
                    "ID number %(value)s appears on rows %(rows)s; two students cannot share "
                    "one ID number. Check which row has the wrong number."
                )
                % {"value": value, "rows": self.rows_of(self.ids, value)}
            }
        instance.national_id_digest = crypto.digest(value)
        owner = self.id_owners.get(instance.national_id_digest)
        if owner and owner != instance.student_number:
            return {
                "national_id": _(
                    "ID number %(value)s already belongs to student %(owner)s; two students "
                    "cannot share one ID number. Check the number."
                )
                % {"value": value, "owner": owner}
            }
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        if instance.school_class is not None and instance.school_class.pk is None:
            instance.school_class.save()
            # Re-assign so that the foreign key column picks up the new primary key.
            instance.school_class = instance.school_class
        if instance.user_id is None:
            instance.user, _created = User.objects.get_or_create(
                username=instance.student_number,
                defaults={"password": make_password(None), "email": instance.email},
            )
        sync_user_email(instance.user, instance.email)
        active = not instance.has_departed
        if instance.user.is_active != active:
            instance.user.is_active = active
            instance.user.save(update_fields=["is_active"])

    def after_save_instance(self, instance, row, **kwargs):
        add_roles(instance.user, STUDENT)


def sync_user_email(user, email: str) -> None:
    """Copy the roster's e-mail to the login, which password reset looks up."""
    if email and user.email != email:
        user.email = email
        user.save(update_fields=["email"])


def infer_academic_year(rows) -> int | None:
    """Return the academic year most rows imply (entry year + grade − 1), or None."""
    years = Counter()
    for row in rows:
        entry = str(row.get("入學年度") or "").strip()
        match = CLASS_CODE.match(str(row.get("班級") or "").strip())
        if entry.isdigit() and match:
            years[int(entry) + int(match.group(1)) - 1] += 1
    if not years:
        return None
    return years.most_common(1)[0][0]

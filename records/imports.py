"""Import course sections and enrolments from the school's course lists (CSV or XLSX).

Both resources run through portfolio.imports.run_import, which collects every
row error before anything is written. An existing row is found by its natural
key, so importing the same file twice changes nothing. The key of a section is
its term, course code and class, and that of an enrolment is its section and
student.
"""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from accounts.models import SchoolClass, Staff, Student
from records.models import Enrolment, Section, Term

YEAR = "學年度"
SEMESTER = "學期"
COURSE_CODE = "科目代碼"
COURSE_NAME = "科目名稱"
CATEGORY = "課程類別"
CREDITS = "學分"
CLASS = "開課班級"
TEACHER = "授課教師代號"
STUDENT_NUMBER = "學號"


def _parse_int(text: str, column: str) -> int:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        raise ValueError(
            _("“%(value)s” in column %(column)s is not a whole number.")
            % {"value": text, "column": column}
        ) from None


def _term_key(row) -> tuple[int, int]:
    """Return (academic year, semester) from a row, raising ValueError with a message."""
    year = _parse_int(row.get(YEAR, ""), YEAR)
    semester = _parse_int(row.get(SEMESTER, ""), SEMESTER)
    if semester not in (1, 2):
        raise ValueError(
            _("Semester “%(value)s” is invalid; write 1 or 2.") % {"value": row.get(SEMESTER)}
        )
    if not 50 <= year <= 300:
        raise ValueError(
            _("Academic year “%(value)s” is invalid; write the ROC year, for example 113.")
            % {"value": row.get(YEAR)}
        )
    return year, semester


class _LookupWidget(widgets.Widget):
    """A widget that turns a cell into an object through a function of the resource."""

    def __init__(self, lookup, render_value):
        super().__init__()
        self.lookup = lookup
        self.render_value = render_value

    def clean(self, value, row=None, **kwargs):
        return self.lookup(value, row)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.render_value(value)


class _SchoolLookups:
    """Caches of staff, classes, students and terms for one import pass.

    A resource object is used for one pass only (run_import makes a fresh one
    for the write), so Terms created during a dry run are never reused after
    its rollback.
    """

    def _init_lookups(self):
        self._staff = None
        self._classes = None
        self._students = None
        self._terms = {}

    def term_for(self, value, row) -> Term:
        key = _term_key(row)
        if key not in self._terms:
            self._terms[key], _created = Term.objects.get_or_create(
                academic_year=key[0], semester=key[1]
            )
        return self._terms[key]

    def class_for(self, value, row) -> SchoolClass:
        if self._classes is None:
            self._classes = {
                (school_class.academic_year, school_class.code): school_class
                for school_class in SchoolClass.objects.all()
            }
        year, _semester = _term_key(row)
        code = str(value or "").strip()
        school_class = self._classes.get((year, code))
        if school_class is None:
            raise ValueError(
                _(
                    "Class “%(code)s” does not exist in academic year %(year)s; "
                    "import the student roster first or correct the class code."
                )
                % {"code": code, "year": year}
            )
        return school_class

    def teacher_for(self, value, row) -> Staff:
        if self._staff is None:
            self._staff = {person.staff_code: person for person in Staff.objects.all()}
        code = str(value or "").strip()
        teacher = self._staff.get(code)
        if teacher is None:
            raise ValueError(
                _(
                    "No staff member has the code “%(code)s”; import the staff list "
                    "first or correct the teacher code."
                )
                % {"code": code}
            )
        return teacher

    def student_for(self, value, row) -> Student:
        if self._students is None:
            self._students = {student.student_number: student for student in Student.objects.all()}
        number = str(value or "").strip()
        student = self._students.get(number)
        if student is None:
            raise ValueError(
                _(
                    "No student has the student number “%(number)s”; import the "
                    "student roster first or correct the number."
                )
                % {"number": number}
            )
        return student


def _category_for(value, row) -> str:
    name = str(value or "").strip()
    category = Section.CATEGORY_BY_NAME.get(name)
    if category is None:
        raise ValueError(
            _("Course category “%(value)s” is unknown; use one of: %(choices)s.")
            % {"value": name, "choices": "、".join(Section.CATEGORY_BY_NAME)}
        )
    return category


def _category_name(category: str) -> str:
    names = {value: name for name, value in Section.CATEGORY_BY_NAME.items()}
    return names.get(category, category)


class SectionResource(_SchoolLookups, resources.ModelResource):
    """A row of the section list.

    Columns: 學年度, 學期, 科目代碼, 科目名稱, 課程類別, 學分, 開課班級, 授課教師代號.
    """

    term = fields.Field(attribute="term", column_name=YEAR)
    semester = fields.Field(column_name=SEMESTER)
    course_code = fields.Field(
        attribute="course_code", column_name=COURSE_CODE, widget=widgets.CharWidget()
    )
    name = fields.Field(attribute="name", column_name=COURSE_NAME, widget=widgets.CharWidget())
    category = fields.Field(attribute="category", column_name=CATEGORY)
    credits = fields.Field(attribute="credits", column_name=CREDITS)
    school_class = fields.Field(attribute="school_class", column_name=CLASS)
    teacher = fields.Field(attribute="teacher", column_name=TEACHER)

    required_columns = [YEAR, SEMESTER, COURSE_CODE, COURSE_NAME, CATEGORY, CREDITS, CLASS, TEACHER]

    class Meta:
        model = Section
        fields = ("term", "semester", "course_code", "name", "category", "credits",
                  "school_class", "teacher")  # fmt: skip
        import_id_fields = ("term", "course_code", "school_class")
        skip_html_diff = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._init_lookups()
        self.fields["term"].widget = _LookupWidget(self.term_for, lambda term: term.academic_year)
        self.fields["semester"].widget = widgets.CharWidget()
        self.fields["category"].widget = _LookupWidget(_category_for, _category_name)
        self.fields["credits"].widget = _LookupWidget(
            lambda value, row: _parse_int(value, CREDITS), str
        )
        self.fields["school_class"].widget = _LookupWidget(self.class_for, lambda c: c.code)
        self.fields["teacher"].widget = _LookupWidget(self.teacher_for, lambda t: t.staff_code)

    def dehydrate_semester(self, section):
        return section.term.semester

    def get_instance(self, instance_loader, row):
        try:
            term = self.term_for(None, row)
            school_class = self.class_for(row.get(CLASS), row)
        except ValueError:
            # The row is invalid; import_instance reports why.
            return None
        code = str(row.get(COURSE_CODE) or "").strip()
        return Section.objects.filter(
            term=term, course_code=code, school_class=school_class
        ).first()


class EnrolmentResource(_SchoolLookups, resources.ModelResource):
    """A row of the enrolment list: 學年度, 學期, 學號, 科目代碼, 開課班級."""

    academic_year = fields.Field(column_name=YEAR)
    semester = fields.Field(column_name=SEMESTER)
    student = fields.Field(attribute="student", column_name=STUDENT_NUMBER)
    section = fields.Field(attribute="section", column_name=COURSE_CODE)
    school_class = fields.Field(column_name=CLASS)

    required_columns = [YEAR, SEMESTER, STUDENT_NUMBER, COURSE_CODE, CLASS]

    class Meta:
        model = Enrolment
        fields = ("academic_year", "semester", "student", "section", "school_class")
        import_id_fields = ("section", "student")
        # A row contains nothing but its natural key, so an existing enrolment
        # is always unchanged (see skip_row) and needs no diff. New rows are
        # inserted in batches. Both matter on files of ten thousand rows.
        skip_diff = True
        use_bulk = True
        batch_size = 1000
        # The lookups already prove both foreign keys, and full_clean() would
        # cost two queries a row on files of ten thousand rows.
        clean_model_instances = False
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._init_lookups()
        self._sections = {}
        self._enrolments = {}
        self.fields["student"].widget = _LookupWidget(
            self.student_for, lambda student: student.student_number
        )
        self.fields["section"].widget = _LookupWidget(
            self.section_for, lambda section: section.course_code
        )
        for name in ("academic_year", "semester", "school_class"):
            self.fields[name].widget = widgets.CharWidget()

    def dehydrate_academic_year(self, enrolment):
        return enrolment.section.term.academic_year

    def dehydrate_semester(self, enrolment):
        return enrolment.section.term.semester

    def dehydrate_school_class(self, enrolment):
        return enrolment.section.school_class.code

    def _load_term(self, key: tuple[int, int]) -> None:
        """Load one term's sections and enrolments with two queries."""
        sections = Section.objects.filter(
            term__academic_year=key[0], term__semester=key[1]
        ).select_related("term", "school_class")
        self._sections[key] = {
            (section.course_code, section.school_class.code): section for section in sections
        }
        by_id = {section.id: section for section in self._sections[key].values()}
        enrolments = Enrolment.objects.filter(section_id__in=by_id).select_related("student")
        for enrolment in enrolments:
            # Share the cached section so comparing rows needs no further queries.
            enrolment.section = by_id[enrolment.section_id]
            self._enrolments[(enrolment.section_id, enrolment.student_id)] = enrolment

    def section_for(self, value, row) -> Section:
        key = _term_key(row)
        if key not in self._sections:
            self._load_term(key)
        code = str(value or "").strip()
        class_code = str(row.get(CLASS) or "").strip()
        section = self._sections[key].get((code, class_code))
        if section is None:
            raise ValueError(
                _(
                    "No section of course “%(code)s” for class %(class)s exists in term "
                    "%(term)s; import the section list first or correct the row."
                )
                % {"code": code, "class": class_code, "term": key[0] * 10 + key[1]}
            )
        return section

    def get_instance(self, instance_loader, row):
        try:
            section = self.section_for(row.get(COURSE_CODE), row)
            student = self.student_for(row.get(STUDENT_NUMBER), row)
        except ValueError:
            # The row is invalid; import_instance reports why.
            return None
        return self._enrolments.get((section.id, student.id))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return (instance.section_id, instance.student_id) in self._enrolments

    def after_save_instance(self, instance, row, **kwargs):
        # A later row for the same student and section finds this one and
        # counts as unchanged.
        self._enrolments[(instance.section_id, instance.student_id)] = instance

"""The ten kinds of diverse performance (多元表現) and the fields of each.

The central database takes one roster per kind, each with its own columns.
Every kind is described here once: the entry forms are built from these
definitions and the roster export reads its column headers from them, so the
two cannot drift apart. The summary (內容簡述) and the files are common to all
kinds and are not listed per kind.

A field's `name` is either a column of DiversePerformance (`title`,
`starts_on`, `ends_on`) or a key of its `details` JSON.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio import roc
from records.models import DiversePerformance

Kind = DiversePerformance.Kind

TEXT = "text"
DATE = "date"
CHOICE = "choice"
INTEGER = "integer"
DECIMAL = "decimal"

# Fields stored in model columns; all other fields go into `details`.
MODEL_COLUMNS = ("title", "starts_on", "ends_on")

# Code tables. NOTE: the central database publishes no code lists for these,
# so the codes below are this platform's own. The export has to map them if
# the central database ever fixes other codes.
CADRE_LEVELS = (
    ("1", _("school level (student council, school clubs)")),
    ("2", _("class level")),
    ("3", _("club level")),
    ("9", _("other")),
)
COMPETITION_LEVELS = (
    ("1", _("in-school")),
    ("2", _("city or county")),
    ("3", _("regional (several cities or counties)")),
    ("4", _("national")),
    ("5", _("international")),
)
PARTICIPATION = (
    ("1", _("individual")),
    ("2", _("team")),
)
FLEXIBLE_LEARNING_CATEGORIES = (
    ("1", _("self-directed learning")),
    ("2", _("athlete training")),
    ("3", _("enrichment or extension teaching")),
    ("4", _("remedial teaching")),
    ("5", _("school-specific activity")),
)
SELF_DIRECTED_LEARNING = "1"
GROUP_ACTIVITY_CATEGORIES = (
    ("1", _("class activity")),
    ("2", _("club activity")),
    ("3", _("student council activity")),
    ("4", _("student service-learning activity")),
    ("5", _("assembly or lecture")),
)
WORKPLACE_CATEGORIES = (
    ("1", _("workplace visit")),
    ("2", _("job shadowing")),
    ("3", _("internship")),
    ("9", _("other")),
)
SEMESTERS = (
    ("1", _("semester 1")),
    ("2", _("semester 2")),
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a kind: its value type, its form label and the roster column it fills."""

    name: str
    label: str
    type: str
    column: str
    required: bool = True
    choices: tuple = ()
    max_length: int = 100

    @property
    def is_model_column(self) -> bool:
        return self.name in MODEL_COLUMNS


def text(name, label, column, required=True, max_length=100):
    return FieldSpec(name, label, TEXT, column, required, max_length=max_length)


def date(name, label, column, required=True):
    return FieldSpec(name, label, DATE, column, required)


def choice(name, label, column, choices, required=True):
    return FieldSpec(name, label, CHOICE, column, required, choices=choices)


def integer(name, label, column, required=True):
    return FieldSpec(name, label, INTEGER, column, required)


def decimal(name, label, column, required=True):
    return FieldSpec(name, label, DECIMAL, column, required)


def academic_year(name, column):
    return integer(name, _("academic year offered"), column)


def semester(name, column):
    return choice(name, _("semester offered"), column, SEMESTERS)


FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    Kind.CADRE: (
        text("organisation", _("unit (school, class or club)"), "單位名稱"),
        text("title", _("position held"), "擔任職務"),
        choice("cadre_level", _("cadre level"), "幹部等級", CADRE_LEVELS),
        date("starts_on", _("start date"), "開始日期"),
        date("ends_on", _("end date (leave empty while still serving)"), "結束日期", False),
    ),
    Kind.COMPETITION: (
        text("title", _("competition name"), "競賽名稱"),
        text("event", _("event"), "項目", False),
        choice("level", _("competition level"), "競賽等級代碼", COMPETITION_LEVELS),
        text("award", _("award"), "獎項"),
        date("starts_on", _("result announcement date"), "結果公布日期"),
        choice("participation", _("individual or team"), "團體參與代碼", PARTICIPATION),
    ),
    Kind.CERTIFICATE: (
        text("title", _("certificate code or name"), "證照代碼"),
        text("score", _("score"), "分數", False, max_length=20),
        text("sub_results", _("results by part"), "分項結果", False),
        date("starts_on", _("date obtained"), "取得證照日期"),
        text("certificate_number", _("certificate number"), "證照字號", False, max_length=50),
        text("test_group", _("test group"), "檢定組別", False, max_length=50),
    ),
    Kind.SERVICE: (
        text("title", _("service name"), "服務名稱"),
        text("organisation", _("organisation served"), "服務單位"),
        date("starts_on", _("start date"), "開始日期"),
        date("ends_on", _("end date"), "結束日期"),
        decimal("hours", _("hours"), "時數"),
    ),
    Kind.FLEXIBLE_LEARNING: (
        choice("category", _("category"), "類別代碼", FLEXIBLE_LEARNING_CATEGORIES),
        text("title", _("name of the offering"), "開設名稱"),
        text("organiser", _("offered by"), "開設單位"),
        academic_year("offered_year", "開設學年度"),
        semester("offered_semester", "開設學期"),
        integer("periods_per_week", _("periods per week"), "每週節數"),
        integer("weeks", _("number of weeks"), "開設週數"),
    ),
    Kind.GROUP_ACTIVITY: (
        choice("category", _("category"), "類別代碼", GROUP_ACTIVITY_CATEGORIES),
        text("organiser", _("organised by"), "辦理單位"),
        text("title", _("activity name"), "內容名稱"),
        academic_year("activity_year", "學年度"),
        semester("activity_semester", "學期"),
        integer("periods", _("number of periods"), "節數"),
    ),
    Kind.WORKPLACE: (
        choice("category", _("category"), "類別代碼", WORKPLACE_CATEGORIES),
        text("organisation", _("workplace"), "單位"),
        text("title", _("job title"), "職稱"),
        date("starts_on", _("start date"), "開始日期"),
        date("ends_on", _("end date"), "結束日期"),
        decimal("hours", _("hours"), "時數"),
    ),
    Kind.WORK: (
        text("title", _("name of the work"), "名稱"),
        date("starts_on", _("date"), "日期"),
    ),
    Kind.UNIVERSITY_COURSE: (
        text("programme", _("programme"), "計畫專案"),
        text("organiser", _("offered by (university or college)"), "開設單位"),
        text("title", _("course name"), "課程名稱"),
        date("starts_on", _("start date"), "開始日期"),
        date("ends_on", _("end date"), "結束日期"),
        decimal("credits", _("credits"), "學分數"),
        decimal("total_hours", _("total hours"), "總時數"),
    ),
    Kind.OTHER: (
        text("title", _("name"), "名稱"),
        text("organiser", _("organiser"), "主辦單位"),
        date("starts_on", _("start date"), "開始日期"),
        date("ends_on", _("end date"), "結束日期"),
        decimal("hours", _("hours"), "時數"),
    ),
}

# Roster column of the summary, which every kind has last.
SUMMARY_COLUMN = "內容簡述"

# Short descriptions of the kinds, shown on the page where the student picks one.
DESCRIPTIONS = {
    Kind.CADRE: _("Class, club or student council posts."),
    Kind.COMPETITION: _("Competitions you took part in, with the award."),
    Kind.CERTIFICATE: _("Language tests, skill certificates and other licences."),
    Kind.SERVICE: _("Volunteer work and public service."),
    Kind.FLEXIBLE_LEARNING: _("Flexible learning time, including self-directed learning."),
    Kind.GROUP_ACTIVITY: _("Group activity time, including clubs."),
    Kind.WORKPLACE: _("Workplace visits, job shadowing and internships."),
    Kind.WORK: _("Works you made: writing, art, programs, research."),
    Kind.UNIVERSITY_COURSE: _("Courses taken at a university or college before graduating."),
    Kind.OTHER: _("Anything that fits none of the kinds above."),
}


def fields_of(kind: str) -> tuple[FieldSpec, ...]:
    """Return the field definitions of a kind; raise KeyError for an unknown kind."""
    return FIELDS[kind]


def choice_label(spec: FieldSpec, code: str) -> str:
    """Return the label of a code in the field's code table, or the code itself if unknown."""
    return str(dict(spec.choices).get(code, code))


def export_columns(kind: str) -> list[str]:
    """Return the roster column headers of a kind's own fields, summary last."""
    return [spec.column for spec in fields_of(kind)] + [SUMMARY_COLUMN]


def form_field(spec: FieldSpec, **kwargs):
    """Build the Django form field that requests and checks one field of a kind.

    Services clean data through the same fields, so the form and the service
    accept the same values for each field.
    """
    options = {"label": spec.label, "required": spec.required, **kwargs}
    if spec.type == TEXT:
        return forms.CharField(max_length=spec.max_length, **options)
    if spec.type == DATE:
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return forms.DateField(widget=widget, **options)
    if spec.type == CHOICE:
        return forms.ChoiceField(choices=[("", "---------"), *spec.choices], **options)
    if spec.type == INTEGER:
        return forms.IntegerField(min_value=0, max_value=999, **options)
    if spec.type == DECIMAL:
        return forms.DecimalField(min_value=0, max_digits=6, decimal_places=1, **options)
    raise ValueError(f"Unknown field type {spec.type!r} of field {spec.name!r}")


def value_of(performance: DiversePerformance, spec: FieldSpec):
    """Return the stored value of one field of a performance (None when empty)."""
    if spec.is_model_column:
        return getattr(performance, spec.name) or None
    return performance.details.get(spec.name)


def describe(performance: DiversePerformance) -> list[tuple[str, str]]:
    """Return (label, shown value) for each filled field of a performance, in form order.

    Dates show in the ROC calendar and codes as their labels. Runs no queries.
    """
    rows = []
    for spec in fields_of(performance.kind):
        value = value_of(performance, spec)
        if value in (None, ""):
            continue
        if spec.type == DATE:
            shown = roc.format_roc_date(value)
        elif spec.type == CHOICE:
            shown = choice_label(spec, value)
        else:
            shown = str(value)
        rows.append((str(spec.label), shown))
    return rows

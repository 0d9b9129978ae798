"""Template filters for ROC dates, loaded in every template as builtins."""

from django import template

from portfolio import roc

register = template.Library()


@register.filter
def roc_date(value):
    """Show a date or datetime as 113/09/30 (Taipei time for datetimes)."""
    return roc.format_roc_date(value)


@register.filter
def roc_datetime(value):
    """Show a datetime as 113/09/30 14:05 in Taipei time."""
    if not value:
        return ""
    local = roc.to_taipei(value)
    return f"{roc.format_roc_date(local.date())} {local:%H:%M}"


@register.simple_tag
def term_label(academic_year, semester=None):
    return roc.term_label(academic_year, semester)

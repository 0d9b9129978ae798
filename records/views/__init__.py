"""Views of the records app, one module per page group."""


def selected_class(classes: list, value: str | None):
    """Return the class whose id is `value` (None if no class has it), else the first class.

    A missing or non-numeric `value` picks the first class, or None for an empty list.
    """
    if value and value.isdigit():
        return next((c for c in classes if c.pk == int(value)), None)
    return classes[0] if classes else None

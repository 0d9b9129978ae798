"""Write one benchmark's section of docs/benchmarks.md."""

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(title: str, section: str, doc: Path = DOC) -> None:
    """Replace the section headed `title` in `doc` with `section`, or append it.

    `section` starts with its own `title` line. A section runs up to the next
    "## " heading, so the sections of the other benchmarks stay as they are.
    """
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n\n"
    if title in text:
        before, rest = text.split(title, 1)
        after = rest.split("\n## ", 1)
        text = before + section + ("\n## " + after[1] if len(after) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(text, encoding="utf-8")

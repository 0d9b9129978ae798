"""Refresh the zh_Hant catalogue: extract strings, fill translations, compile.

Usage: .venv/bin/python scripts/messages.py [FRAGMENT.json ...]

Runs makemessages over the whole project, then fills every empty msgstr from
the JSON fragments given (objects mapping an English msgid to its zh-Hant
translation; for plural entries the value is a list of forms), then
compilemessages, and lists what is still untranslated. A lock file makes
concurrent runs wait for each other, so two people adding strings at once do
not overwrite each other's catalogue.
"""

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
IGNORED = [".venv", "var", "tests", "benchmarks", "node_modules"]


def load_fragments(paths):
    translations = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    return translations


def fill(translations):
    catalogue = polib.pofile(str(CATALOGUE), wrapwidth=100)
    catalogue.metadata["Language"] = "zh_Hant"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in catalogue:
        value = translations.get(entry.msgid)
        if value is None:
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = {0: forms[0]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(str(CATALOGUE))
    missing = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and (("fuzzy" in e.flags) or (not e.msgstr and not any(e.msgstr_plural.values())))
    ]
    return missing


def main(argv):
    ignore = [f"--ignore={name}" for name in IGNORED]
    lock_path = ROOT / "var" / "messages.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
        env_args = {"cwd": ROOT, "check": True, "env": env}
        subprocess.run(
            [*MANAGE, "makemessages", "-l", "zh_Hant", "--no-obsolete", "--no-location", *ignore],
            **env_args,
        )
        missing = fill(load_fragments(argv))
        subprocess.run([*MANAGE, "compilemessages", "--ignore=.venv", "-v", "0"], **env_args)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(missing)} untranslated entries in {CATALOGUE.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])

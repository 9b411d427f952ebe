"""Checks of the translation catalogues in locale/ (docs/languages.md).

`untranslated(language)` says, in words a person can act on, every string of
the code that the language's catalogue lacks, leaves empty or marks fuzzy.
The strings of the code are gathered the way `make messages` gathers them
(our makemessages), into a folder of their own, so that the check never
touches locale/.
"""

import os
import subprocess
import tempfile
from contextlib import chdir
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

DOMAINS = ("django", "djangojs")
LOCALE = Path(settings.BASE_DIR) / "locale"
HOW_TO_FIX = (
    "Run `make messages` (or `manage.py makemessages -l es -l fr -l ar --no-obsolete`, "
    "with `-d djangojs` for static/js), write the missing translations, then `make compilemessages`."
)


def translated_languages():
    """Every language of the site but the one its code is written in."""
    return [code for code in settings.AVAILABLE_LANGUAGES if code != settings.LANGUAGE_CODE]


def code_messages():
    """{domain: the entries of the code's strings}, as makemessages finds them today."""
    with tempfile.TemporaryDirectory() as folder:
        with override_settings(LOCALE_PATHS=[folder]), chdir(settings.BASE_DIR):
            for domain in DOMAINS:
                call_command("makemessages", gather_into=folder, domain=domain, verbosity=0)
        return {
            domain: [entry for entry in polib.pofile(str(path)) if entry.msgid]
            for domain in DOMAINS
            if (path := Path(folder) / f"{domain}.pot").exists()
        }


def catalogue_path(language, domain):
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


def untranslated(language, messages):
    """Problems of `language`'s catalogues against the code's `messages`, one line each."""
    problems = []
    for domain, entries in messages.items():
        path = catalogue_path(language, domain)
        shown = path.relative_to(settings.BASE_DIR)
        if not path.exists():
            problems.append(f"{shown} is missing: {len(entries)} strings of the code have no {language} translation.")
            continue
        catalogue = polib.pofile(str(path))
        nplurals = int(catalogue.metadata.get("Plural-Forms", "nplurals=0").split("nplurals=")[1].split(";")[0])
        for entry in entries:
            where = ", ".join(sorted({file for file, _line in entry.occurrences})) or "?"
            found = (
                catalogue.find(entry.msgid, msgctxt=entry.msgctxt) if entry.msgctxt else catalogue.find(entry.msgid)
            )
            name = f"msgid {entry.msgid!r}" + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")
            if found is None or found.obsolete:
                problems.append(f"{shown}: {name} from {where} is missing.")
            elif "fuzzy" in found.flags:
                problems.append(f"{shown}: {name} from {where} is marked fuzzy.")
            elif entry.msgid_plural:
                forms = [found.msgstr_plural.get(n, "") for n in range(nplurals)]
                if not all(forms):
                    problems.append(f"{shown}: {name} from {where} needs all {nplurals} plural forms.")
            elif not found.msgstr:
                problems.append(f"{shown}: {name} from {where} has an empty translation.")
    return problems


def msgfmt_errors(language):
    """What `msgfmt --check` says of the language's catalogues (placeholders, plural forms, header)."""
    errors = []
    for domain in DOMAINS:
        path = catalogue_path(language, domain)
        if path.exists():
            result = subprocess.run(
                ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True, check=False
            )
            if result.returncode:
                errors.append(result.stderr.strip())
    return errors

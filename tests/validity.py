"""The Nu HTML Checker (vnu, from npm's `vnu-jar`) run once on many pages.

Starting Java costs seconds, so every page is written to a folder first and
the checker reads them all in one run. CI sets VALIDATOR_TESTS=required:
there a missing checker or Java fails the tests instead of skipping them.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REQUIRED = os.environ.get("VALIDATOR_TESTS") == "required"


def why_no_vnu():
    if shutil.which("java") is None:
        return "Java not found: install a Java runtime (openjdk-17-jre-headless) to run the HTML checker"
    if not VNU_JAR.is_file():
        return f"the Nu HTML Checker not found at {VNU_JAR.relative_to(REPO)}: run `npm ci` to check the pages' HTML"
    return None


def require_vnu():
    reason = why_no_vnu()
    if reason is None:
        return
    if REQUIRED:
        pytest.fail(f"{reason} (VALIDATOR_TESTS=required)", pytrace=False)
    pytest.skip(reason)


def check_html(documents, folder):
    """Errors and warnings of the Nu HTML Checker for `documents` ({name: html}), by name.

    Returns (errors, warnings), each a list of "name:line: message" strings.
    """
    require_vnu()
    files, names = [], {}
    for number, (name, html) in enumerate(documents.items()):
        path = (Path(folder) / f"page-{number:03}.html").resolve()
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
        names[f"file:{path}"] = name  # how the checker names a file it was given by its path
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(result.stderr)["messages"]
    errors, warnings = [], []
    for message in messages:
        name = names.get(message.get("url"), message.get("url"))
        line = f"{name}:{message.get('lastLine', '?')}: {message.get('message')}"
        extract = message.get("extract")
        if extract:
            line += f"\n    {extract.strip()}"
        if message.get("type") != "info":  # "error", or "non-document-error" (a file it could not read)
            errors.append(line)
        elif message.get("subType") == "warning":
            warnings.append(line)
    return errors, warnings

"""Checks every pinned dependency against the known vulnerabilities (pip-audit).

    python tools/audit_dependencies.py [--require-data] [requirements files…]

Exit status:
  0  no known vulnerability in any pinned version;
  1  a pinned version has a known vulnerability (each is listed with its fix);
  2  the audit could not be done (the vulnerability data could not be
     reached, or some packages could not be looked up) and --require-data
     (or AUDIT_REQUIRE_DATA=1) was given. Without it this is a loud warning
     and exit 0, since a machine without access to the vulnerability data
     must not be mistaken for a vulnerable one, nor for a clean one.

pip-audit alone prints "No known vulnerabilities found" and exits 0 even
when it could look up none of the packages; this wrapper tells the two apart.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_FILES = ["requirements.txt", "requirements-dev.txt"]


def classify(report):
    """(vulnerable, skipped, audited) from pip-audit's JSON report."""
    vulnerable, skipped, audited = [], [], []
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            skipped.append(dependency)
        elif dependency.get("vulns"):
            vulnerable.append(dependency)
        else:
            audited.append(dependency)
    return vulnerable, skipped, audited


def verdict(vulnerable, skipped, audited, *, require_data):
    """Exit status and the lines to print."""
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(
                f"VULNERABLE {dependency['name']} {dependency.get('version', '')}: {vuln['id']} (fixed in {fixes})"
            )
    if vulnerable:
        return 1, [*lines, f"{len(vulnerable)} pinned package(s) have known vulnerabilities."]
    if skipped:
        lines += [f"NOT AUDITED {dependency['name']}: {dependency['skip_reason']}" for dependency in skipped]
        lines.append(
            f"WARNING: {len(skipped)} of {len(skipped) + len(audited)} packages could not be checked "
            "(the vulnerability data was out of reach); this is not a clean audit."
        )
        return (2 if require_data else 0), lines
    return 0, [f"No known vulnerabilities in {len(audited)} pinned packages."]


def run_pip_audit(files):
    command = [sys.executable, "-m", "pip_audit", "--no-deps", "--format", "json", "--progress-spinner", "off"]
    for name in files:
        command += ["--requirement", name]
    return subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)


def main(argv):
    require_data = "--require-data" in argv or os.environ.get("AUDIT_REQUIRE_DATA") == "1"
    files = [arg for arg in argv if not arg.startswith("--")] or DEFAULT_FILES
    result = run_pip_audit(files)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"WARNING: pip-audit could not run: {last_line}")
        return 2 if require_data else 0
    status, lines = verdict(*classify(report), require_data=require_data)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

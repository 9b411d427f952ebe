"""Every dependency pinned, transitive ones included, and the audit that reads them."""

import importlib.util
import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT_DIR = Path(__file__).resolve().parents[2]
# The installer itself, as pip-compile leaves it out: `make install` upgrades it first.
INSTALLER = {"pip"}


def requirement_lines(name):
    lines = []
    for raw in (PROJECT_DIR / name).read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def pinned(*names):
    requirements = {}
    for name in names:
        for line in requirement_lines(name):
            if line.startswith("-r "):
                continue
            requirement = Requirement(line)
            requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


def test_every_requirement_is_pinned_to_one_version():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in requirement_lines(name):
            if line.startswith("-r "):
                continue
            assert re.fullmatch(r"[A-Za-z0-9._-]+(\[[a-z,]+\])?==[0-9][0-9A-Za-z.+-]*", line), f"{name}: {line}"


def test_dev_requirements_include_the_runtime_ones():
    assert requirement_lines("requirements-dev.txt")[0] == "-r requirements.txt"
    assert not set(pinned("requirements.txt")) & set(pinned("requirements-dev.txt"))


@pytest.mark.parametrize("files", [("requirements.txt",), ("requirements.txt", "requirements-dev.txt")])
def test_what_the_pinned_packages_need_is_pinned_too(files):
    """Read from the installed packages' metadata: nothing is left for pip to choose."""
    requirements = pinned(*files)
    for name, requirement in requirements.items():
        for needed in metadata.requires(name) or []:
            dependency = Requirement(needed)
            environments = [{"extra": extra} for extra in requirement.extras] or [{"extra": ""}]
            if dependency.marker and not any(dependency.marker.evaluate(env) for env in environments):
                continue
            needed_name = canonicalize_name(dependency.name)
            assert needed_name in requirements or needed_name in INSTALLER, f"{name} needs {dependency.name}"


def test_the_pinned_versions_are_the_installed_ones():
    for name, requirement in pinned("requirements.txt", "requirements-dev.txt").items():
        assert metadata.version(name) in requirement.specifier, name


def load_audit():
    spec = importlib.util.spec_from_file_location("audit_dependencies", PROJECT_DIR / "tools/audit_dependencies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestAuditVerdict:
    audit = load_audit()

    def verdict(self, report, require_data=False):
        return self.audit.verdict(*self.audit.classify(report), require_data=require_data)

    def test_a_known_vulnerability_fails(self):
        report = {
            "dependencies": [
                {"name": "django", "version": "6.1.3", "vulns": [{"id": "PYSEC-1", "fix_versions": ["6.1.4"]}]},
                {"name": "redis", "version": "8.1.0", "vulns": []},
            ]
        }
        status, lines = self.verdict(report)
        assert status == 1
        assert "VULNERABLE django 6.1.3: PYSEC-1 (fixed in 6.1.4)" in lines

    def test_a_clean_audit_passes(self):
        status, lines = self.verdict({"dependencies": [{"name": "redis", "version": "8.1.0", "vulns": []}]})
        assert (status, lines) == (0, ["No known vulnerabilities in 1 pinned packages."])

    def test_packages_that_could_not_be_looked_up_are_never_reported_clean(self):
        report = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
        status, lines = self.verdict(report)
        assert status == 0 and lines[-1].startswith("WARNING: 1 of 1 packages could not be checked")
        assert self.verdict(report, require_data=True)[0] == 2

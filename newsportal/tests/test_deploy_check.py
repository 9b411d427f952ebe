"""Production settings: Django's deploy check passes on the defaults alone."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def random_secret_key():
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def clean_environment(**variables):
    # Only what any process has, a real secret key, and no developer's .env.
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_READ_ENV_FILE": "0",
        "DJANGO_SECRET_KEY": random_secret_key(),
        "SITE_URL": "https://news.example.com",
        **variables,
    }


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_nothing_but_a_secret_key_and_the_public_address():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=clean_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_when_https_protections_are_switched_off():
    """The check above can fail: the local HTTP settings are flagged in production."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=clean_environment(DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0"),
    )
    assert result.returncode != 0
    for check in ("security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, check


def test_deploy_check_requires_the_public_address():
    """Without SITE_URL every absolute address would come from a Host header a client chooses."""
    for site_url in ("", "news.example.com", "https://news.example.com/news"):
        result = manage("check", "--deploy", env=clean_environment(SITE_URL=site_url))
        assert result.returncode != 0, site_url
        assert "newsportal.E001" in result.stderr, site_url


def test_the_site_refuses_to_start_without_a_secret_key():
    env = clean_environment()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_make_runs_env_file_switches_off_only_what_plain_http_needs(tmp_path):
    subprocess.run(
        ["make", "--no-print-directory", "-f", str(PROJECT_DIR / "Makefile"), f"PYTHON={sys.executable}", ".env"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    variables = dict(
        line.split("=", 1)
        for line in (tmp_path / ".env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert len(variables.pop("DJANGO_SECRET_KEY")) >= 50
    assert variables == {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsportal.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, bool(s.SECURE_CSP))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**clean_environment(), **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "False", "False", "0", "True"], result.stderr


def test_a_secret_key_starting_with_a_dollar_sign_is_taken_as_it_is():
    env = clean_environment(DJANGO_SECRET_KEY="$" + random_secret_key())
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr

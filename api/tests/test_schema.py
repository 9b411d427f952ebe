"""The API as its OpenAPI document describes it, tested by Schemathesis against a live server.

Schemathesis reads /api/v1/openapi.json and calls every operation with
generated parameters, valid and not (hostile strings, huge numbers, unknown
values), and checks every answer: never a 5xx, a status code, content type,
headers and body the document allows, and invalid input refused with a 4xx.
The run is bounded (MAX_EXAMPLES per operation) to stay within a couple of minutes.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .factories import make_world

MAX_EXAMPLES = 30
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
        "negative_data_rejection",
    ]
)


@pytest.mark.django_db(transaction=True)
def test_every_operation_conforms_to_the_openapi_document(live_server, tmp_path):
    make_world()
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            str(MAX_EXAMPLES),
            "--phases",
            "examples,coverage,fuzzing",
            "--no-shrink",
            "--seed",
            "20261202",
            "--generation-database",
            "none",
            "--request-timeout",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"},
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]

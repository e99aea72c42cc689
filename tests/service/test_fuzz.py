"""Property-based fuzzing of the OpenAPI schema: no generated input makes the service fail.

Schemathesis generates valid and invalid requests for every operation from /openapi.json and
checks each response: never a 5xx; status, content type and body as the schema documents; and
requests with a made-up key refused (the service runs with an API key, as in production).
Examples per operation are bounded so the whole run takes seconds.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from service.app import create_app
from service.settings import Settings
from tests.service.conftest import publish_version

EXAMPLES = 30
KEY = "fuzz-key"
OPERATIONS = [
    ("POST", "/v1/score"),
    ("POST", "/v1/score/batch"),
    ("GET", "/v1/model"),
    ("POST", "/v1/admin/reload"),
    ("POST", "/v1/feedback"),
    ("GET", "/v1/feedback"),
    ("DELETE", "/v1/feedback/{verdict_id}"),
    ("GET", "/health/live"),
    ("GET", "/health/ready"),
    ("GET", "/metrics"),
]


@pytest.fixture(scope="module")
def api_schema(tiny_artifact, tmp_path_factory):
    artifacts = tmp_path_factory.mktemp("fuzz-artifacts")
    publish_version(artifacts, tiny_artifact, "v1-fuzz")
    # Small limits let the fuzzer reach them; the schema states them, so it knows they exist.
    app = create_app(
        Settings(
            model_dir=artifacts / "current",
            api_keys=[KEY],
            access_log=False,
            max_headline_chars=300,
            max_body_chars=3000,
            max_batch_items=8,
        )
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_schema_lists_every_operation(api_schema):
    listed = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert listed == set(OPERATIONS)


# Invalid input only exists where there is input: the POST bodies.
CASES = [(method, path, GenerationMode.POSITIVE) for method, path in OPERATIONS] + [
    (method, path, GenerationMode.NEGATIVE) for method, path in OPERATIONS if method == "POST"
]


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_no_generated_request_gets_a_server_error_or_breaks_the_schema(
    api_schema, method, path, mode
):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"})

    check()

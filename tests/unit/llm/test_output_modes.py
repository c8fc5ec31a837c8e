"""The structured-output ladder: which step follows a refusal, and what a refusal looks like."""

from __future__ import annotations

from typing import Any

import httpx
import openai
import pytest

from iepgen.errors import ProviderRejected
from iepgen.llm.openai_compat import refuses_request_shape
from iepgen.llm.output_modes import OutputModes, Refusal, server_key


def modes(setting: Any = "auto") -> OutputModes:
    return OutputModes(
        setting, server="http://127.0.0.1:8080/v1", model="m", provider_label="The local AI server"
    )


def status_error(status: int, body: Any) -> openai.APIStatusError:
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx.Response(status, request=request)
    return openai.APIStatusError("refused", response=response, body=body)  # type: ignore[arg-type]


async def test_auto_walks_the_whole_ladder_one_refusal_at_a_time() -> None:
    ladder = modes()
    assert await ladder.current() == "json_schema_strict"
    assert await ladder.refused(Refusal("json_schema_strict", 400)) == "json_schema"
    assert await ladder.refused(Refusal("json_schema", 500)) == "json_object"
    assert await ladder.refused(Refusal("json_object", 422)) == "prompt"
    assert ladder.refusals == (
        "response_format json_schema (strict) refused with HTTP 400",
        "response_format json_schema refused with HTTP 500",
        "response_format json_object with a schema refused with HTTP 422",
    )
    with pytest.raises(ProviderRejected, match="refused every way"):
        await ladder.refused(Refusal("prompt", 400))


async def test_a_late_refusal_of_a_mode_already_left_changes_nothing() -> None:
    ladder = modes()
    await ladder.refused(Refusal("json_schema_strict", 400))
    # A second section was sent in strict mode before the first refusal came back.
    assert await ladder.refused(Refusal("json_schema_strict", 400)) == "json_schema"
    assert len(ladder.refusals) == 1


async def test_a_fixed_mode_that_is_refused_names_the_setting_to_change() -> None:
    fixed = modes("json_schema")
    assert await fixed.refused(Refusal("json_schema_strict", 500)) == "json_schema"
    with pytest.raises(ProviderRejected) as refused:
        await fixed.refused(Refusal("json_schema", 500))
    message = refused.value.message
    assert "OPENAI_STRUCTURED_OUTPUT=json_schema" in message
    assert "OPENAI_STRUCTURED_OUTPUT=auto" in message and "HTTP 500" in message


async def test_fixed_settings_start_where_they_say() -> None:
    assert await modes("json_object").current() == "json_object"
    assert await modes("prompt").current() == "prompt"


def test_llama_cpp_pythons_500_naming_response_format_is_a_refusal() -> None:
    body = {
        "message": "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
        "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}]",
        "type": "internal_server_error",
        "param": None,
        "code": None,
    }
    assert refuses_request_shape(status_error(500, body))


def test_vllm_style_400_and_fastapi_422_naming_the_parameter_are_refusals() -> None:
    assert refuses_request_shape(status_error(400, {"message": "json_schema is not supported"}))
    detail = {"detail": [{"loc": ["body", "response_format", "type"], "msg": "bad value"}]}
    assert refuses_request_shape(status_error(422, detail))
    assert refuses_request_shape(status_error(400, "Unknown field response_format"))


def test_outages_and_other_errors_are_not_refusals() -> None:
    assert not refuses_request_shape(status_error(500, {"message": "CUDA out of memory"}))
    assert not refuses_request_shape(status_error(503, {"message": "response_format busy"}))
    assert not refuses_request_shape(status_error(400, {"message": "context length exceeded"}))
    assert not refuses_request_shape(status_error(401, {"message": "bad key"}))
    assert not refuses_request_shape(status_error(500, "<html>Internal Server Error</html>"))


def test_the_server_key_keeps_no_credentials() -> None:
    assert server_key("http://user:secret@GPU-Box:8000/v1/?token=abc#x") == "http://gpu-box:8000/v1"
    assert server_key(None) == "https://api.openai.com/v1"

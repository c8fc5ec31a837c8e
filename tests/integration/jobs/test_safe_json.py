"""The seed's "safe JSON": every response model of the app survives our one response class.

For each model any route declares (response_model or `responses={...: {"model": ...}}`),
its documented examples and values generated from its JSON schema are dumped the way
FastAPI dumps a response (`model_dump(mode="json")` through `ORJSONResponse`), parsed back
with `model_validate_json`, and compared with the original.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import hypothesis.strategies as st
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from hypothesis import HealthCheck, given, reject, settings
from pydantic import BaseModel, ValidationError

from iepgen.api.responses import ORJSONResponse
from iepgen.app import create_app
from iepgen.db import Database
from iepgen.jobs.schemas import JobOut
from tests.conftest import make_settings
from tests.factories import make_user

INT64 = 2**63 - 1
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
AWARE_DATETIMES = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1)
).flatmap(
    lambda moment: st.sampled_from(
        [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-7, minutes=-30))]
    ).map(lambda zone: moment.replace(tzinfo=zone))
)


def _response_models() -> list[type[BaseModel]]:
    app = create_app(make_settings("sqlite+aiosqlite:///:memory:"))
    models: dict[str, type[BaseModel]] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute):
            continue
        candidates = [route.response_model]
        candidates += [answer.get("model") for answer in route.responses.values()]
        for model in candidates:
            if isinstance(model, type) and issubclass(model, BaseModel):
                models[f"{model.__module__}.{model.__qualname__}"] = model
    return [models[name] for name in sorted(models)]


RESPONSE_MODELS = _response_models()


class SchemaStrategies:
    """Values matching a JSON schema: enough of the vocabulary Pydantic emits."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.definitions: dict[str, Any] = schema.get("$defs", {})
        self.root = schema
        self._refs: dict[str, st.SearchStrategy[Any]] = {}

    def of(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in self._refs:
                self._refs[name] = st.deferred(lambda: self.of(self.definitions[name]))
            return self._refs[name]
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return st.one_of([self.of(option) for option in schema[key]])
        if "allOf" in schema:
            return self.of(schema["allOf"][0])
        kind = schema.get("type")
        if isinstance(kind, list):
            return st.one_of([self.of({**schema, "type": one}) for one in kind])
        builders = {
            "string": self._string,
            "integer": self._integer,
            "number": self._number,
            "boolean": lambda _s: st.booleans(),
            "null": lambda _s: st.none(),
            "array": self._array,
            "object": self._object,
        }
        return builders[kind](schema) if kind in builders else JSON_VALUES

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        match schema.get("format"):
            case "date-time":
                return AWARE_DATETIMES.map(datetime.isoformat)
            case "date":
                return st.dates().map(lambda day: day.isoformat())
            case "uuid":
                return st.uuids().map(str)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True)
        low = schema.get("minLength", 0)
        return st.text(min_size=low, max_size=min(schema.get("maxLength", low + 40), low + 40))

    def _integer(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        low = schema.get("minimum", schema.get("exclusiveMinimum", -INT64 - 1) + 1)
        high = schema.get("maximum", schema.get("exclusiveMaximum", INT64 + 1) - 1)
        return st.integers(max(low, -INT64), min(high, INT64))

    def _number(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        return st.floats(
            min_value=schema.get("minimum"),
            max_value=schema.get("maximum"),
            allow_nan=False,
            allow_infinity=False,
        )

    def _array(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        low = schema.get("minItems", 0)
        return st.lists(
            self.of(schema.get("items", {})),
            min_size=low,
            max_size=min(schema.get("maxItems", low + 3), low + 3),
        )

    def _object(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        properties = schema.get("properties", {})
        if not properties:
            extra = schema.get("additionalProperties", True)
            values = self.of(extra) if isinstance(extra, dict) else JSON_VALUES
            return st.dictionaries(st.text(max_size=10), values, max_size=3)
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {name: self.of(sub) for name, sub in properties.items() if name in required},
            optional={
                name: self.of(sub) for name, sub in properties.items() if name not in required
            },
        )


def _round_trip(model: type[BaseModel], instance: BaseModel) -> bytes:
    body = ORJSONResponse(instance.model_dump(mode="json", by_alias=True)).body
    again = model.model_validate_json(body)
    assert again == instance, (model.__name__, body)
    assert ORJSONResponse(again.model_dump(mode="json", by_alias=True)).body == body
    return bytes(body)


def test_the_app_declares_its_response_models() -> None:
    names = {model.__name__ for model in RESPONSE_MODELS}
    assert {"JobOut", "JobPage", "HealthOut", "QueueStatsOut", "CleanupOut"} <= names


@pytest.mark.parametrize("model", RESPONSE_MODELS, ids=lambda model: model.__name__)
def test_documented_examples_round_trip(model: type[BaseModel]) -> None:
    extra = model.model_config.get("json_schema_extra")
    examples = extra.get("examples", []) if isinstance(extra, dict) else []
    for example in examples:
        _round_trip(model, model.model_validate(example))


@pytest.mark.parametrize("model", RESPONSE_MODELS, ids=lambda model: model.__name__)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_generated_values_round_trip(model: type[BaseModel], data: st.DataObject) -> None:
    schema = model.model_json_schema(mode="serialization")
    value = data.draw(SchemaStrategies(schema).of(schema))
    try:
        instance = model.model_validate(value)
    except ValidationError:
        reject()
    _round_trip(model, instance)


JOB_EXAMPLE: dict[str, Any] = JobOut.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]


@settings(max_examples=25, deadline=None)
@given(moment=AWARE_DATETIMES)
def test_job_datetimes_are_always_utc(moment: datetime) -> None:
    job = JobOut.model_validate({**JOB_EXAMPLE, "created_at": moment.isoformat()})
    _round_trip(JobOut, job)
    stamp = job.model_dump(mode="json")["created_at"]
    assert stamp.endswith(("Z", "+00:00")) and datetime.fromisoformat(stamp) == moment


def test_a_naive_datetime_never_reaches_a_job_body() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        JobOut.model_validate({**JOB_EXAMPLE, "created_at": "2026-03-01T14:05:00"})


async def test_responses_are_rendered_by_the_one_response_class(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[Any] = []
    original = ORJSONResponse.render

    def counting(self: ORJSONResponse, content: Any) -> bytes:
        rendered.append(content)
        return original(self, content)

    monkeypatch.setattr(ORJSONResponse, "render", counting)
    teacher = await make_user(database)
    health = await client.get("/api/v1/jobs/health")
    jobs = await client.get("/api/v1/jobs", headers=teacher.headers)
    missing = await client.get("/api/v1/jobs/nope", headers=teacher.headers)
    assert [health.status_code, jobs.status_code, missing.status_code] == [200, 200, 404]
    assert len(rendered) == 3
    assert rendered[1] == {"items": [], "total": 0, "limit": 50, "offset": 0}

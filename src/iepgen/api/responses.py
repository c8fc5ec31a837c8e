"""The one JSON response class: orjson, timezone-aware UTC datetimes, UTF-8."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse

ORJSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC | orjson.OPT_NON_STR_KEYS


def dumps(content: Any) -> bytes:
    return orjson.dumps(content, option=ORJSON_OPTIONS)


class ORJSONResponse(JSONResponse):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)

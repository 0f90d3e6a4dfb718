"""JSON out with orjson: several times faster than the standard library encoder."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse

JSON_MEDIA_TYPE = "application/json"


def dump_json(content: Any) -> bytes:
    return orjson.dumps(content)


class OrjsonResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)

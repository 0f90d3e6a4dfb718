"""Keyset pagination on (created_at, id), newest first, with an opaque cursor.

Every list uses this, so page 10,000 costs what page 1 costs: the cursor carries the last row's
sort key and the next page starts right after it on the index.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa

from .errors import ApiError


def encode_cursor(created_at: datetime, row_id: Any) -> str:
    raw = orjson.dumps([created_at.isoformat(), str(row_id)])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, row_id = orjson.loads(raw)
        return datetime.fromisoformat(created_at), str(row_id)
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise malformed_cursor() from None


def malformed_cursor() -> ApiError:
    return ApiError(
        422,
        "VALIDATION",
        "`cursor` is not a cursor this API issued; pass `nextCursor` from a previous page.",
        {"issues": [{"path": "cursor", "message": "malformed cursor", "code": "invalid"}]},
    )


def keyset_page(
    query: sa.Select,
    created_col: sa.Column,
    id_col: sa.Column,
    cursor: str | None,
    limit: int,
    parse_id=lambda value: value,
) -> sa.Select:
    """Order newest first and start after the cursor; fetches one extra row to detect the end."""
    if cursor is not None:
        created_at, row_id = decode_cursor(cursor)
        try:
            parsed_id = parse_id(row_id)
        except ValueError:
            raise malformed_cursor() from None
        query = query.where(sa.tuple_(created_col, id_col) < sa.tuple_(created_at, parsed_id))
    return query.order_by(created_col.desc(), id_col.desc()).limit(limit + 1)


def page_of(rows: Sequence[Any], limit: int, created_of, id_of) -> tuple[Sequence[Any], str | None]:
    """Split the ``limit + 1`` fetched rows into the page and the cursor of the next one."""
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    last = page[-1]
    return page, encode_cursor(created_of(last), id_of(last))

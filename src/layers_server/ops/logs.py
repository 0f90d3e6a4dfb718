"""Logging: one JSON object per line for machines, readable lines on a terminal.

Every record emitted while a request is being served carries that request's id (``request_id``),
so one grep finds everything a request caused. The id lives in a context variable
(kit/log_context.py), bound by the request middleware and, while a job runs, by the worker.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import IO

import orjson

from ..kit.log_context import ACCESS_LOGGER, request_id_var
from ..settings import Settings

# LogRecord attributes that are not "extra" fields. `color_message` is uvicorn's ANSI-coloured
# duplicate of its message: noise in both formats.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}

# Loggers that print every SQL statement with its parameters at DEBUG (aiosqlite logs each call
# with its arguments): partners' data — emails, metadata — would land in the log. SQLAlchemy
# keeps its own engine loggers at WARNING by default. They never go below INFO, whatever
# LAYERS_LOG_LEVEL says.
_PARAMETER_LOGGERS = ("aiosqlite",)


class RequestIdFilter(logging.Filter):
    """Adds the bound request id to records that do not name one themselves.

    Installed on handlers, not loggers: a logger's filters see only records logged on that very
    logger, a handler's see every record that reaches it, third-party loggers' included.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            request_id = request_id_var.get()
            if request_id is not None:
                record.request_id = request_id
        return True


def _extras(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD}


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "event", …extras, "exc"?}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(_extras(record))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: an extra of any type (a UUID, an exception) must never break a log line.
        return orjson.dumps(entry, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


class ConsoleFormatter(logging.Formatter):
    """``12:00:01.123 INFO    layers.access  POST /v1/projects 201 4.1ms  request_id=…``"""

    def format(self, record: logging.LogRecord) -> str:
        extras = _extras(record)
        if record.name == ACCESS_LOGGER and "status" in extras:
            message = "{} {} {} {}ms".format(
                extras.pop("method", "?"),
                extras.pop("route", "?"),
                extras.pop("status"),
                extras.pop("duration_ms", "?"),
            )
        else:
            message = record.getMessage()
        stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S.%f")[:-3]
        line = f"{stamp} {record.levelname:<7} {record.name}  {message}"
        fields = " ".join(f"{k}={v}" for k, v in extras.items() if v is not None)
        if fields:
            line = f"{line}  {fields}"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def configure_logging(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """Send every log record to ``stream`` (stderr) in the configured format.

    Returns the handler (tests capture logs through it)."""
    stream = stream or sys.stderr
    use_json = settings.log_format == "json" or (
        settings.log_format == "auto" and not stream.isatty()
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if use_json else ConsoleFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for name in _PARAMETER_LOGGERS:
        logging.getLogger(name).setLevel(max(root.level, logging.INFO))
    return handler

"""The delivery scenario's webhook receiver: a bare ASGI app on uvicorn (uvloop, httptools) that
answers every POST 200 and remembers, for each event id, when it first arrived and the
``createdAt`` its payload carries (``time.time()`` and the server's clock: the same machine's).
``GET /stats`` returns them; ``POST /reset`` forgets.

Run as ``python -m bench.receiver PORT`` (a process of its own, so that receiving competes with
the workers for the CPUs only as a real receiver on the same machine would).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime

import uvicorn

# event id → [first arrival, the event's createdAt], both Unix seconds.
first_arrival: dict[str, list[float]] = {}
requests = 0


async def app(scope, receive, send) -> None:
    global requests
    if scope["type"] != "http":
        return
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    path, method = scope["path"], scope["method"]
    body = b"ok"
    if method == "POST" and path == "/hook":
        requests += 1
        headers = dict(scope["headers"])
        event_id = headers.get(b"x-layers-event-id", b"").decode()
        if event_id not in first_arrival:
            created = datetime.fromisoformat(json.loads(b"".join(chunks))["createdAt"])
            first_arrival[event_id] = [time.time(), created.timestamp()]
    elif path == "/stats":
        body = json.dumps({"requests": requests, "firstArrival": first_arrival}).encode()
    elif method == "POST" and path == "/reset":
        first_arrival.clear()
        requests = 0
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


if __name__ == "__main__":
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
    )

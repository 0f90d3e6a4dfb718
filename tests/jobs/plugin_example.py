"""A job plugin as an operator would write one: a module with its `KINDS`."""

from layers_server.jobs.registry import JobKind


async def say_hello(ctx) -> dict:
    return {"hello": ctx.payload.get("name", "world")}


KINDS = (JobKind("test_plugin_hello", say_hello),)

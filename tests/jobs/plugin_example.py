"""A job plugin as an operator would write one: importing it registers a kind."""

from layers_server.jobs import registry


async def say_hello(ctx) -> dict:
    return {"hello": ctx.payload.get("name", "world")}


registry.register("test_plugin_hello", say_hello)

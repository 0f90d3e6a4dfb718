"""A Model Context Protocol server for the Layers Partner API, over the Python SDK.

>>> from layers import AsyncLayers
>>> from layers_mcp import build_server
>>> server = build_server(AsyncLayers())  # an mcp.server.Server; ``layers-mcp`` runs one
"""

from ._version import __version__
from .catalog import RESOURCES, TOOLS, ProjectResource, Tool
from .server import build_server

__all__ = ["RESOURCES", "TOOLS", "ProjectResource", "Tool", "__version__", "build_server"]

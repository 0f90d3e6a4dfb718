# One command to run the server, one to run the tests; both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint bench openapi

$(BIN)/.installed: pyproject.toml sdk/python/pyproject.toml sdk/mcp/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' -e ./sdk/python -e ./sdk/mcp
	touch $@

serve: $(BIN)/.installed  ## run the API on SQLite at 127.0.0.1:8000 with an in-process worker
	$(BIN)/layers-server serve

test: $(BIN)/.installed lint  ## lint, then the server suite (SQLite, PostgreSQL, Redis legs), then the SDKs' and the MCP server's
	$(BIN)/pytest
	$(BIN)/pytest sdk/python/tests
	$(BIN)/pytest sdk/mcp/tests
	sdk/typescript/scripts/test-leg

openapi: $(BIN)/.installed  ## regenerate docs/openapi.json after a change to the API's routes or models
	$(BIN)/layers-server openapi --output docs/openapi.json

bench: $(BIN)/.installed  ## benchmark against a bare baseline in the same run (bench/README.md)
	bench/run $(BENCH_ARGS)

# Every static check, one command a line; each fails the build.
lint: $(BIN)/.installed  ## ruff (lint + format), mypy (strict on the SDK and the MCP server), the import contracts
	$(BIN)/ruff check src sdk tests bench
	$(BIN)/ruff format --check src sdk tests bench
	$(BIN)/mypy --config-file sdk/python/pyproject.toml sdk/python/src/layers
	$(BIN)/mypy --config-file sdk/mcp/pyproject.toml sdk/mcp/src/layers_mcp
	$(BIN)/mypy
	$(BIN)/lint-imports

"""The benchmark harness: run it with ``bench/run`` (see bench/README.md)."""

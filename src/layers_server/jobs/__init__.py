"""Durable background jobs: the public job record, the kind registry and the worker."""

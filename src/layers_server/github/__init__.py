"""GitHub ingestion (docs/api/github.md): the App installation, repository analysis and the
brand-context pull request."""

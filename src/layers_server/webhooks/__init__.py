"""Webhooks (docs/api/webhooks.md): endpoints, the transactional outbox every domain writes its
events to, signing, and the delivery worker."""

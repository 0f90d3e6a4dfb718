"""The API key format ``lp_<env>_<keyId>_<secret>``: minting, parsing, hashing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_ID_LENGTH = 16
SECRET_LENGTH = 43
ENVS = ("live", "test")

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = str.maketrans(_B32, _CROCKFORD)
_CROCKFORD_SET = frozenset(_CROCKFORD)
_SECRET_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class ParsedKey:
    env: str
    key_id: str
    secret: str


def new_key_id() -> str:
    """16 characters of Crockford base32 (80 random bits): public, safe to log."""
    return base64.b32encode(secrets.token_bytes(10)).decode().translate(_TO_CROCKFORD)


def new_secret() -> str:
    """43 characters of base64url: 32 random bytes, shown to the caller exactly once."""
    return secrets.token_urlsafe(32)


def format_key(env: str, key_id: str, secret: str) -> str:
    return f"lp_{env}_{key_id}_{secret}"


def key_prefix(env: str, key_id: str) -> str:
    """The non-secret part of a key, shown in key records so people can recognise it."""
    return f"lp_{env}_{key_id}"


def parse_key(raw: str) -> ParsedKey | None:
    # The secret may itself contain '_', so split only the three leading separators.
    parts = raw.split("_", 3)
    if len(parts) != 4 or parts[0] != "lp" or parts[1] not in ENVS:
        return None
    _, env, key_id, secret = parts
    if len(key_id) != KEY_ID_LENGTH or not _CROCKFORD_SET.issuperset(key_id):
        return None
    if len(secret) != SECRET_LENGTH or not _SECRET_CHARS.issuperset(secret):
        return None
    return ParsedKey(env, key_id, secret)


def hash_secret(secret: str) -> bytes:
    # The secret carries 256 random bits, so a fast hash is safe here: there is nothing for a
    # slow password hash to protect against, and every request pays for this call.
    return hashlib.sha256(secret.encode()).digest()


def secret_matches(secret: str, stored_hash: bytes) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)

"""Taking an API key apart by its documented layout: lp_<env>_<16-char keyId>_<43-char secret>.

The secret is base64url, whose alphabet includes `_`: about every second secret holds one
(1 - (63/64)**42), and `key.split("_")[3]` is then only the fragment before it — sometimes a
character or two, or empty — which an assertion like "the secret is not in this answer" finds
in any answer. So keys are taken apart by the layout, never by splitting on `_`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEY_LAYOUT = re.compile(
    r"lp_(?P<env>live|test)_(?P<key_id>[0-9A-HJKMNP-TV-Z]{16})_(?P<secret>[A-Za-z0-9_-]{43})"
)


@dataclass(frozen=True)
class KeyParts:
    env: str
    key_id: str
    secret: str


def key_parts(key: str) -> KeyParts:
    match = KEY_LAYOUT.fullmatch(key)
    assert match, f"not an API key of the documented layout (starts {key[:8]!r})"
    return KeyParts(**match.groupdict())

"""What a test key's GitHub ingestion answers (docs/api/sandbox.md): derived from the request
alone, byte for byte the same for the same request, the fake pull request marked ``sandbox:
true``. No repository is read and GitHub is never called, so the brand context says only what
the request says (`ingest.sandbox.repository_findings`)."""

from __future__ import annotations

import difflib
import hashlib
import json
from typing import Any

from ..ingest.sandbox import repository_findings
from .patch import BRANCH, CONFIG_FILE, sdk_packages
from .schemas import PLATFORMS, platform_order

# The platforms a sandbox repository "has" when the request names none: a React Native app.
DEFAULT_PLATFORMS = ("ios", "android", "react-native")


def sandbox_result(payload: dict[str, Any], *, project_id: str, web_url: str) -> dict[str, Any]:
    full_name = payload["repoFullName"]
    request = {k: v for k, v in sorted(payload.items()) if k != "installationId"}
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
    brand = repository_findings(full_name)
    app_name = brand["appName"]
    sdk_config = payload.get("sdkConfig") or {}
    platforms = platform_order(payload.get("platforms") or DEFAULT_PLATFORMS)
    patched = [p for p in platforms if p in set(sdk_config.get("includePlatforms") or PLATFORMS)]
    packages = sdk_packages()
    javascript = next((p for p in packages["order"] if p in patched), None)
    config = {
        "projectId": project_id,
        "appName": sdk_config.get("appName") or app_name,
        "platforms": patched,
        "eventAllowlist": sdk_config.get("eventAllowlist"),
    }
    content = json.dumps(config, indent=2) + "\n"
    diff = "".join(
        difflib.unified_diff([], content.splitlines(keepends=True), "/dev/null", f"b/{CONFIG_FILE}")
    )
    commit = digest[:40] if patched else None
    pull = None
    if payload["openPR"] and patched:
        number = 1 + int(digest[40:48], 16) % 9000
        pull = {
            "number": number,
            "url": f"{web_url.rstrip('/')}/{full_name}/pull/{number}",
            "reused": False,
            "sandbox": True,
        }
    return {
        "repoFullName": full_name,
        "branch": BRANCH if patched else None,
        "baseBranch": payload.get("branch") or "main",
        "commitSha": commit,
        "platforms": platforms,
        "apps": [
            {
                "path": "",
                "platforms": patched,
                "configFile": CONFIG_FILE,
                "sdkPackage": packages["packages"][javascript]["name"] if javascript else None,
                "note": None,
            }
        ]
        if patched
        else [],
        "pullRequest": pull,
        "patch": None if pull else (diff or None),
        "brandContext": brand,
        "notes": ["Sandbox: a test key's ingestion reads no repository and calls no GitHub API."],
        "skipped": [],
        "sandbox": True,
    }

"""The setup patch: a ``layers.config.json`` beside each app, the JavaScript SDK in its
``package.json``, and the pull request's description. Pure functions of the analysis."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .analysis import Analysis
from .schemas import platform_order

BRANCH = "layers/sdk-setup"
CONFIG_FILE = "layers.config.json"
COMMIT_MESSAGE = "chore: set up the Layers SDK\n\nAdded by the Layers GitHub App.\n"
NATIVE = ("ios", "android", "flutter")
_INDENT = re.compile(r"^\{\r?\n([ \t]+)\S")


@cache
def sdk_packages() -> dict[str, Any]:
    path = Path(__file__).parent / "data" / "sdk_packages.json"
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class AppPatch:
    path: str  # the app's folder, "" for the repository root
    platforms: list[str]
    config_file: str
    sdk_package: str | None
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "platforms": self.platforms,
            "configFile": self.config_file,
            "sdkPackage": self.sdk_package,
            "note": self.note,
        }


@dataclass
class Patch:
    files: dict[str, bytes] = field(default_factory=dict)
    apps: list[AppPatch] = field(default_factory=list)


def plan_patch(
    analysis: Analysis,
    *,
    project_id: str,
    app_name: str | None,
    platforms: set[str],
    event_allowlist: list[str] | None,
) -> Patch:
    """The files to write for every app with a platform in ``platforms``."""
    packages = sdk_packages()
    patch = Patch()
    for app in analysis.apps:
        chosen = platform_order(app.platforms & platforms)
        if not chosen:
            continue
        config_path = posixpath.join(app.root, CONFIG_FILE)
        config = {
            "projectId": project_id,
            "appName": app_name,
            "platforms": chosen,
            "eventAllowlist": event_allowlist,
        }
        patch.files[config_path] = (
            json.dumps(config, indent=2, ensure_ascii=False) + "\n"
        ).encode()
        javascript = next((p for p in packages["order"] if p in chosen), None)
        sdk, note = None, None
        if javascript is not None and app.package_json in analysis.files:
            package = packages["packages"][javascript]
            sdk = package["name"]
            edited = add_dependency(analysis.files[app.package_json], sdk, package["version"])
            if edited is not None:
                patch.files[app.package_json] = edited
            else:
                note = f"{app.package_json} already depends on {sdk}."
        elif any(p in NATIVE for p in chosen):
            native = ", ".join(p for p in chosen if p in NATIVE)
            note = (
                f"Native platforms ({native}) get the configuration file only: add the Layers "
                "SDK for them with the platform's package manager."
            )
        patch.apps.append(AppPatch(app.root, chosen, config_path, sdk, note))
    return patch


def add_dependency(package_json: bytes, name: str, version: str) -> bytes | None:
    """``package_json`` with ``name`` added to its dependencies, written the way npm writes it
    (the file's own indentation and line endings, dependencies sorted if they were); None if
    the package already depends on it or the file is not a JSON object."""
    try:
        text = package_json.decode("utf-8-sig")
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(document, dict):
        return None
    for section in ("dependencies", "devDependencies", "peerDependencies"):
        if isinstance(document.get(section), dict) and name in document[section]:
            return None
    dependencies = document.get("dependencies")
    if not isinstance(dependencies, dict):
        dependencies = document["dependencies"] = {}
    was_sorted = list(dependencies) == sorted(dependencies)
    dependencies[name] = version
    if was_sorted:
        document["dependencies"] = dict(sorted(dependencies.items()))
    match = _INDENT.match(text)
    indent = match.group(1) if match else "  "
    newline = "\r\n" if "\r\n" in text else "\n"
    out = json.dumps(document, indent=indent, ensure_ascii=False).replace("\n", newline)
    if text.endswith("\n"):
        out += newline
    return out.encode()


# --- the pull request ------------------------------------------------------------------------

_BRAND_LINES = (
    ("appName", "App name"),
    ("tagline", "Tagline"),
    ("appDescription", "Description"),
    ("audience", "Audience"),
    ("brandVoice", "Brand voice"),
    ("primaryLanguage", "Language"),
)


def pull_request_body(
    brand: dict[str, Any], analysis: Analysis, patch: Patch, extra: str | None
) -> str:
    """The brand context learned, as Markdown, then what changed, then the partner's text."""
    lines = ["This pull request sets the app up with the Layers SDK.", ""]
    lines += ["### What Layers learned from this repository", ""]
    for key, label in _BRAND_LINES:
        if brand.get(key):
            lines.append(f"- **{label}:** {_inline(brand[key])}")
    if brand.get("keywords"):
        lines.append(f"- **Keywords:** {_inline(', '.join(brand['keywords']))}")
    if analysis.platforms:
        lines.append(f"- **Platforms:** {', '.join(analysis.platforms)}")
    for value, label in (
        (analysis.ios_bundle_id, "iOS bundle id"),
        (analysis.android_package, "Android package"),
        (analysis.web_domain, "Web domain"),
    ):
        if value:
            lines.append(f"- **{label}:** `{value}`")
    lines += ["", "### Changes", ""]
    for app in patch.apps:
        where = f"`{app.path}/`" if app.path else "the repository root"
        change = f"- {where}: `{CONFIG_FILE}` for {', '.join(app.platforms)}"
        if app.sdk_package:
            change += f"; `{app.sdk_package}` in `package.json`"
        lines.append(change)
        if app.note:
            lines.append(f"  - {app.note}")
    if extra:
        lines += ["", extra]
    return "\n".join(lines) + "\n"


def _inline(value: Any) -> str:
    # One line, no HTML: learned text comes from the repository and is shown as plain prose.
    return " ".join(str(value).split()).replace("<", "&lt;")

"""What a repository says about its app, read from its files; none of them is ever run.

Only manifests and READMEs are read (`is_candidate`), each at most `MAX_FILE_BYTES`, a few hundred
at most, never below dependency, build or example folders. Everything here is a pure function of
those file contents, so it is deterministic and cannot touch anything outside them.

An *app* is a folder the markers point at ("" is the repository root):
- ``package.json`` depending on ``expo`` → expo, on ``react-native`` → react-native, on a web
  framework (``next``, ``vite``, ``react-dom``, …) → web;
- ``pubspec.yaml`` depending on Flutter → flutter;
- an Xcode project or a ``Podfile`` → ios, and a Gradle module applying the Android application
  plugin (or its ``AndroidManifest.xml``) → android. Native folders named ``ios``/``android``
  belong to the app in the folder above them (React Native, Flutter and Expo layouts).
A monorepo may hold several apps (``apps/mobile``, ``apps/web``); the brand comes from the
primary one: a mobile app before a web one, the shallowest first.
"""

from __future__ import annotations

import json
import plistlib
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markdown_it import MarkdownIt

from ..brand.text import detect_language, infer_audience, site_keyphrases
from ..ingest.website import infer_voice
from .schemas import platform_order

MAX_FILE_BYTES = 1024 * 1024
MAX_FILES_READ = 400
MAX_DEPTH = 8
MAX_TREE_ENTRIES = 250_000

MOBILE = frozenset({"ios", "android", "react-native", "flutter", "expo"})
WEB_DEPENDENCIES = frozenset(
    "next vite react-dom react-scripts gatsby @remix-run/react nuxt vue @angular/core svelte "
    "@sveltejs/kit astro solid-js preact".split()
)
# Folders that hold other people's code, build output or examples of a library, not the app.
SKIPPED_DIRS = frozenset(
    "node_modules .git Pods Carthage vendor build dist out .next .expo .gradle DerivedData "
    ".dart_tool third_party bower_components .venv venv __pycache__ .yarn target example examples "
    "sample samples demo demos test tests __tests__ e2e fixtures".split()
)
MANIFESTS = frozenset(
    "package.json app.json pubspec.yaml Podfile project.pbxproj Info.plist AndroidManifest.xml "
    "build.gradle build.gradle.kts strings.xml CNAME".split()
)
_README = re.compile(r"readme(\.(md|markdown|mdown|txt|rst))?", re.I)
_IOS_BUNDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,154}$")
_ANDROID_PACKAGE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")
_PBX_BUNDLE = re.compile(r"PRODUCT_BUNDLE_IDENTIFIER\s*=\s*\"?([^\";\s]+)\"?\s*;")
_GRADLE_ANDROID_APP = re.compile(r"com\.android\.application|android\.application")
_GRADLE_ID = re.compile(r"\bapplicationId\s*(?:=\s*)?[\"']([\w.]+)[\"']")
_GRADLE_NAMESPACE = re.compile(r"\bnamespace\s*(?:=\s*)?[\"']([\w.]+)[\"']")
_ANDROID_NS = "{http://schemas.android.com/apk/res/android}"


def is_candidate(path: str) -> bool:
    """Whether the analysis reads ``path`` (decided from the path alone, during the listing)."""
    parts = path.split("/")
    if len(parts) > MAX_DEPTH or any(part in SKIPPED_DIRS for part in parts[:-1]):
        return False
    name = parts[-1]
    if name in MANIFESTS:
        if name == "project.pbxproj":
            return len(parts) > 1 and parts[-2].endswith(".xcodeproj")
        if name == "strings.xml":
            return path.endswith("src/main/res/values/strings.xml")
        return True
    return bool(_README.fullmatch(name))


@dataclass(frozen=True)
class RepoFacts:
    """What GitHub says about the repository (empty in the sandbox)."""

    full_name: str
    description: str | None = None
    homepage: str | None = None
    topics: tuple[str, ...] = ()
    html_url: str | None = None
    private: bool = True


@dataclass
class App:
    root: str
    platforms: set[str] = field(default_factory=set)
    package_json: str | None = None
    descriptions: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    ios_bundle_id: str | None = None
    android_package: str | None = None
    web_domain: str | None = None
    icon: str | None = None
    _ranked: dict[str, list[tuple[int, str]]] = field(default_factory=dict, repr=False)

    def offer(self, slot: str, rank: int, value: Any) -> None:
        if isinstance(value, str) and value.strip() and "$(" not in value:
            self._ranked.setdefault(slot, []).append((rank, " ".join(value.split())))

    def ranked(self, slot: str) -> list[tuple[int, str]]:
        return sorted(self._ranked.get(slot, []), key=lambda item: item[0])

    def all(self, slot: str) -> list[str]:
        return [value for _, value in self.ranked(slot)]

    def best(self, slot: str) -> str | None:
        return next(iter(self.all(slot)), None)

    @property
    def depth(self) -> int:
        return 0 if not self.root else self.root.count("/") + 1


@dataclass
class Analysis:
    apps: list[App]
    platforms: list[str]
    brand: dict[str, Any]
    ios_bundle_id: str | None
    android_package: str | None
    web_domain: str | None
    files: dict[str, bytes]  # what was read, for the patch


# --- entry point ---------------------------------------------------------------------------------


def analyze(files: dict[str, bytes], repo: RepoFacts, *, commit: str | None = None) -> Analysis:
    apps: dict[str, App] = {}

    def app(root: str) -> App:
        return apps.setdefault(root, App(root))

    # Markers first (they make the apps); then the files that describe an app found by them.
    described: list[tuple[str, str, bytes]] = []
    readmes: dict[str, str] = {}
    for path in sorted(files):
        data = files[path]
        folder, name = posixpath.split(path)
        if name == "package.json":
            _read_package_json(folder, path, data, app)
        elif name == "pubspec.yaml":
            _read_pubspec(folder, data, app)
        elif name == "project.pbxproj":
            _read_pbxproj(posixpath.dirname(folder), data, app)
        elif name == "Podfile":
            app(_native_root(folder, "ios")).platforms.add("ios")
        elif name in ("build.gradle", "build.gradle.kts"):
            _read_gradle(folder, data, app)
        elif name == "AndroidManifest.xml":
            _read_manifest(folder, data, app)
        elif _README.fullmatch(name):
            readmes[folder] = data.decode("utf-8", "replace")
        else:
            described.append((folder, name, data))
    for folder, name, data in sorted(described, key=lambda item: item[0].count("/")):
        _describe(apps, folder, name, data)

    found = [a for a in apps.values() if a.platforms]
    for each in found:
        _settle(each)
    found.sort(key=lambda a: (not (a.platforms & MOBILE), a.depth, a.root))
    primary = found[0] if found else None
    readme = _parse_readme(readmes.get(primary.root if primary else "") or readmes.get(""))
    platforms = platform_order(set().union(*(a.platforms for a in found))) if found else []
    web_domain = next((a.web_domain for a in found if a.web_domain), None)
    if web_domain is None and "web" in platforms:
        web_domain = _domain(repo.homepage)
    return Analysis(
        apps=found,
        platforms=platforms,
        brand=_brand(primary, readme, repo, commit),
        ios_bundle_id=next((a.ios_bundle_id for a in found if a.ios_bundle_id), None),
        android_package=next((a.android_package for a in found if a.android_package), None),
        web_domain=web_domain,
        files=files,
    )


def _describe(apps: dict[str, App], folder: str, name: str, data: bytes) -> None:
    """A file that says more about an app its markers found (names, ids, domains)."""
    if name == "app.json":
        document = _json(data)
        if isinstance(document, dict) and folder in apps:
            _read_app_json(folder, document, apps[folder])
    elif name == "Info.plist":
        owner = _owner(apps, folder, "ios")
        facts = _plist(data)
        if owner is not None and facts is not None and not _is_extension(folder):
            owner.offer("name", 3, facts.get("CFBundleDisplayName"))
            owner.offer("name", 4, facts.get("CFBundleName"))
            owner.offer("ios", 2, facts.get("CFBundleIdentifier"))
    elif name == "strings.xml":
        owner = _owner(apps, folder, "android")
        if owner is not None:
            owner.offer("name", 2, _app_name_string(data))
    elif name == "CNAME":
        owner = _owner(apps, folder.removesuffix("public").rstrip("/"), "web")
        if owner is not None:
            owner.offer("domain", 2, _domain(data.decode("utf-8", "replace")))


# --- manifests ------------------------------------------------------------------------------


def _json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return None


def _read_package_json(folder: str, path: str, data: bytes, app) -> None:
    document = _json(data)
    if not isinstance(document, dict):
        return
    dependencies: set[str] = set()
    for key in ("dependencies", "devDependencies"):
        section = document.get(key)
        if isinstance(section, dict):
            dependencies |= set(section)
    platforms = set()
    if "expo" in dependencies:
        platforms.add("expo")
    if "react-native" in dependencies:
        platforms.add("react-native")
    if dependencies & WEB_DEPENDENCIES:
        platforms.add("web")
    if not platforms:
        return
    found = app(folder)
    found.platforms |= platforms
    found.package_json = path
    found.offer("name", 5, document.get("displayName"))
    found.offer("name", 5, document.get("productName"))
    found.offer("name", 8, _humanize(_package_name(document.get("name"))))
    found.offer("description", 2, document.get("description"))
    keywords = document.get("keywords")
    if isinstance(keywords, list):
        found.keywords += [k for k in keywords if isinstance(k, str)]
    homepage = document.get("homepage")
    if "web" in platforms:
        found.offer("domain", 1, _domain(homepage))


def _read_app_json(folder: str, document: dict[str, Any], owner: App) -> None:
    expo = document.get("expo")
    if isinstance(expo, dict):
        if "expo" not in owner.platforms:
            return  # an app.json without the expo dependency describes nothing we ship to
        owner.offer("name", 1, expo.get("name"))
        owner.offer("description", 1, expo.get("description"))
        ios, android = expo.get("ios"), expo.get("android")
        if isinstance(ios, dict):
            owner.offer("ios", 1, ios.get("bundleIdentifier"))
        if isinstance(android, dict):
            owner.offer("android", 1, android.get("package"))
        if isinstance(expo.get("icon"), str):
            owner.icon = posixpath.normpath(posixpath.join(folder, expo["icon"]))
    else:  # a bare React Native app.json: {name, displayName}
        owner.offer("name", 5, document.get("displayName"))


def _read_pubspec(folder: str, data: bytes, app) -> None:
    try:
        document = yaml.safe_load(data.decode("utf-8", "replace"))
    except yaml.YAMLError:
        return
    if not isinstance(document, dict):
        return
    dependencies = document.get("dependencies")
    flutter = isinstance(dependencies, dict) and "flutter" in dependencies
    if not flutter and not isinstance(document.get("flutter"), dict):
        return
    found = app(folder)
    found.platforms.add("flutter")
    found.offer("name", 7, _humanize(document.get("name")))
    found.offer("description", 3, document.get("description"))
    topics = document.get("topics")
    if isinstance(topics, list):
        found.keywords += [t for t in topics if isinstance(t, str)]


def _read_pbxproj(project_folder: str, data: bytes, app) -> None:
    found = app(_native_root(project_folder, "ios"))
    found.platforms.add("ios")
    for bundle in _PBX_BUNDLE.findall(data.decode("utf-8", "replace")):
        if not re.search(r"tests?$|\.watchkit|extension|widget", bundle, re.I):
            found.offer("ios", 3, bundle)


def _plist(data: bytes) -> dict[str, Any] | None:
    try:
        document = plistlib.loads(data)
    except Exception:  # plistlib raises several kinds for a malformed file
        return None
    return document if isinstance(document, dict) else None


def _is_extension(path: str) -> bool:
    return bool(re.search(r"tests?/|extension|widget|watch", path, re.I))


def _read_gradle(module: str, data: bytes, app) -> None:
    text = data.decode("utf-8", "replace")
    if not _GRADLE_ANDROID_APP.search(text):
        return
    found = app(_android_root(module))
    found.platforms.add("android")
    for rank, pattern in ((2, _GRADLE_ID), (3, _GRADLE_NAMESPACE)):
        match = pattern.search(text)
        if match:
            found.offer("android", rank, match.group(1))


def _read_manifest(folder: str, data: bytes, app) -> None:
    if not (folder == "src/main" or folder.endswith("/src/main")):
        return
    module = folder.removesuffix("src/main").rstrip("/")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return
    application = root.find("application")
    if application is None:
        return
    found = app(_android_root(module))
    found.platforms.add("android")
    found.offer("android", 4, root.get("package"))
    label = application.get(f"{_ANDROID_NS}label")
    if label and not label.startswith("@"):
        found.offer("name", 2, label)


def _app_name_string(data: bytes) -> str | None:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    for item in root.iter("string"):
        if item.get("name") == "app_name" and item.text:
            return item.text.strip().strip('"')
    return None


def _native_root(folder: str, platform_dir: str) -> str:
    return posixpath.dirname(folder) if posixpath.basename(folder) == platform_dir else folder


def _android_root(module: str) -> str:
    parent = posixpath.dirname(module)
    return posixpath.dirname(parent) if posixpath.basename(parent) == "android" else parent


def _owner(apps: dict[str, App], folder: str, platform: str) -> App | None:
    """The app a file in ``folder`` belongs to: the deepest app above it with ``platform``."""
    best = None
    for root, candidate in apps.items():
        inside = not root or folder == root or folder.startswith(root + "/")
        if (
            inside
            and platform in candidate.platforms
            and (best is None or len(root) > len(best.root))
        ):
            best = candidate
    return best


def _settle(app: App) -> None:
    """Pick each app's facts from what its files offered, best source first."""
    app.descriptions = app.all("description")
    app.ios_bundle_id = next((b for b in app.all("ios") if _IOS_BUNDLE.fullmatch(b)), None)
    app.android_package = next(
        (p for p in app.all("android") if _ANDROID_PACKAGE.fullmatch(p)), None
    )
    app.web_domain = app.best("domain") if "web" in app.platforms else None


def _package_name(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.rsplit("/", 1)[-1]  # "@acme/stride-web" → "stride-web"


def _humanize(value: Any) -> str | None:
    """``stride_app`` / ``stride-app`` → ``Stride App``."""
    if not isinstance(value, str) or not value.strip():
        return None
    words = re.split(r"[-_\s]+", value.strip())
    return " ".join(word[:1].upper() + word[1:] for word in words if word)


def _domain(value: Any) -> str | None:
    """The host of a homepage URL or a CNAME line, unless it is GitHub's or a local one."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().splitlines()[0].strip()
    host = urlsplit(value if "://" in value else f"https://{value}").hostname
    if host and "." in host and not host.endswith(("github.com", "localhost")):
        return host.lower().removeprefix("www.")
    return None


# --- README ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readme:
    title: str | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _parse_readme(markdown: str | None) -> Readme:
    """The title (first heading) and prose paragraphs of a README; badges, images, HTML and
    code are dropped."""
    if not markdown:
        return Readme(None, ())
    tokens = MarkdownIt("commonmark").parse(markdown)
    title = None
    paragraphs: list[str] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or index == 0:
            continue
        opener = tokens[index - 1]
        text = _inline_text(token)
        if not text:
            continue
        if opener.type == "heading_open" and title is None:
            title = text
        elif opener.type == "paragraph_open" and len(text.split()) >= 4:
            if not text.lower().startswith(_boilerplate()):
                paragraphs.append(text)
    return Readme(title, tuple(paragraphs))


@cache
def _boilerplate() -> tuple[str, ...]:
    lines = (Path(__file__).parent / "data" / "readme_boilerplate.txt").read_text("utf-8")
    return tuple(
        line.strip().lower()
        for line in lines.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


# --- brand -----------------------------------------------------------------------------------


def _brand(
    primary: App | None, readme: Readme, repo: RepoFacts, commit: str | None
) -> dict[str, Any]:
    title = readme.title
    # A README title ranks below the display names of manifests (1–5) and above names made
    # from package ids (7–8); the repository's name is the last resort.
    names: list[tuple[int, str | None]] = [*(primary.ranked("name") if primary else [])]
    names += [(6, _short_name(title)), (9, _humanize(repo.full_name.split("/")[-1]))]
    app_name = next(name for _, name in sorted(names, key=lambda item: item[0]) if name)

    manifest = list(primary.descriptions) if primary else []
    declared = [d for d in [*manifest, repo.description] if d]
    lead = _readme_lead(readme)
    description = next((d for d in declared if len(d) >= 100), None) or lead
    if description is None and declared:
        description = max(declared, key=len)
    # A tagline is a one-liner its authors wrote as one: a short repository or manifest
    # description (a README's first sentence rarely is).
    tagline = next(
        (t for t in [repo.description, *manifest] if t and len(t) <= 80 and t != description), None
    )

    explicit = [*(primary.keywords if primary else []), *repo.topics]
    text = " ".join(_as_sentence(t) for t in [description, *readme.paragraphs] if t)
    language = detect_language(readme.text) if len(readme.text.split()) >= 12 else None
    extracted = site_keyphrases(text, language=language) if text else []
    keywords = _dedupe(
        [k.replace("-", " ") if k in repo.topics else k for k in explicit] + extracted
    )[:15]
    voice, _signals = infer_voice(list(readme.paragraphs))
    high_signal = [t for t in (title, description, tagline) if t]
    logo = None
    if primary and primary.icon and not repo.private and repo.html_url and commit:
        logo = f"{repo.html_url}/raw/{commit}/{primary.icon}"
    return {
        "appName": app_name,
        "appDescription": description,
        "tagline": tagline,
        "audience": infer_audience(high_signal, list(readme.paragraphs)),
        "icp": None,
        "brandVoice": voice,
        "keywords": keywords,
        "primaryLanguage": language,
        "logoUrl": logo,
    }


def _short_name(title: str | None) -> str | None:
    if not title:
        return None
    head = re.split(r"\s+[—–:|-]\s+|: ", title, maxsplit=1)[0].strip()
    return head if 2 <= len(head) <= 30 else None


def _readme_lead(readme: Readme) -> str | None:
    """The README's opening prose, as much as makes a 100–1000 character description."""
    lead = ""
    for paragraph in readme.paragraphs[:4]:
        lead = f"{lead} {paragraph}".strip()
        if len(lead) >= 100:
            break
    return lead[:1000] or None


def _as_sentence(text: str) -> str:
    # Keyphrase windows must not run from one text into the next.
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(value.strip())
    return out

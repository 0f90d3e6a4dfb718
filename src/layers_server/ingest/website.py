"""Website ingestion: fetch a partner's site and distil it into a brandContext fragment.

Everything here is derived from what the pages say. A field nothing on the site supports is
``None`` (or empty), never a guess: partners build on this context, so an invented audience or
voice would be worse than none.

The module has three parts: ``analyze_html`` (one page to ``PageFacts``, pure and synchronous,
also used for Play listings), the crawler (``ingest_website``), and the merge that turns the
pages' facts into the fragment. Audience and keyphrases come from the brand engine's text
toolkit (:mod:`layers_server.brand.text`), the same one that writes hooks and hashtags.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from layers_server.brand.text import infer_audience, site_keyphrases
from layers_server.kit.fetch import FetchError, FetchPolicy, create_client, safe_fetch

ProgressCallback = Callable[[float, str], Awaitable[None]]

MAX_PAGES_LIMIT = 25  # the contract's ceiling for maxPages
TAGLINE_MAX = 80
DESCRIPTION_MAX = 1000  # the longest appDescription a project accepts
_PAGE_TEXT_MAX = 20_000  # visible text kept per page: enough for keywords, bounded CPU
_MAX_HEADINGS = 40
_MAX_JSON_LD_BLOCKS = 10
_MAX_JSON_LD_CHARS = 200_000

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|•)\s+")
_WHITESPACE = re.compile(r"\s+")
_BLOCK_TAGS = (
    "address, article, aside, blockquote, br, button, dd, details, div, dl, dt, figcaption, "
    "footer, form, h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, "
    "summary, table, td, th, tr, ul"
)
# Chrome that repeats on every page and says nothing about the brand.
_INVISIBLE_TAGS = "script, style, noscript, template, svg, iframe, nav, footer, head"
_SKIPPED_LINK_EXTENSIONS = frozenset(
    ".7z .apk .atom .avi .css .csv .dmg .doc .docx .exe .gif .gz .ico .ipa .jpeg .jpg .js "
    ".json .m4a .mov .mp3 .mp4 .pdf .png .ppt .pptx .rss .svg .tar .tgz .ttf .txt .wav .webm "
    ".webp .woff .woff2 .xls .xlsx .xml .zip".split()
)
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|msclkid|mc_cid|mc_eid|ref)$", re.I)
_INDEX_FILES = re.compile(r"/index\.(?:html?|php)$", re.I)

# JSON-LD types, most specific to the app first: their name is the best appName candidate.
_APP_TYPES = ("SoftwareApplication", "MobileApplication", "WebApplication", "Product")
_SITE_TYPES = ("WebSite",)
_ORG_TYPES = ("Organization", "Corporation", "Brand", "LocalBusiness")
_KNOWN_LD_TYPES = frozenset(_APP_TYPES + _SITE_TYPES + _ORG_TYPES)


# --------------------------------------------------------------------------- one page


@dataclass
class PageFacts:
    """What one HTML page says about itself, before any cross-page judgement."""

    url: str
    title: str | None = None
    language: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # name/property/itemprop → content
    json_ld: list[dict[str, Any]] = field(default_factory=list)  # summaries of known types
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text) for h1/h2
    icons: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, absolute url, px)
    links: list[str] = field(default_factory=list)  # absolute http(s) URLs, fragment-free
    text_blocks: list[str] = field(default_factory=list)  # visible text, one block per line

    def meta_first(self, *names: str) -> str | None:
        for name in names:
            if self.meta.get(name):
                return self.meta[name]
        return None


def analyze_html(html: str, url: str) -> PageFacts:
    """Parse one page. Pure and CPU-only; never raises on malformed markup."""
    tree = LexborHTMLParser(html)
    facts = PageFacts(url=url)
    base = _base_url(tree, url)

    root = tree.root
    if root is not None and root.attributes.get("lang"):
        facts.language = (root.attributes.get("lang") or "").strip() or None
    title_node = tree.css_first("title")
    facts.title = _clean(title_node.text()) if title_node else None

    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip()
        content = _clean(attrs.get("content"))
        if key and content:
            facts.meta.setdefault(key.lower(), content)
    # Microdata descriptions live in elements, not meta tags (Play listings use this).
    for node in tree.css("[itemprop]"):
        prop = (node.attributes.get("itemprop") or "").lower()
        if node.tag != "meta" and prop in ("name", "description") and prop not in facts.meta:
            text = _clean(node.text(separator=" "))
            if text:
                facts.meta[f"itemprop:{prop}"] = text

    facts.json_ld = _json_ld_summaries(tree, base)
    facts.icons = _icons(tree, base)
    facts.links = _links(tree, base)
    for node in tree.css("h1, h2"):
        text = _clean(node.text(separator=" "))
        if text and len(text) <= 200:
            facts.headings.append((1 if node.tag == "h1" else 2, text))
    facts.text_blocks = _visible_text_blocks(tree)
    return facts


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    base = tree.css_first("base[href]")
    return _absolute(url, base.attributes.get("href") if base else None) or url


def _absolute(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base`` if it is an http(s) URL, else None."""
    if not href or not href.strip():
        return None
    try:
        parts = urlsplit(urljoin(base, href.strip()))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None  # data:, javascript:, mailto: and friends are never URLs we hand out
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:  # "http://[oops/" and other hrefs urllib cannot split
        return None
    return urlunsplit(parts._replace(fragment=""))


def _links(tree: LexborHTMLParser, base: str) -> list[str]:
    links: list[str] = []
    for node in tree.css("a[href]"):
        if "download" in node.attributes:
            continue
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        absolute = _absolute(base, href)
        if absolute is None:
            continue
        path = urlsplit(absolute).path.lower()
        dot = path.rfind(".")
        if dot > path.rfind("/") and path[dot:] in _SKIPPED_LINK_EXTENSIONS:
            continue
        links.append(absolute)
    return links


def _icons(tree: LexborHTMLParser, base: str) -> list[tuple[str, str, int]]:
    icons = []
    for node in tree.css("link[rel][href]"):
        rels = (node.attributes.get("rel") or "").lower().split()
        href = _absolute(base, node.attributes.get("href"))
        if href is None:
            continue
        if any(rel.startswith("apple-touch-icon") for rel in rels):
            kind = "apple-touch-icon"
        elif "icon" in rels:
            kind = "icon"
        else:
            continue
        icons.append((kind, href, _icon_size(node.attributes.get("sizes"), href)))
    return icons


def _icon_size(sizes: str | None, href: str) -> int:
    """Largest declared edge in pixels; SVG scales, .ico is usually a 16 px favicon."""
    best = 0
    for token in (sizes or "").lower().split():
        if token == "any":
            best = max(best, 512)
        width, _, height = token.partition("x")
        if width.isdigit() and height.isdigit():
            best = max(best, min(int(width), int(height)))
    if best:
        return best
    path = urlsplit(href).path.lower()
    if path.endswith(".svg"):
        return 512
    if path.endswith(".ico"):
        return 16
    return 32


def _json_ld_summaries(tree: LexborHTMLParser, base: str) -> list[dict[str, Any]]:
    """The useful part of each JSON-LD entity of a known type; broken blocks are skipped."""
    summaries: list[dict[str, Any]] = []
    blocks = [
        node
        for node in tree.css("script[type]")
        if (node.attributes.get("type") or "").strip().lower() == "application/ld+json"
    ]
    for node in blocks[:_MAX_JSON_LD_BLOCKS]:
        raw = node.text().strip()
        if not raw or len(raw) > _MAX_JSON_LD_CHARS:
            continue
        raw = raw.removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(raw, strict=False)  # strict=False: raw newlines in strings
        except (ValueError, RecursionError):
            continue
        for entity in _json_ld_entities(data):
            summary = _summarize_entity(entity, base)
            if summary is not None:
                summaries.append(summary)
    return summaries


def _json_ld_entities(data: Any) -> Iterable[dict[str, Any]]:
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            yield from (entity for entity in graph if isinstance(entity, dict))
        else:
            yield item


def _summarize_entity(entity: dict[str, Any], base: str) -> dict[str, Any] | None:
    types = entity.get("@type")
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    known = [t for t in types if isinstance(t, str) and t in _KNOWN_LD_TYPES]
    if not known:
        return None
    summary: dict[str, Any] = {"type": known[0]}
    for key in ("name", "alternateName", "description", "slogan", "applicationCategory"):
        value = entity.get(key)
        if isinstance(value, str) and _clean(value):
            summary[key] = _clean(value)
    for key in ("url", "logo", "image"):
        value = _ld_url(entity.get(key), base)
        if value:
            summary[key] = value
    author = entity.get("author") or entity.get("publisher") or entity.get("brand")
    if isinstance(author, dict) and isinstance(author.get("name"), str):
        summary["author"] = _clean(author["name"])
    rating = entity.get("aggregateRating")
    if isinstance(rating, dict):
        summary["ratingValue"] = _to_float(rating.get("ratingValue"))
        summary["ratingCount"] = _to_int(rating.get("ratingCount") or rating.get("reviewCount"))
    return summary


def _ld_url(value: Any, base: str) -> str | None:
    """A JSON-LD URL-ish value: a string, an ImageObject, or a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return _absolute(base, value) if isinstance(value, str) else None


def _visible_text_blocks(tree: LexborHTMLParser) -> list[str]:
    """Readable text, one block-level element per line, without page chrome."""
    for node in tree.css(_INVISIBLE_TAGS):
        node.decompose()
    # Break lines after block elements so a heading and the paragraph under it do not read
    # as one sentence ("FeaturesTrack every run") to the keyword extractor.
    for node in tree.css(_BLOCK_TAGS):
        node.insert_after("\n")
    body = tree.body
    text = body.text() if body is not None else ""
    blocks, size = [], 0
    for line in text.split("\n"):
        line = _clean(line)
        if line:
            blocks.append(line)
            size += len(line)
            if size > _PAGE_TEXT_MAX:
                break
    return blocks


# --------------------------------------------------------------------------- crawling


async def ingest_website(
    url: str,
    *,
    follow_links: bool = False,
    max_pages: int = 1,
    policy: FetchPolicy,
    on_progress: ProgressCallback | None = None,
) -> dict:
    """Fetch ``url`` (and, with ``follow_links``, same-site pages breadth-first) and extract.

    A failure of the first page raises ``FetchError``; later pages that fail are skipped.
    ``on_progress(fraction, stage)`` is awaited at page boundaries; whatever it raises (a
    cancellation, say) propagates.
    """
    limit = max(1, min(max_pages, MAX_PAGES_LIMIT)) if follow_links else 1
    # Failed or off-site links do not count towards maxPages, so bound the attempts too.
    attempts_left = 2 * limit + 3
    progress = on_progress or _ignore_progress

    if _absolute(url, url) is None:
        raise FetchError("BAD_URL", "The website URL must be an absolute http or https URL.")
    pages: list[PageFacts] = []
    site_keys: set[str] = {_site_key(url)}
    queue: deque[str] = deque([url])
    queued: set[str] = {_dedupe_key(url)}
    fetched: set[str] = set()

    async with create_client(policy) as client:
        while queue and len(pages) < limit and attempts_left > 0:
            target = queue.popleft()
            attempts_left -= 1
            await progress(0.9 * len(pages) / limit, "fetching")
            try:
                page = await safe_fetch(target, policy, client=client, html_only=True)
            except FetchError:
                if not pages:
                    raise  # the page the partner asked for: the job fails with its code
                continue
            if pages and _site_key(page.url) not in site_keys:
                continue  # a same-site link that redirected off-site
            final_key = _dedupe_key(page.url)
            if final_key in fetched:
                continue  # two links that redirect to one page
            fetched.add(final_key)
            queued.add(final_key)
            if not pages:
                site_keys.add(_site_key(page.url))  # the apex may redirect to www. (or back)
            # Parsing a 2 MB page takes tens of milliseconds: off the event loop with it.
            facts = await asyncio.to_thread(analyze_html, page.text, page.url)
            pages.append(facts)
            if len(pages) < limit:
                for link in facts.links:
                    key = _dedupe_key(link)
                    if key not in queued and _site_key(link) in site_keys:
                        queued.add(key)
                        queue.append(_without_tracking(link))

    await progress(0.9, "extracting")
    # YAKE is CPU-bound for a second or so on large sites: keep it off the event loop.
    fragment = await asyncio.to_thread(build_brand_context, url, pages)
    await progress(1.0, "extracting")
    return fragment


async def _ignore_progress(fraction: float, stage: str) -> None:
    return None


def _site_key(url: str) -> str:
    """host[:port] without a leading ``www.``: pages under one key are one site.

    Deliberately narrower than "registrable domain" (that needs the Public Suffix List):
    ``blog.example.com`` is not crawled from ``example.com``, which is the safe side.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return host if port in (None, default) else f"{host}:{port}"


def _without_tracking(url: str) -> str:
    """Drop utm_* and click ids: the page is the same, and they pollute ``pages``."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _dedupe_key(url: str) -> str:
    """One key per page: scheme, www., fragment, trailing slash, index files, tracking dropped."""
    parts = urlsplit(url)
    path = _INDEX_FILES.sub("/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    )
    return f"{_site_key(url)}{path}" + (f"?{urlencode(query)}" if query else "")


# --------------------------------------------------------------------------- merging


def build_brand_context(requested_url: str, pages: list[PageFacts]) -> dict[str, Any]:
    """Turn the crawled pages' facts into the brandContext fragment (home page first)."""
    home = pages[0]
    domain = urlsplit(home.url).hostname or ""
    json_ld = _dedupe_entities(entity for page in pages for entity in page.json_ld)
    open_graph = _prefixed(home, "og:")
    twitter = _prefixed(home, "twitter:")

    site_name = home.meta_first("og:site_name") or _ld_field(json_ld, _SITE_TYPES, "name")
    title = home.title or home.meta_first("og:title", "twitter:title")
    app_name = (
        home.meta_first("og:site_name")
        or _ld_field(json_ld, _APP_TYPES, "name")
        or _ld_field(json_ld, _SITE_TYPES, "name")
        or _ld_field(json_ld, _ORG_TYPES, "name")
        or _name_from_title(title, domain)
    )
    description = _first(
        page.meta_first("description", "og:description", "twitter:description") for page in pages
    ) or _ld_field(json_ld, _APP_TYPES + _SITE_TYPES + _ORG_TYPES, "description")
    headings = _dedupe_text(text for page in pages for _, text in page.headings)[:_MAX_HEADINGS]

    high_signal = [title, description, *(t for p in pages for _, t in p.headings)]
    body_blocks = [block for page in pages for block in page.text_blocks]
    voice, voice_signals = infer_voice(body_blocks)
    language = home.language or None

    return {
        "source": "website",
        "url": requested_url,
        "pages": [page.url for page in pages],
        "appName": app_name,
        "appDescription": _truncate(description, DESCRIPTION_MAX) if description else None,
        "tagline": _tagline(home, app_name, title),
        "audience": infer_audience([t for t in high_signal if t], body_blocks),
        "brandVoice": voice,
        "voiceSignals": voice_signals,
        "keywords": site_keyphrases(
            "\n".join(_as_sentence(t) for t in [*(t for t in high_signal if t), *body_blocks]),
            language=language,
        ),
        "logoUrl": _logo(home, json_ld),
        "siteName": site_name,
        "title": title,
        "headings": headings,
        "openGraph": open_graph,
        "twitter": twitter,
        "jsonLd": json_ld,
        "primaryLanguage": language,
        "webDomain": domain.lower().removeprefix("www.") or None,
    }


def _prefixed(page: PageFacts, prefix: str) -> dict[str, str]:
    """og:site_name → siteName, made absolute where the value is an image URL."""
    out: dict[str, str] = {}
    for key, value in page.meta.items():
        if not key.startswith(prefix) or ":" in key[len(prefix) :]:
            continue  # skip og:image:width and the like
        name = _camel(key[len(prefix) :])
        if name in ("image", "url"):
            value = _absolute(page.url, value) or value
        out[name] = value
    return out


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _ld_field(entities: list[dict[str, Any]], types: tuple[str, ...], key: str) -> str | None:
    for wanted in types:
        for entity in entities:
            if entity["type"] == wanted and entity.get(key):
                return entity[key]
    return None


def _dedupe_entities(entities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for entity in entities:
        key = (entity["type"], (entity.get("name") or "").casefold(), entity.get("url"))
        if key not in seen:
            seen.add(key)
            out.append(entity)
    return out


def _name_from_title(title: str | None, domain: str) -> str | None:
    """ "Stride — Running coach" → "Stride": the part that matches the domain, else the first."""
    if not title:
        return None
    parts = _title_parts(title)
    label = _compact(domain.removeprefix("www.").split(".")[0])
    for part in parts:
        compact = _compact(part)
        if compact and label and (compact == label or compact in label or label in compact):
            return part
    return parts[0]


def _title_parts(title: str) -> list[str]:
    return [part.strip() for part in _TITLE_SEPARATORS.split(title) if part.strip()]


def _tagline(home: PageFacts, app_name: str | None, title: str | None) -> str | None:
    """A short h1, else the part of the title that is not the name."""
    name = (app_name or "").casefold()
    for level, text in home.headings:
        if level == 1:
            if 3 <= len(text) <= TAGLINE_MAX and text.casefold() != name:
                return text
            break
    for candidate in (title, home.meta_first("og:title")):
        if not candidate:
            continue
        rest = [p for p in _title_parts(candidate) if p.casefold() != name]
        if rest and len(rest) < len(_title_parts(candidate)):
            tagline = " — ".join(rest)
            if len(tagline) <= TAGLINE_MAX:
                return tagline
    return None


def _logo(home: PageFacts, json_ld: list[dict[str, Any]]) -> str | None:
    """JSON-LD logo, then the largest apple-touch-icon, then the largest icon, then og:image."""
    for entity in json_ld:
        if entity.get("logo"):
            return entity["logo"]
    for kind in ("apple-touch-icon", "icon"):
        candidates = [(size, url) for k, url, size in home.icons if k == kind]
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
    image = home.meta_first("og:image", "twitter:image")
    return _absolute(home.url, image) if image else None


# --------------------------------------------------------------------------- text heuristics

_FORMAL_WORDS = frozenset(
    "accordingly analytics compliance comprehensive consequently deliver efficiency "
    "enterprise enterprises ensure ensures expertise facilitate furthermore governance "
    "hence industry-leading integration leverage moreover optimise optimize organisations "
    "organizations regarding robust scalable solution solutions stakeholders strategic "
    "therefore utilize workflows".split()
)
_EDUCATIONAL_WORDS = frozenset(
    "course courses explained explains guide guides how learn learning lesson lessons "
    "research science step steps study teach teaches tips tutorial tutorials understand "
    "understanding why".split()
)
_WARM_WORDS = frozenset(
    "care caring community family feel friendly gentle happy heart joy kind love loved "
    "proud support together welcome".split()
)
_SLANG_WORDS = frozenset(
    "awesome btw cool crush crushing epic gonna hey kinda lol nope super totally wanna "
    "yay yep yup".split()
)
_SECOND_PERSON = frozenset("you your you're yours yourself you'll you've".split())
_CONTRACTION = re.compile(r"[a-z]+'(?:s|re|ll|ve|d|m|t)$")
_MIN_VOICE_WORDS = 60

# The rate at which each measured signal counts as present. Calibrated so that plain,
# neutral product copy stays below all of them (see the calibration texts in the tests).
_SIGNAL_THRESHOLDS = {
    "formalRate": 0.012,  # formal vocabulary per word
    "educationalRate": 0.015,  # teaching vocabulary per word
    "exclamationRate": 0.2,  # "!" per sentence
    "slangRate": 0.004,
    "contractionRate": 0.02,
    "warmRate": 0.01,
    "secondPersonRate": 0.02,  # "you", "your"… per word
}


def infer_voice(blocks: list[str]) -> tuple[str | None, dict[str, Any]]:
    """A brandVoice suggestion from measurable features of the copy, and the measurements."""
    text = "\n".join(blocks)
    words = [w.strip("'") for w in re.findall(r"[a-z][a-z'’-]*", text.lower().replace("’", "'"))]
    n_words = len(words)
    # A block (heading, paragraph, list item) is at least one sentence even without a period.
    sentences = max(
        1, sum(len([s for s in re.split(r"[.!?]+", block) if s.strip()]) for block in blocks)
    )

    def rate(vocab: frozenset[str]) -> float:
        return sum(1 for w in words if w in vocab) / n_words if n_words else 0.0

    signals = {
        "words": n_words,
        "exclamationRate": round(text.count("!") / sentences, 3),
        "secondPersonRate": round(rate(_SECOND_PERSON), 4),
        "contractionRate": round(
            sum(1 for w in words if _CONTRACTION.fullmatch(w)) / n_words if n_words else 0.0, 4
        ),
        "formalRate": round(rate(_FORMAL_WORDS), 4),
        "educationalRate": round(rate(_EDUCATIONAL_WORDS), 4),
        "warmRate": round(rate(_WARM_WORDS), 4),
        "slangRate": round(rate(_SLANG_WORDS), 4),
    }
    if n_words < _MIN_VOICE_WORDS:
        return None, signals

    def strength(signal: str) -> float:
        return signals[signal] / _SIGNAL_THRESHOLDS[signal]

    relaxed = signals["exclamationRate"] >= 0.1 or signals["contractionRate"] >= 0.01
    # "witty" and "authentic" have no honest surface signal, so they are never inferred.
    strengths = {
        # Formal words in breezy copy ("our awesome solution!") do not make it professional.
        "professional": 0.0 if relaxed else strength("formalRate"),
        "educational": strength("educationalRate"),
        "casual": max(
            strength("exclamationRate"), strength("slangRate"), strength("contractionRate")
        ),
        # Warm words alone can be boilerplate ("customer support"); warmth also speaks to you.
        "warm": min(strength("warmRate"), strength("secondPersonRate")),
    }
    best = max(strengths, key=lambda voice: strengths[voice])
    return (best if strengths[best] >= 1.0 else None), signals


# --------------------------------------------------------------------------- small helpers


def _clean(value: str | None) -> str:
    return _WHITESPACE.sub(" ", value or "").strip()


def _compact(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _as_sentence(text: str) -> str:
    """End a heading-like line with a period so YAKE does not join it to the next line."""
    return text if text[-1:] in ".!?:" else f"{text}."


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _dedupe_text(values: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def _to_float(value: Any) -> float | None:
    try:
        return round(float(value), 2) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _to_int(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", "")) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None

"""Website ingestion: extraction from a realistic multi-page site, and the crawl's limits."""

from __future__ import annotations

import pytest

from layers_server.ingest.website import (
    analyze_html,
    build_brand_context,
    infer_audience,
    infer_voice,
    ingest_website,
)
from layers_server.kit.fetch import FetchError

# --------------------------------------------------------------------------- the home page


async def test_extracts_every_field_from_the_home_page(site, local_policy):
    ctx = await ingest_website(site.url("/"), policy=local_policy)
    origin = site.origin

    assert ctx["source"] == "website"
    assert ctx["url"] == site.url("/")
    assert ctx["pages"] == [site.url("/")]
    assert ctx["appName"] == "Stride"  # og:site_name
    assert ctx["siteName"] == "Stride"
    assert ctx["title"] == "Stride — The running coach for busy people"
    assert ctx["appDescription"].startswith("Stride builds adaptive running plans")  # meta
    assert ctx["tagline"] == "Your running coach, in your pocket"  # the short h1
    assert ctx["audience"] == "busy runners"
    assert ctx["brandVoice"] == "warm"  # second person + warm words; signals say why
    assert ctx["voiceSignals"]["secondPersonRate"] > 0.02
    assert ctx["logoUrl"] == f"{origin}/img/stride-logo.png"  # JSON-LD logo, made absolute
    assert ctx["webDomain"] == "127.0.0.1"
    assert ctx["primaryLanguage"] == "en-US"
    assert ctx["headings"] == [
        "Your running coach, in your pocket",
        "Training plans that fit your week",
        "Built for busy runners",
    ]
    assert ctx["openGraph"] == {
        "type": "website",
        "title": "Stride — The running coach for busy people",
        "description": (
            "Adaptive running plans that fit your week, from your first 5K to your next marathon."
        ),
        "siteName": "Stride",
        "url": f"{origin}/",
        "image": f"{origin}/img/og-card.png",
    }
    assert ctx["twitter"]["site"] == "@stride_run"
    assert ctx["twitter"]["card"] == "summary_large_image"
    # JSON-LD: known types only (no BreadcrumbList), broken block skipped, URLs absolute.
    assert [e["type"] for e in ctx["jsonLd"]] == ["Organization", "WebSite", "SoftwareApplication"]
    app = ctx["jsonLd"][2]
    assert app["name"] == "Stride: Running Coach"
    assert (app["ratingValue"], app["ratingCount"]) == (4.8, 2310)

    keywords = [k.lower() for k in ctx["keywords"]]
    assert {"running coach", "busy runners", "adaptive running plans"} <= set(keywords)
    assert 5 <= len(keywords) <= 15
    assert len(set(keywords)) == len(keywords)
    # Scripts, styles, nav and footer are not "visible text".
    joined = " ".join(keywords)
    for noise in ("tracking", "footerboilerplatetoken", "ff5a36", "skip to content"):
        assert noise not in joined


async def test_reports_progress_in_order(site, local_policy):
    calls: list[tuple[float, str]] = []

    async def progress(fraction: float, stage: str) -> None:
        calls.append((fraction, stage))

    await ingest_website(
        site.url("/"), follow_links=True, max_pages=3, policy=local_policy, on_progress=progress
    )
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)
    assert 0 <= fractions[0] and fractions[-1] == 1.0
    assert [s for _, s in calls].count("fetching") == 3
    assert calls[-2:] == [(0.9, "extracting"), (1.0, "extracting")]


async def test_an_exception_from_progress_stops_the_crawl(site, local_policy):
    """on_progress is where the job engine cancels: what it raises must propagate."""

    class Canceled(Exception):
        pass

    async def cancel_after_first_page(fraction: float, stage: str) -> None:
        if fraction > 0:
            raise Canceled

    with pytest.raises(Canceled):
        await ingest_website(
            site.url("/"),
            follow_links=True,
            max_pages=5,
            policy=local_policy,
            on_progress=cancel_after_first_page,
        )
    assert site.hits == ["/"]


# --------------------------------------------------------------------------- the crawl


async def test_follow_links_crawls_the_same_site_breadth_first_once_per_page(
    site, other_server, local_policy
):
    ctx = await ingest_website(site.url("/"), follow_links=True, max_pages=25, policy=local_policy)
    assert ctx["pages"] == [
        site.url(path)
        for path in (
            "/",
            "/features",
            "/pricing/",
            "/about",  # linked as /about?utm_source=nav…: tracking dropped
            "/blog/",
            "/privacy",
            "/blog/first-5k",
        )
    ]
    # The other origin (by IP and port, and by name) is never contacted.
    assert other_server.hits == []
    # Each page is requested once: "/index.html#top", "/about" (footer) and "/pricing/#plans"
    # are the same pages as ones already queued; the PDF is never requested.
    assert site.hits.count("/") == 1
    assert "/index.html" not in site.hits
    assert "/press/kit.pdf" not in site.hits
    assert site.hits.count("/pricing/") == 1
    # Failed and non-HTML links were tried and skipped without failing the job.
    assert {"/missing", "/api/status"} <= set(site.hits)
    # Later pages add headings; the home page still decides name and tagline.
    assert "Smart pace zones" in ctx["headings"]
    assert ctx["appName"] == "Stride"
    assert ctx["tagline"] == "Your running coach, in your pocket"


async def test_max_pages_caps_the_crawl(site, local_policy):
    ctx = await ingest_website(site.url("/"), follow_links=True, max_pages=3, policy=local_policy)
    assert ctx["pages"] == [site.url("/"), site.url("/features"), site.url("/pricing/")]
    assert site.hits == ["/", "/features", "/pricing/"]


async def test_without_follow_links_only_the_given_page_is_fetched(site, local_policy):
    ctx = await ingest_website(site.url("/"), follow_links=False, max_pages=10, policy=local_policy)
    assert ctx["pages"] == [site.url("/")]
    assert site.hits == ["/"]


async def test_a_redirected_start_page_defines_the_site(site, local_policy):
    site.route("/start", lambda req: req.redirect("/features"))
    ctx = await ingest_website(
        site.url("/start"), follow_links=True, max_pages=2, policy=local_policy
    )
    assert ctx["pages"] == [site.url("/features"), site.url("/")]


async def test_a_failing_first_page_fails_with_its_code(site, local_policy):
    with pytest.raises(FetchError) as caught:
        await ingest_website(site.url("/missing"), policy=local_policy)
    assert (caught.value.code, caught.value.status) == ("HTTP_ERROR", 404)


async def test_a_non_html_first_page_is_not_html(site, local_policy):
    with pytest.raises(FetchError) as caught:
        await ingest_website(site.url("/press/kit.pdf"), policy=local_policy)
    assert caught.value.code == "NOT_HTML"


# --------------------------------------------------------------------------- extraction units


def _context(html: str, url: str = "https://www.acme-notes.com/") -> dict:
    return build_brand_context(url, [analyze_html(html, url)])


def test_app_name_falls_back_to_json_ld_then_the_title():
    from_ld = _context(
        '<script type="application/ld+json">[{"@type": "Organization", "name": "Acme Inc"},'
        '{"@type": "MobileApplication", "name": "Acme Notes"}]</script><title>Home</title>'
    )
    assert from_ld["appName"] == "Acme Notes"  # the app beats the organisation
    from_title = _context("<title>Home | Acme Notes</title>")
    assert from_title["appName"] == "Acme Notes"  # the part matching the domain, not "Home"
    assert from_title["tagline"] == "Home"
    first_part = _context("<title>Quill - Notes that write themselves</title>", "https://q.io/")
    assert first_part["appName"] == "Quill"
    assert first_part["tagline"] == "Notes that write themselves"


def test_a_long_h1_is_not_a_tagline():
    long_h1 = "A" * 81
    ctx = _context(f"<title>Acme Notes — Write less</title><h1>{long_h1}</h1>")
    assert ctx["tagline"] == "Write less"


def test_nothing_to_go_on_gives_nulls_not_guesses():
    ctx = _context("<html><body><p>Hello.</p></body></html>")
    for key in ("appName", "appDescription", "tagline", "audience", "brandVoice", "logoUrl",
                "siteName"):  # fmt: skip
        assert ctx[key] is None, key
    assert ctx["keywords"] == [] or all(isinstance(k, str) for k in ctx["keywords"])
    assert ctx["jsonLd"] == [] and ctx["openGraph"] == {}


def test_logo_order_after_json_ld_is_touch_icon_then_icon_then_og_image():
    base = "https://acme.test/app/"
    touch = analyze_html(
        '<base href="/static/"><link rel="icon" sizes="16x16" href="f16.png">'
        '<link rel="apple-touch-icon" href="touch.png"><meta property="og:image" content="og.png">',
        base,
    )
    assert build_brand_context(base, [touch])["logoUrl"] == "https://acme.test/static/touch.png"
    icons = analyze_html(
        '<link rel="shortcut icon" href="/favicon.ico">'
        '<link rel="icon" type="image/png" sizes="192x192" href="/i192.png">',
        base,
    )
    assert build_brand_context(base, [icons])["logoUrl"] == "https://acme.test/i192.png"
    og = analyze_html('<meta property="og:image" content="/og.png">', base)
    assert build_brand_context(base, [og])["logoUrl"] == "https://acme.test/og.png"


def test_json_ld_is_parsed_safely():
    facts = analyze_html(
        '<script type="application/ld+json">{"@type": "Product", "name": "Widget",\n'
        '"description": "line one\nline two", "logo": "javascript:alert(1)"}</script>'
        '<script type="application/ld+json">{{{</script>'
        '<script type="application/ld+json">"just a string"</script>'
        '<script type="application/ld+json">{"@type": ["Thing", "Brand"], "name": "Acme",'
        ' "logo": ["/l.svg"]}</script>',
        "https://acme.test/",
    )
    assert facts.json_ld == [
        {"type": "Product", "name": "Widget", "description": "line one line two"},
        {"type": "Brand", "name": "Acme", "logo": "https://acme.test/l.svg"},
    ]


def test_links_skip_other_schemes_fragments_and_files():
    facts = analyze_html(
        '<a href="#x">a</a><a href="mailto:a@b.c">b</a><a href="javascript:void(0)">c</a>'
        '<a href="/doc.PDF">d</a><a href="/img.png">e</a><a href="/page#frag">f</a>'
        '<a href="/files/report" download>g</a><a href="//cdn.acme.test/x">h</a>'
        '<a href="data:text/html,hi">i</a>',
        "https://acme.test/dir/",
    )
    assert facts.links == ["https://acme.test/page", "https://cdn.acme.test/x"]


# --------------------------------------------------------------------------- heuristics


@pytest.mark.parametrize(
    "high_signal, body, expected",
    [
        (["Project management for remote teams"], [], "remote teams"),
        (["The app for all busy parents."], [], "busy parents"),
        (
            [],
            ["Notely is built for freelance designers who bill by the hour."],
            "freelance designers",
        ),
        ([], ["Loved by 10,000+ small businesses worldwide."], "small businesses"),
        (["Sign up for updates", "Free for 30 days", "Thanks for your orders"], [], None),
        ([], ["We looked for answers for years."], None),
        (["Great for you"], [], None),
        ([], ["Apply for teachers today"], None),  # body text needs a cue like "built for"
    ],
)
def test_audience_needs_an_explicit_phrase(high_signal, body, expected):
    assert infer_audience(high_signal, body) == expected


def test_audience_picks_the_most_mentioned():
    assert (
        infer_audience(
            ["Budgeting for students", "Built for families"],
            ["Made for families of every size."],
        )
        == "families"
    )


_PROFESSIONAL = (
    "Acme delivers enterprise analytics solutions. Our comprehensive platform ensures "
    "compliance and governance across the organization. Stakeholders leverage scalable "
    "integration to optimize efficiency. Furthermore, strategic workflows facilitate robust "
    "reporting for regulated industries. The service is audited annually by independent "
    "firms and is available in twelve regions with guaranteed uptime and dedicated support "
    "for finance, insurance and healthcare institutions across Europe and North America."
)
_CASUAL = (
    "Hey there! Meet Zippy, the awesome way to split bills with friends! No spreadsheets, no "
    "awkward chats. Just snap the receipt and you're done! It's super quick. Seriously, try "
    "it tonight! Dinner, rent, that road trip, whatever. Zippy's got it covered! Your crew "
    "will thank you! Download it now and never chase anyone for money again. It's free, it's "
    "fast and it's fun!"
)
_EDUCATIONAL = (
    "Learn how compound interest works. This guide explains each step: first understand "
    "why time matters, then study how rates change outcomes. Every lesson ends with tips "
    "and a short quiz. The course covers budgeting, saving and investing in plain language, "
    "with worked examples and research-backed explanations so you can learn at your own "
    "pace and understand the reasons behind every recommendation in the tutorial."
)
_NEUTRAL = (
    "The app records the date, the amount and the category of each expense. Reports show "
    "monthly totals per category. Data can be exported as a spreadsheet. The app runs on "
    "phones and tablets. Accounts can be shared between two people. Receipts can be "
    "attached to an expense as a photo. The history is kept for ten years. Currency is set "
    "per account and can be changed at any time from the settings screen of the app."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (_PROFESSIONAL, "professional"),
        (_CASUAL, "casual"),
        (_EDUCATIONAL, "educational"),
        (_NEUTRAL, None),
        ("Hey! Awesome! Wow!", None),  # far too little text to judge
    ],
)
def test_voice_is_inferred_only_when_the_copy_supports_it(text, expected):
    voice, signals = infer_voice([text])
    assert voice == expected
    assert signals["words"] > 0
    assert set(signals) >= {"exclamationRate", "secondPersonRate", "formalRate", "warmRate"}

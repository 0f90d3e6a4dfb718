"""Offline hook-bank generator (docs/api/content.md, ``GET /v1/projects/{id}/content/hooks``).

A bank is 20–30 short social hooks anchored on the app. Hooks are written from hand-made
templates, per language and per brand voice, filled with the app name, keyphrases of the
description (``yake``), audience phrases ("for busy parents") and the tagline.

Two kinds of templates give the variety the contract asks for (two banks for the same project
share well under half their hooks):

* one-liners: a complete hook;
* setups and payoffs: a setup ("POV: you just discovered {app}") and a payoff ("Wish I'd found
  it sooner") joined by the two characters backslash + ``n``. Any setup of a voice reads with any
  payoff of that voice, so a language offers hundreds of combinations per voice.

Exactly one side of a setup/payoff pair names the app (the pool is split in two), which keeps
every combined hook anchored without naming the app twice.

Each voice has its own families, plus families shared by all voices of the language. In French
and German a shared template may be a ``(informal, formal)`` pair: the professional voice says
"vous"/"Sie", the others "tu"/"du".
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from layers_server.brand.text import (
    HOOK_BREAK,
    capitalize_first,
    clean_inline,
    clean_tagline,
    detect_language,
    extract_audiences,
    extract_keyphrases,
    hook_keyphrases,
    is_anchored,
    near_duplicate,
    resolve_supported,
    stopwords,
)

VOICES = ("authentic", "witty", "professional", "warm", "casual", "educational")
DEFAULT_VOICE = "authentic"
MIN_HOOKS = 20
MAX_HOOKS = 30
MAX_HOOK_CHARS = 150

# How much more likely a voice's own template is to be drawn than a shared one: keeps the
# voice audible while the shared families add variety.
_VOICE_WEIGHT = 3.0
# At most this many setup/payoff pairs per bank may come entirely from the shared families.
_MAX_SHARED_PAIRS = 3

Template = str | tuple[str, str]  # a plain template, or (informal, formal)


@dataclass(frozen=True)
class VoicePack:
    one_liners: tuple[Template, ...] = ()
    setups: tuple[Template, ...] = ()
    payoffs: tuple[Template, ...] = ()
    formal: bool = False  # pick the formal side of (informal, formal) shared templates


@dataclass(frozen=True)
class LanguagePack:
    shared: VoicePack
    voices: dict[str, VoicePack]
    elide: bool = False  # French: "de étudiants" → "d'étudiants" once slots are filled


# "de"/"que" before a vowel elide in French; slot values decide, so it is done after filling.
_FRENCH_ELISION = re.compile(r"\b([dDqQ]u?e) (?=[aeiouyàâäéèêëîïôöûùüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÙÜŒÆ])")


def _elide_french(text: str) -> str:
    return _FRENCH_ELISION.sub(lambda m: m.group(1)[:-1] + "'", text)


@dataclass(frozen=True)
class HookContext:
    """Everything a template can be filled with."""

    app: str
    keyphrases: tuple[str, ...]
    audiences: tuple[str, ...]
    tagline: str | None


def resolve_voice(brand_voice: str | None) -> str:
    voice = (brand_voice or "").strip().lower()
    return voice if voice in VOICES else DEFAULT_VOICE


def template_language(language: str | None) -> str:
    """The template pack for a BCP-47 tag: ``pt``/``pt-PT``/``pt-BR`` → ``pt-BR``; else ``en``."""
    return resolve_supported(language, tuple(PACKS))


def build_context(
    *, app_name: str, app_description: str, language: str, tagline: str | None
) -> HookContext:
    app = clean_inline(app_name)
    description = clean_inline(app_description)
    return HookContext(
        app=app,
        keyphrases=hook_keyphrases(description, language, app),
        audiences=extract_audiences(description, language),
        tagline=clean_tagline(tagline),
    )


def anchor_phrases(app_description: str, language: str, app_name: str) -> tuple[str, ...]:
    """Phrases that anchor a hook besides the app name: the description's yake keyphrases.

    Broader than the phrases the offline engine inserts, so that an LLM which quotes the
    description slightly differently still counts as anchored; stop-word-only phrases and very
    short ones never count.
    """
    description = clean_inline(app_description)
    text_language = detect_language(description, language)
    stop = stopwords(text_language)
    phrases = list(hook_keyphrases(description, language, clean_inline(app_name)))
    for kp in extract_keyphrases(description, text_language):
        if len(kp.text) >= 4 and not all(w.lower() in stop for w in kp.words):
            phrases.append(kp.text)
    return tuple(dict.fromkeys(phrases))


# ---------------------------------------------------------------------------------------------
# Validation, shared with the LLM path
# ---------------------------------------------------------------------------------------------


def normalise_hook(text: str) -> str:
    """One line: real line breaks become the ``\\n`` marker, runs of spaces collapse."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = [clean_inline(p) for p in text.split("\n")]
    return HOOK_BREAK.join(p for p in parts if p).strip()


def hook_is_valid(hook: str, app_name: str, anchors: Sequence[str]) -> bool:
    """The per-hook quality rules: length, one line, no template residue, anchored."""
    return (
        0 < len(hook) <= MAX_HOOK_CHARS
        and "\n" not in hook
        and "{" not in hook
        and "}" not in hook
        and HOOK_BREAK + HOOK_BREAK not in hook
        and is_anchored(hook, app_name, anchors)
    )


def validate_hooks(
    candidates: Sequence[object], *, app_name: str, app_description: str, language: str
) -> list[str]:
    """Keep the candidates that pass the offline engine's rules, dropping near-duplicates.

    Used on LLM output; the caller decides whether enough survived (``MIN_HOOKS``).
    """
    app = clean_inline(app_name)
    anchors = anchor_phrases(app_description, language, app)
    kept: list[str] = []
    for candidate in candidates:
        if not isinstance(candidate, str):
            continue
        hook = normalise_hook(candidate)
        if hook_is_valid(hook, app, anchors) and not any(near_duplicate(hook, k) for k in kept):
            kept.append(hook)
    return kept[:MAX_HOOKS]


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


def _slots(template: str) -> set[str]:
    return set(_SLOT.findall(template))


def _fillable(template: str, ctx: HookContext) -> bool:
    slots = {s.lower() for s in _slots(template)}
    return (
        ("kp" not in slots or len(ctx.keyphrases) >= 1)
        and ("kp2" not in slots or len(ctx.keyphrases) >= 2)
        and ("audience" not in slots or bool(ctx.audiences))
        and ("tagline" not in slots or ctx.tagline is not None)
    )


def _names_app(template: str) -> bool:
    return "{app}" in template


def _has_keyphrase(template: str) -> bool:
    return any(s.lower().startswith("kp") for s in _slots(template))


def _cap(phrase: str) -> str:
    # "iOS tips" must not become "IOS tips": only capitalise a plain lower-case start.
    return phrase if phrase[1:2].isupper() else capitalize_first(phrase)


class _BankBuilder:
    """Accumulates a bank, filling templates and enforcing the per-hook and per-bank rules."""

    def __init__(self, rng: random.Random, ctx: HookContext, *, elide: bool = False):
        self.rng = rng
        self.ctx = ctx
        self.elide = elide
        self.anchors = ctx.keyphrases
        self.hooks: list[str] = []
        self.kp_uses: Counter[str] = Counter()
        # The tagline and each audience phrase appear once per bank: a second hook quoting the
        # same sentence reads as a repeat even when the words around it differ.
        self.tagline_used = False
        self.audiences_left = list(ctx.audiences)

    def _pick_keyphrases(self) -> tuple[str, str]:
        """Two different keyphrases, favouring the least used so a bank covers them all."""
        kps = list(self.ctx.keyphrases)
        if not kps:
            return "", ""
        self.rng.shuffle(kps)
        kps.sort(key=lambda k: self.kp_uses[k])
        return kps[0], kps[1] if len(kps) > 1 else kps[0]

    def try_add(self, *parts: str) -> bool:
        """Fill ``parts`` (one template, or a setup and a payoff) and keep the hook if valid."""
        if len(self.hooks) >= MAX_HOOKS:
            return False
        slots = set().union(*(_slots(p) for p in parts))
        if "tagline" in slots and (self.tagline_used or not self.ctx.tagline):
            return False
        if "audience" in slots and not self.audiences_left:
            return False
        kp, kp2 = self._pick_keyphrases()
        audience = self.rng.choice(self.audiences_left) if self.audiences_left else ""
        values = {
            "app": self.ctx.app,
            "kp": kp,
            "Kp": _cap(kp),
            "kp2": kp2,
            "Kp2": _cap(kp2),
            "audience": audience,
            "tagline": self.ctx.tagline or "",
        }
        filled = [_SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), p) for p in parts]
        hook = normalise_hook(HOOK_BREAK.join(filled))
        if self.elide:
            hook = _elide_french(hook)
        if not hook_is_valid(hook, self.ctx.app, self.anchors):
            return False
        if any(near_duplicate(hook, h) for h in self.hooks):
            return False
        self.hooks.append(hook)
        lowered = {s.lower() for s in slots}
        if "kp" in lowered:
            self.kp_uses[kp] += 1
        if "kp2" in lowered:
            self.kp_uses[kp2] += 1
        if "tagline" in slots:
            self.tagline_used = True
        if "audience" in slots:
            self.audiences_left.remove(audience)
        return True


def _weighted_order(rng: random.Random, items: list[tuple[str, float]]) -> list[str]:
    """A random permutation where heavier items tend to come first (Efraimidis–Spirakis)."""
    keyed = [(rng.random() ** (1.0 / weight), i, t) for i, (t, weight) in enumerate(items)]
    keyed.sort(key=lambda k: (-k[0], k[1]))
    return list(dict.fromkeys(t for _, _, t in keyed))


def generate_hooks(
    *,
    app_name: str,
    app_description: str,
    brand_voice: str = "authentic",
    language: str = "en",
    tagline: str | None = None,
    seed: int | None = None,
) -> list[str]:
    """A fresh bank of 20–30 distinct hooks in the project's voice and language.

    ``seed=None`` draws from OS entropy, so every call writes a different bank; a fixed seed
    reproduces a bank exactly (used by the docs and tests). Unsupported languages use the
    English templates, still anchored on the app and its keyphrases.
    """
    rng = random.Random(seed)
    ctx = build_context(
        app_name=app_name, app_description=app_description, language=language, tagline=tagline
    )
    pack = PACKS[template_language(language)]
    voice = pack.voices[resolve_voice(brand_voice)]
    voice_templates: set[str] = set()

    def pool(kind: str) -> list[str]:
        def side(t: Template) -> str:
            return t if isinstance(t, str) else t[1 if voice.formal else 0]

        own = [side(t) for t in getattr(voice, kind)]
        voice_templates.update(own)
        items = [(t, _VOICE_WEIGHT) for t in own]
        items += [(side(t), 1.0) for t in getattr(pack.shared, kind)]
        return [t for t in _weighted_order(rng, items) if _fillable(t, ctx)]

    one_liners, setups, payoffs = pool("one_liners"), pool("setups"), pool("payoffs")
    builder = _BankBuilder(rng, ctx, elide=pack.elide)
    used_one_liners: set[str] = set()
    used_pairs: set[tuple[str, str]] = set()

    def compatible(setup: str, payoff: str) -> bool:
        # Never name the app twice; a pair naming it zero times is anchored by its keyphrase.
        if _names_app(setup) and _names_app(payoff):
            return False
        if not _names_app(setup) and not _names_app(payoff) and not _has_keyphrase(setup):
            return False
        # Mostly the voice's own material; a few neutral pairs widen the pairing space.
        if setup not in voice_templates and payoff not in voice_templates:
            return (
                sum(
                    1
                    for s, p in used_pairs
                    if s not in voice_templates and p not in voice_templates
                )
                < _MAX_SHARED_PAIRS
            )
        return True

    def add_composites(limit: int, max_use: int) -> None:
        setup_uses = Counter(s for s, _ in used_pairs)
        payoff_uses = Counter(p for _, p in used_pairs)
        for setup in setups:
            if len(builder.hooks) >= limit or setup_uses[setup] >= max_use:
                continue
            # Rotate the payoff list so consecutive setups don't meet the same payoffs.
            start = rng.randrange(len(payoffs)) if payoffs else 0
            for payoff in payoffs[start:] + payoffs[:start]:
                if (
                    payoff_uses[payoff] >= max_use
                    or (setup, payoff) in used_pairs
                    or not compatible(setup, payoff)
                ):
                    continue
                if builder.try_add(setup, payoff):
                    setup_uses[setup] += 1
                    payoff_uses[payoff] += 1
                    used_pairs.add((setup, payoff))
                    break

    def add_one_liners(limit: int) -> None:
        for template in one_liners:
            if len(builder.hooks) >= limit:
                return
            if template not in used_one_liners and builder.try_add(template):
                used_one_liners.add(template)

    target = rng.randint(MIN_HOOKS + 2, MAX_HOOKS - 2)
    add_composites(target - rng.randint(5, 8), max_use=1)
    add_one_liners(target)
    # Thin contexts (no keyphrase, no audience) can run short; reusing a setup or payoff with a
    # different partner is better than returning fewer than MIN_HOOKS hooks.
    for max_use in (1, 2, 3):
        if len(builder.hooks) >= MIN_HOOKS:
            break
        add_composites(MIN_HOOKS, max_use=max_use)

    hooks = builder.hooks
    rng.shuffle(hooks)
    return hooks


# ---------------------------------------------------------------------------------------------
# Templates
#
# Slots: {app} app name · {kp}/{Kp} a description keyphrase (lower-case / capitalised start) ·
# {kp2}/{Kp2} a second, different keyphrase · {audience} who the app is for, as it followed
# "for"/"para"/"pour"/"für" in the description · {tagline} the tagline, without a final full
# stop. Keyphrases go where a topic goes ("about {kp}", "Thema {kp}", "côté {kp}", labels and
# quotes), never as a grammatical subject, so agreement never depends on the phrase.
# ---------------------------------------------------------------------------------------------

_EN = LanguagePack(
    shared=VoicePack(
        one_liners=(
            "POV: you typed “{kp}” into the App Store and found {app}",
            "If you're into {kp}, {app} was made for you",
            "Nobody talks about {kp} enough. {app} does.",
            "{Kp}? There's an app for that. It's called {app}.",
            "One topic: {kp}. One app: {app}.",
            "Save this if you've been thinking about {kp}\\n{app} has you covered",
            "Stop scrolling if you care about {kp}\\nThis is {app}",
            "Everything {kp}, all in one place: {app}",
            "Tell me you care about {kp} without telling me\\nI'll go first: {app}",
            "{app} was built for {audience}. Sound like you?",
            "{tagline}\\nThat's the whole idea behind {app}.",
            "{Kp}. {Kp2}. All in {app}.",
        ),
        setups=(
            "POV: you just discovered {app}",
            "Me, one week into using {app}",
            "Day one with {app}",
            "Everyone keeps asking what {app} actually does",
            "I finally gave {app} a real try",
            "If you've ever searched “{kp}” late at night",
            "Quick one for anyone into {kp}",
            "Things I wish I'd known sooner about {kp}",
            "{tagline}",
            "Calling everyone who cares about {kp}",
        ),
        payoffs=(
            "Turns out {app} was the missing piece",
            "The answer was {app} all along",
            "Say hi to {app}",
            "Now I can't stop recommending {app}",
            "{app} gets it. Finally.",
            "And honestly? It just works",
            "No notes. Seriously.",
            "{Kp}: handled",
            "Built for {audience}, and it shows",
            "Wish I'd found it sooner",
        ),
    ),
    voices={
        "authentic": VoicePack(
            one_liners=(
                "Not sponsored, just honest: {app} is the only app I kept",
                "I was skeptical about {app}. Here's what changed my mind",
                "My real review of {app} after a month of using it",
                "The honest truth about {kp}\\nand why I ended up using {app}",
                "I tried everything for {kp}. {app} is what stuck.",
                "No filter, no script: this is how I use {app}",
                "What I actually think about {app} (unfiltered)",
                "{app} didn't change my life overnight\\nBut it changed how I think about {kp}",
            ),
            setups=(
                "Honest thoughts after a month with {app}",
                "I almost deleted {app} on day one",
                "Here's my unfiltered take on {app}",
                "Let me be honest about {kp} for a sec",
                "I used to overthink {kp}",
                "Nobody's paying me to say this",
                "Three months in, here's the truth about {app}",
                "I didn't expect much from {app}",
                "Real talk: {kp} used to stress me out",
                "If you're tired of apps that overpromise",
            ),
            payoffs=(
                "But {app} genuinely earned its spot on my home screen",
                "{app} is the one I actually kept",
                "So yeah, {app} stays",
                "Glad I gave it a real chance",
                "It's the first thing that actually stuck",
                "That's the honest version",
                "{app} is the one that actually delivered",
                "{app} is what finally helped",
                "No hype, it just does what it says",
                "Honestly, I'd recommend it to a friend",
            ),
        ),
        "witty": VoicePack(
            one_liners=(
                "{app}: because winging it isn't a strategy",
                "My screen time went up. My life got better. Blame {app}.",
                "Me: I don't need another app\\nAlso me: *downloads {app}*",
                "{Kp}? I have people for that. The people are {app}.",
                "Breaking news: local human finally figures out {kp}\\nSource: {app}",
                "If {kp} had a group chat, {app} would be the one with all the answers",
                "Me pretending I had {kp} figured out all along\\n(It was {app})",
                "Nobody:\\nAbsolutely nobody:\\nMe at 2 a.m.: opening {app} again",
            ),
            setups=(
                "Me after one week of {app}",
                "My friends when I bring up {app} again",
                "Me explaining {app} to the group chat for the fifth time",
                "Me pretending I've always been good at {kp}",
                "Hot take about {kp}",
                "When someone mentions {kp} and I already have the answer",
                "Nobody warned me {app} would be this addictive",
                "Me trying to play it cool about {app}",
                "My brain at 3 a.m.: but what about {kp}?",
                "Things that live rent-free in my head: {kp}",
            ),
            payoffs=(
                "Okay fine, {app} is my whole personality now",
                "Blame {app}",
                "{app} said: allow me",
                "Anyway, I've become that person",
                "Zero regrets, 10/10 would tap again",
                "Yes, I'm aware I won't shut up about it",
                "Thankfully, {app} exists",
                "Enter {app}, stage left",
                "And no, I'm not sorry",
                "Send help. Or don't, I'm fine.",
            ),
        ),
        "professional": VoicePack(
            one_liners=(
                "{app}: a smarter approach to {kp}",
                "Less friction, more focus. That's the idea behind {app}.",
                "Here's how {app} approaches {kp}, step by step",
                "{app} is designed around one goal: making {kp} simple",
                "Three reasons to look at {app} if you care about {kp}",
                "Built with care, designed for results: {app}",
                "The straightforward way to handle {kp}: {app}",
                "What sets {app} apart? A clear focus on {kp}.",
            ),
            setups=(
                "Here's what {app} does differently",
                "A quick overview of {app}",
                "Introducing {app}",
                "Looking for a reliable way to manage {kp}?",
                "If getting {kp} right is a priority this year",
                "The real challenge with {kp} is consistency",
                "What you get with {app}",
                "{app}, in one sentence",
                "Managing {kp} shouldn't take hours",
                "Most tools overcomplicate {kp}",
            ),
            payoffs=(
                "{app} is built to make it simple",
                "That's exactly where {app} comes in",
                "Learn more about {app} today",
                "Clear, reliable and easy to start",
                "Designed to save you time every day",
                "Simple to set up. Easy to stick with.",
                "{app} keeps it focused and simple",
                "See how {app} fits into your routine",
                "Fewer steps, clearer results",
                "Start in minutes, not days",
            ),
            formal=True,
        ),
        "warm": VoicePack(
            one_liners=(
                "You deserve an easier way to handle {kp}. That's why we made {app}.",
                "A little reminder: you're doing better than you think\\nAnd {app} is here to help",
                "{app} was made with people like you in mind",
                "For everyone who's ever needed a hand with {kp}: {app} is here",
                "Small steps count. {app} helps you take them.",
                "Made with love for anyone who cares about {kp}: {app}",
                "We built {app} so your days can feel a little lighter",
                "Sending this to everyone who needs a bit of help with {kp}\\nMeet {app}",
            ),
            setups=(
                "A gentle hello from {app}",
                "This is your reminder that {app} has your back",
                "We made {app} for days like today",
                "If everything around {kp} has felt heavy lately",
                "To everyone who cares about {kp}",
                "Take a deep breath",
                "A little note from all of us at {app}",
                "{app} is cheering for you today",
                "Some days, everything around {kp} feels like a lot",
                "You don't have to figure out {kp} alone",
            ),
            payoffs=(
                "{app} is here whenever you need it",
                "You've got this, and {app} has you",
                "Let {app} carry some of the load",
                "You're not doing this alone",
                "One small step at a time",
                "Be gentle with yourself today",
                "That's why {app} exists",
                "{app} is with you, one step at a time",
                "We're so glad you're here",
                "Progress, not perfection",
            ),
        ),
        "casual": VoicePack(
            one_liners=(
                "Ok but why did nobody tell me about {app} sooner",
                "Lowkey obsessed with {app} right now",
                "{app} for {kp}? Yeah, it's that good",
                "Just a reminder that {app} exists and it's basically a cheat code",
                "Not me opening {app} five times a day",
                "If {kp} is your thing, trust me, get {app}",
                "The {app} era is real and I'm in it",
                "{Kp} but make it easy: {app}",
            ),
            setups=(
                "Been using {app} for a week",
                "So I finally tried {app}",
                "Quick {app} check-in",
                "Ok real quick, let's talk {kp}",
                "When you can't stop thinking about {kp} but you're tired",
                "Me every time someone brings up {kp}",
                "Ok so {app} is kind of a thing now",
                "Hear me out: {app}",
                "Ngl, {kp} used to be a whole thing for me",
                "Tell me I'm not the only one who overthinks {kp}",
            ),
            payoffs=(
                "{app} just gets it",
                "Yeah, {app} kinda slaps",
                "Anyway, go get {app}",
                "Ngl, it's kind of great",
                "10/10, no notes",
                "Not going back, honestly",
                "Then {app} happened",
                "Just download {app}, trust me",
                "Honestly, no regrets",
                "It just clicks",
            ),
        ),
        "educational": VoicePack(
            one_liners=(
                "3 things to know about {kp} before you start",
                "Did you know? {app} can help you stay on top of {kp}",
                "How to get started with {kp}\\nStep one: download {app}",
                "The beginner's guide to {kp}, featuring {app}",
                "Most people get {kp} wrong at the start\\nHere's how {app} makes it easier",
                "Quick tip: let {app} handle {kp} so you can focus on the rest",
                "Save this: a simple routine for {kp} using {app}",
                "{Kp}, explained in 30 seconds (with a little help from {app})",
            ),
            setups=(
                "Here's how {app} works, in three steps",
                "A quick tutorial on {app}",
                "Tip of the day from {app}",
                "Quick lesson on {kp}",
                "Here's one thing most people miss about {kp}",
                "Myth: {kp} has to be complicated",
                "Beginner tip from {app}",
                "One feature of {app} worth knowing",
                "Here's a simple way to think about {kp}",
                "The 2-minute rule for {kp}",
            ),
            payoffs=(
                "{app} breaks it down step by step",
                "Try it yourself in {app}",
                "{app} makes the basics easy to learn",
                "Save this for later",
                "Follow for more tips like this",
                "Small habits, big difference",
                "Practise it daily with {app}",
                "{app} walks you through it",
                "Start small and stay consistent",
                "Bookmark this one",
            ),
        ),
    },
)

_ES = LanguagePack(
    shared=VoicePack(
        one_liners=(
            "POV: buscaste «{kp}» en la App Store y encontraste {app}",
            "Si vives pensando en {kp}, {app} es para ti",
            "Nadie habla lo suficiente de {kp}. {app} sí.",
            "¿{Kp}? Hay una app para eso. Se llama {app}.",
            "Un tema: {kp}. Una app: {app}.",
            "Guarda esto si tienes {kp} en mente\\n{app} te ayuda",
            "Deja de hacer scroll si piensas en {kp}\\nEsto es {app}",
            "Todo sobre {kp}, en un solo lugar: {app}",
            "Dime que vives pensando en {kp} sin decírmelo\\nYo empiezo: {app}",
            "{app} nació para {audience}. ¿Te suena?",
            "{tagline}\\nEsa es la idea detrás de {app}.",
            "{Kp}. {Kp2}. Todo en {app}.",
        ),
        setups=(
            "POV: acabas de descubrir {app}",
            "Yo, después de una semana usando {app}",
            "Mi primer día con {app}",
            "Todos me preguntan qué hace {app}",
            "Por fin le di una oportunidad de verdad a {app}",
            "Si alguna vez buscaste «{kp}» a las 2 de la mañana",
            "Un mensaje para quien vive pensando en {kp}",
            "Lo que me hubiera gustado saber antes sobre {kp}",
            "{tagline}",
            "Atención, fans de {kp}",
        ),
        payoffs=(
            "Resulta que {app} era la pieza que faltaba",
            "La respuesta siempre fue {app}",
            "Te presento {app}",
            "Ahora no paro de recomendar {app}",
            "{app} lo entiende. Por fin.",
            "¿Y sinceramente? Funciona",
            "Nada que objetar. En serio.",
            "{Kp}: tema resuelto",
            "Pensada para {audience}, y se nota",
            "Ojalá la hubiera encontrado antes",
        ),
    ),
    voices={
        "authentic": VoicePack(
            one_liners=(
                "Sin patrocinio, solo honestidad: {app} es la única app que conservé",
                "Dudaba de {app}. Esto fue lo que me hizo cambiar de opinión",
                "Mi opinión real sobre {app} después de un mes",
                "La verdad sobre {kp}\\ny por qué terminé usando {app}",
                "Probé de todo con {kp}. {app} es lo que se quedó.",
                "Sin filtros ni guion: así uso {app}",
                "Lo que de verdad pienso de {app}, sin filtro",
                "{app} no me cambió la vida de la noche a la mañana\\nPero sí cambió cómo veo {kp}",
            ),
            setups=(
                "Lo que pienso de {app} después de un mes",
                "Casi borro {app} el primer día",
                "Mi opinión sin filtro sobre {app}",
                "Hablemos claro sobre {kp}",
                "Antes me agobiaba con {kp}",
                "Nadie me paga por decir esto",
                "Tres meses después, esta es la verdad sobre {app}",
                "No esperaba mucho de {app}",
                "Hablando claro: antes todo lo de {kp} me estresaba",
                "Si ya te cansaron las apps que prometen demasiado",
            ),
            payoffs=(
                "Pero {app} se ganó su lugar en mi pantalla de inicio",
                "{app} es la que conservé",
                "Así que sí, {app} se queda",
                "Qué bueno que le di una oportunidad de verdad",
                "Es lo primero que de verdad me funcionó",
                "Esa es la versión honesta",
                "{app} es la que de verdad cumplió",
                "{app} fue lo que por fin me ayudó",
                "Sin exagerar: hace lo que promete",
                "Sinceramente, se la recomendaría a cualquiera",
            ),
        ),
        "witty": VoicePack(
            one_liners=(
                "{app}: porque improvisar no es una estrategia",
                "Mi tiempo de pantalla subió. Mi vida mejoró. Culpa de {app}.",
                "Yo: no necesito otra app\\nTambién yo: *descargo {app}*",
                "¿{Kp}? Tengo gente para eso. La gente es {app}.",
                "Última hora: persona promedio por fin entiende {kp}\\nFuente: {app}",
                "En el grupo de WhatsApp de {kp}, {app} es quien tiene todas las respuestas",
                "Yo fingiendo que siempre supe de {kp}\\n(Era {app})",
                "Nadie:\\nAbsolutamente nadie:\\nYo a las 2 a. m.: abriendo {app} otra vez",
            ),
            setups=(
                "Yo después de una semana con {app}",
                "Mis amigos cuando vuelvo a mencionar {app}",
                "Yo explicándole {app} a mi grupo de amigos por quinta vez",
                "Yo fingiendo que siempre dominé {kp}",
                "Opinión impopular sobre {kp}",
                "Cuando alguien menciona {kp} y ya tengo la respuesta",
                "Nadie me avisó de que {app} sería tan adictiva",
                "Yo intentando disimular lo mucho que me gusta {app}",
                "Mi cerebro a las 3 a. m.: ¿y qué pasa con {kp}?",
                "Cosas que viven en mi cabeza sin pagar alquiler: {kp}",
            ),
            payoffs=(
                "Bueno, {app} ya es toda mi personalidad",
                "La culpa es de {app}",
                "{app} dijo: déjamelo a mí",
                "En fin, me convertí en esa persona",
                "Cero arrepentimientos, lo volvería a descargar",
                "Sí, ya sé que no paro de hablar de esto",
                "Menos mal que existe {app}",
                "Y entonces apareció {app}",
                "Y no, no me arrepiento",
                "Manden ayuda. O no, estoy bien.",
            ),
        ),
        "professional": VoicePack(
            one_liners=(
                "{app}: una forma más inteligente de gestionar {kp}",
                "Menos fricción, más foco. Esa es la idea detrás de {app}.",
                "Así aborda {app} {kp}, paso a paso",
                "{app} tiene un objetivo claro: simplificar {kp}",
                "Tres razones para elegir {app} cuando se trata de {kp}",
                "Diseño cuidado, resultados claros: {app}",
                "La manera más directa de organizar {kp}: {app}",
                "¿Qué distingue a {app}? Un enfoque claro en {kp}.",
            ),
            setups=(
                "Esto es lo que {app} hace diferente",
                "Un resumen rápido de {app}",
                "Te presentamos {app}",
                "¿Buscas una forma fiable de gestionar {kp}?",
                "Si este año quieres avanzar en {kp}",
                "El verdadero reto con {kp} es la constancia",
                "Lo que obtienes con {app}",
                "{app}, en una frase",
                "Gestionar {kp} no debería llevar horas",
                "Muchas herramientas complican {kp} de más",
            ),
            payoffs=(
                "{app} lo hace simple",
                "Justo ahí es donde entra {app}",
                "Conoce {app} hoy mismo",
                "Clara, fiable y fácil de empezar",
                "Diseñada para ahorrarte tiempo cada día",
                "Fácil de configurar. Fácil de mantener.",
                "{app} lo mantiene simple y enfocado",
                "Descubre cómo {app} encaja en tu rutina",
                "Menos pasos, resultados más claros",
                "Empieza en minutos, no en días",
            ),
        ),
        "warm": VoicePack(
            one_liners=(
                "Mereces una forma más fácil de llevar {kp}. Por eso creamos {app}.",
                "Un pequeño recordatorio: lo estás haciendo mejor de lo que crees\\n"
                "Y {app} está aquí para ayudarte",
                "Creamos {app} pensando en personas como tú",
                "Para quien alguna vez necesitó una mano con {kp}: {app} está aquí",
                "Los pasos pequeños cuentan. {app} te ayuda a darlos.",
                "Hecha con cariño para quien se preocupa por {kp}: {app}",
                "Creamos {app} para que tus días sean un poco más ligeros",
                "Le mando esto a quien necesite una mano con {kp}\\nTe presento {app}",
            ),
            setups=(
                "Un saludo cariñoso de {app}",
                "Recordatorio: {app} está contigo",
                "Creamos {app} para días como hoy",
                "Si últimamente todo lo de {kp} se te hace cuesta arriba",
                "Para quienes cuidan cada detalle de {kp}",
                "Respira hondo",
                "Una notita de parte de todo el equipo de {app}",
                "Hoy {app} está de tu lado",
                "Hay días en que todo lo de {kp} pesa un montón",
                "No tienes que resolver {kp} sin ayuda",
            ),
            payoffs=(
                "{app} está aquí cuando lo necesites",
                "Tú puedes, y {app} te acompaña",
                "Deja que {app} te quite un poco de peso",
                "No tienes que hacerlo sin ayuda",
                "Un pequeño paso a la vez",
                "Sé amable contigo hoy",
                "Para eso existe {app}",
                "{app} te acompaña, paso a paso",
                "Qué alegría tenerte aquí",
                "Progreso, no perfección",
            ),
        ),
        "casual": VoicePack(
            one_liners=(
                "Oye, ¿por qué nadie me habló antes de {app}?",
                "Lo de {app} ya es obsesión, no lo niego",
                "¿{app} para {kp}? Sí, vale totalmente la pena",
                "Recordatorio de que {app} existe y es casi un truco",
                "Yo abriendo {app} cinco veces al día, como si nada",
                "Si andas con {kp}, hazme caso y baja {app}",
                "La era {app} es real y estoy dentro",
                "{Kp}, pero fácil: {app}",
            ),
            setups=(
                "Llevo una semana usando {app}",
                "Por fin probé {app}",
                "Actualización rápida sobre {app}",
                "A ver, hablemos de {kp}",
                "Cuando tienes {kp} en la cabeza pero cero ganas",
                "Yo cada vez que sale el tema de {kp}",
                "Bueno, {app} ya es un tema",
                "Escúchame un segundo: {app}",
                "La verdad, lo de {kp} antes era todo un drama para mí",
                "Dime que no soy la única persona que le da mil vueltas a {kp}",
            ),
            payoffs=(
                "{app} simplemente lo entiende",
                "{app} es una joya, la verdad",
                "En fin, descarga {app}",
                "No te voy a mentir, está genial",
                "Diez de diez, nada que objetar",
                "No pienso volver atrás, la verdad",
                "Y entonces llegó {app}",
                "Tú descarga {app} y ya",
                "Cero arrepentimientos, en serio",
                "Simplemente encaja",
            ),
        ),
        "educational": VoicePack(
            one_liners=(
                "3 cosas que debes saber sobre {kp} antes de empezar",
                "¿Sabías que {app} te ayuda a mantener {kp} bajo control?",
                "Cómo empezar con {kp}\\nPaso uno: descarga {app}",
                "Guía para principiantes sobre {kp}, con {app}",
                "Casi todos fallan con {kp} al principio\\nAsí es como {app} lo pone más fácil",
                "Consejo rápido: deja que {app} se encargue de {kp} y concéntrate en lo demás",
                "Guarda esto: una rutina sencilla para {kp} con {app}",
                "{Kp} en 30 segundos (con ayuda de {app})",
            ),
            setups=(
                "Así funciona {app}, en tres pasos",
                "Mini tutorial de {app}",
                "El consejo del día de {app}",
                "Lección rápida sobre {kp}",
                "Algo que casi nadie sabe sobre {kp}",
                "Mito: todo lo relacionado con {kp} es complicado",
                "Consejo para principiantes de {app}",
                "Una función de {app} que vale la pena conocer",
                "Una forma sencilla de entender {kp}",
                "La regla de los 2 minutos para {kp}",
            ),
            payoffs=(
                "{app} te lo explica paso a paso",
                "Pruébalo en {app}",
                "{app} hace que lo básico sea fácil de aprender",
                "Guárdalo para después",
                "Sígueme para más consejos como este",
                "Hábitos pequeños, gran diferencia",
                "Practícalo cada día con {app}",
                "{app} te guía en cada paso",
                "Empieza poco a poco y sé constante",
                "Guarda este post",
            ),
        ),
    },
)

_PT_BR = LanguagePack(
    shared=VoicePack(
        one_liners=(
            "POV: você buscou “{kp}” na App Store e encontrou {app}",
            "Se você vive pensando em {kp}, {app} é pra você",
            "Ninguém fala o suficiente sobre {kp}. {app} fala.",
            "{Kp}? Tem app pra isso. Se chama {app}.",
            "Um assunto: {kp}. Um app: {app}.",
            "Salva esse post se você anda pensando em {kp}\\n{app} te ajuda",
            "Para de rolar o feed se você se importa com {kp}\\nConheça {app}",
            "Tudo sobre {kp}, num só lugar: {app}",
            "Me diz que você ama {kp} sem me dizer\\nEu começo: {app}",
            "{app} nasceu para {audience}. É você?",
            "{tagline}\\nEssa é a ideia por trás de {app}.",
            "{Kp}. {Kp2}. Tudo em {app}.",
        ),
        setups=(
            "POV: você acabou de descobrir {app}",
            "Eu, depois de uma semana usando {app}",
            "Meu primeiro dia com {app}",
            "Todo mundo me pergunta o que {app} faz",
            "Finalmente testei {app} de verdade",
            "Se você já pesquisou “{kp}” às 2 da manhã",
            "Um recado pra quem vive pensando em {kp}",
            "O que eu queria ter sabido antes sobre {kp}",
            "{tagline}",
            "Atenção, fãs de {kp}",
        ),
        payoffs=(
            "No fim, {app} era a peça que faltava",
            "A resposta sempre foi {app}",
            "Prazer, {app}",
            "Agora não paro de indicar {app}",
            "{app} entende. Finalmente.",
            "E sinceramente? Funciona",
            "Nota dez. Sério.",
            "{Kp}: assunto resolvido",
            "Feito para {audience}, e dá pra sentir",
            "Queria ter descoberto antes",
        ),
    ),
    voices={
        "authentic": VoicePack(
            one_liners=(
                "Não é publi, é sincero: {app} é o único app que ficou no meu celular",
                "Eu desconfiava de {app}. Isso me fez mudar de ideia",
                "Minha opinião real sobre {app} depois de um mês",
                "A verdade sobre {kp}\\ne por que acabei usando {app}",
                "Tentei de tudo com {kp}. {app} foi o que ficou.",
                "Sem filtro e sem roteiro: é assim que eu uso {app}",
                "O que eu realmente acho de {app}, sem filtro",
                "{app} não mudou minha vida da noite pro dia\\nMas mudou como eu vejo {kp}",
            ),
            setups=(
                "O que eu acho de {app} depois de um mês",
                "Quase apaguei {app} no primeiro dia",
                "Minha opinião sem filtro sobre {app}",
                "Vamos falar sério sobre {kp}",
                "Eu vivia me estressando com {kp}",
                "Ninguém está me pagando pra dizer isso",
                "Três meses depois, a verdade sobre {app}",
                "Eu não esperava muito de {app}",
                "Papo reto: tudo sobre {kp} me estressava",
                "Se você cansou de app que promete demais",
            ),
            payoffs=(
                "Mas {app} conquistou seu lugar na minha tela inicial",
                "{app} é o que eu mantive",
                "Então é isso, {app} fica",
                "Ainda bem que dei uma chance de verdade",
                "Foi a primeira coisa que realmente funcionou pra mim",
                "Essa é a versão sincera",
                "{app} foi o que realmente cumpriu",
                "{app} foi o que finalmente me ajudou",
                "Sem exagero: faz o que promete",
                "Sinceramente, eu indicaria pra qualquer pessoa",
            ),
        ),
        "witty": VoicePack(
            one_liners=(
                "{app}: porque improvisar não é estratégia",
                "Meu tempo de tela subiu. Minha vida melhorou. Culpa de {app}.",
                "Eu: não preciso de mais um app\\nEu também: *baixando {app}*",
                "{Kp}? Tenho alguém pra isso. Esse alguém é {app}.",
                "Urgente: pessoa comum finalmente entende {kp}\\nFonte: {app}",
                "No grupo da família sobre {kp}, {app} é quem tem todas as respostas",
                "Eu fingindo que sempre entendi de {kp}\\n(Era {app})",
                "Ninguém:\\nAbsolutamente ninguém:\\nEu às 2 da manhã: abrindo {app} de novo",
            ),
            setups=(
                "Eu depois de uma semana com {app}",
                "Meus amigos quando eu falo de {app} de novo",
                "Eu explicando {app} pro grupo pela quinta vez",
                "Eu fingindo que sempre mandei bem em {kp}",
                "Opinião impopular sobre {kp}",
                "Quando alguém fala de {kp} e eu já tenho a resposta",
                "Ninguém me avisou que {app} viciava tanto",
                "Eu tentando disfarçar o quanto eu amo {app}",
                "Meu cérebro às 3 da manhã: e {kp}?",
                "Coisas que moram na minha cabeça sem pagar aluguel: {kp}",
            ),
            payoffs=(
                "Tá, {app} virou minha personalidade inteira",
                "A culpa é de {app}",
                "{app} falou: deixa comigo",
                "Enfim, virei essa pessoa",
                "Zero arrependimentos, baixaria de novo",
                "Sim, eu sei que não paro de falar disso",
                "Ainda bem que {app} existe",
                "E aí surgiu {app}",
                "E não, não me arrependo",
                "Mandem ajuda. Ou não, tô bem.",
            ),
        ),
        "professional": VoicePack(
            one_liners=(
                "{app}: uma forma mais inteligente de gerenciar {kp}",
                "Menos atrito, mais foco. Essa é a proposta de {app}.",
                "Como {app} trata {kp}, passo a passo",
                "{app} tem um objetivo claro: simplificar {kp}",
                "Três motivos para escolher {app} quando o assunto é {kp}",
                "Design cuidadoso, resultados claros: {app}",
                "O jeito mais direto de organizar {kp}: {app}",
                "O que diferencia {app}? Um foco claro em {kp}.",
            ),
            setups=(
                "Veja o que {app} faz de diferente",
                "Um resumo rápido de {app}",
                "Apresentamos {app}",
                "Procurando uma forma confiável de gerenciar {kp}?",
                "Se avançar em {kp} é uma meta deste ano",
                "O verdadeiro desafio em {kp} é a constância",
                "O que você ganha com {app}",
                "{app} em uma frase",
                "Gerenciar {kp} não deveria levar horas",
                "Muitas ferramentas complicam {kp} sem necessidade",
            ),
            payoffs=(
                "{app} torna tudo mais simples",
                "É exatamente aí que entra {app}",
                "Conheça {app} hoje mesmo",
                "Claro, confiável e fácil de começar",
                "Pensado para economizar seu tempo todos os dias",
                "Fácil de configurar. Fácil de manter.",
                "{app} mantém tudo simples e focado",
                "Descubra como {app} se encaixa na sua rotina",
                "Menos etapas, resultados mais claros",
                "Comece em minutos, não em dias",
            ),
        ),
        "warm": VoicePack(
            one_liners=(
                "Você merece um jeito mais leve de lidar com {kp}. Por isso criamos {app}.",
                "Um lembrete: você está indo melhor do que imagina\\nE {app} está aqui pra ajudar",
                "Criamos {app} pensando em pessoas como você",
                "Pra quem já precisou de uma mão com {kp}: {app} está aqui",
                "Passos pequenos contam. {app} te ajuda a dar cada um.",
                "Feito com carinho pra quem se importa com {kp}: {app}",
                "Criamos {app} pra deixar seus dias um pouco mais leves",
                "Mandando isso pra quem precisa de uma ajudinha com {kp}\\nPrazer, {app}",
            ),
            setups=(
                "Um abraço carinhoso de {app}",
                "Lembrete: {app} está com você",
                "Criamos {app} para dias como hoje",
                "Se ultimamente tudo sobre {kp} anda pesado",
                "Pra quem cuida de cada detalhe de {kp}",
                "Respira fundo",
                "Um recadinho de toda a equipe de {app}",
                "Hoje {app} está torcendo por você",
                "Tem dias em que tudo sobre {kp} pesa demais",
                "Você não precisa resolver {kp} sem ajuda",
            ),
            payoffs=(
                "{app} está aqui sempre que você precisar",
                "Você consegue, e {app} vai junto",
                "Deixa {app} carregar um pouco do peso",
                "Você não precisa fazer isso sem ajuda",
                "Um passinho de cada vez",
                "Seja gentil com você hoje",
                "É pra isso que {app} existe",
                "{app} está com você, passo a passo",
                "Que bom ter você aqui",
                "Progresso, não perfeição",
            ),
        ),
        "casual": VoicePack(
            one_liners=(
                "Gente, por que ninguém me falou de {app} antes?",
                "Confesso: {app} virou vício",
                "{app} pra {kp}? Sim, vale muito a pena",
                "Lembrete de que {app} existe e é praticamente um atalho",
                "Eu abrindo {app} cinco vezes por dia, normal",
                "Se você curte {kp}, confia em mim e baixa {app}",
                "A era {app} é real e eu tô dentro",
                "{Kp}, só que fácil: {app}",
            ),
            setups=(
                "Tô usando {app} faz uma semana",
                "Finalmente baixei {app}",
                "Atualização rápida sobre {app}",
                "Bora falar de {kp}",
                "Quando você pensa em {kp} mas a preguiça bate",
                "Eu toda vez que alguém fala de {kp}",
                "Tá, {app} virou assunto agora",
                "Me escuta: {app}",
                "Sério, esse lance de {kp} era um drama pra mim",
                "Me diz que eu não sou a única pessoa que pensa demais em {kp}",
            ),
            payoffs=(
                "{app} simplesmente entende",
                "{app} é bom demais, sério",
                "Enfim, baixa {app}",
                "Não vou mentir, é muito bom",
                "Nota dez, sem defeitos",
                "Não volto atrás, sinceramente",
                "Aí veio {app}",
                "Só baixa {app}, confia",
                "Zero arrependimento, sério",
                "Simplesmente encaixa",
            ),
        ),
        "educational": VoicePack(
            one_liners=(
                "3 coisas para saber sobre {kp} antes de começar",
                "Sabia que {app} te ajuda a manter {kp} sob controle?",
                "Como começar com {kp}\\nPasso um: baixe {app}",
                "Guia para iniciantes sobre {kp}, com {app}",
                "Quase todo mundo erra com {kp} no começo\\nVeja como {app} facilita",
                "Dica rápida: deixe {app} cuidar de {kp} e foque no resto",
                "Salve isto: uma rotina simples para {kp} com {app}",
                "{Kp} em 30 segundos (com uma ajudinha de {app})",
            ),
            setups=(
                "Veja como {app} funciona, em três passos",
                "Mini tutorial de {app}",
                "A dica de hoje vem de {app}",
                "Aula rápida sobre {kp}",
                "Uma coisa que quase ninguém sabe sobre {kp}",
                "Mito: tudo que envolve {kp} é complicado",
                "Dica de {app} para iniciantes",
                "Um recurso de {app} que vale conhecer",
                "Um jeito simples de entender {kp}",
                "A regra dos 2 minutos para {kp}",
            ),
            payoffs=(
                "{app} explica passo a passo",
                "Experimente em {app}",
                "{app} deixa o básico fácil de aprender",
                "Salva pra depois",
                "Siga para mais dicas como esta",
                "Pequenos hábitos, grande diferença",
                "Pratique todo dia com {app}",
                "{app} te guia em cada etapa",
                "Comece pequeno e mantenha a constância",
                "Salva esse post",
            ),
        ),
    },
)

# French: bare nouns after most prepositions sound wrong ("je pense à budget"), so keyphrases
# go after "côté", "spécial", "en matière de", "fan de", in « quotes » or as labels.
_FR = LanguagePack(
    shared=VoicePack(
        one_liners=(
            (
                "POV : tu tapes « {kp} » dans l'App Store et tu trouves {app}",
                "POV : vous tapez « {kp} » dans l'App Store et vous trouvez {app}",
            ),
            "Côté {kp}, {app} change vraiment la donne",
            "Personne ne parle assez de « {kp} ». {app}, si.",
            "{Kp} ? Il y a une app pour ça. Elle s'appelle {app}.",
            "Un sujet : {kp}. Une app : {app}.",
            (
                "Enregistre ce post si tu cherches une solution côté {kp}\\n{app} est là pour ça",
                "Enregistrez ce post si vous cherchez une solution côté {kp}\\n"
                "{app} est là pour ça",
            ),
            (
                "Arrête de scroller si tu es fan de {kp}\\nVoici {app}",
                "Un instant si vous vous intéressez à « {kp} »\\nVoici {app}",
            ),
            "Spécial {kp}, tout au même endroit : {app}",
            (
                "Dis-moi que tu es fan de {kp} sans me le dire\\nJe commence : {app}",
                "Dites-moi que vous êtes fan de {kp} sans me le dire\\nJe commence : {app}",
            ),
            (
                "{app}, c'est pour {audience}. Ça te parle ?",
                "{app}, c'est pour {audience}. Ça vous parle ?",
            ),
            "{tagline}\\nC'est toute l'idée derrière {app}.",
            "{Kp}. {Kp2}. Tout dans {app}.",
        ),
        setups=(
            ("POV : tu viens de découvrir {app}", "POV : vous venez de découvrir {app}"),
            "Moi, après une semaine avec {app}",
            "Premier jour avec {app}",
            "Tout le monde me demande ce que fait {app}",
            "J'ai enfin testé {app} pour de vrai",
            (
                "Si tu as déjà cherché « {kp} » à 2 h du matin",
                "Si vous avez déjà cherché « {kp} » à 2 h du matin",
            ),
            "Petit message aux fans de {kp}",
            "Ce que j'aurais aimé savoir plus tôt côté {kp}",
            "{tagline}",
            "Question {kp}, on en parle ?",
        ),
        payoffs=(
            "Au final, {app} était la pièce manquante",
            "La réponse, c'était {app}",
            "Bienvenue dans l'ère {app}",
            "Depuis, je recommande {app} à tout le monde",
            "{app} a tout compris. Enfin.",
            "Et franchement ? Ça marche",
            "Rien à redire. Vraiment.",
            "{Kp} : affaire réglée",
            "C'est pensé pour {audience}, et ça se voit",
            "J'aurais aimé la découvrir plus tôt",
        ),
    ),
    voices={
        "authentic": VoicePack(
            one_liners=(
                "Pas sponsorisé, juste honnête : {app} est la seule app que j'ai gardée",
                "J'étais sceptique face à {app}. Voilà ce qui m'a fait changer d'avis",
                "Mon vrai avis sur {app} après un mois",
                "La vérité côté {kp}\\net pourquoi j'ai fini par utiliser {app}",
                "J'ai tout essayé côté {kp}. {app}, c'est ce qui est resté.",
                "Sans filtre ni script : voilà comment j'utilise {app}",
                "Ce que je pense vraiment de {app}, sans filtre",
                "{app} n'a pas changé ma vie du jour au lendemain\\nMais côté {kp}, tout a changé",
            ),
            setups=(
                "Mon avis honnête après un mois avec {app}",
                "J'ai failli supprimer {app} dès le premier jour",
                "Petit retour honnête sur {app}",
                "Parlons franchement : {kp}",
                "Avant, la question « {kp} » me stressait",
                "Personne ne me paie pour dire ça",
                "Trois mois plus tard, la vérité sur {app}",
                "Je n'attendais pas grand-chose de {app}",
                "Franchement, la question « {kp} » me prenait la tête",
                "Si tu en as marre des apps qui promettent trop",
            ),
            payoffs=(
                "Mais {app} a gagné sa place sur mon écran d'accueil",
                "{app}, c'est celle que j'ai gardée",
                "Bref, {app} reste",
                "Heureusement que je lui ai laissé une vraie chance",
                "C'est la première chose qui a vraiment marché pour moi",
                "Voilà la version honnête",
                "{app}, c'est celle qui a vraiment tenu ses promesses",
                "C'est {app} qui a enfin fait la différence",
                "Sans exagérer : ça fait ce que ça promet",
                "Honnêtement, je la recommanderais à n'importe qui",
            ),
        ),
        "witty": VoicePack(
            one_liners=(
                "{app} : parce qu'improviser, ce n'est pas une stratégie",
                "Mon temps d'écran a augmenté. Ma vie s'est améliorée. La faute à {app}.",
                "Moi : je n'ai pas besoin d'une nouvelle app\\nAussi moi : *télécharge {app}*",
                "{Kp} ? J'ai quelqu'un pour ça. Ce quelqu'un, c'est {app}.",
                "Flash info : le dossier « {kp} » enfin maîtrisé\\nSource : {app}",
                "Dans le groupe WhatsApp spécial {kp}, c'est {app} qui a toutes les réponses",
                "Moi qui fais semblant d'avoir toujours tout compris côté {kp}\\n(C'était {app})",
                "Personne :\\nAbsolument personne :\\nMoi à 2 h du matin : j'ouvre encore {app}",
            ),
            setups=(
                "Moi après une semaine sur {app}",
                "Mes potes quand je reparle de {app}",
                "Moi qui explique {app} à mon groupe d'amis pour la cinquième fois",
                "Moi qui fais semblant de tout maîtriser côté {kp}",
                "Avis impopulaire sur « {kp} »",
                "Quand quelqu'un parle de « {kp} » et que j'ai déjà la réponse",
                "On ne m'avait pas dit que {app} rendait accro",
                "Moi qui essaie de rester calme à propos de {app}",
                "Mon cerveau à 3 h du matin : et côté {kp} ?",
                "Ce qui squatte ma tête en permanence : {kp}",
            ),
            payoffs=(
                "Bon, {app}, c'est toute ma personnalité maintenant",
                "C'est la faute à {app}",
                "{app} a dit : laisse-moi faire",
                "Bref, cette personne, c'est moi maintenant",
                "Zéro regret, à refaire sans hésiter",
                "Oui, je sais, je n'arrête pas d'en parler",
                "Heureusement, {app} existe",
                "Et là, {app} entre en scène",
                "Et non, je ne regrette rien",
                "Envoyez de l'aide. Ou pas, ça va.",
            ),
        ),
        "professional": VoicePack(
            one_liners=(
                "{app} : une approche plus intelligente en matière de {kp}",
                "Moins de friction, plus de concentration. C'est l'idée de {app}.",
                "Comment {app} aborde la question « {kp} », étape par étape",
                "{app} a un objectif clair : vous simplifier la vie en matière de {kp}",
                "Trois raisons de choisir {app} pour tout ce qui concerne « {kp} »",
                "Une conception soignée, des résultats clairs : {app}",
                "La solution la plus directe pour « {kp} » : {app}",
                "Qu'est-ce qui distingue {app} ? Une attention particulière portée à « {kp} ».",
            ),
            setups=(
                "Voici ce que {app} fait différemment",
                "{app} en bref",
                "Nous vous présentons {app}",
                "Vous cherchez une solution fiable en matière de {kp} ?",
                "Si « {kp} » fait partie de vos priorités cette année",
                "Le vrai défi, en matière de {kp}, c'est la régularité",
                "Ce que {app} vous apporte",
                "{app}, en une phrase",
                "Gérer « {kp} » ne devrait pas prendre des heures",
                "Trop d'outils compliquent la question « {kp} »",
            ),
            payoffs=(
                "Avec {app}, tout devient plus simple",
                "C'est précisément là qu'intervient {app}",
                "Découvrez {app} dès aujourd'hui",
                "C'est clair, fiable et simple à prendre en main",
                "Une solution pensée pour vous faire gagner du temps chaque jour",
                "Simple à configurer. Facile à adopter.",
                "Avec {app}, l'essentiel reste simple",
                "Découvrez comment {app} s'intègre à votre quotidien",
                "Moins d'étapes, des résultats plus clairs",
                "Quelques minutes suffisent pour démarrer",
            ),
            formal=True,
        ),
        "warm": VoicePack(
            one_liners=(
                "Côté {kp}, tu mérites plus de douceur. C'est pour ça qu'on a créé {app}.",
                "Petit rappel : tu t'en sors mieux que tu ne le crois\\n"
                "Et {app} est là pour t'aider",
                "On a créé {app} en pensant à des personnes comme toi",
                "Pour tous ceux qui ont déjà eu besoin d'un coup de main côté {kp} : {app} est là",
                "Les petits pas comptent. {app} t'aide à les faire.",
                "Avec amour, pour les fans de {kp} : {app}",
                "On a créé {app} pour rendre tes journées un peu plus légères",
                "J'envoie ça à tous ceux qui ont besoin d'un peu d'aide côté {kp}\\nVoici {app}",
            ),
            setups=(
                "Un petit coucou de {app}",
                "Rappel : {app} est là pour toi",
                "On a créé {app} pour les jours comme aujourd'hui",
                "Si, côté {kp}, tout te semble lourd en ce moment",
                "Pour toi qui prends soin de chaque détail côté {kp}",
                "Respire un grand coup",
                "Un petit mot de toute l'équipe {app}",
                "Aujourd'hui, {app} est de ton côté",
                "Certains jours, côté {kp}, tout semble trop",
                "Côté {kp}, tu n'as pas à tout porter sans aide",
            ),
            payoffs=(
                "{app} est là dès que tu en as besoin",
                "Tu vas y arriver, et {app} t'accompagne",
                "Laisse {app} porter une partie de la charge",
                "Tu n'as pas à faire ça sans aide",
                "Un petit pas à la fois",
                "Prends soin de toi aujourd'hui",
                "C'est pour ça que {app} existe",
                "{app} est avec toi, pas à pas",
                "On est tellement contents que tu sois là",
                "Le progrès, pas la perfection",
            ),
        ),
        "casual": VoicePack(
            one_liners=(
                "Sérieux, pourquoi personne ne m'a parlé de {app} plus tôt ?",
                "Je suis accro à {app}, je l'avoue",
                "{app} côté {kp} ? Oui, ça vaut vraiment le coup",
                "Petit rappel : {app} existe et c'est presque de la triche",
                "Moi qui ouvre {app} cinq fois par jour, tranquille",
                "Si t'es fan de {kp}, fais-moi confiance et télécharge {app}",
                "L'ère {app} est réelle et j'en fais partie",
                "{Kp}, mais en mode facile : {app}",
            ),
            setups=(
                "Ça fait une semaine que j'utilise {app}",
                "Bon, j'ai craqué pour {app}",
                "Petit point rapide sur {app}",
                "Bon, on parle {kp} ?",
                "Quand t'as « {kp} » en tête mais zéro motivation",
                "Moi chaque fois que quelqu'un parle de « {kp} »",
                "Bon, {app}, c'est devenu un truc maintenant",
                "Écoute-moi deux secondes : {app}",
                "Franchement, côté {kp}, c'était la galère pour moi",
                "Qui d'autre se prend la tête côté {kp} ?",
            ),
            payoffs=(
                "{app} a juste tout compris",
                "{app}, c'est vraiment une pépite",
                "Bref, télécharge {app}",
                "Je vais pas mentir, c'est top",
                "Dix sur dix, rien à redire",
                "Pas question de revenir en arrière",
                "Et puis il y a eu {app}",
                "Télécharge {app}, fais-moi confiance",
                "Zéro regret, franchement",
                "Ça colle, tout simplement",
            ),
        ),
        "educational": VoicePack(
            one_liners=(
                "3 choses à savoir côté {kp} avant de te lancer",
                "Le savais-tu ? {app} t'aide à garder le contrôle côté {kp}",
                "Comment démarrer côté {kp}\\nÉtape 1 : télécharge {app}",
                "Le guide du débutant spécial {kp}, avec {app}",
                "Presque tout le monde se trompe côté {kp} au début\\n"
                "Voici comment {app} simplifie les choses",
                "Astuce rapide : laisse {app} gérer la partie « {kp} »"
                " et concentre-toi sur le reste",
                "À enregistrer : une routine simple pour « {kp} » avec {app}",
                "{Kp} en 30 secondes (avec un coup de main de {app})",
            ),
            setups=(
                "Voici comment fonctionne {app}, en trois étapes",
                "Mini tuto {app}",
                "L'astuce du jour signée {app}",
                "Mini-cours express : {kp}",
                "Un détail que presque personne ne connaît côté {kp}",
                "Idée reçue : tout ce qui touche à « {kp} » est compliqué",
                "Conseil débutant signé {app}",
                "Une fonction de {app} à connaître",
                "Une façon simple de voir les choses côté {kp}",
                "La règle des 2 minutes, spécial {kp}",
            ),
            payoffs=(
                "{app} t'explique tout étape par étape",
                "Teste par toi-même dans {app}",
                "{app} rend les bases faciles à apprendre",
                "Enregistre-le pour plus tard",
                "Abonne-toi pour plus d'astuces comme celle-ci",
                "Petites habitudes, grande différence",
                "Entraîne-toi chaque jour avec {app}",
                "{app} te guide à chaque étape",
                "Commence petit, avance chaque jour",
                "Garde ce post sous le coude",
            ),
        ),
    },
    elide=True,
)

# German: a bare noun after most prepositions needs an article and a case ending, so keyphrases
# follow "Thema", "Stichwort", "in Sachen" or sit in „quotes“ and labels.
_DE = LanguagePack(
    shared=VoicePack(
        one_liners=(
            (
                "POV: Du suchst im App Store nach „{kp}“ und findest {app}",
                "POV: Sie suchen im App Store nach „{kp}“ und finden {app}",
            ),
            "In Sachen {kp} macht {app} wirklich den Unterschied",
            "Über „{kp}“ redet kaum jemand. {app} schon.",
            "{Kp}? Dafür gibt's eine App. Sie heißt {app}.",
            "Ein Thema: {kp}. Eine App: {app}.",
            (
                "Speicher dir das, wenn dich das Thema {kp} beschäftigt\\n{app} hilft dir dabei",
                "Speichern Sie sich das, wenn Sie das Thema {kp} beschäftigt\\n"
                "{app} unterstützt Sie dabei",
            ),
            (
                "Hör auf zu scrollen, wenn dir das Thema {kp} wichtig ist\\nDas ist {app}",
                "Kurz innehalten, wenn Ihnen das Thema {kp} wichtig ist\\nDas ist {app}",
            ),
            "Alles zum Thema {kp}, an einem Ort: {app}",
            (
                "Sag mir, dass dir das Thema {kp} am Herzen liegt, ohne es zu sagen\\n"
                "Ich fange an: {app}",
                "Was ist Ihnen beim Thema {kp} wichtig?\\nUnsere Antwort: {app}",
            ),
            (
                "{app} ist für {audience} gemacht. Klingt nach dir?",
                "{app} ist für {audience} gemacht. Klingt nach Ihnen?",
            ),
            "{tagline}\\nGenau darum geht es bei {app}.",
            "{Kp}. {Kp2}. Alles in {app}.",
        ),
        setups=(
            ("POV: Du hast gerade {app} entdeckt", "POV: Sie haben gerade {app} entdeckt"),
            "Ich, nach einer Woche mit {app}",
            "Tag eins mit {app}",
            "Alle fragen mich, was {app} eigentlich macht",
            "Ich habe {app} endlich richtig ausprobiert",
            (
                "Falls du schon mal nachts um zwei nach „{kp}“ gesucht hast",
                "Falls Sie schon einmal spätabends nach „{kp}“ gesucht haben",
            ),
            "Kurze Nachricht an alle, die sich für das Thema {kp} interessieren",
            "Was ich gern früher über „{kp}“ gewusst hätte",
            "{tagline}",
            "Stichwort {kp}",
        ),
        payoffs=(
            "Am Ende war {app} das fehlende Puzzleteil",
            "Die Antwort war die ganze Zeit {app}",
            "Darf ich vorstellen: {app}",
            "Seitdem empfehle ich {app} allen",
            "{app} hat's verstanden. Endlich.",
            "Und ehrlich? Es funktioniert einfach",
            "Nichts auszusetzen. Wirklich.",
            "Thema {kp}: erledigt",
            "Gemacht für {audience}, und das merkt man",
            "Hätte ich das mal früher entdeckt",
        ),
    ),
    voices={
        "authentic": VoicePack(
            one_liners=(
                "Keine Werbung, nur ehrlich: {app} ist die einzige App, die ich behalten habe",
                "Ich war skeptisch bei {app}. Das hat meine Meinung geändert",
                "Meine ehrliche Meinung zu {app} nach einem Monat",
                "Die Wahrheit zum Thema {kp}\\nund warum ich am Ende bei {app} gelandet bin",
                "Ich habe beim Thema {kp} alles ausprobiert. Geblieben ist {app}.",
                "Ohne Filter, ohne Skript: So nutze ich {app}",
                "Was ich wirklich über {app} denke, ungefiltert",
                "{app} hat mein Leben nicht über Nacht verändert\\n"
                "Aber meinen Blick auf das Thema {kp}",
            ),
            setups=(
                "Ehrliches Fazit nach einem Monat mit {app}",
                "Ich hätte {app} am ersten Tag fast gelöscht",
                "Mein ungefilterter Eindruck von {app}",
                "Mal ganz ehrlich, Thema {kp}",
                "Früher hat mich das Thema {kp} total gestresst",
                "Niemand bezahlt mich dafür, das zu sagen",
                "Drei Monate später: die Wahrheit über {app}",
                "Ich hatte von {app} nicht viel erwartet",
                "Ganz ehrlich: Beim Thema {kp} war ich oft überfordert",
                "Falls du genug von Apps hast, die zu viel versprechen",
            ),
            payoffs=(
                "Aber {app} hat sich seinen Platz auf meinem Homescreen verdient",
                "{app} ist die App, die geblieben ist",
                "Also ja, {app} bleibt",
                "Zum Glück habe ich ihr eine echte Chance gegeben",
                "Das Erste, was bei mir wirklich funktioniert hat",
                "Das ist die ehrliche Version",
                "{app} hat am Ende wirklich geliefert",
                "{app} hat mir am Ende wirklich geholfen",
                "Kein Hype, einfach solide",
                "Ehrlich, ich würde es jedem empfehlen",
            ),
        ),
        "witty": VoicePack(
            one_liners=(
                "{app}: weil Improvisieren keine Strategie ist",
                "Meine Bildschirmzeit ist gestiegen. Mein Leben ist besser geworden. "
                "Schuld ist {app}.",
                "Ich: Ich brauche keine neue App\\nAuch ich: *lädt {app} herunter*",
                "{Kp}? Dafür habe ich Leute. Die Leute heißen {app}.",
                "Eilmeldung: Mensch kriegt das Thema {kp} endlich in den Griff\\nQuelle: {app}",
                "In der WhatsApp-Gruppe zum Thema {kp} ist {app} die, die alle Antworten hat",
                "Ich tue so, als hätte ich das Thema {kp} schon immer im Griff gehabt\\n"
                "(Es war {app})",
                "Niemand:\\nAbsolut niemand:\\nIch um 2 Uhr nachts: öffne schon wieder {app}",
            ),
            setups=(
                "Ich nach einer Woche {app}",
                "Meine Freunde, wenn ich schon wieder von {app} anfange",
                "Ich erkläre meiner Clique zum fünften Mal {app}",
                "Ich tue so, als wäre ich Profi in Sachen {kp}",
                "Unpopuläre Meinung zum Thema {kp}",
                "Wenn jemand „{kp}“ sagt und ich schon die Antwort habe",
                "Niemand hat mich gewarnt, dass {app} so süchtig macht",
                "Ich versuche, bei {app} cool zu bleiben",
                "Mein Gehirn um 3 Uhr nachts: Und was ist mit dem Thema {kp}?",
                "Wohnt mietfrei in meinem Kopf: das Thema {kp}",
            ),
            payoffs=(
                "Okay, {app} ist jetzt meine ganze Persönlichkeit",
                "Schuld ist {app}",
                "{app} so: Lass mich mal machen",
                "Tja, jetzt bin ich diese Person",
                "Null Reue, würde ich sofort wieder laden",
                "Ja, ich weiß, ich rede ständig davon",
                "Zum Glück gibt es {app}",
                "Auftritt {app}",
                "Und nein, es tut mir nicht leid",
                "Schickt Hilfe. Oder doch nicht, alles gut.",
            ),
        ),
        "professional": VoicePack(
            one_liners=(
                "{app}: ein smarterer Ansatz in Sachen {kp}",
                "Weniger Reibung, mehr Fokus. Das ist die Idee hinter {app}.",
                "So geht {app} das Thema {kp} an, Schritt für Schritt",
                "{app} verfolgt ein klares Ziel: das Thema {kp} für Sie zu vereinfachen",
                "Drei Gründe, sich beim Thema {kp} für {app} zu entscheiden",
                "Durchdachtes Design, klare Ergebnisse: {app}",
                "Der einfachste Weg, das Thema {kp} zu organisieren: {app}",
                "Was {app} auszeichnet? Ein klarer Fokus auf das Thema {kp}.",
            ),
            setups=(
                "Das macht {app} anders",
                "{app} im Überblick",
                "Wir stellen vor: {app}",
                "Sie suchen eine verlässliche Lösung zum Thema {kp}?",
                "Wenn das Thema {kp} dieses Jahr Priorität hat",
                "Die eigentliche Herausforderung beim Thema {kp} ist Beständigkeit",
                "Was Sie mit {app} bekommen",
                "{app} in einem Satz",
                "Das Thema {kp} sollte nicht Stunden kosten",
                "Viele Tools machen das Thema {kp} unnötig kompliziert",
            ),
            payoffs=(
                "Mit {app} wird es einfacher",
                "Genau hier setzt {app} an",
                "Entdecken Sie {app} noch heute",
                "Klar, zuverlässig und einfach im Einstieg",
                "Entwickelt, um Ihnen jeden Tag Zeit zu sparen",
                "Schnell eingerichtet. Leicht beizubehalten.",
                "{app} hält es fokussiert und einfach",
                "So passt {app} in Ihren Alltag",
                "Weniger Schritte, klarere Ergebnisse",
                "In Minuten startklar, nicht in Tagen",
            ),
            formal=True,
        ),
        "warm": VoicePack(
            one_liners=(
                "Beim Thema {kp} hast du es dir verdient, dass es leichter wird. "
                "Deshalb gibt es {app}.",
                "Kleine Erinnerung: Du machst das besser, als du denkst\\n"
                "Und {app} ist da, um dir zu helfen",
                "Wir haben {app} für Menschen wie dich gemacht",
                "Für alle, die beim Thema {kp} schon mal Unterstützung gebraucht haben: "
                "{app} ist da",
                "Kleine Schritte zählen. {app} hilft dir dabei.",
                "Mit Liebe gemacht für alle, denen das Thema {kp} am Herzen liegt: {app}",
                "Wir haben {app} gebaut, damit deine Tage ein bisschen leichter werden",
                "Ich schicke das an alle, die beim Thema {kp} etwas Hilfe brauchen\\n"
                "Darf ich vorstellen: {app}",
            ),
            setups=(
                "Ein herzliches Hallo von {app}",
                "Erinnerung: {app} ist für dich da",
                "Wir haben {app} für Tage wie heute gemacht",
                "Falls sich das Thema {kp} gerade schwer anfühlt",
                "Für alle, die beim Thema {kp} auf jedes Detail achten",
                "Atme einmal tief durch",
                "Ein kleiner Gruß vom ganzen {app}-Team",
                "Heute steht {app} auf deiner Seite",
                "An manchen Tagen ist das Thema {kp} einfach viel",
                "Beim Thema {kp} musst du nicht alles allein tragen",
            ),
            payoffs=(
                "{app} ist da, wann immer du es brauchst",
                "Du schaffst das, und {app} begleitet dich",
                "Lass {app} einen Teil der Last tragen",
                "Du musst das nicht allein schaffen",
                "Ein kleiner Schritt nach dem anderen",
                "Sei heute gut zu dir",
                "Genau dafür gibt es {app}",
                "{app} ist an deiner Seite, Schritt für Schritt",
                "Schön, dass du da bist",
                "Fortschritt statt Perfektion",
            ),
        ),
        "casual": VoicePack(
            one_liners=(
                "Mal ehrlich, warum hat mir niemand früher von {app} erzählt?",
                "Ich bin komplett süchtig nach {app}, ich geb's zu",
                "{app} fürs Thema {kp}? Ja, lohnt sich echt",
                "Kleine Erinnerung: {app} gibt's und es ist quasi ein Cheatcode",
                "Ich so, wenn ich {app} fünfmal am Tag öffne",
                "Wenn dich das Thema {kp} interessiert, vertrau mir und lad dir {app}",
                "Die {app}-Ära ist echt und ich bin mittendrin",
                "{Kp}, aber easy: {app}",
            ),
            setups=(
                "Ich nutze {app} jetzt seit einer Woche",
                "Hab endlich {app} ausprobiert",
                "Kurzes Update zu {app}",
                "Okay, lass uns kurz über „{kp}“ reden",
                "Wenn du an „{kp}“ denkst, aber null Bock hast",
                "Ich jedes Mal, wenn jemand „{kp}“ erwähnt",
                "Okay, {app} ist jetzt offiziell ein Ding",
                "Hör mir kurz zu: {app}",
                "Ehrlich, das Thema {kp} war für mich immer ein Drama",
                "Wer denkt beim Thema {kp} auch immer zu viel nach?",
            ),
            payoffs=(
                "{app} versteht's einfach",
                "{app} ist echt ein Volltreffer",
                "Jedenfalls: Hol dir {app}",
                "Ich sag's, wie's ist: richtig gut",
                "Zehn von zehn, nichts zu meckern",
                "Ich geh da nicht mehr zurück",
                "Dann kam {app}",
                "Lad dir einfach {app}, vertrau mir",
                "Null Reue, echt jetzt",
                "Passt einfach",
            ),
        ),
        "educational": VoicePack(
            one_liners=(
                "3 Dinge, die du zum Thema {kp} wissen solltest, bevor du startest",
                "Schon gewusst? {app} hilft dir, beim Thema {kp} den Überblick zu behalten",
                "So startest du beim Thema {kp}\\nSchritt 1: Lade dir {app}",
                "Der Einsteiger-Guide zum Thema {kp}, mit {app}",
                "Fast alle machen beim Thema {kp} am Anfang Fehler\\n"
                "So macht {app} es dir leichter",
                "Kurzer Tipp: Überlass {app} das Thema {kp} und konzentrier dich auf den Rest",
                "Speicher dir das: eine einfache Routine zum Thema {kp} mit {app}",
                "{Kp} in 30 Sekunden erklärt (mit etwas Hilfe von {app})",
            ),
            setups=(
                "So funktioniert {app}, in drei Schritten",
                "Mini-Tutorial zu {app}",
                "Der Tipp des Tages von {app}",
                "Kurze Lektion: {kp}",
                "Was fast niemand über „{kp}“ weiß",
                "Mythos: Alles rund ums Thema {kp} ist kompliziert",
                "Einsteiger-Tipp von {app}",
                "Eine Funktion von {app}, die du kennen solltest",
                "Ein einfacher Blick auf das Thema {kp}",
                "Die 2-Minuten-Regel zum Thema {kp}",
            ),
            payoffs=(
                "{app} erklärt es dir Schritt für Schritt",
                "Probier es selbst in {app} aus",
                "Mit {app} lernst du die Grundlagen ganz leicht",
                "Speicher dir das für später",
                "Folge für mehr Tipps wie diesen",
                "Kleine Gewohnheiten, großer Unterschied",
                "Übe es täglich mit {app}",
                "{app} führt dich durch jeden Schritt",
                "Klein anfangen, dranbleiben",
                "Merk dir diesen Post",
            ),
        ),
    },
)

PACKS: dict[str, LanguagePack] = {"en": _EN, "es": _ES, "pt-BR": _PT_BR, "fr": _FR, "de": _DE}

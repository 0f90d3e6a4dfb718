"""Hashtag banks (docs/api/keywords.md, ``GET /v1/projects/{id}/keywords``): curated, 70–100.

A bank comes from two sources, so every tag can be traced:

* the brand brief (:mod:`layers_server.brand.brief`): the app's own name, what it is, its
  search phrases, features and audiences, as the description writes them;
* the curated niche list of the app's category in the project's language
  (``data/hashtags/<language>.toml``). A category the engine cannot place gets none: a bank
  of fewer, specific tags is better than another niche's.

How a tag earns its place: it is at most three words and 30 characters; it is never a word of
the language's generic list (``data/generic/<language>.txt``) on its own, nor made only of such
words; it shares a word with the description, the app's name or the category's vocabulary; and
it is not an inflection of a tag already in the bank (``simplemma`` lemmas: #runner/#runners,
#receta/#recetas are one tag). Multi-word phrases rank first within each source, since they
name a niche where one word names a topic. Scores fall evenly from 100 to the curation floor
of 70 in bank order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import simplemma

from layers_server.brand.brief import BrandBrief, build_brief
from layers_server.brand.categories import categories, category_stems
from layers_server.brand.resources import DATA_DIR, load, words
from layers_server.brand.text import compare_tokens, fold, parse_language_tag, stopwords

MIN_KEYWORDS = 15
MAX_KEYWORDS = 40
MAX_HASHTAG_CHARS = 30
MAX_TAG_WORDS = 3
SCORE_TOP, SCORE_FLOOR = 100, 70
HASHTAG_LANGUAGES = ("en", "es", "pt", "fr", "de")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True)
class Keyword:
    hashtag: str  # lower-case, no '#', only \w characters
    phrase: str  # the human phrase the hashtag came from
    score: int  # 70–100, higher is more relevant


def hashtag_from_phrase(phrase: str) -> str:
    """``"Night-shift workers"`` → ``"nightshiftworkers"``; ``"#Vida Sana"`` → ``"vidasana"``."""
    return _NON_WORD.sub("", phrase.lower()).replace("_", "")


def is_valid_hashtag(tag: str, stop: frozenset[str]) -> bool:
    return (
        3 <= len(tag) <= MAX_HASHTAG_CHARS
        and re.fullmatch(r"\w+", tag) is not None
        and tag == tag.lower()
        and any(c.isalpha() for c in tag)
        and tag not in stop
        and fold(tag) not in stop
    )


def _code(language: str | None) -> str:
    code, _ = parse_language_tag(language)
    return code if code in HASHTAG_LANGUAGES else "en"


@cache
def generic_words(language: str) -> frozenset[str]:
    """The language's generic words, accent-folded (English ones count everywhere)."""
    code = _code(language)
    found = {fold(w) for w in words(f"generic/{code}.txt")}
    return frozenset(found | {fold(w) for w in words("generic/en.txt")})


def curated_phrases(category: str | None, language: str) -> tuple[str, ...]:
    if not category:
        return ()
    return tuple(load(f"hashtags/{_code(language)}.toml").get(category, ()))


@cache
def _category_vocabulary(category: str, language: str) -> frozenset[str]:
    vocabulary = {t for p in curated_phrases(category, language) for t in compare_tokens(p)}
    vocabulary |= {t for p in curated_phrases(category, "en") for t in compare_tokens(p)}
    return frozenset(t for t in vocabulary if len(t) >= 3)


def _lemma_key(phrase: str, language: str) -> str:
    """One key for every inflection of a phrase: "Wanderrouten" and "Wanderroute" match."""
    code = _code(language)
    lemmas = [fold(simplemma.lemmatize(w, lang=code)) for w in compare_tokens(phrase)]
    return "".join(lemmas)


def _plain_key(tag: str) -> str:
    folded = fold(tag)
    for ending in ("es", "en", "s", "n"):
        if folded.endswith(ending) and len(folded) - len(ending) >= 5:
            return folded[: -len(ending)]
    return folded


def is_generic(phrase: str, language: str) -> bool:
    """A generic word alone ("people", "lugar"), a stop word, or only generic words."""
    generic = generic_words(language)
    stop = {fold(w) for w in stopwords(_code(language))}
    tokens = compare_tokens(phrase)
    if not tokens:
        return True
    lemmas = [fold(simplemma.lemmatize(t, lang=_code(language))) for t in tokens]
    if len(tokens) == 1:
        return tokens[0] in generic | stop or lemmas[0] in generic
    # A phrase names more than its words ("small business", "story time"): only the joined
    # tag itself can be a generic word ("foryou"), or a phrase of stop words alone.
    return fold(hashtag_from_phrase(phrase)) in generic or all(t in stop for t in tokens)


def relevance_tokens(brief: BrandBrief, language: str) -> frozenset[str]:
    """Folded words a tag may share with the app: its description, name and category."""
    tokens = set(compare_tokens(" ".join(brief.sentences))) | set(compare_tokens(brief.app_name))
    tokens |= {part for t in tokens if "-" in t for part in t.split("-")}  # "night-shift"
    if brief.category:
        tokens |= _category_vocabulary(brief.category, language)
    generic = generic_words(language)
    return frozenset(t for t in tokens if len(t) >= 3 and t not in generic)


def is_relevant(phrase: str, brief: BrandBrief, language: str) -> bool:
    tokens = set(compare_tokens(phrase))
    relevant = relevance_tokens(brief, language)
    if tokens & relevant:
        return True
    stems = category_stems(brief.category) if brief.category else ()
    return any(t.startswith(s) for t in tokens for s in stems)


MAX_BRIEF_TAG_CHARS = 24
_JOINING_WORDS = frozenset(fold(w) for w in "and or y o e ou et und oder &".split())


def _brief_phrases(brief: BrandBrief, language: str) -> list[str]:
    """The brief's nameable things, multi-word first: what it is, search phrases, features.

    A single word from the description only counts when it belongs to the category's
    vocabulary ("Haushaltsbuch", "Enem"): on its own, "pocket" or "level" names nothing. What
    the app spares people ("spreadsheets", "Werbung") is never its tag.
    """
    out: list[str] = []
    if brief.identity:
        words_ = brief.identity.split()
        if brief.language == "de":
            out.append(words_[-1])  # "das digitale Haushaltsbuch" → #haushaltsbuch
        else:
            out.append(
                " ".join(words_[1:]) if len(words_) > 1 and len(words_[0]) <= 3 else brief.identity
            )
    out += list(brief.search_phrases)
    out += [f for f in brief.features if len(f.split()) <= MAX_TAG_WORDS]
    if brief.language != "de":  # German dative plurals ("Höhenprofilen") make poor tags
        out += [f for f in brief.with_features if len(f.split()) <= MAX_TAG_WORDS]
    out += [a for a in brief.audiences if len(a.split()) <= MAX_TAG_WORDS]
    spared = [*brief.pains, *brief.negatives]
    cleaned = [
        p
        for p in (_without_article(p) for p in out)
        if len(hashtag_from_phrase(p)) <= MAX_BRIEF_TAG_CHARS
        and not any(fold(w) in _JOINING_WORDS for w in p.split())
        and not any(set(compare_tokens(p)) & set(compare_tokens(s)) for s in spared)
    ]
    multi = [p for p in cleaned if len(p.split()) > 1]
    single = [p for p in cleaned if len(p.split()) == 1 and _in_category(p, brief, language)]
    return list(dict.fromkeys(multi + single))


def _in_category(word: str, brief: BrandBrief, language: str) -> bool:
    if not brief.category:
        return False
    token = compare_tokens(word)[0] if compare_tokens(word) else ""
    vocabulary = _category_vocabulary(brief.category, language)
    return token in vocabulary or any(token.startswith(s) for s in category_stems(brief.category))


def _shares_words(phrase: str, brief: BrandBrief, language: str) -> bool:
    text = set(compare_tokens(" ".join(brief.sentences)))
    code = _code(language)
    lemmas = {fold(simplemma.lemmatize(t, lang=code)) for t in text}
    return any(
        t in text or fold(simplemma.lemmatize(t, lang=code)) in lemmas
        for t in compare_tokens(phrase)
        if t not in generic_words(language) and len(t) >= 3
    )


_ARTICLES = frozenset(
    fold(w)
    for w in """a an the el la los las un una o os as um uma le les l des du der die das ein
    eine""".split()
)


def _without_article(phrase: str) -> str:
    words_ = phrase.split()
    if len(words_) > 1 and fold(words_[0]) in _ARTICLES:
        return " ".join(words_[1:])
    if fold(phrase).startswith(("l'", "l’")):
        return phrase[2:]
    return phrase


def curate(
    candidates: list[str], brief: BrandBrief, language: str, *, limit: int = MAX_KEYWORDS
) -> list[str]:
    """The candidates that earn a place, in order, one per lemma."""
    stop = stopwords(_code(language)) | stopwords(brief.language)
    kept: list[str] = []
    keys: set[str] = set()
    for phrase in candidates:
        tag = hashtag_from_phrase(phrase)
        if len(phrase.split()) > MAX_TAG_WORDS or not is_valid_hashtag(tag, stop):
            continue
        if is_generic(phrase, language) or not is_relevant(phrase, brief, language):
            continue
        # Lemmas miss some plurals ("simulados" lemmatizes to a verb), so the bare form of
        # the tag counts too: #simulado and #simulados, #hüttentour and #hüttentouren are one.
        found = {_lemma_key(phrase, language), _plain_key(tag)}
        if found & keys or any(tag == hashtag_from_phrase(k) for k in kept):
            continue
        keys |= found
        kept.append(phrase)
        if len(kept) >= limit:
            break
    return kept


def _interleave(first: list[str], second: list[str]) -> list[str]:
    out: list[str] = []
    for i in range(max(len(first), len(second))):
        out += first[i : i + 1] + second[i : i + 1]
    return out


def scored(phrases: list[str]) -> list[Keyword]:
    """Scores falling evenly from 100 to 70 in bank order."""
    span = max(1, len(phrases) - 1)
    return [
        Keyword(
            hashtag=hashtag_from_phrase(p),
            phrase=p,
            score=round(SCORE_TOP - (SCORE_TOP - SCORE_FLOOR) * i / span),
        )
        for i, p in enumerate(phrases)
    ]


def research_keywords(
    *, app_name: str, app_description: str, language: str = "en", category: str | None = None
) -> list[Keyword]:
    """A curated bank for the app: up to 40 tags, best first (see the module docstring)."""
    brief = build_brief(
        app_name=app_name, description=app_description, language=language, category=category
    )
    own = _brief_phrases(brief, language)
    local = list(curated_phrases(brief.category, language))
    # The niche tags that share a word with the description lead: a home-workout app's
    # fitness list starts with #treinoemcasa, not #corrida.
    curated = sorted(local, key=lambda p: not _shares_words(p, brief, language))
    if _code(language) != "en" and brief.category:
        # English niche tags travel to every market, but only the ones about this app.
        english = curated_phrases(brief.category, "en")
        curated += [p for p in english if _shares_words(p, brief, language)][:5]
    ordered = [brief.app_name, *_interleave(own, curated)]
    bank = curate(ordered, brief, language)
    if len(bank) < MIN_KEYWORDS and brief.category and _code(language) != "en":
        # Still short of the contract's 15: the rest of the category's English niche list,
        # which is the same niche's vocabulary in the language every market also uses.
        rest = [p for p in curated_phrases(brief.category, "en") if p not in ordered]
        bank = curate(ordered + rest, brief, language, limit=max(MIN_KEYWORDS, len(bank)))
    return scored(bank)


def validate_banks() -> list[str]:
    """Problems in the curated lists: unknown categories, invalid or generic tags."""
    problems: list[str] = []
    known = set(categories())
    for code in HASHTAG_LANGUAGES:
        where = f"hashtags/{code}.toml"
        if not (DATA_DIR / where).is_file():
            problems.append(f"{where} is missing")
            continue
        for category, phrases in load(where).items():
            if category not in known:
                problems.append(f"{where}: unknown category {category!r}")
            if len(phrases) < 8:
                problems.append(f"{where}: {category} has only {len(phrases)} tags")
            for phrase in phrases:
                tag = hashtag_from_phrase(phrase)
                if not is_valid_hashtag(tag, frozenset()) or len(phrase.split()) > MAX_TAG_WORDS:
                    problems.append(f"{where}: {category}: invalid tag {phrase!r}")
                elif is_generic(phrase, code):
                    problems.append(f"{where}: {category}: generic tag {phrase!r}")
        if not (DATA_DIR / f"generic/{code}.txt").is_file():
            problems.append(f"generic/{code}.txt is missing")
    if len(words("generic/en.txt")) < 200:
        problems.append("generic/en.txt must list at least 200 words")
    return problems

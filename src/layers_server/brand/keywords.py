"""Hashtag banks (docs/api/keywords.md, ``GET /v1/projects/{id}/keywords``): curated, 70–100.

A bank comes from two sources, so every tag can be traced:

* the brand brief (:mod:`layers_server.brand.brief`): the app's own name, what it is, its
  search phrases, features and audiences, as the description writes them;
* the curated lists of the app's category in the project's language
  (``data/hashtags/<language>.toml``): the first tag of every niche its description names,
  then the niches' other tags, then the category's own, 15 in all. A category the engine
  cannot place gets no other niche's list: niche forms of the brief's own words fill its bank
  to 15 (the category the partner named, the main noun, the places the description names, and
  the market's forms of them in ``data/hashtags/forms.toml``: #bikerepair, #vélolyon,
  #plumbersnearme).

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
from collections import Counter
from dataclasses import dataclass
from functools import cache

import simplemma

from layers_server.brand.brief import BrandBrief, build_brief
from layers_server.brand.categories import PRODUCT_KINDS, categories, category_stems
from layers_server.brand.resources import DATA_DIR, cue_sets, load, split_words, words
from layers_server.brand.text import (
    compare_tokens,
    fold,
    folded_stopwords,
    parse_language_tag,
    stopwords,
    word_starts,
)

MIN_KEYWORDS = 15
# A placed category's bank: its most specific tags, as many as the contract's minimum. The
# fifth pass's readers kept about 40% of banks of 20: past the first tag of each niche, a
# list reads as padding to the social manager who posts it.
CURATED_BANK = 15
MIN_CATEGORY_TAGS = 8  # what any product of a category carries, before its niches
MAX_KEYWORDS = 40
MAX_HASHTAG_CHARS = 30
MAX_TAG_WORDS = 3
SCORE_TOP, SCORE_FLOOR = 100, 70
HASHTAG_LANGUAGES = ("en", "es", "pt", "fr", "de")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


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


@dataclass(frozen=True)
class _Niche:
    stems: tuple[str, ...]  # as word_starts gives them: " abonn", " subscri"; () for any text
    kinds: frozenset[str] | None  # product kinds it suits (``brief.product_kind``); None: all
    tags: tuple[str, ...]

    def names(self, brief: BrandBrief, text: str) -> bool:
        if self.kinds is not None and brief.product_kind not in self.kinds:
            return False
        negations = _NEGATIONS.get(brief.language, frozenset())
        return not self.stems or any(_said(stem, text, negations) for stem in self.stems)


def _said(stem: str, text: str, negations: frozenset[str]) -> bool:
    """The stem starts a word of the text that no negation precedes: "sans abonnement" and
    "no subscription needed" do not name a subscription."""
    start = text.find(stem)
    while start >= 0:
        before = text[:start].split()
        if not before or before[-1] not in negations:
            return True
        start = text.find(stem, start + 1)
    return False


_NEGATIONS = cue_sets("keywords", "negations")


@dataclass(frozen=True)
class _CategoryTags:
    tags: tuple[str, ...]  # true of any product of the category
    niches: tuple[_Niche, ...]  # true only of a product whose description names the niche


@cache
def _curated(language: str) -> dict[str, _CategoryTags]:
    """``data/hashtags/<code>.toml``: per category, its tags and its niches."""
    return {
        category: _CategoryTags(
            tuple(entry.get("tags", ())),
            tuple(
                _Niche(
                    tuple(word_starts(m) for m in niche.get("match", ())),
                    frozenset(split_words(niche["kinds"])) if "kinds" in niche else None,
                    tuple(niche["tags"]),
                )
                for niche in entry.get("niche", ())
            ),
        )
        for category, entry in load(f"hashtags/{_code(language)}.toml").items()
    }


def curated_phrases(category: str | None, language: str) -> tuple[str, ...]:
    """Every curated tag of a category, its niches' included (the category's vocabulary)."""
    found = _curated(language).get(category or "")
    if found is None:
        return ()
    return tuple(dict.fromkeys([*found.tags, *(t for n in found.niches for t in n.tags)]))


def niche_phrases(brief: BrandBrief, language: str) -> list[str]:
    """The curated tags true of this app: those of the niches its description names (a
    running coach's #couchto5k, a produce box's #cestabásica), then the category's own,
    those sharing a word with the description first.

    A niche the description does not name gives nothing: a gym app is not tagged #runclub,
    a coffee shop not #coffeesubscription."""
    found = _curated(language).get(brief.category or "")
    if found is None:
        return []
    text = word_starts(" ".join(brief.sentences))
    named = [list(n.tags) for n in found.niches if n.names(brief, text)]
    own = sorted(found.tags, key=lambda p: not _shares_words(p, brief, language))
    # Round by round, each niche's next best tag: a coffee subscription from named farms
    # leads with #coffeesubscription and #singleorigincoffee, not with five subscription
    # tags. The category's own tags come after every niche's: the fifth pass's readers kept
    # 82% of the niches' first tags, 10-31% of their others and 0-23% of the category's.
    rounds = [
        t for i in range(max(map(len, named), default=0)) for tags in named for t in tags[i : i + 1]
    ]
    # A tag that repeats a word of one already taken (#insomniahelp after #insomniarelief,
    # #exercíciosemcasa after #treinoemcasa) reads as padding, so it waits for the tags that
    # add a word. A niche's echo still comes before the category's own tags: it names what
    # the description says (#gastoshormiga after #controldegastos), they name only its field.
    heads = _head_keys(brief.category or "", language)
    taken: set[str] = set()
    ordered: list[str] = []
    for part in (rounds, own):
        first: list[str] = []
        echoes: list[str] = []
        for tag in dict.fromkeys(part):
            if tag in ordered:
                continue
            keys = _word_keys(tag, language) - heads
            (echoes if keys & taken else first).append(tag)
            if not keys & taken:
                taken |= keys
        ordered += first + echoes
    return ordered


def _word_keys(phrase: str, language: str) -> set[str]:
    """A phrase's content words, each cut to five letters: "exercícios" and "exercício",
    "treino" and "treinar" are one key ("para", "del", "with" are none)."""
    stop = folded_stopwords(_code(language))
    return {t[:5] for t in compare_tokens(phrase) if len(t) >= 3 and t not in stop}


# A word in this share of a category's tags is its head ("coffee"), not what a tag adds.
_HEAD_SHARE = 0.15


@cache
def _head_keys(category: str, language: str) -> frozenset[str]:
    tags = curated_phrases(category, language)
    counts = Counter(k for tag in tags for k in _word_keys(tag, language))
    return frozenset(k for k, n in counts.items() if n >= _HEAD_SHARE * len(tags))


@cache
def _category_vocabulary(category: str, language: str) -> frozenset[str]:
    vocabulary = {t for p in curated_phrases(category, language) for t in compare_tokens(p)}
    vocabulary |= {t for p in curated_phrases(category, "en") for t in compare_tokens(p)}
    return frozenset(t for t in vocabulary if len(t) >= 3)


def _lemma_key(phrase: str, language: str) -> str:
    """One key for every inflection of a phrase: "Wanderrouten" and "Wanderroute" match."""
    code = _code(language)
    lemmas = [
        fold(simplemma.lemmatize(w, lang=code, low_memory=True)) for w in compare_tokens(phrase)
    ]
    return "".join(lemmas)


def _words_key(phrase: str) -> str:
    return "".join(_plain_key(word) for word in compare_tokens(phrase))


def _plain_key(tag: str) -> str:
    folded = fold(tag)
    for ending in ("es", "en", "s", "n"):
        if folded.endswith(ending) and len(folded) - len(ending) >= 5:
            return folded[: -len(ending)]
    return folded


def is_generic(phrase: str, language: str) -> bool:
    """A generic word alone ("people", "lugar"), a stop word, or only generic words."""
    generic = generic_words(language)
    stop = folded_stopwords(_code(language))
    tokens = compare_tokens(phrase)
    if not tokens:
        return True
    lemmas = [fold(simplemma.lemmatize(t, lang=_code(language), low_memory=True)) for t in tokens]
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


def is_relevant(
    phrase: str, brief: BrandBrief, language: str, extra: frozenset[str] = frozenset()
) -> bool:
    tokens = set(compare_tokens(phrase))
    relevant = relevance_tokens(brief, language) | extra
    if tokens & relevant:
        return True
    stems = category_stems(brief.category) if brief.category else ()
    return any(t.startswith(s) for t in tokens for s in stems)


MAX_BRIEF_TAG_CHARS = 24
_JOINING_WORDS = frozenset(fold(w) for w in "and or y o e ou et und oder &".split())


def _brief_phrases(brief: BrandBrief, language: str, *, things: bool = True) -> list[str]:
    """The brief's nameable things, multi-word first: what it is, search phrases, features.

    ``things=False`` leaves out its search phrases, features and audiences: the words of a
    description are rarely tags people follow (#namedfarms, #realforests, #étapesillustrées;
    the fourth pass's outside readers kept 19 of 70 search-phrase tags, 4 of 32 feature tags
    and none of 4 audiences, against 278 of 426 curated ones), so a placed category's bank
    takes them only to reach the contract's 15.

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
    if things:
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
    lemmas = {fold(simplemma.lemmatize(t, lang=code, low_memory=True)) for t in text}
    return any(
        t in text or fold(simplemma.lemmatize(t, lang=code, low_memory=True)) in lemmas
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
    candidates: list[str],
    brief: BrandBrief,
    language: str,
    *,
    limit: int = MAX_KEYWORDS,
    extra: frozenset[str] = frozenset(),
) -> list[str]:
    """The candidates that earn a place, in order, one per lemma (``extra``: more words a
    tag may share with the app, such as those of the category the partner named)."""
    stop = stopwords(_code(language)) | stopwords(brief.language)
    kept: list[str] = []
    keys: set[str] = set()
    for phrase in candidates:
        tag = hashtag_from_phrase(phrase)
        if len(phrase.split()) > MAX_TAG_WORDS or not is_valid_hashtag(tag, stop):
            continue
        if is_generic(phrase, language) or not is_relevant(phrase, brief, language, extra):
            continue
        # Lemmas miss some plurals ("simulados" lemmatizes to a verb), so the bare form of
        # the tag counts too: #simulado and #simulados, #hüttentour and #hüttentouren are one;
        # and so does that of each word, since a plural may come first: #recetasrápidas is
        # the brand Receta Rápida's own tag.
        found = {_lemma_key(phrase, language), _plain_key(tag), _words_key(phrase)}
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
    own = _brief_phrases(brief, language, things=not brief.category)
    # Each market's own tags only: the English ones that travelled were read as out of place
    # (#spacedrepetition on Révise, #homeworkout on FitCasa, #budgetplanner on Kassenbuch).
    curated = niche_phrases(brief, language)
    ordered = [brief.app_name, *_interleave(own, curated)]
    bank = curate(ordered, brief, language, limit=CURATED_BANK if brief.category else MAX_KEYWORDS)
    if len(bank) < MIN_KEYWORDS and not brief.category:
        # A category we cannot place gets no other niche's list: the niche forms of the
        # brief's own words fill it (the category the partner named, head nouns, places and
        # place + head: #bikerepair, #vélo, #lyon, #vélolyon).
        named = category.strip().lower() if category else ""
        extra = frozenset(t for t in compare_tokens(named) if len(t) >= 3)
        forms = niche_forms(brief, language, named)
        code = brief.language if brief.language in HASHTAG_LANGUAGES else _code(language)
        # A niche form shares the lemma of a word of the app ("plumber tips": "plumbers").
        extra |= {
            fold(simplemma.lemmatize(t, lang=code, low_memory=True))
            for f in forms
            for t in compare_tokens(f)
        } & {
            fold(simplemma.lemmatize(t, lang=code, low_memory=True))
            for t in relevance_tokens(brief, language)
        }
        bank = curate(ordered + forms, brief, language, extra=extra)
    if len(bank) < MIN_KEYWORDS and brief.category:
        # Short of the contract's 15: the description's own phrases, just as far as 15.
        things = [p for p in _brief_phrases(brief, language) if p not in ordered]
        ordered += things
        bank = curate(ordered, brief, language, limit=MIN_KEYWORDS)
    if len(bank) < MIN_KEYWORDS and brief.category and _code(language) != "en":
        # Still short of the contract's 15: the category's English tags for the niches the
        # description names, the vocabulary every market also uses (a last resort only).
        rest = [p for p in niche_phrases(brief, "en") if p not in ordered]
        bank = curate(ordered + rest, brief, language, limit=max(MIN_KEYWORDS, len(bank)))
    return scored(bank)


_HEAD_FIRST = frozenset({"es", "pt", "fr"})  # "révision complète": the noun leads
_MAX_PLACES = 3
_MAX_HEADS = 4
_FORMS_FILE = "hashtags/forms.toml"


def _head(phrase: str, language: str, *, main: bool = False) -> str | None:
    """The noun a phrase is about, when the phrase is one word, long enough that its noun
    stands alone, or the main thing the product is: "hand-poured soy candles" → "candles",
    "crevaison", "licensed plumbers" → "plumbers"; "essential oils" keeps its adjective."""
    words = _without_article(phrase).split()
    if not words or (len(words) == 2 and not main):
        return None
    head = words[0] if language in _HEAD_FIRST else words[-1]
    return head if len(head) >= 4 and not is_generic(head, language) else None


def places(brief: BrandBrief) -> list[str]:
    """Names the description capitalises mid-sentence (towns, regions), not the app's own;
    German capitalises every noun, so it names none this way."""
    if brief.language == "de":
        return []
    app = set(compare_tokens(brief.app_name))
    found = [
        m.group(1)
        for sentence in brief.sentences
        for m in re.finditer(r"(?<=[\w,] )([A-ZÀ-Ý][\w-]+)", sentence)
        if fold(m.group(1)) not in app
    ]
    return list(dict.fromkeys(found))


def _main_noun(brief: BrandBrief, code: str, spared: set[str]) -> str | None:
    """The noun of what it does to or for people ("répare ton vélo" → "vélo", "sends licensed
    plumbers" → "plumbers"), else of what it is or its first feature."""
    lex_skip = _ARTICLES | {"your", "ton", "ta", "tes", "tu", "tus", "seu", "sua", "dein", "deine"}
    for does in brief.does[:1]:
        words = [w.strip(",") for w in does.split()[1:]]
        while words and fold(words[0]) in lex_skip:
            words = words[1:]
        stop = stopwords(code)
        kept = []
        for word in words:
            if fold(word) in stop:
                break
            kept.append(word)
        if kept and not set(compare_tokens(" ".join(kept))) & spared:
            head = _head(" ".join(kept), code, main=True)
            if head:
                return head
    return None


def niche_forms(brief: BrandBrief, language: str, named_category: str = "") -> list[str]:
    """Tags made of the brief's own words for an app no curated list fits: the category the
    partner named, the last two words of long phrases, head nouns, places, and the market's
    niche and local forms of the main noun (``data/hashtags/forms.toml``)."""
    code = brief.language if brief.language in HASHTAG_LANGUAGES else _code(language)
    spared = {t for s in (*brief.pains, *brief.negatives) for t in compare_tokens(s)}
    phrases = [
        p
        for p in (
            *([brief.identity] if brief.identity else []),
            *brief.features,
            *brief.search_phrases,
            *brief.with_features,
            *brief.audiences,
        )
        if not set(compare_tokens(p)) & spared
    ]
    things = [
        p
        for p in (*([brief.identity] if brief.identity else []), *brief.features)
        if not set(compare_tokens(p)) & spared
    ]
    found = [_main_noun(brief, code, spared)]
    found += [_head(p, code, main=i == 0) for i, p in enumerate(things)]
    heads = list(dict.fromkeys(h for h in found if h))[:_MAX_HEADS]
    stop = stopwords(code)
    tails = [
        " ".join(p.split()[-2:])
        for p in (*phrases, *brief.lines)
        if len(p.split()) >= 3 and fold(p.split()[-2]) not in stop
    ]
    named = [named_category] if named_category and len(named_category.split()) <= 3 else []
    forms = load(_FORMS_FILE)
    shapes = list(forms["place"].get(code, ()))
    if brief.product_kind == "service":
        shapes += forms["service"].get(code, ())
    main = heads[:1]
    lemma = simplemma.lemmatize(main[0].lower(), lang=code, low_memory=True) if main else ""
    local = [
        shape.format(place=place, topic=topic, noun=main[0] if main else topic)
        for shape in shapes
        for place in places(brief)[:_MAX_PLACES]
        for topic in [*named, *main]
        if main or "{noun}" not in shape
    ]
    niche = [
        shape.format(noun=main[0], lemma=lemma) for shape in forms["topic"].get(code, ()) if main
    ]
    candidates = [*named, *tails, *heads, *places(brief)[:_MAX_PLACES], *local, *niche]
    return list(dict.fromkeys(candidates))


def validate_banks() -> list[str]:
    """Problems in the curated lists: unknown categories, invalid or generic tags."""
    problems: list[str] = []
    known = set(categories())
    for code in HASHTAG_LANGUAGES:
        where = f"hashtags/{code}.toml"
        if not (DATA_DIR / where).is_file():
            problems.append(f"{where} is missing")
            continue
        for category, entry in load(where).items():
            if category not in known:
                problems.append(f"{where}: unknown category {category!r}")
            if len(entry.get("tags", ())) < MIN_CATEGORY_TAGS:
                problems.append(f"{where}: {category} has fewer than {MIN_CATEGORY_TAGS} tags")
            for niche in entry.get("niche", ()):
                stems = niche.get("match", ())
                kinds = split_words(niche.get("kinds", ""))
                if not stems and not kinds:
                    problems.append(f"{where}: {category}: a niche needs match stems or kinds")
                if any(fold(m) != m or not m.strip() for m in stems):
                    problems.append(f"{where}: {category}: niche stems {stems!r} must be folded")
                if set(kinds) - set(PRODUCT_KINDS):
                    problems.append(f"{where}: {category}: unknown kinds {kinds!r}")
                if not niche.get("tags"):
                    problems.append(f"{where}: {category}: a niche {stems!r} has no tags")
            phrases = [
                *entry.get("tags", ()),
                *(t for n in entry.get("niche", ()) for t in n["tags"]),
            ]
            for phrase in phrases:
                tag = hashtag_from_phrase(phrase)
                if not is_valid_hashtag(tag, frozenset()) or len(phrase.split()) > MAX_TAG_WORDS:
                    problems.append(f"{where}: {category}: invalid tag {phrase!r}")
                elif is_generic(phrase, code):
                    problems.append(f"{where}: {category}: generic tag {phrase!r}")
                elif _YEAR.search(phrase):
                    # Data does not age: #enem2027 is wrong the year after (the brief's own
                    # phrases may still name a year: the partner wrote it).
                    problems.append(f"{where}: {category}: {phrase!r} names a year")
            twice = [t for t, n in Counter(map(hashtag_from_phrase, phrases)).items() if n > 1]
            problems += [f"{where}: {category}: #{t} is listed twice" for t in twice]
        if not (DATA_DIR / f"generic/{code}.txt").is_file():
            problems.append(f"generic/{code}.txt is missing")
    forms = load(_FORMS_FILE)
    for section, placeholders in (
        ("topic", {"noun", "lemma"}),
        ("place", {"place", "topic"}),
        ("service", {"place", "topic", "noun"}),
    ):
        for code in HASHTAG_LANGUAGES:
            shapes = forms.get(section, {}).get(code)
            if not shapes:
                problems.append(f"{_FORMS_FILE}: [{section}] has no {code} forms")
            for shape in shapes or ():
                used = set(re.findall(r"\{(\w+)\}", shape))
                if not used or used - placeholders:
                    problems.append(f"{_FORMS_FILE}: [{section}] {code}: bad form {shape!r}")
    if len(words("generic/en.txt")) < 200:
        problems.append("generic/en.txt must list at least 200 words")
    return problems

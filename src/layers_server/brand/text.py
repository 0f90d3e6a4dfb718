"""The text toolkit shared by ingestion and the brand engine.

Everything here is deterministic and offline: language-tag resolution, stop words (the lists that
ship with ``yake``), keyphrase extraction (for hooks, hashtags and a crawled site's keywords),
audience extraction (from a description, or from a site's headlines and copy) and the
normalised token comparison used to reject near-duplicate hooks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yake

from layers_server.brand.resources import cue_list, cue_lists, cue_set, cue_sets, cue_strings

# ---------------------------------------------------------------------------------------------
# Language tags
# ---------------------------------------------------------------------------------------------

_TAG_SPLIT = re.compile(r"[-_]")


def parse_language_tag(tag: str | None) -> tuple[str, str | None]:
    """Split a BCP-47 tag into (language, region), both normalised; ``"en"`` when empty.

    Only the pieces this engine cares about are kept: ``zh-Hant-TW`` → ``("zh", "TW")``,
    ``pt_br`` → ``("pt", "BR")``. Script and variant subtags are ignored.
    """
    parts = [p for p in _TAG_SPLIT.split((tag or "").strip()) if p]
    if not parts or not parts[0].isalpha():
        return "en", None
    language = parts[0].lower()
    region = None
    for part in parts[1:]:
        if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = part.upper()
            break
    return language, region


def canonical_language_tag(tag: str | None) -> str:
    """``pt_br`` → ``pt-BR``; ``EN`` → ``en``."""
    language, region = parse_language_tag(tag)
    return f"{language}-{region}" if region else language


def resolve_supported(tag: str | None, supported: tuple[str, ...], *, default: str = "en") -> str:
    """Pick the best entry of ``supported`` for ``tag``: language+region first, then language.

    ``supported`` holds canonical tags such as ``("en", "es", "pt-BR")``; a bare language in the
    request (``pt``) matches a regional entry of that language (``pt-BR``) when no bare entry
    exists, so ``pt`` and ``pt-PT`` both get the Portuguese templates.
    """
    language, region = parse_language_tag(tag)
    by_lower = {s.lower(): s for s in supported}
    if region and f"{language}-{region}".lower() in by_lower:
        return by_lower[f"{language}-{region}".lower()]
    if language in by_lower:
        return by_lower[language]
    for entry in supported:
        if parse_language_tag(entry)[0] == language:
            return entry
    return default


# ---------------------------------------------------------------------------------------------
# Stop words
# ---------------------------------------------------------------------------------------------

_STOPWORD_DIR = Path(yake.__file__).parent / "core" / "StopwordsList"
# yake names a few lists by country code rather than ISO 639-1 language code.
_STOPWORD_FILE_ALIASES = {"cs": "cz", "nb": "no", "nn": "no"}
# Languages we try when guessing what language a description is written in.
_DETECTABLE = ("en", "es", "pt", "fr", "de", "it", "nl")


@lru_cache(maxsize=64)
def stopwords(language: str) -> frozenset[str]:
    """Lower-cased stop words for a language tag (``pt-BR`` → Portuguese); empty if unknown."""
    code, _ = parse_language_tag(language)
    code = _STOPWORD_FILE_ALIASES.get(code, code)
    if code == "br":  # yake's "br" is Breton; never let a region code pick it.
        return frozenset()
    path = _STOPWORD_DIR / f"stopwords_{code}.txt"
    if not path.is_file():
        return frozenset()
    # utf-8-sig: the Portuguese list starts with a byte-order mark.
    words = path.read_text(encoding="utf-8-sig").lower().split()
    return frozenset(w.strip() for w in words if w.strip()) | _EXTRA_STOPWORDS.get(
        code, frozenset()
    )


# Informal pronouns and possessives missing from yake's lists; app descriptions are full of them
# ("controla tus gastos", "teile deine Budgets") and they must never start or end a keyphrase.
_EXTRA_STOPWORDS = cue_sets("text", "extra_stopwords")


def is_stopword(word: str, language: str) -> bool:
    w = word.lower().strip("'’")
    return w in stopwords(language) or fold(w) in folded_stopwords(language)


@lru_cache(maxsize=64)
def folded_stopwords(language: str) -> frozenset[str]:
    """:func:`stopwords`, accent-folded (cached: asked once per tag of a bank)."""
    return frozenset(fold(w) for w in stopwords(language))


def detect_language(text: str, hint: str | None = None) -> str:
    """Best-guess ISO 639-1 code of ``text`` by stop-word hits; the hint wins ties and empties.

    Descriptions are often written in a different language than the project's ``primaryLanguage``
    (an English pitch for a German audience); keyphrase extraction must use the text's own stop
    words, or every "the"/"and" becomes a keyphrase.
    """
    hint_code, _ = parse_language_tag(hint)
    words = [w.lower() for w in WORD_RE.findall(text)]
    if not words:
        return hint_code
    best, best_hits = hint_code, -1
    candidates = (hint_code,) + tuple(c for c in _DETECTABLE if c != hint_code)
    for code in candidates:
        stop = stopwords(code)
        if not stop:
            continue
        hits = sum(1 for w in words if w in stop)
        # The hint is the project's declared language: it only loses to a clearly better match.
        if code == hint_code:
            hits = int(hits * 1.15) + 1
        if hits > best_hits:
            best, best_hits = code, hits
    return best if best_hits > 0 else hint_code


# ---------------------------------------------------------------------------------------------
# Normalisation and comparison
# ---------------------------------------------------------------------------------------------

WORD_RE = re.compile(r"\w+(?:['’-]\w+)*", re.UNICODE)
# The two characters backslash + n mark a setup/payoff break inside a hook (docs/api/content.md).
HOOK_BREAK = "\\n"


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``"Été"`` → ``"ete"``.

    Cached: a bank folds the same brief phrases and frames thousands of times per call."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def word_starts(text: str) -> str:
    """Folded text in which every word follows a space, elisions included, so that a stem
    written with a leading space matches only the start of a word: " allure" matches
    "l'allure" and "l’allure", " import" does not match "important"'s middle."""
    return " " + fold(text).replace("’", "'").replace("'", "' ")


@lru_cache(maxsize=16384)
def compare_tokens(text: str) -> tuple[str, ...]:
    """Folded word tokens, ignoring punctuation, emoji and the ``\\n`` break marker."""
    return tuple(WORD_RE.findall(fold(text.replace(HOOK_BREAK, " "))))


def _within_one_edit(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when token lists differ by at most one substitution, insertion or deletion."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def near_duplicate(a: str, b: str) -> bool:
    """Two hooks are duplicates when, after normalisation, they differ by at most one word.

    Normalisation folds case and accents and drops punctuation, so "POV: you found X!" and
    "pov you found x" are the same hook; the same words in another order also count.
    """
    ta, tb = compare_tokens(a), compare_tokens(b)
    if _within_one_edit(ta, tb):
        return True
    return len(ta) == len(tb) and Counter(ta) == Counter(tb)


def contains_phrase(text: str, phrase: str) -> bool:
    """Whole-word, case- and accent-insensitive containment."""
    needle = " ".join(compare_tokens(phrase))
    if not needle:
        return False
    haystack = " " + " ".join(compare_tokens(text)) + " "
    return f" {needle} " in haystack


def is_anchored(hook: str, app_name: str, phrases: Sequence[str]) -> bool:
    """A hook is anchored when it names the app or one of the description's keyphrases."""
    return contains_phrase(hook, app_name) or any(contains_phrase(hook, p) for p in phrases)


def clean_inline(text: str | None) -> str:
    """Collapse whitespace (including real newlines) into single spaces."""
    return " ".join((text or "").split())


def clean_tagline(tagline: str | None) -> str | None:
    """A tagline ready to sit at the start of a hook: one line, no trailing full stop."""
    cleaned = clean_inline(tagline).rstrip(" .").strip()
    return cleaned or None


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# ---------------------------------------------------------------------------------------------
# Keyphrases
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keyphrase:
    text: str  # as it should read mid-sentence: "night-shift workers", "Haushaltsbuch", "iOS app"
    score: float  # yake score: lower is more relevant

    @property
    def words(self) -> list[str]:
        return self.text.split()


_SENTENCE_END = ".!?…:;"


def _natural_forms(text: str, language: str) -> dict[str, str]:
    """Map each lower-cased word to how it is normally written in ``text``.

    A word seen mid-sentence keeps that spelling ("iOS", "GitHub", German nouns). A word only
    seen at the start of a sentence is lower-cased when it looks like an ordinary capitalised
    word, except in German, where a capital usually means a noun.
    """
    mid: dict[str, Counter[str]] = {}
    initial: dict[str, str] = {}
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        before = text[: match.start()].rstrip()
        at_start = not before or before[-1] in _SENTENCE_END
        if at_start:
            initial.setdefault(word.lower(), word)
        else:
            mid.setdefault(word.lower(), Counter())[word] += 1
    forms = {low: counts.most_common(1)[0][0] for low, counts in mid.items()}
    for low, word in initial.items():
        if low in forms:
            continue
        plain_title = word[:1].isupper() and word[1:] == word[1:].lower()
        forms[low] = word.lower() if plain_title and language != "de" else word
    return forms


def _naturalise(phrase: str, forms: dict[str, str]) -> str:
    return " ".join(forms.get(w.lower(), w) for w in phrase.split())


@lru_cache(maxsize=256)
def extract_keyphrases(text: str, language: str, top: int = 40) -> tuple[Keyphrase, ...]:
    """yake keyphrases (1–3 words) of ``text`` in its own spelling, best first, no repeats.

    ``language`` is the language the text is written in (see :func:`detect_language`).
    """
    text = clean_inline(text)
    if not text:
        return ()
    code, _ = parse_language_tag(language)
    extractor = yake.KeywordExtractor(
        lan=code, n=3, top=top, dedup_lim=0.9, stopwords=set(stopwords(code)) or None
    )
    forms = _natural_forms(text, code)
    seen: set[str] = set()
    result: list[Keyphrase] = []
    for phrase, score in extractor.extract_keywords(text):
        natural = _naturalise(clean_inline(phrase), forms)
        key = fold(natural)
        if not natural or key in seen:
            continue
        seen.add(key)
        result.append(Keyphrase(text=natural, score=float(score)))
    return tuple(result)


# Words that join two ideas: a keyphrase containing one ("runners and night-shift") is usually a
# fragment of a list, not something a marketer would drop into a sentence.
_CONJUNCTIONS = cue_set("text", "conjunctions")
# Joining words allowed inside a 3-word keyphrase: "planos de exercícios", "treino em casa",
# "Tipps für Anfänger" read well; "subscriptions for runners" does not.
_INNER_JOINERS = cue_set("text", "inner_joiners")
# Joiners that make a following phrase the tail of a longer noun phrase: in "fiches de révision
# intelligentes", "révision intelligentes" is a fragment.
_GENITIVE_JOINERS = cue_set("text", "genitive_joiners")
# English plurals that do modify the next noun ("sales teams", "savings goals").
_PLURAL_MODIFIERS = cue_set("text", "plural_modifiers")
# Common English words ending in -ly that are nouns, not adverbs.
_LY_NOUNS = cue_set("text", "ly_nouns")
# Imperatives that open feature lists in app descriptions ("Track workouts", "Conecta tus
# cuentas", "Reçois des alertes"). A keyphrase starting with one is a verb phrase, which reads
# wrongly in a slot written for a topic ("Let's talk about track workouts").
_IMPERATIVES = cue_strings("text", "imperatives")
_IMPERATIVE_SETS = {k: frozenset(fold(w) for w in v.split()) for k, v in _IMPERATIVES.items()}
# Nouns with an infinitive-like ending, so the ending test below leaves them alone.
_INFINITIVE_LOOKALIKES = cue_set("text", "infinitive_lookalikes")
# Words after which comes a verb or an adjective, not a noun: object and subject pronouns
# ("te ayuda", "that matches", "qui change") and intensifiers ("plus vite", "muy fácil").
_CLITICS = cue_set("text", "clitics")
# Prepositions that turn a lone noun into an adverbial ("in Sekunden", "im Blick", "en segundos").
_ADVERBIAL_PREPS = cue_set("text", "adverbial_preps")
# Articles, possessives and prepositions: what normally stands right before a noun.
_NOUN_INTRODUCERS = cue_sets("text", "noun_introducers")
# Articles and possessives that follow a verb ("creates a…", "watches your…"); prepositional
# look-alikes ("a" in Portuguese, "des" in French) are left out.
_ARTICLES_AFTER_VERB = cue_sets("text", "articles_after_verb")
# French/Spanish imperatives carry their pronoun: "transforme-les", "hazlo" is not matched.
_IMPERATIVE_CLITIC_SUFFIXES = ("-les", "-le", "-la", "-moi", "-toi", "-nous", "-vous", "-lo")
_INDEFINITE_ARTICLES = cue_lists("text", "indefinite_articles")
_ELISION = ("l'", "d'", "j'", "qu'", "s'", "n'", "c'", "m'", "t'", "l’", "d’", "j’", "qu’")
_CLAUSE_BREAK = '.!?…:;,()—–"“”«»'


@dataclass(frozen=True)
class _TextContext:
    """What keyphrase filtering needs to know about the words of a description."""

    words: tuple[str, ...]  # every word, lower-cased, in order
    breaks: tuple[bool, ...]  # breaks[i]: punctuation (or the start) comes right before words[i]
    sentence_only: frozenset[str]  # lower-cased words never seen except at a sentence start

    def before(self, i: int) -> str:
        """The word before position i, or "" across punctuation."""
        return "" if i <= 0 or self.breaks[i] else self.words[i - 1]

    def after(self, i: int) -> str:
        """The word at position i, or "" when punctuation or the end comes first."""
        return "" if i >= len(self.words) or self.breaks[i] else self.words[i]


@lru_cache(maxsize=256)
def _text_context(text: str) -> _TextContext:
    words: list[str] = []
    breaks: list[bool] = []
    mid: set[str] = set()
    initial: set[str] = set()
    previous_end = 0
    for match in WORD_RE.finditer(text):
        gap = text[previous_end : match.start()]
        before = text[: match.start()].rstrip()
        low = match.group(0).lower()
        (initial if not before or before[-1] in _SENTENCE_END else mid).add(low)
        words.append(low)
        breaks.append(not words[:-1] or any(c in _CLAUSE_BREAK for c in gap))
        previous_end = match.end()
    return _TextContext(
        words=tuple(words), breaks=tuple(breaks), sentence_only=frozenset(initial - mid)
    )


def _occurrences(phrase_words: list[str], ctx: _TextContext) -> list[int]:
    n = len(phrase_words)
    return [i for i in range(len(ctx.words) - n + 1) if list(ctx.words[i : i + n]) == phrase_words]


def _word_ok(word: str, language: str) -> bool:
    return any(c.isalpha() for c in word) and not is_stopword(word, language)


def _looks_like_verb(word: str, language: str) -> bool:
    folded = fold(word)
    if folded in _IMPERATIVE_SETS.get(language, ()):
        return True
    if len(folded) < 5 or folded in _INFINITIVE_LOOKALIKES:
        return False
    if language in ("es", "pt"):
        return folded.endswith(("ar", "er", "ir"))
    if language == "fr":
        return folded.endswith(("er", "ir")) and not folded.endswith("ier")
    if language == "it":
        return folded.endswith(("are", "ere", "ire"))
    return False


# French adverbs in -ment share the ending with many nouns (paiement, entraînement), so only
# the adjective-derived shapes are matched.
_FR_ADVERB_ENDINGS = cue_list("text", "fr_adverb_endings")


def _looks_like_adverb(word: str, language: str) -> bool:
    w = word.lower()
    if language in ("es", "pt", "it"):
        return w.endswith("mente") and len(w) > 6
    if language == "fr":
        return w.endswith(_FR_ADVERB_ENDINGS)
    return False


def _looks_like_english_modifier(word: str) -> bool:
    w = word.lower()
    return (
        (w.endswith("ly") and w not in _LY_NOUNS)
        or (w.endswith("ed") and len(w) > 3)
        or w in _ENGLISH_COMPARATIVES
    )


_ENGLISH_COMPARATIVES = cue_set("text", "english_comparatives")


def _shape_ok(words: list[str], folded: list[str], phrase: str, language: str) -> bool:
    """Checks that need only the phrase itself."""
    if not 1 <= len(words) <= 3 or not 3 <= len(phrase) <= 32:
        return False
    if len(words) == 1 and len(words[0]) < 4:
        return False
    if any(f in _CONJUNCTIONS for f in folded):
        return False
    if any(not any(c.isalpha() for c in w) for w in words):
        return False
    if any(f.startswith(_ELISION) or f.endswith(_IMPERATIVE_CLITIC_SUFFIXES) for f in folded):
        return False
    if not (_word_ok(words[0], language) and _word_ok(words[-1], language)):
        return False
    if len(words) == 3 and not (_word_ok(words[1], language) or folded[1] in _INNER_JOINERS):
        return False
    if _looks_like_verb(words[0], language) or _looks_like_adverb(words[-1], language):
        return False
    if language == "de":
        # Two German nouns side by side are two ideas ("Üben Spaß"); real compounds are one word.
        if len(words) > 1 and not any(f in _INNER_JOINERS for f in folded):
            return False
        if any(
            not w[:1].isupper()
            for w, f in zip(words, folded, strict=True)
            if f not in _INNER_JOINERS
        ):
            return False
    if language == "en":
        if _looks_like_english_modifier(words[-1]):
            return False
        if folded[-1].endswith(("less", "ful", "ous", "able", "ible")):
            return False
        if len(words) == 1 and folded[0].endswith(("ing", "ive")):
            return False
        # A gerund after the first word makes a clause: "people juggling work".
        if any(f.endswith("ing") for f in folded[1:]):
            return False
        # A plural (or third-person verb) rarely modifies the next word: "couples stay",
        # "insights show", "opens pull requests" are clauses, not topics.
        for word in folded[:-1]:
            if word.endswith("s") and not word.endswith(("ss", "us", "is")):
                if word not in _PLURAL_MODIFIERS:
                    return False
    return True


def _context_ok(words: list[str], language: str, app_name: str, ctx: _TextContext) -> bool:
    """Checks that look at how the phrase is used in the description."""
    low = [w.lower() for w in words]
    occurrences = _occurrences(low, ctx)
    before = [ctx.before(i) for i in occurrences]
    after = [ctx.after(i + len(low)) for i in occurrences]
    if language == "de" and any(w in ctx.sentence_only for w in low):
        return False  # capitalised only because it opens a sentence: maybe a verb
    if before and all(b in _CLITICS for b in before):
        return False
    app_words = [w.lower() for w in WORD_RE.findall(app_name)]
    if app_words:
        app_spans = [range(j, j + len(app_words)) for j in _occurrences(app_words, ctx)]
        # "Ledgerly turns…", "Petits Chefs propose…": what follows the app's name is its verb.
        if any(i in (span.stop for span in app_spans) for i in occurrences):
            return False
        # "Chefs propose": a phrase overlapping the app's name is a piece of that sentence.
        if occurrences and all(
            any(k in span for span in app_spans for k in range(i, i + len(low)))
            for i in occurrences
        ):
            return False
    # "narrates a calm story", "watches your pipeline": a word followed by an article or a
    # possessive is a verb, so the phrase it ends is a clause, not a topic.
    if any(fold(a) in _ARTICLES_AFTER_VERB.get(language, ()) for a in after):
        return False
    # "a hard workout": a countable singular needs an article no topic slot can supply.
    if before and all(fold(b) in _INDEFINITE_ARTICLES.get(language, ()) for b in before):
        return False
    # "people juggling work": an -ing word opening a phrase mid-clause is a participle.
    if (
        language == "en"
        and low[0].endswith("ing")
        and not any(b == "" or fold(b) in _NOUN_INTRODUCERS["en"] for b in before)
    ):
        return False
    if len(words) > 1:
        # The tail or the head of a longer phrase: "révision intelligentes" out of "fiches de
        # révision intelligentes", "progresso semana" out of "progresso semana a semana".
        if any(fold(b) in _GENITIVE_JOINERS for b in before):
            return False
        if language in ("es", "pt", "fr", "it") and any(
            fold(a) in ("a", "à", "de", "da", "do", "di") for a in after
        ):
            return False
        # Cut before the word it belongs with: "small sales [teams]", "monitores em tempo
        # [real]", "daily ritual coffee [subscriptions]".
        return not any(a and not is_stopword(a, language) for a in after)
    if before and all(b in _ADVERBIAL_PREPS for b in before):
        return False
    if _reduplicated(low[0], ctx) or fold(low[0]) in _GENERIC_WORDS:
        return False
    if (
        language == "de"
        and low[0].endswith("n")
        and before
        and all(b in _GERMAN_DATIVE_PREPS for b in before)
    ):
        return False
    # A lone word must be seen after a determiner or preposition at least once, which is what
    # separates nouns ("les examens", "para iniciantes") from bare adjectives ("révision
    # intelligentes"). German nouns are recognised by their capital instead.
    introducers = _NOUN_INTRODUCERS.get(language)
    return not introducers or any(fold(b) in introducers for b in before)


# Time units and number words: present in every description, a topic of none.
_GENERIC_WORDS = cue_set("text", "generic_words")
# German prepositions that always take the dative: "mit Freunden" is not how "Freunde" reads
# on its own, so a plural seen only after one of these is left out.
_GERMAN_DATIVE_PREPS = cue_set("text", "german_dative_preps")


def _reduplicated(word: str, ctx: _TextContext) -> bool:
    """ "semana a semana", "step by step": an adverbial, not a topic."""
    pattern = rf"\b{re.escape(word)} (?:a|à|by|after|für|tras|após|après) {re.escape(word)}\b"
    return re.search(pattern, " ".join(ctx.words)) is not None


def is_repeated_topic_word(word: str, language: str, description: str) -> bool:
    """A single word the description uses at least twice as a noun-like word ("coffee")."""
    ctx = _text_context(clean_inline(description))
    low = word.lower()
    return (
        ctx.words.count(low) >= 2
        and fold(low) not in _GENERIC_WORDS
        and keyphrase_shape_ok(word, language)
        and not _reduplicated(low, ctx)
        and not all(
            ctx.before(i) in _CLITICS or ctx.before(i) in _ADVERBIAL_PREPS
            for i in _occurrences([low], ctx)
        )
    )


def keyphrase_shape_ok(phrase: str, language: str) -> bool:
    """The part of :func:`is_hook_keyphrase` that looks only at the phrase, not its context."""
    words = phrase.split()
    return _shape_ok(words, [fold(w) for w in words], phrase, language)


def is_hook_keyphrase(
    phrase: str, language: str, app_name: str = "", description: str = ""
) -> bool:
    """Whether a keyphrase can be dropped into a hook template and still read naturally.

    Hook templates put keyphrases where a topic goes ("Let's talk about {kp}", "Thema {kp}"), so
    we want short noun phrases: no conjunctions, no stop word at either end, no verb phrase, no
    fragment cut out of a longer noun phrase, and (in German) only words known to be nouns,
    because a bare German adjective would need a different ending outside its sentence. There
    is no part-of-speech tagger offline, so these are heuristics over the phrase and over how
    the description uses it; they err on the side of dropping a phrase.
    """
    words = phrase.split()
    folded = [fold(w) for w in words]
    if not _shape_ok(words, folded, phrase, language):
        return False
    app_tokens = set(compare_tokens(app_name))
    if app_tokens and (
        set(compare_tokens(phrase)) <= app_tokens or contains_phrase(phrase, app_name)
    ):
        return False
    if not description:
        return True
    return _context_ok(words, language, app_name, _text_context(clean_inline(description)))


@lru_cache(maxsize=256)
def hook_keyphrases(
    description: str, language: str, app_name: str = "", limit: int = 8
) -> tuple[str, ...]:
    """The description's keyphrases that are good enough to insert into hooks.

    Multi-word phrases are preferred (they carry meaning on their own); single words only fill
    up when few phrases survive. Phrases that overlap a chosen one ("daily ritual" after "daily
    ritual coffee") are skipped so a bank talks about several things.
    """
    text_language = detect_language(description, language)
    candidates = [
        kp.text
        for kp in extract_keyphrases(description, text_language)
        if is_hook_keyphrase(kp.text, text_language, app_name, description)
    ]
    # Groups of people ("night-shift workers") read oddly where a topic goes ("managing
    # night-shift workers"); audience slots cover them, so drop them when topics are plentiful.
    topics = [c for c in candidates if not names_people(c.split()[-1], text_language)]
    if len(topics) >= 3:
        candidates = topics
    multi = [c for c in candidates if len(c.split()) > 1]
    single = [c for c in candidates if len(c.split()) == 1]
    chosen: list[str] = []
    chosen_tokens: list[set[str]] = []
    # German packs meaning into compound nouns ("Haushaltsbuch"), so lone words are first-class.
    single_quota = limit if text_language == "de" else max(2, 5 - len(multi))
    for group, quota in ((multi, limit), (single, single_quota)):
        added = 0
        for phrase in group:
            if len(chosen) >= limit or added >= quota:
                break
            tokens = set(compare_tokens(phrase))
            if any(tokens <= t or t <= tokens or len(tokens & t) >= 2 for t in chosen_tokens):
                continue
            folded = fold(phrase)
            if any(
                folded in (fold(c) + "s", fold(c) + "es")
                or fold(c) in (folded + "s", folded + "es")
                for c in chosen
            ):
                continue  # "médico" after "médicos"
            chosen.append(phrase)
            chosen_tokens.append(tokens)
            added += 1
    return tuple(chosen)


# ---------------------------------------------------------------------------------------------
# Audience ("for busy parents", "para principiantes")
# ---------------------------------------------------------------------------------------------

_AUDIENCE_PREPOSITIONS = cue_lists("text", "audience_prepositions")
# Stop words that may appear inside an audience phrase (articles and "and").
_AUDIENCE_JOINERS = cue_sets("text", "audience_joiners")
# Words that follow "for" without naming people: "for free", "for years", "für immer".
_NOT_AUDIENCE = cue_set("text", "not_audience")
# English verbs after which "for" introduces a thing, not a group of people.
_EN_NON_AUDIENCE_VERBS = cue_set("text", "en_non_audience_verbs")


# How words naming groups of people end, and common ones that don't follow the pattern; an
# audience must contain one ("para viajes" is a purpose, "para viajeros" an audience).
_PEOPLE_SUFFIXES = cue_lists("text", "people_suffixes")
_PEOPLE_WORDS = cue_set("text", "people_words")


def names_people(word: str, language: str) -> bool:
    folded = fold(word)
    return folded in _PEOPLE_WORDS or folded.endswith(
        tuple(fold(s) for s in _PEOPLE_SUFFIXES.get(language, ()))
    )


@lru_cache(maxsize=256)
def extract_audiences(description: str, language: str) -> tuple[str, ...]:
    """Groups of people the description says the app is for, ready to follow "for"/"para"/….

    The phrase is reused after the same preposition it followed in the description, so articles
    and grammatical case stay right ("pour les étudiants pressés", "für Familien").
    """
    text = clean_inline(description)
    code = detect_language(text, language)
    preps = _AUDIENCE_PREPOSITIONS.get(code)
    if not preps:
        return ()
    joiners = _AUDIENCE_JOINERS.get(code, frozenset())
    pattern = re.compile(
        r"(?:(\w+)\s+)?\b(?:" + "|".join(preps) + r")\s+([^.,;:!?()\[\]\"“”«»—–]+)",
        re.IGNORECASE,
    )
    found: list[str] = []
    for match in pattern.finditer(text):
        before = (match.group(1) or "").lower()
        if code == "en" and before in _EN_NON_AUDIENCE_VERBS:
            continue
        segment: str | None = match.group(2)
        while segment:
            phrase, segment = _audience_at(segment, code, joiners)
            if phrase and fold(phrase) not in {fold(f) for f in found}:
                found.append(phrase)
    return tuple(found[:3])


def _audience_at(segment: str, code: str, joiners: frozenset[str]) -> tuple[str | None, str]:
    """The group of people a text after "for" opens on, or None, and what follows it from its
    next "and": "familias con poco tiempo y personas que cocinan por primera vez" gives
    "familias", then "personas que cocinan por primera vez"."""
    words: list[str] = []
    for word in segment.split()[:6]:
        low = word.lower()
        if is_stopword(low, code) and low not in joiners:
            break
        words.append(word)
    while words and words[-1].lower() in joiners:
        words.pop()
    words = _people_conjuncts(words, code)
    rest = segment[len(" ".join(words)) :] if words else segment
    further = re.split(rf"\s(?:{'|'.join(_AUDIENCE_AND.get(code, ('and',)))})\s", rest, maxsplit=1)
    after = further[1] if len(further) > 1 else ""
    if not words or all(w.lower() in joiners for w in words):
        return None, after
    phrase = " ".join(words)
    last = words[-1]
    if (
        len(phrase) > _MAX_AUDIENCE_CHARS
        or any(not w.replace("-", "").replace("'", "").isalpha() for w in words)
        or any(w.lower() in _NOT_AUDIENCE for w in words)
        or len(last) < 3
        or not any(names_people(w, code) for w in words if w.lower() not in joiners)
        or (code == "de" and not last[:1].isupper())
    ):
        return None, after
    # "kids aged three to eight", "les enfants de quatre à dix ans", "singles over thirty":
    # the age is part of who they are; so is what they do ("personas que cocinan por primera
    # vez").
    age = _AGE_RANGE.match(rest) if rest[:1].isspace() else None
    clause = _relative_clause(further[0], code) if rest[:1].isspace() else None
    if age:
        phrase += age.group(0).rstrip()
    elif clause and len(phrase) + len(clause) <= _MAX_AUDIENCE_CHARS:
        phrase += clause
    return phrase, after


def _people_conjuncts(words: list[str], code: str) -> list[str]:
    """ "idosos e lembretes" → "idosos": a phrase joined by "and" keeps its parts up to the first
    one that names no people (a feature the description lists next)."""
    ands = set(_AUDIENCE_AND.get(code, ("and",)))
    kept: list[str] = []
    part: list[str] = []
    for word in [*words, None]:
        if word is not None and word.lower() not in ands:
            part.append(word)
            continue
        if part and not any(names_people(w, code) for w in part):
            break
        kept += part
        if word is not None:
            kept.append(word)
        part = []
    while kept and kept[-1].lower() in ands:
        kept.pop()
    return kept


_MAX_AUDIENCE_CHARS = 40
_AUDIENCE_AND = cue_lists("text", "audience_and")
_NUMBERISH = r"(?:\d+|[^\W\d_]+)"
_AGE_RANGE = re.compile(
    rf"\s+(?:(?:aged|de|entre|von|from|dos|des)\s+)?{_NUMBERISH}\s+(?:to|à|a|bis|y|e|até|and)\s+"
    rf"{_NUMBERISH}(?:\s+(?:ans|años|anos|Jahren|years))?\b"
    # An age limit: "over thirty", « de plus de 60 ans », "mayores de 65", "ab 50".
    rf"|\s+(?:over|under|de plus de|de moins de|de más de|mayores de|menores de|acima de"
    rf"|com mais de|über|ab|unter)\s+{_NUMBERISH}(?:\s+(?:ans|años|anos|Jahren|years))?\b"
    # An age after a word the phrase already holds: "mujeres mayores" + "de 50 años".
    rf"|\s+(?:de|von)\s+{_NUMBERISH}\s+(?:ans|años|anos|Jahren)\b",
    re.IGNORECASE,
)
_AUDIENCE_RELATIVES = cue_sets("text", "audience_relatives")
_MAX_CLAUSE_WORDS = 5


def _relative_clause(rest: str, code: str) -> str | None:
    """ " que cocinan por primera vez" after "personas": a short relative clause running to
    the end of the phrase (punctuation or the next "and"), or None (a long one is a sentence,
    not a group of people)."""
    words = rest.split()
    if len(words) < 2 or fold(words[0]) not in _AUDIENCE_RELATIVES.get(code, frozenset()):
        return None
    if len(words) - 1 > _MAX_CLAUSE_WORDS:
        return None
    return " " + " ".join(words)


# ---------------------------------------------------------------------------------------------
# Crawled sites: keywords and the audience a site names
# ---------------------------------------------------------------------------------------------

_SITE_TEXT_MAX = 60_000


def site_keyphrases(text: str, language: str | None = None, top: int = 15) -> list[str]:
    """A page's keyphrases, best first: no stop word inside, no bare number, no lone word that
    a kept phrase already contains ("running" beside "running coach")."""
    text = text[:_SITE_TEXT_MAX].strip()
    if not text:
        return []
    code = detect_language(text, language or "en")
    phrases: list[str] = []
    for kp in extract_keyphrases(text, code, top=top + 5):
        tokens = kp.text.lower().split()
        # "coach for busy" and "Garmin and Apple" are window artefacts, not phrases.
        if any(is_stopword(t, code) for t in tokens) or len(kp.text) < 3:
            continue
        if all(t.isdigit() for t in tokens):
            continue
        phrases.append(kp.text)
    in_phrases = {t for p in phrases if " " in p for t in p.lower().split()}
    return [p for p in phrases if " " in p or p.lower() not in in_phrases][:top]


# Plurals ending like "runners"/"artists" that are things, not people.
_NOT_PEOPLE = cue_set("text", "not_people")
_NOT_AN_AUDIENCE_START = cue_set("text", "not_an_audience_start")
_CUE_BEFORE_FOR = re.compile(
    r"\b(?:built|made|designed|crafted|perfect|ideal|tailored|created|loved|trusted|used)"
    r"\s+(?:for|by)\s+(?:over\s+|more\s+than\s+)?(?:[\d.,]+[km+]*\s+)?",
    re.I,
)
_FOR = re.compile(r"\bfor\s+", re.I)
_PLAIN_WORD = re.compile(r"[a-z][a-z'’-]*")


def infer_audience(high_signal: Iterable[str], body_blocks: Iterable[str]) -> str | None:
    """The audience an English site names explicitly ("for busy runners", "built for teams").

    Headlines, title and description count any "for <people>"; body text only counts the
    unambiguous "built/made/designed/… for <people>". The most frequent phrase wins, the
    earliest on a tie. No explicit phrase → None (an invented audience is worse than none).
    """
    found: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    sources = [(text, _FOR) for text in high_signal] + [
        (text, _CUE_BEFORE_FOR) for text in body_blocks
    ]
    for text, pattern in sources:
        for match in pattern.finditer(text):
            phrase = _site_audience_phrase(text[match.end() :])
            if phrase:
                found[phrase] += 1
                first_seen.setdefault(phrase, len(first_seen))
    if not found:
        return None
    return min(found, key=lambda p: (-found[p], first_seen[p]))


def _site_audience_phrase(rest: str) -> str | None:
    tokens = rest.lower().split()[:6]
    while tokens and tokens[0] in ("the", "all", "every"):
        tokens = tokens[1:]  # "for all busy runners" names the same audience
    words: list[str] = []
    for token in tokens[:5]:
        word = token.strip(".,;:!?\"'()[]").replace("’", "'")
        if not _PLAIN_WORD.fullmatch(word) or is_stopword(word, "en"):
            break
        words.append(word)
        if token[-1] in ".,;:!?)":
            break  # punctuation ends the phrase
    # The shortest prefix that ends in a people word: "busy runners", not "busy runners
    # everywhere".
    for end in range(1, min(len(words), 4) + 1):
        head = words[end - 1]
        if (
            head not in _NOT_PEOPLE
            and names_people(head, "en")
            and words[0] not in _NOT_AN_AUDIENCE_START
        ):
            return " ".join(words[:end])
    return None

"""The brand brief: what a copywriter would pull out of a project before writing a word.

A brief is built from the project's name, description, tagline and (when ingestion found them)
category and audience. It holds whole phrases only, each in the form a template slot needs:

* ``audiences``: who it is for, as they followed "for"/"para"/"pour"/"für";
* ``pains``: what the product spares people, as it followed "without"/"sin"/"sans"/"ohne"
  ("spreadsheets", "hojas de cálculo"), and ``negatives`` ("no ads", "ohne Werbung");
* ``benefits``: verb phrases, each in its imperative and infinitive forms ("see where every
  dollar goes", "conecta tus cuentas" / "conectar tus cuentas");
* ``features``: noun phrases of what it has ("guided meditations"); ``with_features`` the
  same when they followed "with"/"mit" (German case makes the two lists different);
* ``proofs``: concrete, checkable facts: numbers, named things, places;
* ``outcomes``: whole clauses of what changes ("the bag never goes stale");
* ``search_phrases``: what people would type to find it;
* ``does``: what it does, as a verb phrase after its name ("watches your CI pipeline");
* ``identity``: what it is ("a dating app", "das digitale Haushaltsbuch"), ``tagline``.

The rules keep phrases whole: an item is cut at clause punctuation, relative words and list
joints, never in the middle of a noun phrase, and is dropped when it would end on an article,
a preposition or a conjunction. There is no parser offline, so they err on the side of leaving
a phrase out: a thin brief makes a smaller bank of true hooks, never one of fragments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import simplemma

from layers_server.brand.categories import detect_categories, product_kind, resolve_category
from layers_server.brand.grammar import (
    imperative_phrase,
    infinitive_phrase,
    join_list,
    lemma,
    separable_particle,
    with_article,
)
from layers_server.brand.lexicon import Lexicon, lexicon
from layers_server.brand.resources import cue_lists, cue_set, cue_sets
from layers_server.brand.text import (
    WORD_RE,
    clean_inline,
    clean_tagline,
    compare_tokens,
    contains_phrase,
    detect_language,
    extract_audiences,
    fold,
    hook_keyphrases,
    names_people,
)

MAX_BENEFIT_CHARS = 70
MAX_FEATURE_CHARS = 48
# A feature said with its clause ("um cronograma de estudos que se adapta à sua rotina").
MAX_CLAUSE_FEATURE_CHARS = 64
MAX_PROOF_CHARS = 64
MAX_OUTCOME_CHARS = 70
MIN_CLAIM_CHARS, MAX_CLAIM_CHARS = 30, 140
_THIN_FACTS = 6  # a brief with fewer facts and no sentence to quote quotes its clauses


@dataclass(frozen=True)
class Benefit:
    imperative: str  # familiar imperative, lower-case start: "conecta tus cuentas"
    infinitive: str  # "conectar tus cuentas"; German verb-last: "Ausgaben in Sekunden erfassen"
    without: str | None = None  # what it spares, as the description joined it: "spreadsheets"
    with_tail: str | None = None  # what it uses, as the description joined it


@dataclass(frozen=True)
class BrandBrief:
    app_name: str
    language: str  # the language the description is written in (ISO 639-1)
    product_kind: str  # app | game | subscription | product | saas | service
    category: str | None
    tagline: str | None = None
    identity: str | None = None
    audiences: tuple[str, ...] = ()
    # Each group of people an audience names, alone: "runners and night-shift workers" →
    # "runners", "night-shift workers" (a moment speaks to one of them).
    groups: tuple[str, ...] = ()
    pains: tuple[str, ...] = ()
    struggles: tuple[str, ...] = ()  # conditions people deal with: "anxiety or insomnia"
    negatives: tuple[str, ...] = ()
    benefits: tuple[Benefit, ...] = ()
    features: tuple[str, ...] = ()
    with_features: tuple[str, ...] = ()
    proofs: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    does: tuple[str, ...] = ()
    search_phrases: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()  # the description's own short sentences, for thin briefs
    claims: tuple[str, ...] = ()  # its sentences that open on the name: "Kindred is a…"
    sentences: tuple[str, ...] = field(default=(), repr=False)

    def facts(self) -> tuple[str, ...]:
        """Every concrete phrase of the brief a hook may carry (the filter's evidence)."""
        values: list[str] = [
            *self.audiences,
            *self.groups,
            *self.pains,
            *self.struggles,
            *self.negatives,
            *(b.imperative for b in self.benefits),
            *(b.infinitive for b in self.benefits),
            *self.features,
            *self.with_features,
            *self.proofs,
            *self.outcomes,
            *self.does,
            *self.search_phrases,
            *self.lines,
            *self.claims,
        ]
        if self.tagline:
            values.append(self.tagline)
        if self.identity:
            values.append(self.identity)
        return tuple(dict.fromkeys(v for v in values if v))

    def slot_values(self, slot: str) -> tuple[str, ...]:
        return {
            "audience": self.audiences,
            "pain": self.pains,
            "struggle": self.struggles,
            "negatives": self.negatives,
            "feature": self.features,
            "with_feature": self.with_features,
            "proof": self.proofs,
            "outcome": self.outcomes,
            "does": self.does,
            "search": self.search_phrases,
            "tagline": (self.tagline,) if self.tagline else (),
            "identity": (self.identity,) if self.identity else (),
            "line": self.lines,
            "claim": self.claims,
        }.get(slot, ())


# --------------------------------------------------------------------------- sentences

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])(?<!\b\w\.)\s+(?=[\"“«„¿¡(]?[A-ZÀ-ÖØ-Þ0-9])")
# Where a sentence's clauses end; never after one letter and a dot ("2 a.m. rollbacks", "z. B.").
_CLAUSE_END = re.compile(r"(?<=[.:;!?。])(?<!\b\w\.)\s*")
# Clause punctuation inside a sentence. A comma is not here: commas also separate list items.
_CLAUSE_SPLIT = re.compile(r"\s*(?:[;:]|\s[—–-]\s|\s[—–]|[—–]\s)\s*")
_CLITIC_SUFFIX = re.compile(r"-(?:les|le|la|lui|moi|toi|nous|vous|lo|los|las)$", re.IGNORECASE)
MAX_ITEM_WORDS = 9
# A fact is at most this long to answer a situation whole (a hook's payoff).
MAX_FACT_WORDS = 10


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(clean_inline(text)) if s.strip()]


def _strip_end(text: str) -> str:
    return text.strip().rstrip(".!?…").strip()


def _joiner_pattern(lex: Lexicon) -> str:
    return "|".join(re.escape(w) for w in sorted(lex.list_words, key=len, reverse=True))


def _items(segment: str, lex: Lexicon, *, pairs: bool = False) -> list[str]:
    """Split "A, B and C" (or "A, B, and C") into its items.

    Only commas separate items, plus the joining word before the last item; a lone "A and B"
    splits only with ``pairs`` ("flight and hotel confirmations" is one thing).
    """
    joiners = _joiner_pattern(lex)
    parts = [p.strip() for p in re.split(r",\s*", segment) if p.strip()]
    if not parts:
        return []
    if len(parts) > 1 or pairs:
        split: list[str] = []
        for index, part in enumerate(parts):
            part = re.sub(rf"^(?:{joiners})\s+", "", part, flags=re.I)
            pieces = re.split(rf"\s+(?:{joiners})\s+", part, flags=re.I)
            # "GitHub, GitLab und Kubernetes, Audit-Log": short pairs inside split too.
            last = index == len(parts) - 1
            if len(pieces) > 1 and (last or all(len(p.split()) <= 2 for p in pieces)):
                split += [pieces[0], " ".join(pieces[1:])]
            else:
                split.append(part)
        parts = split
    return [re.sub(rf"^(?:{joiners})\s+", "", p, flags=re.I).strip() for p in parts if p.strip()]


# --------------------------------------------------------------------------- phrase checks


_NEVER_OPENS = cue_sets("brief", "never_opens")


def _whole_fact(phrase: str, lex: Lexicon, app: str) -> bool:
    """A fact reads alone: it does not open on a conjunction, a comparison or a copula ("aber
    keinen Plan", "como uma bicicleta", "is a bouldering gym"), does not end on a joining word
    ("pour deux comme"), does not hold the product's own name ("o Cofrinho Esperto", "au Dé
    Qui Roule"), and in German a one-word fact is a noun ("perfekt" is no feature)."""
    words = WORD_RE.findall(phrase)
    if not words or fold(words[0]) in _NEVER_OPENS.get(lex.language, frozenset()):
        return False
    if fold(words[0]) in lex.copulas:
        return False  # "is a bouldering gym in Denver", "ist die CI/CD-Plattform…": a predicate
    if not _ends_well(phrase, lex) or fold(words[-1]) in _NEVER_OPENS.get(lex.language, ()):
        return False
    if app:
        # "Le Dé Qui Roule" is also named without its article ("au Dé Qui Roule").
        core = app.split(maxsplit=1)[-1] if fold(app.split()[0]) in lex.articles else app
        if contains_phrase(phrase, app) or contains_phrase(phrase, core):
            return False
    if lex.language == "de":
        # "das im Kühlschrank vergammelt": a relative clause ends on its verb, lower-case.
        if fold(words[0]) in lex.relatives and not words[-1][:1].isupper():
            return False
        return len(words) > 1 or words[0][:1].isupper()
    return True


def _ends_well(phrase: str, lex: Lexicon) -> bool:
    """A whole phrase never ends on an article, a preposition, a joining word or a relative."""
    words = WORD_RE.findall(phrase)
    return bool(words) and fold(words[-1]) not in lex.dangling


def _is_number_like(word: str, lex: Lexicon) -> bool:
    return any(c.isdigit() for c in word) or fold(word) in lex.number_words


def _natural_start(
    phrase: str, lex: Lexicon, *, verb: bool = False, names: frozenset[str] = frozenset()
) -> str:
    """Lower-case the first letter of a sentence-initial word unless it is a name.

    ``names`` are words the description capitalises mid-sentence ("Gmail"). German keeps the
    capital of nouns (a word whose lemma is lower-case is not one); a verb (``verb=True``) is
    always lower-cased.
    """
    if not phrase:
        return phrase
    first = phrase.split()[0]
    if first[1:2].isupper() or any(c.isdigit() for c in first) or (first in names and not verb):
        return phrase  # "iOS", "PDF", "5K", "Gmail"
    if lex.language == "de" and not verb and not lemma(first, "de")[:1].islower():
        return phrase
    return phrase[:1].lower() + phrase[1:]


def _second_person(phrase: str, lex: Lexicon) -> str:
    """ "stay on top of their money" → "stay on top of your money" (the reader is addressed)."""
    if not lex.possessives_to_second:
        return phrase

    def swap(match: re.Match[str]) -> str:
        return lex.possessives_to_second.get(match.group(0).lower(), match.group(0))

    return WORD_RE.sub(swap, phrase)


def _cut_at(words: list[str], stops: frozenset[str]) -> list[str]:
    for i, word in enumerate(words):
        if i and fold(word) in stops:
            return words[:i]
    return words


def _cut_clause(phrase: str, lex: Lexicon) -> str:
    """Cut a phrase where a new clause starts: "a sleep timer that dims the screen so bedtime…"."""
    words = phrase.split()
    if lex.language == "en":
        words = _cut_at(words, frozenset({"so", "because", "while", "based"}))
    return " ".join(words)


def _split_on(phrase: str, stops: frozenset[str]) -> tuple[str, str | None]:
    """Split "stay on top of your money without spreadsheets" at its "without"."""
    words = phrase.split()
    for i, word in enumerate(words):
        if i and fold(word) in stops and fold(words[i - 1]) not in _OR_WORDS:
            return " ".join(words[:i]), " ".join(words[i + 1 :]) or None
    return phrase, None


# "without a connection", "sin conexión", "ohne Netz": what the product works without is a
# feature (offline), not a pain it spares.
_NO_NETWORK = cue_set("brief", "no_network")
# "vegetarian or gluten-free", "vegetariana o sin gluten": a "without" after "or" is a choice.
_OR_WORDS = cue_set("brief", "or_words")


def _has_object_pronoun(phrase: str, lex: Lexicon) -> bool:
    """ "sort them into projects", "transforme-les": the pronoun's noun is in another sentence."""
    words = phrase.split()
    return bool(
        words
        and (
            _CLITIC_SUFFIX.search(words[0])
            or (len(words) > 1 and fold(words[1]) in lex.object_pronouns)
        )
    )


# --------------------------------------------------------------------------- extraction


@dataclass
class _Draft:
    lex: Lexicon
    app: str
    identity: str | None = None
    audiences: list[str] = field(default_factory=list)
    pains: list[str] = field(default_factory=list)
    struggles: list[str] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    with_features: list[str] = field(default_factory=list)
    proofs: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    does: list[str] = field(default_factory=list)
    names: frozenset[str] = frozenset()  # words capitalised mid-sentence: names, not starts

    def natural(self, phrase: str, *, verb: bool = False) -> str:
        return _natural_start(phrase, self.lex, verb=verb, names=self.names)

    def add(self, bucket: list[str], value: str, limit: int) -> None:
        value = clean_inline(value).strip(" ,")
        if not value or len(value) > limit or not _ends_well(value, self.lex):
            return
        if fold(value) == fold(self.app) or len(WORD_RE.findall(value)) < 1:
            return
        if any(fold(value) == fold(v) for v in bucket):
            return
        bucket.append(value)

    def add_audience(self, value: str) -> None:
        words = WORD_RE.findall(value)
        if words and all(fold(w) in self.lex.generic_audiences for w in words):
            return  # "people", "friends": everyone is
        self.add(self.audiences, value, 48)

    def add_benefit(
        self, imperative: str | None, infinitive: str | None, *, with_tail: str | None = None
    ) -> None:
        if not imperative or not infinitive:
            return
        lex = self.lex
        if _has_object_pronoun(imperative, lex):
            return
        imperative, infinitive = _second_person(imperative, lex), _second_person(infinitive, lex)
        kept, pain = _split_on(imperative, lex.without_words)
        if pain and set(compare_tokens(pain)) & _NO_NETWORK:
            pain = None  # "guarda tu itinerario sin conexión": offline is what it does
        else:
            imperative, infinitive = kept, _split_on(infinitive, lex.without_words)[0]
        if pain:
            self.add_pain(pain)
        imperative, infinitive = imperative.strip(" ,"), infinitive.strip(" ,")
        # A German imperative ends on its verb's particle ("passe Portionsgrößen an").
        particle = lex.language == "de" and separable_particle(imperative.split()[-1])
        for value in (imperative, infinitive):
            if len(value) > MAX_BENEFIT_CHARS:
                return
            if not _ends_well(value, lex) and not (particle and value == imperative):
                return
            if len(value.split()) < 2:
                return
        benefit = Benefit(
            imperative=imperative,
            infinitive=infinitive,
            without=pain if pain and len(pain.split()) <= 4 else None,
            with_tail=with_tail,
        )
        if all(fold(b.imperative) != fold(benefit.imperative) for b in self.benefits):
            self.benefits.append(benefit)

    def add_pain(self, phrase: str) -> None:
        for item in _items(_strip_end(phrase), self.lex, pairs=True):
            words = item.split()
            if len(words) > 1 and fold(words[0]) in self.lex.without_words:
                item = " ".join(words[1:])  # "… e sem embalagens plásticas"
                words = words[1:]
            if words and _is_verb_form(words[0], self.lex):
                if self.lex.language == "en" and len(words) >= 3:
                    # "without giving up their evenings": a cost it spares, said whole.
                    spared = _second_person(" ".join(words), self.lex)
                    self.add(self.negatives, f"without {spared}", 52)
                continue  # "sin olvidar nada", "without worrying": a manner, not a pain
            item = " ".join(_cut_at(_cut_clause(item, self.lex).split(), self.lex.relatives))
            if len(item.split()) > 5 or set(compare_tokens(item)) & _NO_NETWORK:
                continue  # a long clause; a network it works without (offline is a feature)
            self.add(self.pains, item, MAX_FEATURE_CHARS)
            self.add(self.negatives, _negative(item, self.lex), MAX_FEATURE_CHARS + 4)

    def add_feature(self, item: str, *, with_frame: bool) -> None:
        self._add_feature(item, with_frame=with_frame)
        _based_feature(item, self)  # after the thing itself: the first features lead a bank

    def _add_feature(self, item: str, *, with_frame: bool) -> None:
        lex = self.lex
        item = _cut_clause(item, lex)
        words = item.split()
        if not words:
            return
        if _is_participle(words[0], lex) and len(words) >= 2 and _claim_follows(words[1], lex):
            # "roasted weekly", "shipped on a cadence that…": a claim about it, not a thing.
            if not with_frame:
                self.add(self.proofs, self.natural(item), MAX_PROOF_CHARS)
            return
        limit, max_words = MAX_FEATURE_CHARS, MAX_ITEM_WORDS
        if lex.language != "de" and len(item) > MAX_FEATURE_CHARS:
            cut = _cut_at(words, lex.relatives)
            if (
                len(cut) < len(words)
                and len(words) <= MAX_FACT_WORDS
                and len(item) <= MAX_CLAUSE_FEATURE_CHARS
            ):
                # "um cronograma de estudos que se adapta à sua rotina": the clause is what
                # the thing does for the reader, and short enough to answer a situation whole.
                limit, max_words = MAX_CLAUSE_FEATURE_CHARS, MAX_FACT_WORDS
            else:
                # Too long to keep whole: the thing, not its clause (German relatives are its
                # articles).
                words = cut
                item = " ".join(words)
        if len(words) > max_words:
            return
        if fold(words[0]) in lex.negations and len(words) > 1:
            self.add(self.negatives, self.natural(item), MAX_FEATURE_CHARS)
            # "no more 2 a.m. rollbacks" spares "2 a.m. rollbacks", not "more 2 a.m. …".
            never = next((n for n in lex.never_words if fold(item).startswith(n + " ")), None)
            spared = words[len(never.split()) :] if never else words[1:]
            self.add(self.pains, " ".join(spared), MAX_FEATURE_CHARS)
            return
        if any(fold(item).startswith(n + " ") for n in lex.never_words):
            self.add(self.negatives, self.natural(item), MAX_FEATURE_CHARS)  # "never synthetic…"
            return
        if _looks_imperative(words[0], lex) or fold(words[0]) in lex.audience_preps:
            return
        item = _purpose_benefit(item, self)
        natural = self.natural(item)
        self.add(self.with_features if with_frame else self.features, natural, limit)
        if with_frame and lex.language != "de":
            self.add(self.features, natural, limit)


def _based_feature(item: str, draft: _Draft) -> None:
    """ "three thoughtful matches based on shared values and weekend habits": what the thing is
    based on is a fact of its own, said on its head noun ("matches based on shared values and
    weekend habits"); the count before it is already a proof. English and German put the head
    noun last before the cue; the others put it first, after the article or the number."""
    lex = draft.lex
    folded = fold(item)
    for cue in lex.based_cues:
        index = folded.find(f" {cue} ")
        if index < 0:
            continue
        head = [w for w in item[:index].split() if w]
        if lex.language not in ("en", "de"):
            head = [w for w in head if fold(w) not in lex.articles and not _is_number_like(w, lex)]
            head = head[:1]
        if not head or fold(head[-1]) in lex.dangling or _is_number_like(head[-1], lex):
            return
        basis = re.split(r"[,;:]", item[index + 1 :])[0].strip()
        fact = f"{head[-1]} {basis}"
        if len(fact.split()) <= MAX_FACT_WORDS and len(basis.split()) > len(cue.split()):
            draft.add(draft.features, draft.natural(fact), MAX_CLAUSE_FEATURE_CHARS)
        return


_PARTICIPLE_ENDINGS = cue_lists("brief", "participle_endings")


def _is_participle(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return (
        len(low) > 4
        and low.endswith(_PARTICIPLE_ENDINGS.get(lex.language, ()))
        and (lex.language != "en" or low not in _EN_ED_NOUNS)
    )


def _claim_follows(word: str, lex: Lexicon) -> bool:
    """After a participle, a preposition or an adverb makes a claim ("roasted weekly",
    "shipped on a cadence"); a noun makes a noun phrase ("verified profiles")."""
    folded = fold(word)
    return (
        folded in lex.prepositions
        or folded in lex.articles
        or (lex.language == "en" and folded.endswith("ly"))
    )


_EN_ED_NOUNS = cue_set("brief", "en_ed_nouns")
_DISTRIBUTIVES = cue_sets("brief", "distributives")


def _participle_claims(clause: str, lex: Lexicon) -> list[str]:
    """ "…, tostado cada lunes en Bogotá y enviado en bolsas de 340 gramos": what is done to
    the product, when and where, after a comma, is a claim a reader can check (one per
    participle), as "roasted weekly" is in an English list."""
    claims: list[str] = []
    joiners = _joiner_pattern(lex)
    for tail in re.split(r",\s*", clause)[1:]:
        for piece in re.split(rf"\s+(?:{joiners})\s+", tail, flags=re.I):
            words = piece.split()
            if not 3 <= len(words) <= MAX_ITEM_WORDS or not _is_participle(words[0], lex):
                continue
            if _claim_follows(words[1], lex) or fold(words[1]) in _DISTRIBUTIVES.get(
                lex.language, frozenset()
            ):
                claims.append(piece.strip())
    return claims


def _negative(pain: str, lex: Lexicon) -> str:
    """The standalone "no …" form of a pain: "spreadsheets" → "no spreadsheets"."""
    words = pain.split()
    if lex.language == "en":
        if words and fold(words[0]) in lex.articles:
            words = words[1:]
        return "no " + " ".join(words)
    word = sorted(lex.without_words)[0]
    return f"{word} {pain}"


def _feature_list(segment: str, draft: _Draft, *, with_frame: bool) -> None:
    for item in _items(_strip_end(segment), draft.lex):
        draft.add_feature(item, with_frame=with_frame)


def _is_verb_form(word: str, lex: Lexicon) -> bool:
    """An infinitive ("olvidar", "oublier") or an English -ing form."""
    if lex.language == "en":
        return word.lower().endswith("ing") and len(word) > 5
    infinitive = infinitive_phrase(word.lower(), lex.language)
    return infinitive is not None and fold(infinitive) == fold(word) and lex.language != "de"


def _looks_imperative(word: str, lex: Lexicon) -> bool:
    word = _CLITIC_SUFFIX.sub("", word)
    if lex.is_imperative(word):
        return True
    if lex.language == "en":
        return False
    # A sentence-initial verb that lemmatizes to an infinitive reads as an imperative.
    infinitive = infinitive_phrase(word.lower(), lex.language)
    if infinitive is None or fold(infinitive) == fold(word):
        return False
    low = fold(word)
    if lex.language in ("es", "pt") and low.endswith(("ado", "ada", "ido", "ida", "ados", "adas")):
        return False  # participles: "Pensada para…"
    return low.endswith(("a", "e", "s")) if lex.language != "de" else low.endswith("e")


def _imperative_clause(clause: str, draft: _Draft) -> None:
    """ "Drag places onto a map, see travel times…, and split costs" → one benefit per verb."""
    lex = draft.lex
    words = clause.split()
    if not words or not _looks_imperative(words[0], lex):
        return
    if fold(clause).startswith(fold(draft.app)):
        return
    joiners = "|".join(re.escape(w) for w in lex.and_words)
    items: list[str] = []
    for chunk in re.split(r",\s*", clause):
        # "… and split costs": a joining word starts a new item only before another verb.
        pieces = re.split(rf"\s+(?:{joiners})\s+|^(?:{joiners})\s+", chunk, flags=re.I)
        pieces = [p for p in pieces if p]
        for index, piece in enumerate(pieces):
            first = piece.split()[0]
            if _looks_imperative(first, lex):
                items.append(piece)
            elif index == 0 and items:
                items[-1] = f"{items[-1]}, {piece}"  # the verb's object list goes on
            elif index > 0 and items:
                if _starts_clause(first, lex):
                    break  # "… et l'application prépare…": a new subject, a new clause
                items[-1] = f"{items[-1]} {lex.conjunction} {piece}"  # "flight and hotel…"
    for item in items:
        head, _, rest = item.partition(" ")
        if (
            fold(head) in lex.feature_verbs
            and rest
            and fold(rest.split()[0]) not in lex.possessives_second
        ):
            _feature_list(rest, draft, with_frame=False)
            if "," not in rest:
                # "receba lembretes de medicamentos" is also something you do with it.
                imperative = draft.natural(_cut_clause(item, lex), verb=True)
                draft.add_benefit(imperative, infinitive_phrase(imperative, lex.language))
            continue
        item = _purpose_benefit(item, draft)
        if "," in item:
            # An object list ("alcanza tus metas de ahorro para viajes, estudios o
            # emergencias"): keep the verb phrase before the list, without its dangling "para".
            item = re.split(r",\s*", item)[0]
            item = re.sub(rf"\s+(?:{'|'.join(map(re.escape, lex.prepositions))})\s+\S+$", "", item)
        imperative = draft.natural(_cut_clause(item, lex), verb=True)
        draft.add_benefit(imperative, infinitive_phrase(imperative, lex.language))


def _starts_clause(word: str, lex: Lexicon) -> bool:
    folded = fold(word)
    return (
        folded in lex.articles
        or folded in lex.subject_pronouns
        or folded.startswith(("l'", "l’"))
        or folded in ("you", "we", "they", "i", "tu", "je", "vous", "du", "wir", "você")
    )


def _purpose_benefit(item: str, draft: _Draft) -> str:
    """ "répétition espacée pour mémoriser plus vite" → benefit "mémoriser plus vite"."""
    lex = draft.lex
    words = item.split()
    for i, word in enumerate(words):
        if i and fold(word) in lex.purpose_preps and i + 1 < len(words):
            verb = words[i + 1]
            infinitive = infinitive_phrase(verb, lex.language)
            if lex.language != "en" and infinitive and fold(infinitive) == fold(verb):
                rest = " ".join(words[i + 1 :])
                draft.add_benefit(imperative_phrase(rest, lex.language), rest)
                return " ".join(words[:i])
    return item


_OF_WORDS = cue_set("brief", "of_words")
_LESS = cue_set("brief", "less")
_RANGE_WORDS = cue_set("brief", "range_words")
_PER_WORDS = cue_set("brief", "per_words")
_NUMBER_WINDOW_STOP = cue_set("brief", "number_window_stop")


# Where a proof ends: a comma, or the audience it is for ("… in 48 hours, for…").
_PROOF_END = re.compile(r",\s*|\s+(?:for|para|pour|für)\s+")


def _proofs(sentence: str, draft: _Draft) -> None:
    """Numbers, named things and credentials, with the words that make them a claim."""
    lex = draft.lex
    for clause in _CLAUSE_SPLIT.split(_strip_end(sentence)):
        folded = fold(clause)
        for cue in lex.proof_cues:
            index = folded.find(cue)
            if index >= 0:
                phrase = _PROOF_END.split(clause[index:])[0]
                draft.add(draft.proofs, draft.natural(phrase), MAX_PROOF_CHARS)
        for cue in lex.have_cues:
            index = folded.find(cue + " ")
            if index >= 0 and (index == 0 or not folded[index - 1].isalnum()):
                # "con lo que ya tienes en la nevera": what it works with is the reader's own,
                # a checkable fact; to the clause's end (the cue may hold a German comma).
                head, tail = clause[index : index + len(cue)], clause[index + len(cue) :]
                phrase = head + _PROOF_END.split(tail)[0]
                if len(phrase.split()) <= MAX_FACT_WORDS:
                    draft.add(draft.proofs, draft.natural(phrase), MAX_PROOF_CHARS)
        for piece in _participle_claims(clause, lex):
            draft.add(draft.proofs, draft.natural(piece), MAX_PROOF_CHARS)
        words = clause.split()
        numbered = [
            w for w in words if WORD_RE.findall(w) and _is_number_like(WORD_RE.findall(w)[0], lex)
        ]
        if numbered and 3 <= len(words) <= 9 and not _looks_imperative(words[0], lex):
            if not fold(clause).startswith(fold(draft.app)):
                draft.add(draft.proofs, draft.natural(clause), MAX_PROOF_CHARS)
                continue
        for i, word in enumerate(words):
            bare = WORD_RE.findall(word)
            if not bare or not _is_number_like(bare[0], lex) or fold(bare[0]) in _NOT_PROOF:
                continue
            if i and fold(words[i - 1]) in _RANGE_WORDS:
                continue  # the second half of "three to eight"
            start = i
            while start and i - start < 3 and fold(words[start - 1]) in lex.prepositions | _LESS:
                start -= 1  # "in under thirty minutes", "en menos de treinta minutos"
            if start == i - 1 and start >= 1 and fold(words[start]) in _OF_WORDS:
                previous = fold(words[start - 1].strip(","))
                if previous not in lex.dangling and not words[start - 1].endswith(","):
                    start -= 1  # "bolsas de 340 gramos", "burns for 60 hours"
            end = i + 1
            if end + 1 < len(words) and fold(words[end]) in _RANGE_WORDS:
                end += 2  # "three to eight", "de quatre à dix"
            per = False
            while end < len(words) and end - i <= 4:
                token = fold(words[end].strip(",."))
                if words[end - 1].endswith(","):
                    break
                if token in _PER_WORDS and end + 1 < len(words):
                    end += 2  # "twenty minutes a day", "vinte minutos por dia"
                    per = True
                    break
                if token in _NUMBER_WINDOW_STOP or token in lex.dangling or token in _SUBJECTS:
                    break
                end += 1
            phrase = " ".join(words[start:end]).strip(",")
            nouns_after = [
                w
                for w in words[i + 1 : end]
                if fold(w) not in _RANGE_WORDS and not _is_number_like(w, lex)
            ]
            if len(phrase.split()) >= 2 and nouns_after:
                draft.add(draft.proofs, draft.natural(phrase), MAX_PROOF_CHARS)
                if per and start < i:
                    # "em vinte minutos por dia" is an adverbial, which answers no situation;
                    # the duration it names, "vinte minutos por dia", is a fact on its own.
                    bare_phrase = " ".join(words[i:end]).strip(",")
                    draft.add(draft.proofs, draft.natural(bare_phrase), MAX_PROOF_CHARS)
        names = _named_things(clause, draft)
        if names and len(clause) <= MAX_PROOF_CHARS:
            phrase = _strip_leading_app(clause, draft.app)
            if len(phrase.split()) >= 2:
                draft.add(draft.proofs, draft.natural(phrase), MAX_PROOF_CHARS)


# "one place", "un clic": numerals that are idioms, not proof.
_NOT_PROOF = cue_set("brief", "not_proof")


def _named_things(part: str, draft: _Draft) -> list[str]:
    """Capitalised words mid-clause that are not the app, and in German not plain nouns."""
    names = []
    app_tokens = set(compare_tokens(draft.app))
    for match in re.finditer(r"(?<=\s)([A-ZÀ-Ý][\w-]+)", part):
        word = match.group(1)
        if fold(word) in app_tokens:
            continue
        if draft.lex.language == "de" and not _is_brand_like(word):
            continue
        names.append(word)
    return names


def _proper_noun(word: str, lex: Lexicon) -> bool:
    """A capitalised word the language's dictionary does not know ("Kubernetes", "Slack")."""
    if lex.language != "de":
        return True  # capitalised mid-sentence is already the sign outside German
    return "-" not in word and not simplemma.is_known(word, lang="de", low_memory=True)


def _is_brand_like(word: str) -> bool:
    """ "GitHub", "PDF", "Kubernetes"-style names; "Offline-Karten" is a German compound."""
    return bool(re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z]{2,}[a-z]*", word))


def _strip_leading_app(text: str, app: str) -> str:
    if fold(text).startswith(fold(app) + " "):
        return text[len(app) :].strip()
    return text


def _quotable(text: str, app: str) -> bool:
    """A sentence or clause a brief may quote whole: 12–110 characters, three words or one
    token, no question, and not opening on the product's name ("PatchPilot watches…" reads
    wrongly after a template's own "PatchPilot:")."""
    return (
        12 <= len(text) <= 110
        and not text.endswith("?")
        and (len(WORD_RE.findall(text)) >= 3 or not re.search(r"\s", text))
        and not fold(text).startswith(fold(app))
    )


def _opens_a_sentence(line: str, lex: Lexicon) -> bool:
    """A line opening on a preposition ("Für Einsteiger…") or a verb ("Plane…") is a fragment
    of the pitch, not a sentence the brand would say about itself."""
    first = line.split()[0]
    return fold(first) not in lex.prepositions and not _looks_imperative(first, lex)


def _clause_lines(clauses: Sequence[str], app: str, lex: Lexicon) -> tuple[list[str], list[str]]:
    """Lines and claims a thin brief can still quote whole, from the parts of its sentences
    between commas and dashes ("lockeres Leinelaufen und entspannte Begegnungen mit anderen
    Hunden", "Leinenlos ist eine Hundeschule in Berlin-Pankow"): never a relative or a
    subordinate clause ("die mit Kleingruppen…", "damit du…"), a preposition or a verb first."""
    clause_openers = lex.relatives | _NEVER_OPENS.get(lex.language, frozenset())
    parts = list(
        dict.fromkeys(p for c in clauses for p in re.split(r",\s+|\s[–—-]\s", _strip_end(c)))
    )
    lines = [
        p
        for p in parts
        if _quotable(p, app)
        and len(WORD_RE.findall(p)) >= 3
        and _opens_a_sentence(p, lex)
        and fold(p.split()[0]) not in clause_openers
    ]
    claims = [p for p in parts if fold(p).startswith(fold(app) + " ") and len(p) >= MIN_CLAIM_CHARS]
    return lines, claims


def _groups(audiences: Sequence[str], lex: Lexicon) -> tuple[str, ...]:
    """The groups of people each audience joins with "and" ("beginners and busy parents"),
    when every part names people ("Familien und Paare"); else the audience whole."""
    found: list[str] = []
    for audience in audiences:
        parts = [p.strip() for p in re.split(rf"\s+{lex.conjunction}\s+", audience)]
        if len(parts) == 1 or not all(
            any(names_people(w, lex.language) for w in WORD_RE.findall(p)) for p in parts
        ):
            parts = [audience]
        found += [p for p in parts if fold(p) not in {fold(f) for f in found}]
    return tuple(found)


def _counted_audiences(text: str, draft: _Draft) -> None:
    """ "pour les enfants de quatre à dix ans": an audience with a number (an age range, a team
    size) is a checkable fact, a proof, said with its preposition as the description says it
    (situations are answered by proofs, never by audiences)."""
    lex = draft.lex
    preps = "|".join(re.escape(p) for p in sorted(lex.audience_preps, key=len, reverse=True))
    for audience in draft.audiences:
        words = WORD_RE.findall(audience)
        if not any(_is_number_like(w, lex) and fold(w) not in _NOT_PROOF for w in words):
            continue
        match = re.search(rf"(?<!\w)(?:{preps})\s+{re.escape(audience)}(?!\w)", text, re.I)
        if match and len(match.group(0).split()) <= MAX_FACT_WORDS:
            draft.add(draft.proofs, draft.natural(match.group(0)), MAX_PROOF_CHARS)


def _identity(sentence: str, draft: _Draft) -> str | None:
    """ "Kindred is a dating app for…" → "a dating app"; "… ist das digitale Haushaltsbuch"."""
    lex = draft.lex
    rest = _strip_leading_app(_strip_end(sentence), draft.app)
    if rest == _strip_end(sentence):
        return None
    words = rest.split()
    if len(words) < 3 or fold(words[0]) not in lex.copulas:
        return None
    second = fold(words[1])
    if second not in lex.articles and not second.startswith(("l'", "l’")):
        return None
    kept: list[str] = []
    for word in words[1:]:
        bare = fold(word.strip(",:;"))
        if kept and (bare in lex.audience_preps or bare in lex.relatives or bare in lex.with_words):
            break
        kept.append(word.strip(",:;"))
        if word.endswith((",", ":", ";")):
            break
    phrase = " ".join(kept)
    if 2 <= len(kept) <= 6 and _ends_well(phrase, lex):
        return draft.natural(phrase)
    return None


def _headline(sentence: str, draft: _Draft) -> str | None:
    """A verbless opening line names the product: "Daily ritual coffee subscriptions for
    runners…" → "daily ritual coffee subscriptions"; "Treino em casa sem equipamentos: …"."""
    lex = draft.lex
    head = _CLAUSE_SPLIT.split(_strip_end(sentence))[0]
    words = head.split()
    if not 2 <= len(words) <= 10 or "," in head or fold(head).startswith(fold(draft.app)):
        return None
    if _looks_imperative(words[0], lex) or any(fold(w) in lex.copulas for w in words):
        return None
    if any(fold(w) in _SUBJECTS or fold(w) in lex.relatives for w in words):
        return None
    phrase = _split_on(head, lex.audience_preps)[0]
    if lex.language == "en" and any(w.endswith("s") and fold(w) in _EN_VERBS for w in words):
        return None
    return draft.natural(phrase) if _ends_well(phrase, lex) and len(phrase.split()) >= 2 else None


# Third-person verbs that would make an opening line a sentence, not a name.
_EN_VERBS = cue_set("brief", "en_verbs")


def _does(sentence: str, draft: _Draft) -> None:
    """ "PatchPilot watches your CI pipeline and opens…" → what it does, after its name."""
    lex = draft.lex
    body = _strip_end(sentence)
    words = body.split()
    subject_words = len(draft.app.split())
    named = True
    if fold(body).startswith(fold(draft.app) + " "):
        rest = words[subject_words:]
    elif words and fold(words[0]) in lex.subject_pronouns:
        rest = words[1:]
    elif (after := _after_self_name(body, lex)) is not None:
        # "Importe tes cours et l'application prépare tes flashcards": it does that too. Its
        # object is no feature ("automatiquement tes flashcards" would be one).
        rest, named = after, False
    else:
        return
    if not rest or fold(rest[0]) in lex.copulas:
        return
    verb = rest[1] if len(rest) > 1 and fold(rest[0]) in lex.object_pronouns | {"te"} else rest[0]
    if fold(verb) in _HELP_VERBS:
        return  # "helps you sleep better" is a benefit, said once as one
    clause = _CLAUSE_SPLIT.split(" ".join(rest))[0]
    if lex.language == "en":
        # "watches your CI pipeline and opens pull requests…": two things it does.
        clause = re.sub(r"\s+and\s+(?=[a-z]+s\s)", ", ", clause)
    first, _, more = clause.partition(", ")
    if len(first.split()) < 3 and len(clause) <= MAX_OUTCOME_CHARS:
        first, more = clause, ""  # "reúne consultas, exames e receitas…": one object list
    parts = [first, *(p for p in re.split(r",\s*(?:and\s+)?", more) if p)]
    for index, part in enumerate(parts):
        words = part.split()
        if index and not (lex.language == "en" and words and words[0].endswith("s")):
            break  # only English lists more verbs after commas: "reads…, reproduces…"
        part = _split_on(part, lex.with_words)[0]
        part = _cut_clause(part, lex)
        if len(part.split()) >= 3 and fold(part.split()[0]) not in lex.prepositions:
            draft.add(draft.does, part, MAX_OUTCOME_CHARS)
            if named:
                _object_feature(part, draft)


def _after_self_name(body: str, lex: Lexicon) -> list[str] | None:
    """The words after what the description calls the product, opening the sentence or after
    "and": "…, and the app narrates a calm story" → "narrates a calm story"."""
    words = body.split()
    folded = [fold(w) for w in words]
    for name in map(str.split, lex.self_names):
        for i in range(len(words) - len(name)):
            if folded[i : i + len(name)] == name and (i == 0 or folded[i - 1] in lex.and_words):
                return words[i + len(name) :]
    return None


_MAX_OBJECT_WORDS = MAX_ITEM_WORDS


def _object_phrase(does: str, draft: _Draft) -> None:
    lex = draft.lex
    words = does.split()
    if words and fold(words[0]) in lex.reader_pronouns:
        words = words[1:]  # "te propone cenas caseras…"
    rest = words[1:]
    if rest and fold(rest[0]) in lex.reader_pronouns:
        rest = rest[1:]  # "zeigt dir die schönsten Wanderrouten…"
    if not rest:
        return
    head = _cut_at(re.split(r",\s*", " ".join(rest))[0].split(), lex.relatives)
    head = _cut_at(head, lex.audience_preps)
    # German keeps the article (the frames take a nominative); the others drop it.
    if lex.language != "de" and head and fold(head[0]) in lex.articles:
        head = head[1:]
    elif lex.language == "de" and head and fold(head[0]) not in lex.articles:
        return
    if 2 <= len(head) <= _MAX_OBJECT_WORDS:
        draft.add_feature(" ".join(head), with_frame=False)


_HELP_VERBS = cue_set("brief", "help_verbs")


def _object_feature(does: str, draft: _Draft) -> None:
    """ "builds adaptive running plans around your calendar" → the thing: "adaptive running
    plans" (English: the words after the verb, up to a preposition). Other languages keep the
    whole object, which there carries its complement: "propose des recettes faciles à cuisiner
    en famille" → "recettes faciles à cuisiner en famille"."""
    if draft.lex.language != "en":
        _object_phrase(does, draft)
        return
    if " into " in f" {does} ":
        return  # "turns your bank transactions into a budget": the input, not a feature
    kept: list[str] = []
    for word in does.split()[1:]:
        if fold(word) in draft.lex.dangling or fold(word) in draft.lex.possessives_second:
            if kept:
                break
            continue
        kept.append(word.strip(","))
        if word.endswith(","):
            break
    if 2 <= len(kept) <= 4 and not kept[0].endswith("ly"):
        draft.add_feature(" ".join(kept), with_frame=False)


def _help_benefits(sentence: str, draft: _Draft) -> None:
    lex = draft.lex
    body = _strip_end(sentence)
    for pattern in lex.help_patterns:
        for match in pattern.finditer(body):
            benefit = _cut_clause(match.group("benefit").strip(), lex)
            benefit, _ = _split_on(benefit, lex.with_words)
            _, with_tail = _split_on(body[match.start("benefit") :], lex.with_words)
            who = match.groupdict().get("who")
            if who and any(names_people(w, lex.language) for w in who.split()):
                draft.add_audience(who.strip())
            if with_tail:
                _feature_list(with_tail, draft, with_frame=True)
            tail = _with_tail_list(with_tail, lex) if with_tail else None
            if lex.language == "en":
                draft.add_benefit(benefit, benefit, with_tail=tail)
            elif lex.language == "de":
                draft.add_benefit(imperative_phrase(benefit, "de"), _german_zu_removed(benefit))
            else:
                draft.add_benefit(imperative_phrase(benefit, lex.language), benefit)


def _with_tail_list(tail: str, lex: Lexicon) -> str | None:
    """The with-list as one phrase, when it is short enough to follow the benefit whole."""
    items = [i for i in _items(_strip_end(tail), lex) if len(i.split()) <= 6][:3]
    if not items:
        return None
    from_text = (
        ", ".join(items[:-1]) + (f" {lex.conjunction} " if len(items) > 1 else "") + items[-1]
    )
    return from_text if len(from_text) <= 70 else None


def _german_nominative(phrase: str) -> str:
    """ "Höhenprofilen" → "Höhenprofile": a dative plural loses its -n when the word without it
    is a known plural of the same noun. Several words (declined adjectives) stay as they are."""
    if " " in phrase or not phrase.endswith("en"):
        return phrase
    shorter = phrase[:-1]
    if not simplemma.is_known(shorter, lang="de", low_memory=True):
        return phrase
    base = simplemma.lemmatize(shorter, lang="de", low_memory=True)
    if base == simplemma.lemmatize(phrase, lang="de", low_memory=True) and base != shorter:
        return shorter
    return phrase


def _german_zu_removed(clause: str) -> str:
    words = clause.split()
    if len(words) >= 3 and words[-2] == "zu":
        return " ".join([*words[:-2], words[-1]])
    return clause


def _outcomes(sentence: str, draft: _Draft) -> None:
    """Clauses that say what changes: "so the bag never goes stale", "… mean X still works"."""
    lex = draft.lex
    body = _strip_end(sentence)
    clauses: list[str] = []
    if lex.language == "en":
        # "so busy runners can train for a 5K, 10K or marathon without…": the clause runs
        # on through a list of short items, up to a new clause.
        for match in re.finditer(r"\bso (?:that )?(?!you can\b)([^;:]+)", body, re.I):
            clause = _OUTCOME_END.split(match.group(1))[0]
            clauses += re.split(r"\s+and\s+(?=(?:you|your|the|it|they|we|every)\b)", clause)
        for match in re.finditer(r"\bmeans?\s+([^,;:]+)", body, re.I):
            clauses.append(match.group(1))
    for clause in clauses:
        clause, spared = _split_on(_second_person(clause.strip(), lex), lex.without_words)
        subject = re.match(r"(.+?)\s+(?:can|could|will|get to|finally)\s+(.+)", clause)
        if subject and any(names_people(w, lex.language) for w in subject.group(1).split()):
            draft.add_audience(subject.group(1))  # "so busy runners can train…"
            draft.add_benefit(subject.group(2), subject.group(2))  # … "train for a 5K"
        if spared:
            draft.add_pain(spared)
        if 3 <= len(clause.split()) <= 14:
            draft.add(draft.outcomes, clause, MAX_OUTCOME_CHARS)
    if lex.language != "en":
        _reader_outcome(body, draft)
    _results(body, draft)


MAX_RESULT_WORDS = 9


def _results(body: str, draft: _Draft) -> None:
    """What the product turns things into, as the description names it: "turns your bank
    transactions into a clear monthly budget", « transforment la cuisine en moment de
    complicité entre parents et enfants », « transforme-les en factures conformes »."""
    for pattern in draft.lex.result_patterns:
        for match in pattern.finditer(body):
            result = _cut_at(match.group("result").split(), draft.lex.relatives)
            if not 2 <= len(result) <= MAX_RESULT_WORDS:
                continue
            phrase = " ".join(result)
            if draft.lex.language == "fr" and fold(result[0]) not in draft.lex.articles:
                # « en moment de complicité » said on its own: « un moment de complicité ».
                phrase = with_article(phrase, "fr", definite=False)
            draft.add(draft.outcomes, phrase, MAX_OUTCOME_CHARS)


MAX_READER_OUTCOME_CHARS = 80
_RELATIVES = cue_set("brief", "relatives")


def _reader_outcome(body: str, draft: _Draft) -> None:
    """ "Em vinte minutos por dia você ganha força, disposição e uma rotina…": what the reader
    gets, as the description says it, from the second-person subject to the end."""
    words = body.split()
    for i, word in enumerate(words):
        if i and fold(word) in draft.lex.reader_subjects:
            if fold(words[i - 1]) in _RELATIVES:
                return  # "Tausche Sorten, die du nicht magst, …": a relative clause, not a result
            rest = words[i:]
            if 4 <= len(rest) <= 14:
                draft.add(draft.outcomes, " ".join(rest), MAX_READER_OUTCOME_CHARS)
            if len(rest) > 2 and fold(rest[1]) in draft.lex.gain_verbs:
                _last_gain(" ".join(rest[2:]), draft)
            return


def _last_gain(gains: str, draft: _Draft) -> None:
    """ "força, disposição e uma rotina que finalmente cabe na sua agenda": the whole clause is
    too long to answer a situation, and its short items are bare nouns; its last item, when it
    is a whole noun phrase (it opens on an article), is a result the reader gets on its own."""
    lex = draft.lex
    items = _items(gains, lex)
    if len(items) < 2:
        return
    last = items[-1].split()
    if fold(last[0]) in lex.articles and 3 <= len(last) <= MAX_FACT_WORDS:
        draft.add(draft.outcomes, " ".join(last), MAX_OUTCOME_CHARS)


# Where an outcome clause ends: a comma before a joining word or a new subject.
_OUTCOME_END = re.compile(
    r",\s+(?=(?:and|but|while|which|so|you|we|they|it|the|a|an|your|their)\b)", re.IGNORECASE
)


def _subject_thing(clause: str, draft: _Draft) -> None:
    """ "A short evening check-in tracks your mood and stress": the thing that does something
    is a feature, and what it does is something the product does ("tracks your mood and
    stress"). An article, up to four words, then a verb: English in -s; Spanish, whose familiar
    imperative is its third person ("Un diario rápido registra tu ánimo y tu energía")."""
    lex = draft.lex
    words = clause.split()
    if not words or fold(words[0]) not in lex.articles:
        return
    for i, word in enumerate(words[2:6], start=2):
        bare = fold(word)
        if lex.language == "en":
            verb = bare.endswith("s") and lex.is_imperative(bare[:-1])
        else:
            verb = lex.is_imperative(bare)
        if not verb:
            continue
        subject = " ".join(words[:i])
        if fold(subject) in lex.self_names:
            return  # "the app narrates…": the product itself, which _does reads
        draft.add_feature(draft.natural(subject), with_frame=False)
        # Up to the clause's end: ", and weekly insights show…" is another subject's.
        does = _cut_clause(re.split(r",\s*", " ".join(words[i:]))[0], lex)
        if 3 <= len(does.split()) <= MAX_FACT_WORDS and _ends_well(does, lex):
            draft.add(draft.does, _second_person(does, lex), MAX_OUTCOME_CHARS)
        return


def _subject_list(clause: str, draft: _Draft) -> str | None:
    """The list before a plural verb: "Automatic categories, bill reminders and … help…"."""
    words = clause.split()
    for i, word in enumerate(words):
        if i and fold(word) in draft.lex.subject_verbs:
            return " ".join(words[:i])
    return None


def _list_clauses(sentence: str, draft: _Draft) -> None:
    """Lists that name features: verbless ("New daily dungeons, a leaderboard… and no energy
    timers"), a subject list before a plural verb, or a list after "with"/"mit"."""
    lex = draft.lex
    with_re = "|".join(re.escape(w) for w in lex.with_words)
    for clause in _CLAUSE_SPLIT.split(_strip_end(sentence)):
        words = clause.split()
        if not words:
            continue
        for match in re.finditer(rf"(?:^|[\s,])((?:{with_re}))\s+([^;:]+)", clause, re.I):
            before = clause[: match.start(1)].strip(" ,").split(",")[-1].split()
            lead = " ".join(before[-2:]) if len(before) <= 2 else ""
            _with_list(match.group(2), draft, draft.natural(f"{lead} {match.group(1)}".strip()))
        if fold(clause).startswith(fold(draft.app) + " "):
            continue
        for cue in lex.you_get:
            index = fold(clause).find(cue + " ")
            if index >= 0:
                # "three thoughtful matches…, plus a conversation starter picked for both of
                # you": what comes after "plus" is one more thing the reader gets.
                for part in re.split(r",\s*plus\s+", clause[index + len(cue) + 1 :]):
                    _feature_list(part, draft, with_frame=False)
        if _looks_imperative(words[0], lex):
            continue
        if lex.language in ("en", "es"):
            _subject_thing(clause, draft)
        subject = _subject_list(clause, draft)
        if subject and ("," in subject or len(_items(subject, lex, pairs=True)) >= 2):
            _feature_list(
                subject if "," in subject else subject.replace(" and ", ", "),
                draft,
                with_frame=False,
            )
            continue
        head = re.split(rf",\s+(?:{with_re})\s", clause, flags=re.I)[0]
        if head != clause and len(head.split()) <= 7 and "," not in head:
            draft.add_feature(_split_on(head, lex.audience_preps)[0], with_frame=False)
            continue
        if "," in clause and not re.search(rf"(?:^|\s)(?:{with_re})\s", clause, re.I):
            items = _items(clause, lex)
            first = items[0].split() if items else []
            if len(first) <= 5 and not any(fold(w) in _SUBJECTS for w in first):
                _feature_list(clause, draft, with_frame=False)


_SUBJECTS = cue_set("brief", "subjects")


def _with_list(tail: str, draft: _Draft, prefix: str = "") -> None:
    """The noun list after "with"/"mit", up to a new clause (", and sets up…", a verb)."""
    lex = draft.lex
    tail = re.split(r",\s+(?:and|y|e|et|und)\s+(?=\S+\s+\S+\s+\S+\s+\S+)", tail)[0]
    items: list[str] = []
    for item in _items(tail, lex):
        if _looks_imperative(item.split()[0], lex):
            break
        items.append(item)
    if len(items) >= 2 and ("," in tail or len(items) >= 3):
        names = [
            i
            for i in items
            if len(i.split()) == 1
            and (_is_brand_like(i) or (i in draft.names and _proper_noun(i, lex)))
        ]
        if len(names) >= 2:
            # "Integrates with Gmail, Outlook and Slack": integrations are proof, not features.
            draft.add(
                draft.proofs, f"{prefix} {join_list(names, lex.language)}".strip(), MAX_PROOF_CHARS
            )
            return
        for item in items:
            draft.add_feature(item, with_frame=True)


def _pains(sentence: str, draft: _Draft) -> None:
    lex = draft.lex
    body = _strip_end(sentence)
    folded = fold(body)
    for cue in lex.tired_cues:
        index = folded.find(cue + " ")
        if index >= 0:
            draft.add_pain(
                re.split(r"[,;:]|\s+(?:for|para|pour|für)\s+", body[index + len(cue) + 1 :])[0]
            )
    for cue in lex.dealing_cues:
        index = folded.find(cue + " ")
        if index >= 0:
            struggle = re.split(r"[,;:]|\s+(?:for|para|pour|für)\s+", body[index + len(cue) + 1 :])[
                0
            ]
            if len(struggle.split()) <= 5:
                draft.add(draft.struggles, struggle, MAX_FEATURE_CHARS)
    words_re = "|".join(re.escape(w) for w in lex.without_words)
    for match in re.finditer(rf"(?<![\w'])(?:{words_re})\s+([^,.;:]+)", body, re.I):
        before = body[: match.start()].split()
        if before and fold(before[-1]) in _OR_WORDS:
            continue  # "vegetariana o sin gluten": a choice, not a pain
        draft.add_pain(match.group(1))


def _contained(phrase: str, other: str) -> bool:
    return contains_phrase(other, phrase) and fold(other) != fold(phrase)


def _mid_sentence_capitals(text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in re.finditer(r"(?<=[\w,] )([A-ZÀ-Ý][\w-]*)", text))


@lru_cache(maxsize=512)
def build_brief(
    *,
    app_name: str,
    description: str,
    language: str = "en",
    tagline: str | None = None,
    category: str | None = None,
    audience: str | None = None,
) -> BrandBrief:
    """The brief of one project. Pure: the same inputs give the same brief."""
    app = clean_inline(app_name)
    text = clean_inline(description)
    code = detect_language(text, language)
    if category:
        # A category we cannot place stays unplaced: never another category's words.
        categories = [c for c in (resolve_category(category),) if c]
    else:
        categories = detect_categories(text)[:1]
    kind = product_kind(f"{app} {text}", categories[0] if categories else None)
    search = hook_keyphrases(text, language, app)
    all_sentences = tuple(sentences(text))
    clauses: list[str] = [c for s in all_sentences for c in _CLAUSE_END.split(s)]
    if lexicon(code) is None:
        # No cue words to find features in: the description's comma-separated clauses
        # ("blocca le app che ti distraggono") are its only other whole phrases.
        pieces = [re.split(r",\s*|\s+e\s+(?=\w+a\s)", c) for c in clauses]
        clauses += [p for parts in pieces if len(parts) > 1 for p in parts]
    lines = tuple(dict.fromkeys(_strip_end(c).rstrip(":;。") for c in clauses if _quotable(c, app)))
    # A thin brief may still quote the brand's own sentences about itself, whole.
    claims = tuple(
        dict.fromkeys(
            _strip_end(s).rstrip(":;").strip()
            for s in [*all_sentences, *clauses]
            if fold(s).startswith(fold(app) + " ") and MIN_CLAIM_CHARS <= len(s) <= MAX_CLAIM_CHARS
        )
    )
    lex = lexicon(code)
    if lex is not None:
        lines = tuple(line for line in lines if _opens_a_sentence(line, lex))
    base = BrandBrief(
        app_name=app,
        language=code,
        product_kind=kind,
        category=categories[0] if categories else None,
        tagline=clean_tagline(tagline),
        search_phrases=search,
        lines=lines,
        claims=claims,
        sentences=all_sentences,
    )
    if lex is None:
        # No cue words for this language: its keyphrases are the features we can name.
        return replace(base, features=tuple(search[:6]))
    draft = _Draft(lex=lex, app=app, names=_mid_sentence_capitals(text))
    base = replace(base, lines=tuple(draft.natural(line) for line in lines))
    if audience:
        draft.add_audience(clean_inline(audience))
    for found in extract_audiences(text, code):
        draft.add_audience(found)
    headline = _headline(all_sentences[0], draft) if all_sentences else None
    if headline and fold(headline.split()[0]) in lex.articles:
        draft.identity = headline
    elif headline:
        draft.add_feature(headline, with_frame=False)
    for sentence in all_sentences:
        draft.identity = draft.identity or _identity(sentence, draft)
        _does(sentence, draft)
        _help_benefits(sentence, draft)
        for clause in _CLAUSE_SPLIT.split(sentence):
            _imperative_clause(_strip_end(clause), draft)
        _list_clauses(sentence, draft)
        _pains(sentence, draft)
        _outcomes(sentence, draft)
        _proofs(sentence, draft)
    _counted_audiences(text, draft)
    if len(draft.features) < 3:
        # A thin brief names more of what the description names: its multi-word keyphrases
        # ("histórico de saúde") are things it has, when they are not already a fact.
        taken = [
            *draft.features,
            *draft.pains,
            *draft.audiences,
            *draft.proofs,  # "martes en Puebla" is a piece of "tostado cada martes en Puebla"
            *(b.imperative for b in draft.benefits),
        ]
        for phrase in search:
            if len(phrase.split()) >= 2 and not any(
                set(compare_tokens(phrase)) & set(compare_tokens(t)) for t in taken
            ):
                draft.add_feature(phrase, with_frame=False)
    if code == "de":
        # "mit Offline-Karten, Höhenprofilen…" is dative; the frames take the nominative.
        for phrase in draft.with_features:
            draft.add_feature(_german_nominative(phrase), with_frame=False)

    def whole(phrases: Sequence[str]) -> list[str]:
        # A thing the description says the product spares ("no more 2 a.m. rollbacks") is
        # never one it has.
        spared = [*draft.negatives, *draft.pains]
        return [
            p
            for p in phrases
            if _whole_fact(p, lex, app) and not any(_contained(p, n) for n in spared)
        ]

    def things(phrases: Sequence[str]) -> list[str]:
        # A feature is a thing: never opened by a preposition (« sur la méthode du tandem »,
        # « après chaque appel vidéo ») or by a subject ("vous propose trois expressions").
        openers = (lex.prepositions - lex.articles) | lex.subject_pronouns | lex.reader_pronouns
        return [p for p in whole(phrases) if fold(p.split()[0]) not in openers]

    others = [*draft.features, *draft.audiences, *draft.with_features]
    proofs = [p for p in whole(draft.proofs) if not any(_contained(p, o) for o in others)]
    features = things(draft.features)
    facts = [*features, *draft.benefits, *proofs, *draft.negatives, *draft.does]
    if not base.lines and len(facts) < _THIN_FACTS:
        # No sentence short enough to quote and few facts: the contract's 20 hooks need the
        # sentences' parts.
        parts, own = _clause_lines(clauses, app, lex)
        base = replace(
            base,
            lines=tuple(draft.natural(part) for part in parts),
            claims=tuple(dict.fromkeys([*base.claims, *own])),
        )
    return replace(
        base,
        product_kind=product_kind(f"{app} {text}", base.category, draft.identity),
        identity=draft.identity,
        audiences=tuple(draft.audiences[:3]),
        groups=_groups(draft.audiences[:3], lex),
        pains=tuple(draft.pains[:4]),
        struggles=tuple(draft.struggles[:2]),
        negatives=tuple(draft.negatives[:4]),
        benefits=tuple(draft.benefits[:6]),
        features=tuple(features[:8]),
        with_features=tuple(things(draft.with_features)[:6]),
        proofs=tuple(proofs[:5]),
        outcomes=tuple(whole(draft.outcomes)[:3]),
        # What it does opens on its verb: "APIs and cron jobs every 30 seconds…" is the
        # rest of a list, not a verb phrase.
        does=tuple(d for d in whole(draft.does) if code == "de" or d[:1].islower())[:4],
    )

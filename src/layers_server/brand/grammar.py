"""Grammar for filling templates: verb forms, lists, contractions, articles and address.

Templates are written for their language with their grammar spelt out (``de {the:feature}``,
``zu {the:feature}``); phrases from the brief are inserted as the description wrote them, and
this module applies what a native writer does after that: contractions (*de el* → *del*,
*de o* → *do*, *de le* → *du*, *zu dem* → *zum*), elision (*de a…* → *d'a…*), articles with
the right gender, lists with the language's "and", and the formal address of French and German
professional copy (*tu* → *vous*, *du* → *Sie*).
"""

from __future__ import annotations

import re
from functools import cache

import simplemma

from layers_server.brand.resources import load
from layers_server.brand.text import WORD_RE, fold

_GRAMMAR = "grammar.toml"


@cache
def _rules(language: str) -> dict:
    return load(_GRAMMAR).get(language, {})


# --------------------------------------------------------------------------- lists


def join_list(items: list[str] | tuple[str, ...], language: str) -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"`` with the language's conjunction."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    conjunction = _rules(language).get("and", "and")
    last = items[-1]
    # Spanish "y" becomes "e" before an /i/ sound ("padres e hijos").
    sound = fold(last).removeprefix("h")
    if language == "es" and sound[:1] == "i" and not sound.startswith("ie"):
        conjunction = "e"
    return f"{', '.join(items[:-1])} {conjunction} {last}"


# --------------------------------------------------------------------------- verbs


@cache
def lemma(word: str, language: str) -> str:
    """simplemma's lemma, with the corrections in ``grammar.toml`` (``suis`` → ``suivre``)."""
    overrides = _rules(language).get("lemma_overrides", {})
    low = word.lower()
    if low in overrides:
        return overrides[low]
    return simplemma.lemmatize(low, lang=language, low_memory=True)


def infinitive_phrase(imperative: str, language: str) -> str | None:
    """``"conecta tus cuentas"`` → ``"conectar tus cuentas"``; German moves the verb last.

    None when the first word does not lemmatize to an infinitive of the language.
    """
    words = imperative.split()
    if not words:
        return None
    if language == "en":
        return imperative
    verb = lemma(words[0], language)
    if not _is_infinitive(verb, language):
        return None
    rest = words[1:]
    if language == "de":
        particle = ""
        if rest and separable_particle(rest[-1]):
            particle = rest.pop().lower()
        return " ".join([*rest, particle + verb])
    return " ".join([verb, *rest])


def separable_particle(word: str) -> bool:
    """A German verb's particle that an imperative puts last ("passe Portionen an")."""
    return fold(word) in {fold(w) for w in _rules("de").get("separable_particles", ())}


def imperative_phrase(infinitive: str, language: str) -> str | None:
    """``"controlar tus gastos"`` → ``"controla tus gastos"`` (the familiar imperative).

    German takes a ``zu``-infinitive clause (``"dein Geld entspannt zu planen"``) and answers
    ``"plane dein Geld entspannt"``. None for verbs whose imperative is not regular.
    """
    words = infinitive.split()
    if not words:
        return None
    if language == "en":
        return infinitive
    irregular = _rules(language).get("imperative_irregular", {})
    if language == "de":
        if len(words) < 3 or words[-2] != "zu":
            return None
        verb = words[-1]
        form = irregular.get(verb) or _german_imperative(verb)
        return " ".join([form, *words[:-2]]) if form else None
    verb = words[0].lower()
    form = irregular.get(verb)
    if form is None:
        endings = _rules(language).get("imperative_endings", {})
        for ending, replacement in endings.items():
            if verb.endswith(ending):
                form = verb[: -len(ending)] + replacement
                break
    return " ".join([form, *words[1:]]) if form else None


def _german_imperative(verb: str) -> str | None:
    if verb.endswith(("ern", "eln")):
        return verb[:-1] + "e" if verb.endswith("eln") else verb[:-1] + "e"
    if verb.endswith("en"):
        return verb[:-1]  # planen → plane
    return None


def _is_infinitive(word: str, language: str) -> bool:
    endings = tuple(_rules(language).get("infinitive_endings", ()))
    return bool(endings) and word.endswith(endings) and len(word) > 3


def zu_infinitive(infinitive: str) -> str:
    """German: "Ausgaben in Sekunden erfassen" → "Ausgaben in Sekunden zu erfassen";
    a separable verb takes "zu" inside: "zurückrollen" → "zurückzurollen"."""
    words = infinitive.split()
    if not words:
        return infinitive
    verb = words[-1]
    for particle in sorted(_rules("de").get("separable_particles", ()), key=len, reverse=True):
        if verb.startswith(particle) and len(verb) > len(particle) + 3:
            return " ".join([*words[:-1], f"{particle}zu{verb[len(particle) :]}"])
    return " ".join([*words[:-1], "zu", verb])


def formal_imperative(imperative: str, language: str) -> str | None:
    """The formal imperative: French *vous* (``"importe tes cours"`` → ``"importez vos cours"``),
    German *Sie* (``"erfasse Ausgaben"`` → ``"erfassen Sie Ausgaben"``). None if unknown."""
    words = imperative.split()
    if not words:
        return None
    if language == "fr":
        # "transforme-les" → "transformez-les": the pronoun after the hyphen stays.
        verb, hyphen, pronoun = words[0].partition("-")
        base = lemma(verb, "fr")
        formal = _rules("fr")["formal_imperative"].get(base)
        if formal is None and base.endswith("er") and base != "aller":
            formal = base[:-2] + "ez"
        if formal is None:
            return None
        return formal_text(" ".join([formal + hyphen + pronoun, *words[1:]]), "fr")
    if language == "de":
        base = lemma(words[0], "de")
        if not base.endswith("n"):
            return None
        return formal_text(" ".join([base, "Sie", *words[1:]]), "de")
    return imperative


def formal_text(text: str, language: str) -> str:
    """Second-person familiar words turned formal (*tes* → *vos*, *dein* → *Ihr*); in French
    the verb of a *tu* takes the *vous* ending too (« tu te concentres » → « vous vous
    concentrez »), since a pronoun swapped alone leaves « vous vous concentres »."""
    if language == "fr":
        text = _vous_verbs(text)
    return _swap_words(text, _rules(language).get("formal", {}))


# What may stand between « tu » and its verb: « tu ne sais », « tu te lèves », « tu les as ».
_FR_CLITICS = frozenset({"ne", "te", "le", "la", "les", "lui", "leur", "en", "y"})
_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})", re.UNICODE)
_ELIDED = re.compile(r"([tnl])(['’])(\w.*)", re.UNICODE)


def _vous_verbs(text: str) -> str:
    present = _rules("fr").get("formal_present", {})
    tokens = _WORD_SPLIT.split(text)  # words at the odd places
    after_tu = False
    for i in range(1, len(tokens), 2):
        word = tokens[i]
        if word.lower() == "tu":
            after_tu = True
        elif after_tu and word.lower() not in _FR_CLITICS:
            after_tu = False
            elided = _ELIDED.fullmatch(word)  # « t'organises », « n'as »
            prefix, verb = ("", word)
            if elided:
                prefix, verb = elided.group(1) + elided.group(2), elided.group(3)
            if prefix[:1].lower() == "t":
                prefix = "vous "  # « tu t'organises » → « vous vous organisez »
            tokens[i] = prefix + _vous_form(verb, present)
    return "".join(tokens)


def _vous_form(verb: str, present: dict[str, str]) -> str:
    """« concentres » → « concentrez » (-er verbs), the others from ``formal_present``."""
    known = present.get(verb.lower())
    if known is not None:
        return known
    if verb.endswith("es") and len(verb) > 3:
        return verb[:-2] + "ez"
    return verb


def familiar(text: str, language: str) -> bool:
    """Whether a text says the familiar "you" (*du*, *dein*, *tu*, *tes*): the words that
    :func:`formal_text` would change."""
    table = _rules(language).get("formal", {})
    return any(w.lower() in table for w in WORD_RE.findall(text))


def first_person(text: str, language: str) -> str:
    """The reader's possessives made the speaker's: "your money" → "my money" (*tus* → *mis*)."""
    return _swap_words(text, _rules(language).get("first_person", {}))


def _swap_words(text: str, table: dict[str, str]) -> str:
    if not table:
        return text

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        replacement = table.get(word.lower())
        if replacement is None:
            return word
        return replacement[:1].upper() + replacement[1:] if word[:1].isupper() else replacement

    return WORD_RE.sub(swap, text)


# --------------------------------------------------------------------------- articles


@cache
def articles(language: str) -> frozenset[str]:
    """Articles and possessives that open a noun phrase in the language."""
    return frozenset(fold(a) for a in _rules(language).get("articles", ()))


def gender(noun_phrase: str, language: str) -> str:
    """``"m"``/``"f"`` (German also ``"n"``) of a noun phrase's head: exceptions, then endings."""
    rules = _rules(language)
    words = noun_phrase.split()
    if not words:
        return "m"
    head = words[-1] if language == "de" else words[0]
    folded = fold(head)
    exceptions = rules.get("gender_exceptions", {})
    if folded in exceptions:
        return exceptions[folded]
    for ending, value in rules.get("gender_endings", {}).items():
        if folded.endswith(fold(ending)):
            return value
    return rules.get("gender_default", "m")


def is_plural(noun_phrase: str, language: str) -> bool:
    words = noun_phrase.split()
    if not words:
        return False
    head = fold(words[-1] if language in ("en", "de") else words[0])
    if language == "de":
        return head.endswith(tuple(_rules("de").get("plural_endings", ())))
    if language == "fr" and len(words) > 1:
        # "quiz personnalisés": an invariable noun shows its number on the adjective.
        return any(fold(w).endswith(("s", "x")) for w in words[:2])
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def with_article(noun_phrase: str, language: str, *, definite: bool = True) -> str:
    """``"lista de la compra"`` → ``"la lista de la compra"``; a phrase with one keeps it."""
    rules = _rules(language)
    first = fold(noun_phrase.split()[0]) if noun_phrase.split() else ""
    if first in {fold(a) for a in rules.get("articles", ())}:
        return noun_phrase
    if language == "en":
        if definite:
            return f"the {noun_phrase}"
        if is_plural(noun_phrase, "en"):
            return noun_phrase
        return f"{'an' if fold(noun_phrase)[:1] in 'aeiou' else 'a'} {noun_phrase}"
    number = gender(noun_phrase, language)
    if is_plural(noun_phrase, language):
        number = "p" + number
    table = rules.get("definite" if definite else "indefinite", {})
    article = table.get(number)
    if not article:
        return noun_phrase
    joined = f"{article}{noun_phrase}" if article.endswith("'") else f"{article} {noun_phrase}"
    return elide(joined, language)


# --------------------------------------------------------------------------- final polish


@cache
def _contraction_patterns(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    pairs = _rules(language).get("contractions", {})
    return tuple(
        (re.compile(rf"(?<![\w'’]){re.escape(k)}(?!['’\w])", re.IGNORECASE), v)
        for k, v in sorted(pairs.items(), key=lambda kv: -len(kv[0]))
    )


def contract(text: str, language: str) -> str:
    """Apply the language's obligatory contractions, keeping a capital where there was one."""
    for pattern, replacement in _contraction_patterns(language):

        def repl(match: re.Match[str], replacement: str = replacement) -> str:
            found = match.group(0)
            return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement

        text = pattern.sub(repl, text)
    return elide(text, language)


_VOWEL_START = "aeiouyàâäéèêëîïôöûùüœæh"


def elide(text: str, language: str) -> str:
    """French elision: ``de étudiants`` → ``d'étudiants``, ``que il`` → ``qu'il``."""
    words = _rules(language).get("elide", ())
    if not words:
        return text
    mute_h = tuple(_rules(language).get("aspirated_h", ()))
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b({alternation}) (?=([{_VOWEL_START}]\w*))", re.IGNORECASE)

    def repl(match: re.Match[str]) -> str:
        following = match.group(2).lower()
        if following.startswith("h") and following.startswith(mute_h):
            return match.group(0)
        if following.startswith("y") and following not in ("y",):
            return match.group(0)  # "le yoga", "de yaourt"
        return match.group(1)[:-1] + "'"

    return pattern.sub(repl, text)

"""Offline keyword research (docs/api/keywords.md): a project's hashtag bank.

Hashtags come from two places only, so every one of them can be traced back:

* the description's keyphrases (``yake``), scored by their rank;
* the app's category: a small built-in map of category → tags per language. The category is
  the one given (App Store names such as "Health & Fitness" are understood) or, when absent,
  detected from words of the description.

Stop words are language-aware (the description's own language and the project's), a hashtag is
lower-case ``\\w`` characters only (accents kept: ``#recettesfaciles``, ``#exercícios``), and
scores are integers 0–100, descending.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from layers_server.brand.text import (
    clean_inline,
    compare_tokens,
    detect_language,
    extract_keyphrases,
    fold,
    is_hook_keyphrase,
    is_repeated_topic_word,
    keyphrase_shape_ok,
    parse_language_tag,
    stopwords,
)

MIN_KEYWORDS = 15
MAX_KEYWORDS = 40
MAX_HASHTAG_CHARS = 30


@dataclass(frozen=True)
class Keyword:
    hashtag: str  # lower-case, no '#', only \w characters
    phrase: str  # the human phrase the hashtag came from
    score: int  # 0–100, higher is more relevant


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


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


# ---------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------

# Word stems (accent-folded, lower-case) whose presence in a description points to a category.
_CATEGORY_STEMS: dict[str, tuple[str, ...]] = {
    "fitness": tuple(
        """workout fitness gym exercis training runner running marathon yoga muscle cardio
        treino entrenam ejercicio exercicio musculac entrainement muskel laufen hiit
        pilates strength squat forca""".split()
    ),
    "finance": tuple(
        """budget money saving invest expense bank financ dinero ahorr gasto presupuest
        dinheiro economi orcamento argent epargne depense geld sparen sparziel ausgaben
        haushaltsbuch finanz debt overspend dollar cuenta""".split()
    ),
    "food": tuple(
        """recipe cook meal food kitchen restaurant coffee dinner chef receta cocina comida
        cena receita cozinha recette cuisine repas rezept kochen essen grocery vegan
        vegetarian bean roast""".split()
    ),
    "devtools": tuple(
        """developer code coding api deploy github gitlab debug terminal sdk pipeline
        repositor programm entwickler desarrollador developpeur desenvolvedor devops
        kubernetes docker database pull build release engineering flaky dependenc""".split()
    ),
    "education": tuple(
        """learn student course lesson teach school study exam vocabul aprender estudiante
        curso leccion aluno estud aula apprendre eleve cours etudiant revision lernen
        schuler unterricht prufung flashcard quiz simulado vestibular enem videoaula""".split()
    ),
    "travel": tuple(
        """travel trip flight hotel itinerar destination viaje vuelo viagem voo roteiro
        voyage reise flug urlaub backpack vacation hostal mochil wander route alpen
        hutte roaming""".split()
    ),
    "dating": tuple(
        """dating date match singles relationship romance citas pareja namoro rencontre
        celibataire partnersuche flirt swip""".split()
    ),
    "games": tuple(
        """game puzzle level multiplayer quest juego jogo jeu spiel arcade rpg roguelike
        dungeon boss leaderboard""".split()
    ),
    "health": tuple(
        """health sleep meditat mental therap symptom doctor medic anxiety stress salud
        sueno saude sono sante sommeil gesundheit schlaf wellness mindful insomnia
        consulta exame receita breath""".split()
    ),
    "productivity": tuple(
        """task todo to-do productiv focus calendar notes planner schedule habit deadline
        tarea tarefa tache aufgabe kalender notiz concentr distraz distrac reminder""".split()
    ),
    "kids": tuple(
        """kids child toddler bedtime nino infantil crianc enfant kinder grundschul
        preschool bambin""".split()
    ),
    "b2b_saas": tuple(
        """b2b saas crm workflow enterprise client customer invoice dashboard analytics
        sales revenue forecast empresa equipo entreprise unternehmen kunden rechnung
        vertrieb factur devis comptab integrat consultant deal""".split()
    ),
}

# App Store / Play Store category names (accent-folded, lower-case) → our categories.
_CATEGORY_ALIASES = {
    "health fitness": "fitness",
    "health and fitness": "fitness",
    "sports": "fitness",
    "fitness": "fitness",
    "finance": "finance",
    "finances": "finance",
    "finanzas": "finance",
    "financas": "finance",
    "finanzen": "finance",
    "food drink": "food",
    "food and drink": "food",
    "food": "food",
    "developer tools": "devtools",
    "devtools": "devtools",
    "developer": "devtools",
    "education": "education",
    "educacion": "education",
    "educacao": "education",
    "bildung": "education",
    "travel": "travel",
    "travel local": "travel",
    "navigation": "travel",
    "viajes": "travel",
    "viagem": "travel",
    "voyage": "travel",
    "reisen": "travel",
    "dating": "dating",
    "social networking": "dating",
    "games": "games",
    "game": "games",
    "juegos": "games",
    "jogos": "games",
    "jeux": "games",
    "spiele": "games",
    "health": "health",
    "medical": "health",
    "salud": "health",
    "saude": "health",
    "sante": "health",
    "gesundheit": "health",
    "productivity": "productivity",
    "productividad": "productivity",
    "produtividade": "productivity",
    "productivite": "productivity",
    "produktivitat": "productivity",
    "kids": "kids",
    "family": "kids",
    "parenting": "kids",
    "business": "b2b_saas",
    "b2b": "b2b_saas",
    "saas": "b2b_saas",
    "b2b saas": "b2b_saas",
}


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("|"))


# Human phrases per category and language; hashtags are derived from them like from keyphrases.
_CATEGORY_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "fitness": {
        "en": _phrases(
            "fitness | workout | fitness motivation | home workout | healthy lifestyle | training "
            "plan"
        ),
        "es": _phrases(
            "fitness | entrenamiento | rutina de ejercicios | vida sana | motivación fitness | "
            "entrenar en casa"
        ),
        "pt": _phrases(
            "fitness | treino | treino em casa | vida saudável | academia | foco no treino"
        ),
        "fr": _phrases(
            "fitness | sport | entraînement | sport à la maison | motivation sport | remise en "
            "forme"
        ),
        "de": _phrases("Fitness | Training | Workout | Sport | Fitness Motivation | gesund leben"),
    },
    "finance": {
        "en": _phrases(
            "personal finance | budgeting | money tips | saving money | financial freedom | "
            "budget planner"
        ),
        "es": _phrases(
            "finanzas personales | ahorro | presupuesto | educación financiera | consejos de "
            "dinero | ahorrar dinero"
        ),
        "pt": _phrases(
            "finanças pessoais | educação financeira | economizar | orçamento | dinheiro | "
            "organização financeira"
        ),
        "fr": _phrases(
            "finances personnelles | budget | épargne | argent | gestion budget | économiser"
        ),
        "de": _phrases("Finanzen | Geld sparen | Haushaltsbuch | Budget | Sparen | Finanztipps"),
    },
    "food": {
        "en": _phrases(
            "foodie | easy recipes | home cooking | food lover | dinner ideas | coffee lover"
        ),
        "es": _phrases(
            "recetas fáciles | comida casera | cocina | recetas | foodie | ideas para cenar"
        ),
        "pt": _phrases(
            "receitas fáceis | comida caseira | receitas | cozinha | foodie | ideias de jantar"
        ),
        "fr": _phrases(
            "recettes faciles | cuisine maison | recette | foodie | idées repas | fait maison"
        ),
        "de": _phrases("Rezepte | einfache Rezepte | Kochen | Foodie | selbstgemacht | Essen"),
    },
    "devtools": {
        "en": _phrases(
            "developer tools | devops | coding | software engineering | programming | dev life"
        ),
        "es": _phrases(
            "programación | desarrollo de software | devops | código | herramientas para "
            "desarrolladores | developer"
        ),
        "pt": _phrases(
            "programação | desenvolvimento de software | devops | código | ferramentas dev | "
            "developer"
        ),
        "fr": _phrases(
            "développement | programmation | devops | code | outils développeur | développeur"
        ),
        "de": _phrases(
            "Softwareentwicklung | Programmieren | DevOps | Entwickler | Coding | Developer Tools"
        ),
    },
    "education": {
        "en": _phrases("study tips | studygram | learning | education | exam prep | student life"),
        "es": _phrases(
            "estudiar | técnicas de estudio | educación | aprender | vida de estudiante | exámenes"
        ),
        "pt": _phrases(
            "estudos | dicas de estudo | educação | vestibular | aprender | vida de estudante"
        ),
        "fr": _phrases(
            "révisions | études | conseils études | apprendre | examens | vie étudiante"
        ),
        "de": _phrases("Lernen | Lerntipps | Bildung | Studium | Prüfungsvorbereitung | Schule"),
    },
    "travel": {
        "en": _phrases(
            "travel | travel tips | wanderlust | road trip | travel planning | adventure"
        ),
        "es": _phrases(
            "viajes | viajar | mochilero | consejos de viaje | aventura | viajar barato"
        ),
        "pt": _phrases(
            "viagem | viajar | dicas de viagem | mochilão | aventura | roteiro de viagem"
        ),
        "fr": _phrases(
            "voyage | voyager | conseils voyage | aventure | road trip | carnet de voyage"
        ),
        "de": _phrases("Reisen | Urlaub | Wandern | Reisetipps | Abenteuer | Fernweh"),
    },
    "dating": {
        "en": _phrases("dating | dating tips | relationships | single life | first date | love"),
        "es": _phrases("citas | amor | relaciones | soltería | primera cita | pareja"),
        "pt": _phrases("namoro | relacionamento | amor | solteiros | primeiro encontro | paquera"),
        "fr": _phrases(
            "rencontres | amour | célibataire | couple | premier rendez-vous | relations"
        ),
        "de": _phrases("Dating | Liebe | Beziehung | Single | erstes Date | Partnersuche"),
    },
    "games": {
        "en": _phrases("gaming | mobile games | indie games | puzzle games | gamer | game night"),
        "es": _phrases(
            "videojuegos | juegos móviles | gamer | juegos indie | gaming | juegos de puzle"
        ),
        "pt": _phrases("games | jogos mobile | gamer | jogos indie | gaming | jogos de puzzle"),
        "fr": _phrases("jeux vidéo | jeux mobiles | gamer | jeu indé | gaming | jeu de réflexion"),
        "de": _phrases("Gaming | Handyspiele | Indie Games | Gamer | Rätselspiele | Zocken"),
    },
    "health": {
        "en": _phrases(
            "self care | mental health | wellness | sleep better | mindfulness | healthy habits"
        ),
        "es": _phrases(
            "salud | bienestar | salud mental | autocuidado | dormir mejor | hábitos saludables"
        ),
        "pt": _phrases(
            "saúde | bem-estar | saúde mental | autocuidado | dormir melhor | hábitos saudáveis"
        ),
        "fr": _phrases(
            "santé | bien-être | santé mentale | prendre soin de soi | sommeil | habitudes saines"
        ),
        "de": _phrases(
            "Gesundheit | Wohlbefinden | Selfcare | mentale Gesundheit | besser schlafen | "
            "Achtsamkeit"
        ),
    },
    "productivity": {
        "en": _phrases(
            "productivity | productivity tips | time management | focus | to do list | getting "
            "things done"
        ),
        "es": _phrases(
            "productividad | organización | gestión del tiempo | concentración | lista de tareas "
            "| hábitos"
        ),
        "pt": _phrases(
            "produtividade | organização | gestão do tempo | foco | lista de tarefas | rotina "
            "produtiva"
        ),
        "fr": _phrases(
            "productivité | organisation | gestion du temps | concentration | to do list | routine"
        ),
        "de": _phrases(
            "Produktivität | Zeitmanagement | Selbstorganisation | Fokus | To-do-Liste | Routine"
        ),
        "it": _phrases(
            "produttività | organizzazione | gestione del tempo | concentrazione | focus | "
            "abitudini"
        ),
    },
    "kids": {
        "en": _phrases(
            "parenting | kids activities | family time | mom life | bedtime stories | learning "
            "through play"
        ),
        "es": _phrases(
            "crianza | actividades para niños | tiempo en familia | maternidad | cuentos "
            "infantiles | aprender jugando"
        ),
        "pt": _phrases(
            "maternidade | atividades infantis | tempo em família | criação de filhos | histórias "
            "infantis | aprender brincando"
        ),
        "fr": _phrases(
            "parentalité | activités enfants | en famille | vie de maman | histoires pour enfants "
            "| apprendre en jouant"
        ),
        "de": _phrases(
            "Familienleben | Kinder | Elternsein | Familienzeit | spielend lernen | Mamaleben"
        ),
    },
    "b2b_saas": {
        "en": _phrases("saas | small business | b2b | startup | sales tips | business growth"),
        "es": _phrases(
            "pymes | emprendedores | negocios | saas | ventas | productividad empresarial"
        ),
        "pt": _phrases(
            "empreendedorismo | pequenas empresas | negócios | saas | vendas | gestão empresarial"
        ),
        "fr": _phrases(
            "entrepreneur | petites entreprises | freelance | saas | gestion | indépendant"
        ),
        "de": _phrases(
            "Unternehmer | Selbstständigkeit | Startup | SaaS | Vertrieb | Kleinunternehmen"
        ),
    },
    # Fallback when nothing is detected: tags about apps in general.
    "general": {
        "en": _phrases(
            "new app | app of the day | must have apps | app recommendation | iphone apps | "
            "android apps | useful apps | life hacks | tech tips | app review | best apps | apps "
            "you need | productivity hacks | daily routine | mobile app | app store"
        ),
        "es": _phrases(
            "apps recomendadas | app del día | apps útiles | mejores apps | trucos de tecnología "
            "| aplicaciones | apps para iphone | apps android | tecnología | recomendaciones | "
            "rutina diaria | consejos | nueva app | apps imprescindibles | reseña de app | app "
            "store"
        ),
        "pt": _phrases(
            "apps úteis | app do dia | aplicativos | melhores apps | dicas de tecnologia | apps "
            "para iphone | apps android | tecnologia | indicação de app | rotina | dicas | novo "
            "app | apps que você precisa | resenha de app | truques de celular | app store"
        ),
        "fr": _phrases(
            "appli du jour | applications | meilleures applis | applis utiles | astuces tech | "
            "applis iphone | applis android | technologie | recommandation | routine | astuces | "
            "nouvelle appli | applis indispensables | test appli | bons plans | app store"
        ),
        "de": _phrases(
            "App Tipp | App des Tages | nützliche Apps | beste Apps | Tech Tipps | iPhone Apps | "
            "Android Apps | Technik | Empfehlung | Alltag | Lifehacks | neue App | Apps die du "
            "brauchst | App Test | Smartphone Tipps | App Store"
        ),
    },
}


def _normalise_category_name(category: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(category)).replace("_", " ").split())


def resolve_category(category: str | None) -> str | None:
    """Map a given category name to a built-in category, or None when it is not one of ours."""
    if not category:
        return None
    name = _normalise_category_name(category)
    if name.replace(" ", "_") in _CATEGORY_STEMS:
        return name.replace(" ", "_")
    return _CATEGORY_ALIASES.get(name)


def detect_categories(description: str, limit: int = 2) -> list[str]:
    """Categories whose stems occur in the description, most hits first (ties: map order)."""
    tokens = compare_tokens(description)
    hits: Counter[str] = Counter()
    for category, stems in _CATEGORY_STEMS.items():
        for token in tokens:
            if any(token.startswith(stem) for stem in stems):
                hits[category] += 1
    order = list(_CATEGORY_STEMS)
    ranked = sorted(hits, key=lambda c: (-hits[c], order.index(c)))
    # A second category must be a real signal, not a couple of stray words.
    return [
        c
        for i, c in enumerate(ranked[:limit])
        if i == 0 or (hits[c] >= 3 and 2 * hits[c] >= hits[ranked[0]])
    ]


def category_phrases(category: str, language: str) -> tuple[str, ...]:
    """The built-in phrases of a category in a language (English when not translated)."""
    by_language = _CATEGORY_PHRASES.get(category, {})
    code, _ = parse_language_tag(language)
    return by_language.get(code) or by_language.get("en", ())


# ---------------------------------------------------------------------------------------------
# Research
# ---------------------------------------------------------------------------------------------

# Keyphrase hashtags are ranked first, from 97 down to 35; category tags sit in the middle of
# that range (they are relevant but generic) and app-general tags at the bottom.
_KEYPHRASE_TOP, _KEYPHRASE_BOTTOM = 97, 35
_CATEGORY_TOP, _CATEGORY_STEP = 72, 6
_GENERAL_TOP, _GENERAL_STEP = 30, 2


def _is_plural_of(tag: str, other: str) -> bool:
    return tag in (other + "s", other + "es") or other in (tag + "s", tag + "es")


def _keyphrase_sources(description: str, text_language: str, app_name: str) -> list[str]:
    """Keyphrases worth a hashtag, in yake order.

    The same quality gate as hook keyphrases (no verbs, adverbs or sentence fragments), plus:
    a lone word that heads an accepted phrase ("subscriptions", "vídeos") or that the text repeats
    ("coffee") is a good broad tag even when the text never puts an article before it; the
    app's name is kept as
    the brand tag, but fragments glued to it ("Ledgerly turns") are not; and phrases sharing
    two words with a better one ("ritual coffee" after "daily ritual coffee") are redundant.
    """
    candidates = [kp.text for kp in extract_keyphrases(description, text_language, top=60)]
    app_tokens = set(compare_tokens(app_name))
    good = {c for c in candidates if is_hook_keyphrase(c, text_language, app_name, description)}
    # The head noun comes last in English and German ("coffee subscriptions") but first in
    # Romance languages ("vídeos curtos"), where the last word is usually an adjective.
    head_index = 0 if text_language in ("es", "pt", "fr", "it") else -1
    heads = {fold(c.split()[head_index]) for c in good if len(c.split()) > 1}
    chosen: list[str] = []
    chosen_multi: list[set[str]] = []
    for phrase in candidates:
        tokens = set(compare_tokens(phrase))
        if app_tokens and tokens >= app_tokens:
            if tokens == app_tokens:
                chosen.append(phrase)
            continue
        words = phrase.split()
        if len(words) == 1:
            if (
                phrase in good
                or (fold(phrase) in heads and keyphrase_shape_ok(phrase, text_language))
                or is_repeated_topic_word(phrase, text_language, description)
            ):
                chosen.append(phrase)
            continue
        if phrase in good and not any(len(tokens & t) >= 2 for t in chosen_multi):
            chosen.append(phrase)
            chosen_multi.append(tokens)
    return chosen


def research_keywords(
    *, app_name: str, app_description: str, language: str = "en", category: str | None = None
) -> list[Keyword]:
    """15–40 hashtags for the app, best first, each traceable to a keyphrase or the category."""
    description = clean_inline(app_description)
    text_language = detect_language(description, language)
    stop = stopwords(text_language) | stopwords(language)
    keywords: list[Keyword] = []
    seen: list[str] = []

    def add(tag_phrase: str, score: int) -> bool:
        tag = hashtag_from_phrase(tag_phrase)
        if not is_valid_hashtag(tag, stop):
            return False
        if any(tag == s or _is_plural_of(tag, s) for s in seen):
            return False
        seen.append(tag)
        keywords.append(Keyword(hashtag=tag, phrase=tag_phrase, score=max(0, min(100, score))))
        return True

    # 1. Keyphrases, by yake rank. Cap them so category tags still fit in the bank.
    candidates = _keyphrase_sources(description, text_language, clean_inline(app_name))
    budget = MAX_KEYWORDS - 8
    span = max(1, min(len(candidates), budget) - 1)
    added = 0
    for phrase in candidates:
        if added >= budget:
            break
        score = round(_KEYPHRASE_TOP - (_KEYPHRASE_TOP - _KEYPHRASE_BOTTOM) * added / span)
        if add(phrase, score):
            added += 1

    # 2. Category tags: the given category (known or not), else the detected ones.
    categories: list[str] = []
    resolved = resolve_category(category)
    if category and not resolved:
        # A category we don't know still names the app's field: use its own words.
        add(clean_inline(category).lower(), _CATEGORY_TOP)
    if resolved:
        categories.append(resolved)
    categories += [c for c in detect_categories(description) if c not in categories]
    for rank, cat in enumerate(categories[:2]):
        top = _CATEGORY_TOP - 10 * rank
        for i, phrase in enumerate(category_phrases(cat, language)):
            add(phrase, top - _CATEGORY_STEP * i)

    # 3. Top up thin descriptions with app-general tags.
    for i, phrase in enumerate(category_phrases("general", language)):
        if len(keywords) >= MIN_KEYWORDS:
            break
        add(phrase, _GENERAL_TOP - _GENERAL_STEP * i)

    keywords.sort(key=lambda k: -k.score)
    return keywords[:MAX_KEYWORDS]

"""App descriptions used to exercise the brand engine: many categories, five+ languages.

Written for these tests (not scraped): each ``description`` is 100–1000 characters and each
``app_name`` 3–30 characters, the limits of ``POST /v1/projects``. ``category`` is the category a
reader would file the app under, used to check category detection.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class App:
    app_name: str
    language: str
    category: str  # the category a reader would file it under (not always one of ours)
    description: str
    tagline: str | None = None


CORPUS: tuple[App, ...] = (
    App(
        app_name="Acme Coffee",
        language="en",
        category="coffee",
        tagline="Coffee that shows up before you run out.",
        description=(
            "Daily ritual coffee subscriptions for runners and night-shift workers. Single-origin "
            "beans from named farms, roasted weekly, and shipped on a cadence that matches how "
            "you actually drink coffee — so the bag never goes stale and you never run out before "
            "a hard workout."
        ),
    ),
    App(
        app_name="StrideUp",
        language="en",
        category="fitness",
        tagline="Run further, one week at a time.",
        description=(
            "StrideUp is a running coach in your pocket for beginners and busy parents. Get "
            "adaptive training plans that adjust to your pace, audio cues during every run, and "
            "recovery tips after long runs. Track your mileage, join weekly challenges with "
            "friends, and build a habit that sticks — from your first 5K to your first half "
            "marathon."
        ),
    ),
    App(
        app_name="Ledgerly",
        language="en",
        category="finance",
        description=(
            "Ledgerly turns your bank transactions into a clear monthly budget. Automatic "
            "categories, bill reminders and savings goals help freelancers and young couples "
            "stay on top of their money without spreadsheets. See where every dollar goes, "
            "split shared expenses, and get a gentle nudge before you overspend."
        ),
    ),
    App(
        app_name="PatchPilot",
        language="en",
        category="devtools",
        tagline="Ship fixes, not excuses.",
        description=(
            "PatchPilot watches your CI pipeline and opens pull requests that fix flaky tests and "
            "outdated dependencies. It reads your repository, reproduces failures in an isolated "
            "sandbox, and explains every change in plain language so code review stays fast. "
            "Built for small engineering teams that would rather ship features than babysit "
            "builds."
        ),
    ),
    App(
        app_name="Wanderlog Lite",
        language="en",
        category="travel",
        description=(
            "Plan road trips and city breaks with friends in one shared itinerary. Drag places "
            "onto a map, see travel times between stops, keep flight and hotel confirmations in "
            "one place, and split costs at the end. Offline maps mean your itinerary still works "
            "when roaming doesn't."
        ),
    ),
    App(
        app_name="Kindred",
        language="en",
        category="dating",
        tagline="Fewer swipes, better dates.",
        description=(
            "Kindred is a dating app for people who are tired of endless swiping. Every day you "
            "get three thoughtful matches based on shared values and weekend habits, plus a "
            "conversation starter picked for both of you. Video first dates, verified profiles "
            "and no public likes keep things kind and safe for singles over thirty."
        ),
    ),
    App(
        app_name="Tiny Tales",
        language="en",
        category="kids",
        description=(
            "Tiny Tales creates personalised bedtime stories for kids aged three to eight. "
            "Parents pick a theme, a favourite animal and a lesson, and the app narrates a calm "
            "story with gentle illustrations. No ads, no in-app chat, and a sleep timer that "
            "dims the screen so bedtime stays peaceful."
        ),
    ),
    App(
        app_name="Pipeline CRM",
        language="en",
        category="b2b_saas",
        description=(
            "Pipeline CRM gives small sales teams a shared view of every deal. Log calls and "
            "emails automatically, get follow-up reminders, and forecast revenue with dashboards "
            "your manager will actually read. Integrates with Gmail, Outlook and Slack, and sets "
            "up in an afternoon without a consultant."
        ),
    ),
    App(
        app_name="Dungeon Doodle",
        language="en",
        category="games",
        description=(
            "Dungeon Doodle is a hand-drawn roguelike puzzle game where every level is a sketch "
            "you solve with ink. Draw bridges, trap monsters and outsmart the boss in short "
            "runs that fit a coffee break. New daily dungeons, a leaderboard for friends and "
            "no energy timers."
        ),
    ),
    App(
        app_name="Calmly",
        language="en",
        category="health",
        description=(
            "Calmly helps you sleep better with guided meditations, breathing exercises and "
            "soundscapes recorded in real forests. A short evening check-in tracks your mood and "
            "stress, and weekly insights show which routines help you fall asleep faster. "
            "Designed with sleep therapists for anyone dealing with anxiety or insomnia."
        ),
    ),
    App(
        app_name="Ahorrín",
        language="es",
        category="finance",
        tagline="Tu dinero, por fin bajo control.",
        description=(
            "Ahorrín te ayuda a controlar tus gastos diarios y a crear un presupuesto mensual sin "
            "hojas de cálculo. Conecta tus cuentas, recibe alertas cuando te acercas al límite y "
            "alcanza tus metas de ahorro para viajes, estudios o emergencias. Pensada para "
            "estudiantes y jóvenes profesionales."
        ),
    ),
    App(
        app_name="Receta Rápida",
        language="es",
        category="food",
        description=(
            "Receta Rápida te propone cenas caseras en menos de treinta minutos con lo que ya "
            "tienes en la nevera. Elige tus ingredientes, filtra por dieta vegetariana o sin "
            "gluten y genera la lista de la compra de toda la semana. Ideal para familias con "
            "poco tiempo y personas que cocinan por primera vez."
        ),
    ),
    App(
        app_name="Viajero Libre",
        language="es-MX",
        category="travel",
        description=(
            "Viajero Libre organiza tus viajes de mochilero por Latinoamérica: rutas en autobús, "
            "hostales económicos y actividades recomendadas por otros viajeros. Guarda tu "
            "itinerario sin conexión, comparte gastos con tu grupo y descubre festivales locales "
            "en cada ciudad."
        ),
    ),
    App(
        app_name="FitCasa",
        language="pt-BR",
        category="fitness",
        tagline="Seu treino cabe na sua rotina.",
        description=(
            "Treino em casa sem equipamentos: planos de exercícios personalizados para "
            "iniciantes, com vídeos curtos, lembretes diários e acompanhamento do seu progresso "
            "semana a semana. Em vinte minutos por dia você ganha força, disposição e uma rotina "
            "que finalmente cabe na sua agenda."
        ),
    ),
    App(
        app_name="Estuda Já",
        language="pt-BR",
        category="education",
        description=(
            "Estuda Já prepara estudantes para o Enem e vestibulares com simulados, videoaulas "
            "curtas e um cronograma de estudos que se adapta à sua rotina. Resolva questões "
            "comentadas, acompanhe seu desempenho por matéria e tire dúvidas com monitores em "
            "tempo real."
        ),
    ),
    App(
        app_name="Clínica no Bolso",
        language="pt",
        category="health",
        description=(
            "Clínica no Bolso reúne consultas, exames e receitas da sua família num só lugar. "
            "Agende teleconsultas com médicos de várias especialidades, receba lembretes de "
            "medicamentos e compartilhe o histórico de saúde com o seu médico em segundos."
        ),
    ),
    App(
        app_name="Révise",
        language="fr",
        category="education",
        tagline="Révise moins, retiens plus.",
        description=(
            "Révise est l'application de révision pour les étudiants pressés : fiches de "
            "révision intelligentes, quiz personnalisés et répétition espacée pour mémoriser "
            "plus vite avant les examens. Importe tes cours en PDF et l'application prépare "
            "automatiquement tes flashcards."
        ),
    ),
    App(
        app_name="Petits Chefs",
        language="fr",
        category="food",
        description=(
            "Petits Chefs propose des recettes faciles à cuisiner en famille, pensées pour les "
            "enfants de quatre à dix ans. Des étapes illustrées, des minuteurs amusants et des "
            "défis du week-end transforment la cuisine en moment de complicité entre parents et "
            "enfants."
        ),
    ),
    App(
        app_name="Factura Facile",
        language="fr-CA",
        category="b2b_saas",
        description=(
            "Factura Facile simplifie la facturation des indépendants et des petites entreprises. "
            "Crée des devis en deux minutes, transforme-les en factures conformes, suis les "
            "paiements en retard et exporte ta comptabilité pour ton expert-comptable en un clic."
        ),
    ),
    App(
        app_name="Kassenbuch",
        language="de",
        category="finance",
        tagline="Dein Geld. Entspannt geplant.",
        description=(
            "Kassenbuch ist das digitale Haushaltsbuch für Familien und Paare. Erfasse Ausgaben "
            "in Sekunden, teile Budgets mit deinem Partner und behalte Sparziele im Blick. "
            "Automatische Kategorien, Monatsberichte und Erinnerungen helfen dir, dein Geld "
            "entspannt zu planen."
        ),
    ),
    App(
        app_name="Gipfelglück",
        language="de",
        category="travel",
        description=(
            "Gipfelglück zeigt dir die schönsten Wanderrouten in den Alpen, mit Offline-Karten, "
            "Höhenprofilen und Wetterwarnungen. Plane Hüttentouren mit Freunden, speichere "
            "Lieblingsgipfel und teile deine Touren mit der Community. Für Einsteiger und "
            "erfahrene Bergsteiger."
        ),
    ),
    App(
        app_name="DeployDeck",
        language="de-AT",
        category="devtools",
        description=(
            "DeployDeck ist das Deployment-Dashboard für kleine Entwicklerteams. Verfolge "
            "Releases über alle Umgebungen, erkenne fehlerhafte Builds sofort und rolle mit "
            "einem Klick zurück. Integration mit GitHub, GitLab und Kubernetes, Audit-Log "
            "inklusive."
        ),
    ),
    App(
        app_name="Lernfuchs",
        language="de",
        category="kids",
        description=(
            "Lernfuchs macht Mathe und Lesen für Grundschulkinder zum Abenteuer. Kurze Lernspiele, "
            "ein freundlicher Fuchs als Begleiter und Fortschrittsberichte für Eltern sorgen "
            "dafür, dass Üben Spaß macht – ganz ohne Werbung und In-App-Käufe."
        ),
    ),
    App(
        app_name="Café Altura",
        language="es",
        category="coffee",
        tagline="Café de altura, tostado esta semana.",
        description=(
            "Café Altura vende café de especialidad de fincas de Huila y Nariño, tostado cada "
            "lunes en Bogotá y enviado en bolsas de 340 gramos. Elige tu molienda, recibe tu "
            "café en 48 horas y conoce a la familia que lo cultivó. Sin mezclas, sin café "
            "viejo de supermercado."
        ),
    ),
    App(
        app_name="Patitas",
        language="es",
        category="pets",
        description=(
            "Patitas te ayuda a cuidar a tu perro o gato sin olvidar nada. Registra vacunas y "
            "desparasitaciones, recibe recordatorios de cada dosis y comparte el historial con "
            "tu veterinario en un toque. Pensada para familias con mascotas y refugios pequeños."
        ),
    ),
    App(
        app_name="Horta em Casa",
        language="pt-BR",
        category="food",
        tagline="Orgânico da roça pra sua mesa.",
        description=(
            "Horta em Casa é uma assinatura de cestas de orgânicos colhidos no dia por "
            "produtores de Minas Gerais. Escolha a cesta pequena, média ou grande, pause quando "
            "viajar e receba toda sexta-feira em Belo Horizonte. Sem agrotóxicos e sem "
            "embalagens plásticas."
        ),
    ),
    App(
        app_name="Atelier Rayon",
        language="fr",
        category="bike repair",
        description=(
            "Atelier Rayon répare ton vélo à domicile à Lyon et Villeurbanne : révision "
            "complète, crevaison, freins et dérailleur. Réserve un créneau en ligne, un "
            "mécanicien passe en moins de 48 heures avec les pièces. Devis gratuit, paiement "
            "après la réparation."
        ),
    ),
    App(
        app_name="Gemüsekiste Nord",
        language="de",
        category="food",
        tagline="Regional. Saisonal. Vor deiner Tür.",
        description=(
            "Gemüsekiste Nord liefert jede Woche Bio-Gemüse von Höfen aus Schleswig-Holstein "
            "bis an deine Haustür in Hamburg und Kiel. Wähle zwischen drei Kistengrößen, "
            "tausche Sorten, die du nicht magst, und pausiere dein Abo jederzeit. Ohne "
            "Plastikverpackung und ohne Mindestlaufzeit."
        ),
    ),
    App(
        app_name="Hearth & Wick",
        language="en",
        category="candles",
        tagline="Slow-poured in small batches.",
        description=(
            "Hearth & Wick makes hand-poured soy candles in Portland, Oregon, in small batches "
            "of forty. Each candle burns for 60 hours, uses a cotton wick and is scented with "
            "essential oils, never synthetic fragrance. Refill your jar for half the price and "
            "keep the glass out of the landfill."
        ),
    ),
    App(
        app_name="FlowFix",
        language="en",
        category="home services",
        description=(
            "FlowFix sends licensed plumbers to homes across Austin within two hours, seven "
            "days a week. Book a visit in under a minute, see the price before we start, and "
            "pay only when the leak is fixed. Every repair comes with a one-year guarantee."
        ),
    ),
    App(
        app_name="Focus Garden",
        language="it",
        category="productivity",
        description=(
            "Focus Garden ti aiuta a concentrarti: ogni sessione di lavoro senza distrazioni fa "
            "crescere una pianta nel tuo giardino virtuale. Blocca le app che ti distraggono, "
            "pianifica le attività della giornata e guarda le statistiche della settimana."
        ),
    ),
    App(
        app_name="TaskNest",
        language="en-GB",
        category="productivity",
        description=(
            "TaskNest is a calm to-do list for people juggling work, study and home. Capture "
            "tasks in a second, sort them into projects, and plan your week with a simple drag "
            "and drop calendar. Recurring reminders and a focus timer help you finish what "
            "matters without the overwhelm."
        ),
    ),
)

TEMPLATE_LANGUAGES = ("en", "es", "pt-BR", "fr", "de")
VOICES = ("authentic", "witty", "professional", "warm", "casual", "educational")


# Five apps written for the tenth pass by someone who had seen none of the engine, its data or
# the reads (one per language, five kinds): read as they came, never tuned for.
FRESH: tuple[App, ...] = (
    App(
        app_name="Pingwell",
        language="en",
        category="b2b_saas",
        tagline="Know before your customers do.",
        description=(
            "Pingwell checks your websites, APIs and cron jobs every 30 seconds from "
            "locations worldwide, then texts, Slacks or pages whoever is on call the moment "
            "something breaks. Built for small SaaS teams without a dedicated SRE, it ships "
            "with public status pages and a 90-day incident history. No more hearing about "
            "outages from angry customers on X."
        ),
    ),
    App(
        app_name="Michi en Casa",
        language="es",
        category="pets",
        tagline="Tu gato se queda en casa. Tú viajas tranquilo.",
        description=(
            "¿Te vas de viaje y no quieres estresar a tu gato con una pensión? Con Michi en "
            "Casa, una cuidadora verificada visita tu departamento en CDMX una o dos veces al "
            "día: le sirve comida, limpia el arenero, juega con él y te manda fotos y video "
            "por WhatsApp. Cada visita dura 40 minutos y cubrimos Roma, Condesa, Narvarte y "
            "Coyoacán."
        ),
    ),
    App(
        app_name="Cofrinho Esperto",
        language="pt-BR",
        category="finance",
        description=(
            "Com o Cofrinho Esperto, seu filho de 7 a 14 anos aprende a guardar dinheiro "
            "definindo metas de verdade, como uma bicicleta ou um videogame. Você deposita a "
            "mesada pelo Pix, combina tarefas que valem bônus e acompanha tudo pelo seu "
            "celular. Lições curtas explicam juros, troco e consumo consciente, sem aquela "
            "conversa chata sobre dinheiro na hora do jantar."
        ),
    ),
    App(
        app_name="Le Dé Qui Roule",
        language="fr",
        category="games",
        tagline="Ici, personne ne lit la notice.",
        description=(
            "Plus de 600 jeux de société, des tables pour deux comme pour douze, et des "
            "animateurs qui vous expliquent les règles pendant que votre café refroidit. Au "
            "Dé Qui Roule, à deux pas de la place Sathonay à Lyon, l'entrée coûte 6 € la "
            "soirée, boissons et crêpes en supplément. Fini les soirées à déchiffrer une "
            "notice interminable pendant que tout le monde bâille."
        ),
    ),
    App(
        app_name="Topfglück",
        language="de",
        category="food",
        tagline="Feierabend, aber lecker.",
        description=(
            "Jeden Montag steht deine Topfglück-Box vor der Tür: drei Rezepte, alle Zutaten "
            "schon abgewogen, fast alles aus der Region rund um Hamburg. Kein Einkaufszettel, "
            "kein halbes Bund Koriander, das im Kühlschrank vergammelt. Die Gerichte sind in "
            "25 Minuten fertig – perfekt, wenn du nach der Arbeit Hunger hast, aber keinen "
            "Plan. Pausieren geht jederzeit mit einem Klick."
        ),
    ),
)


# Five more, written the same way for the twelfth pass, after the tenth pass's five had been
# read and the rules had been changed for them: read as they came, never tuned for.
FRESH2: tuple[App, ...] = (
    App(
        app_name="Flagpole",
        language="en",
        category="devtools",
        tagline="Ship it. Flag it. Sleep fine.",
        description=(
            "Flagpole lets your team ship half-finished features without the panic: wrap new "
            "code in a flag, roll it out to 5% of users, and kill it in one click if the "
            "error rate spikes. It plugs into GitHub, Slack and Datadog in under ten minutes. "
            "No more 2 a.m. rollbacks, no more hotfix branches nobody remembers opening."
        ),
    ),
    App(
        app_name="Bloque Norte",
        language="es",
        category="fitness",
        tagline="Sube, cae, repite.",
        description=(
            "Bloque Norte es un gimnasio de boulder en la colonia Roma con más de 200 "
            "problemas que renovamos cada dos semanas. ¿Nunca has escalado? Tu primera clase, "
            "con zapatos de escalada incluidos, cuesta 250 pesos y no necesitas reservar. Ven "
            "después del trabajo, quédate en la cafetería de la terraza y olvídate de los "
            "gimnasios donde nadie te saluda."
        ),
    ),
    App(
        app_name="Fermento da Vila",
        language="pt-BR",
        category="food",
        tagline="Pão com tempo, na sua porta.",
        description=(
            "Toda sexta de manhã, a Fermento da Vila deixa na sua porta um pão de fermentação "
            "natural assado de madrugada em Pinheiros, com 36 horas de fermentação e farinha "
            "orgânica do Paraná. Você escolhe entre o clássico, o integral ou o de azeitona, "
            "e pausa a assinatura pelo app quando viajar. Nada de fila na padaria nem pão de "
            "mercado que endurece no dia seguinte."
        ),
    ),
    App(
        app_name="Parlotte",
        language="fr",
        category="education",
        tagline="Apprenez en parlant, pas en récitant.",
        description=(
            "Parlotte repose sur la méthode du tandem : vous parlez 15 minutes dans votre "
            "langue, puis 15 minutes dans celle de votre partenaire, un locuteur natif qui "
            "apprend le français. Après chaque appel vidéo, l'appli relève vos erreurs "
            "récurrentes et vous propose trois expressions à retenir. Plus de 40 langues "
            "disponibles, de l'italien au coréen, et aucun cours magistral à subir."
        ),
    ),
    App(
        app_name="Leinenlos",
        language="de",
        category="pets",
        description=(
            "Leinenlos ist eine Hundeschule in Berlin-Pankow, die mit Kleingruppen von "
            "höchstens sechs Hunden arbeitet – draußen im Bürgerpark statt in einer Halle. In "
            "acht Wochen lernen du und dein Hund Rückruf, lockeres Leinelaufen und entspannte "
            "Begegnungen mit anderen Hunden. Nach jeder Stunde bekommst du ein kurzes Video "
            "mit den Übungen für zu Hause, damit du nicht raten musst, was die Trainerin "
            "eigentlich gemeint hat."
        ),
    ),
)


# Five more for the thirteenth pass, written the same way after the niche moments were added:
# read as they came, never tuned for.
FRESH3: tuple[App, ...] = (
    App(
        app_name="Castwell",
        language="en",
        category="b2b_saas",
        tagline="Your company's podcast, handled end to end.",
        description=(
            "Castwell is podcast hosting built for marketing teams that publish on a "
            "schedule. Upload an episode once and it goes out to Apple Podcasts, Spotify, and "
            "YouTube within minutes, with transcripts generated automatically. Private feeds "
            "let you share internal shows with up to 5,000 employees, and the analytics "
            "dashboard ties listens to campaigns, so no one has to stitch together "
            "spreadsheets every Monday."
        ),
    ),
    App(
        app_name="Club Picante",
        language="es",
        category="food",
        tagline="Enchílate bonito.",
        description=(
            "¿Sigues echándole la misma salsa a todo? Cada mes, Club Picante te manda a casa "
            "tres salsas artesanales de pequeños productores de Oaxaca, Yucatán y Jalisco, "
            "con notas de cata y una escala de picor del 1 al 10 para que sepas en qué te "
            "metes. Pausas o cancelas desde WhatsApp cuando quieras, sin llamadas ni letras "
            "chiquitas. Tu taco te lo va a agradecer."
        ),
    ),
    App(
        app_name="Farejo",
        language="pt-BR",
        category="pets",
        tagline="Para ele sempre voltar pra casa.",
        description=(
            "Farejo é uma plaquinha com GPS que se prende em qualquer coleira e mostra no app "
            "onde seu cachorro está, em tempo real. Se ele sair da área que você definiu — o "
            "quintal, a rua de casa —, você recebe um alerta no celular na hora. A bateria "
            "dura até 7 dias, e o chip já vem incluso, com cobertura em todo o Brasil."
        ),
    ),
    App(
        app_name="L'Atelier Partagé",
        language="fr",
        category="productivity",
        description=(
            "Installé dans une ancienne imprimerie de la Croix-Rousse, L'Atelier Partagé "
            "accueille une quarantaine d'indépendants, de graphistes et de petites équipes "
            "qui en ont assez de travailler depuis leur canapé. Bureaux fixes ou postes "
            "libres, fibre, deux salles de réunion et une vraie cuisine où l'on déjeune "
            "ensemble le jeudi. Pas d'engagement : on vient à la journée ou au mois, dès 180 "
            "€ HT le poste libre."
        ),
    ),
    App(
        app_name="Kolonne",
        language="de",
        category="devtools",
        tagline="Migrationen ohne Herzklopfen.",
        description=(
            "Kolonne prüft deine Postgres-Migrationen, bevor sie auf Produktion landen. Es "
            "erkennt Sperren, die deine Tabellen minutenlang blockieren würden, schlägt "
            "sichere Alternativen vor und meldet sich direkt im Pull Request auf GitHub oder "
            "GitLab. Für Teams, die mehrmals pro Woche am Schema schrauben – und keine Lust "
            "mehr auf nächtliche Rollbacks haben. Bis 3 Repos zahlst du nix."
        ),
    ),
)

"""The demo's sections, topics and authors' bios in Spanish, French and Arabic.

Stored in the columns django-modeltranslation adds (`name_es`, `bio_ar` …), so
that `make run` shows every listing, menu and byline in the reader's language.
Topics are lower-case phrases, as on BBN, in every language.
"""

# slug: {language: (name, description)}
CATEGORIES = {
    "politics": {
        "es": ("Política", "Pactos en el Capitolio estatal, elecciones y quienes se presentan a ellas."),
        "fr": ("Politique", "Accords au parlement de l’État, élections et celles et ceux qui s’y présentent."),
        "ar": ("سياسة", "صفقات مجلس الولاية والانتخابات ومن يترشحون للمناصب."),
    },
    "world": {
        "es": ("Internacional", "Diplomacia, conflictos y la vida cotidiana más allá de nuestras fronteras."),
        "fr": ("Monde", "Diplomatie, conflits et vie quotidienne au-delà de nos frontières."),
        "ar": ("العالم", "الدبلوماسية والنزاعات والحياة اليومية خارج حدودنا."),
    },
    "business": {
        "es": ("Economía", "Mercados, empresas, empleo y el dinero de tu bolsillo."),
        "fr": ("Économie", "Marchés, entreprises, emplois et l’argent de votre poche."),
        "ar": ("اقتصاد", "الأسواق والشركات والوظائف والمال الذي في جيبك."),
    },
    "sports": {
        "es": ("Deportes", "Resultados, rivalidades y las historias detrás del marcador."),
        "fr": ("Sport", "Résultats, rivalités et les histoires derrière les scores."),
        "ar": ("رياضة", "النتائج والمنافسات والقصص وراء الأرقام."),
    },
    "entertainment": {
        "es": ("Espectáculos", "Cine, música, televisión y teatro."),
        "fr": ("Culture", "Cinéma, musique, télévision et scène."),
        "ar": ("ترفيه", "السينما والموسيقى والتلفزيون والمسرح."),
    },
    "health": {
        "es": ("Salud", "Medicina, investigación y consejos prácticos para estar bien."),
        "fr": ("Santé", "Médecine, recherche et conseils pratiques pour rester en forme."),
        "ar": ("صحة", "الطب والأبحاث ونصائح عملية للحفاظ على صحتك."),
    },
}

# slug: {language: bio}
AUTHOR_BIOS = {
    "nadia-calloway": {
        "es": (
            "Nadia Calloway cubre la política y el Capitolio estatal. Ha informado sobre tres ciclos "
            "electorales y aún lee cada nota al pie de los presupuestos."
        ),
        "fr": (
            "Nadia Calloway couvre la politique et le parlement de l’État. Elle a suivi trois cycles "
            "électoraux et lit encore chaque note de bas de page des budgets."
        ),
        "ar": "تغطي نادية كالواي السياسة ومجلس الولاية. غطّت ثلاث دورات انتخابية وما زالت تقرأ كل حاشية في الموازنات.",
    },
    "tomas-ferreira": {
        "es": (
            "Tomas Ferreira escribe sobre asuntos internacionales desde la sección de Internacional, con "
            "especial interés por las fronteras, el agua y el comercio."
        ),
        "fr": (
            "Tomas Ferreira écrit sur l’actualité internationale depuis le service Monde, avec un intérêt "
            "particulier pour les frontières, l’eau et le commerce."
        ),
        "ar": "يكتب توماس فيريرا عن الشؤون الدولية من قسم الأخبار العالمية، مع اهتمام خاص بالحدود والمياه والتجارة.",
    },
    "iris-okafor": {
        "es": (
            "Iris Okafor informa sobre economía y salud, de los tipos de interés a las salas de espera de "
            "los hospitales, y de cómo ambos llegan a los presupuestos familiares."
        ),
        "fr": (
            "Iris Okafor couvre l’économie et la santé, des taux d’intérêt aux salles d’attente des "
            "hôpitaux, et la façon dont les deux touchent le budget des ménages."
        ),
        "ar": (
            "تكتب إيريس أوكافور عن الاقتصاد والصحة، من أسعار الفائدة إلى غرف الانتظار في المستشفيات، وكيف "
            "يصل كلاهما إلى ميزانيات الأسر."
        ),
    },
    "owen-hartley": {
        "es": (
            "Owen Hartley cubre deportes y espectáculos. Se ha sentado en palcos de prensa, carpas de "
            "festivales y las últimas filas de pequeñas salas de conciertos."
        ),
        "fr": (
            "Owen Hartley couvre le sport et la culture. Il a pris place en tribune de presse, sous les "
            "chapiteaux de festivals et au fond de petites salles de concert."
        ),
        "ar": (
            "يغطي أوين هارتلي الرياضة والترفيه. جلس في مقصورات الصحافة وخيام المهرجانات والصفوف الخلفية "
            "لقاعات الحفلات الصغيرة."
        ),
    },
    "selin-aydemir": {
        "es": (
            "Selin Aydemir es periodista independiente especializada en océanos y pesca, y colabora con BBN "
            "como invitada desde los estados insulares sobre los que informa."
        ),
        "fr": (
            "Selin Aydemir est journaliste indépendante, spécialiste des océans et de la pêche ; elle écrit "
            "pour BBN en invitée depuis les États insulaires qu’elle couvre."
        ),
        "ar": (
            "سيلين آيدمير كاتبة مستقلة تكتب عن المحيطات ومصايد الأسماك، وتساهم في BBN ككاتبة ضيفة من الدول "
            "الجزرية التي تغطيها."
        ),
    },
}

# English name: (es, fr, ar)
TOPICS = {
    "rural broadband funding": (
        "financiación de la banda ancha rural",
        "financement du haut débit rural",
        "تمويل الإنترنت الريفي",
    ),
    "technology": ("tecnología", "technologie", "التكنولوجيا"),
    "infrastructure": ("infraestructuras", "infrastructures", "البنية التحتية"),
    "state budget standoff": ("bloqueo del presupuesto estatal", "blocage du budget de l’État", "أزمة موازنة الولاية"),
    "economy": ("economía", "économie", "الاقتصاد"),
    "mayoral race": ("carrera por la alcaldía", "course à la mairie", "سباق رئاسة البلدية"),
    "elections": ("elecciones", "élections", "الانتخابات"),
    "election security rules": (
        "normas de seguridad electoral",
        "règles de sécurité électorale",
        "قواعد أمن الانتخابات",
    ),
    "rent cap proposal": ("propuesta de tope al alquiler", "projet de plafonnement des loyers", "مقترح سقف الإيجارات"),
    "housing": ("vivienda", "logement", "الإسكان"),
    "cabinet reshuffle": ("remodelación del gabinete", "remaniement ministériel", "تعديل وزاري"),
    "energy": ("energía", "énergie", "الطاقة"),
    "transport": ("transporte", "transports", "النقل"),
    "high-stakes diplomatic visit": (
        "visita diplomática decisiva",
        "visite diplomatique à fort enjeu",
        "زيارة دبلوماسية حاسمة",
    ),
    "diplomacy": ("diplomacia", "diplomatie", "الدبلوماسية"),
    "humanitarian ceasefire": ("alto el fuego humanitario", "cessez-le-feu humanitaire", "هدنة إنسانية"),
    "ocean summit": ("cumbre de los océanos", "sommet sur les océans", "قمة المحيطات"),
    "climate": ("clima", "climat", "المناخ"),
    "heat wave": ("ola de calor", "canicule", "موجة حر"),
    "public health": ("salud pública", "santé publique", "الصحة العامة"),
    "coalition talks": ("negociaciones de coalición", "négociations de coalition", "محادثات الائتلاف"),
    "cross-border rail link": (
        "enlace ferroviario transfronterizo",
        "liaison ferroviaire transfrontalière",
        "خط سكك حديدية عابر للحدود",
    ),
    "trade": ("comercio", "commerce", "التجارة"),
    "interest rate decision": (
        "decisión sobre los tipos de interés",
        "décision sur les taux d’intérêt",
        "قرار سعر الفائدة",
    ),
    "retail strategy": ("estrategia comercial", "stratégie de distribution", "استراتيجية البيع بالتجزئة"),
    "shipping backlog": ("atasco en el transporte marítimo", "engorgement du fret maritime", "تكدّس الشحن"),
    "battery manufacturing": ("fabricación de baterías", "fabrication de batteries", "تصنيع البطاريات"),
    "office-to-housing conversions": (
        "oficinas convertidas en viviendas",
        "conversion de bureaux en logements",
        "تحويل المكاتب إلى مساكن",
    ),
    "cup final": ("final de copa", "finale de coupe", "نهائي الكأس"),
    "soccer": ("fútbol", "football", "كرة القدم"),
    "athlete retirement": ("retirada de un atleta", "retraite d’une athlète", "اعتزال رياضي"),
    "athletics": ("atletismo", "athlétisme", "ألعاب القوى"),
    "city marathon": ("maratón de la ciudad", "marathon de la ville", "ماراثون المدينة"),
    "basketball playoffs": (
        "eliminatorias de baloncesto",
        "séries éliminatoires de basket",
        "الأدوار الإقصائية لكرة السلة",
    ),
    "basketball": ("baloncesto", "basket-ball", "كرة السلة"),
    "salary cap": ("tope salarial", "plafond salarial", "سقف الرواتب"),
    "film festival": ("festival de cine", "festival de cinéma", "مهرجان سينمائي"),
    "film": ("cine", "cinéma", "السينما"),
    "comeback album": ("álbum del regreso", "album du retour", "ألبوم العودة"),
    "music": ("música", "musique", "الموسيقى"),
    "streaming series": ("serie de streaming", "série en streaming", "مسلسل بث رقمي"),
    "television": ("televisión", "télévision", "التلفزيون"),
    "theater restoration": ("restauración del teatro", "restauration du théâtre", "ترميم المسرح"),
    "theater": ("teatro", "théâtre", "المسرح"),
    "summer concert series": ("ciclo de conciertos de verano", "concerts de l’été", "سلسلة حفلات الصيف"),
    "flu vaccination": ("vacunación contra la gripe", "vaccination contre la grippe", "التطعيم ضد الإنفلونزا"),
    "exercise and sleep": ("ejercicio y sueño", "exercice et sommeil", "الرياضة والنوم"),
    "research": ("investigación", "recherche", "الأبحاث"),
    "telehealth": ("telemedicina", "télémédecine", "الطب عن بعد"),
    "emergency room wait times": ("esperas en urgencias", "attente aux urgences", "أوقات الانتظار في الطوارئ"),
    "heat safety": ("protección ante el calor", "prévention des fortes chaleurs", "السلامة من الحر"),
    "late-night transit": ("transporte nocturno", "transports de nuit", "النقل الليلي"),
    "season preview": ("avance de la temporada", "avant-première de la saison", "لمحة عن الموسم"),
}

LANGUAGES = ("es", "fr", "ar")


def category_fields(slug):
    """{"name_es": …, "description_es": …, …} for the demo section `slug`."""
    fields = {}
    for language, (name, description) in CATEGORIES.get(slug, {}).items():
        fields[f"name_{language}"] = name
        fields[f"description_{language}"] = description
    return fields


def author_fields(slug):
    return {f"bio_{language}": bio for language, bio in AUTHOR_BIOS.get(slug, {}).items()}


def topic_fields(name):
    return {f"name_{language}": value for language, value in zip(LANGUAGES, TOPICS.get(name, ()), strict=False)}

# ruff: noqa: E501  (prose reads and diffs better one paragraph to a line)
"""The demo portal's translations, which `manage.py seed_demo` loads after the English articles: data only.

Each is an article of its own in Spanish, French or Arabic, linked to the
English story it was translated from (articles/models.py, translation_key).
Two stories are in all four languages, one only in Spanish, one only in
French; the French flu story is shown as "source changed": it was
translated from an earlier version of the English article (`translated_from`
holds that version's headline and the paragraph the English article has
gained since), so the admin lists it under "source changed" with the diff.

The translations are shorter than their English originals: the paragraphs a
reader of the demo needs, translated in full, and the main questions.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoTranslation:
    source: str  # the slug of the English DemoArticle
    language: str
    slug: str
    title: str
    excerpt: str
    paragraphs: tuple[str, ...]
    faqs: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str], ...]
    image_alt: str
    # The English article as it was when this was translated, when it has changed since:
    # {"title": ..., "drop_paragraph": index of a paragraph added to the source later}.
    translated_from: dict | None = None


WATER = "foreign-minister-visits-estravia-water-dispute"
FLU = "health-officials-urge-early-flu-shots"
RAIL = "cross-border-rail-link-opens"
LIGHTHOUSE = "lighthouse-drama-wins-festival-top-prize"

TRANSLATIONS = (
    # --- The water talks, in Spanish, French and Arabic ------------------------
    DemoTranslation(
        source=WATER,
        language="es",
        slug="ministro-de-exteriores-viaja-a-estravia-por-el-rio",
        title="El ministro de Exteriores viaja a Estravia para unas conversaciones decisivas sobre un río compartido",
        excerpt="El ministro de Exteriores de Veloria llega a la capital estraviana en la primera visita de ese nivel en seis años, con la disputa por una presa en el río Sareth al frente de la agenda. Ninguna de las partes espera un gran avance.",
        paragraphs=(
            "El ministro de Exteriores de Veloria, Anselm Drey, llegó a Corvan, la capital de Estravia, para dos días de conversaciones con las que se busca calmar una amarga disputa por el agua del río Sareth. Es la primera visita de ese nivel entre los dos vecinos en seis años.",
            "El río, que nace en las tierras altas de Estravia y abastece la mayor parte de las tierras de cultivo de Veloria, está en el centro de las tensiones desde que Estravia empezó a llenar un gran embalse hidroeléctrico aguas arriba. Según los funcionarios velorianos, el caudal río abajo cayó casi un tercio durante la última estación seca.",
            "Las expectativas son modestas. Los funcionarios de ambos lados han descrito la visita como un esfuerzo por recuperar el contacto regular más que por resolver la disputa, y ningún gobierno ha dado señales de querer cambiar su posición sobre cuánta agua debe liberar la presa.",
            "«El primer paso es estar en la misma sala y ponernos de acuerdo sobre las cifras», dijo Drey a los periodistas antes de partir. «No podemos gestionar un río si no nos ponemos de acuerdo sobre cuánta agua lleva».",
            "Los agricultores de río abajo siguen la visita con atención. En Istra, un pueblo del valle veloriano, los productores dicen que ya han pasado a cultivos que necesitan menos agua y esperan saber si el calendario de siembra de la próxima temporada se decidirá en Corvan.",
        ),
        faqs=(
            (
                "¿Cuál es el objetivo de la visita del ministro de Exteriores a Estravia?",
                "Recuperar el contacto regular al más alto nivel y calmar las tensiones por el río Sareth, de cuyas aguas dependen los dos países. Los funcionarios la describen como un primer paso, no como un acuerdo.",
            ),
            (
                "¿Por qué está en disputa el río Sareth?",
                "Estravia está llenando un gran embalse hidroeléctrico aguas arriba, y Veloria afirma que el caudal que llega a sus tierras de cultivo cayó casi un tercio durante la última estación seca.",
            ),
            (
                "¿Es probable un gran avance?",
                "Los funcionarios de ambas partes han rebajado las expectativas. Ningún gobierno ha indicado que vaya a cambiar su posición sobre el agua que libera la presa.",
            ),
        ),
        links=(
            ("La diplomacia, explicada (Wikipedia)", "https://es.wikipedia.org/wiki/Diplomacia"),
            ("Más sobre diplomacia", "/es/tag/diplomacy/"),
        ),
        image_alt="Ilustración abstracta sobre un degradado azul marino, de oscuro a claro, con círculos pálidos, bandas doradas translúcidas y un fino anillo blanco.",
    ),
    DemoTranslation(
        source=WATER,
        language="fr",
        slug="le-ministre-des-affaires-etrangeres-a-estravia",
        title="Le ministre des Affaires étrangères se rend en Estravie pour des discussions à haut risque sur un fleuve partagé",
        excerpt="Le ministre vélorien des Affaires étrangères arrive dans la capitale estravienne, pour la première visite à ce niveau depuis six ans, avec le différend sur un barrage du Sareth en tête de l'ordre du jour. Aucune des deux parties n'attend de percée.",
        paragraphs=(
            "Le ministre vélorien des Affaires étrangères, Anselm Drey, est arrivé à Corvan, la capitale de l'Estravie, pour deux jours de discussions destinées à apaiser un âpre différend sur les eaux du Sareth. C'est la première visite à ce niveau entre les deux voisins depuis six ans.",
            "Le fleuve, qui prend sa source dans les hautes terres estraviennes et alimente la plupart des terres agricoles de Veloria, est au cœur des tensions depuis que l'Estravie a commencé à remplir un grand réservoir hydroélectrique en amont. Selon les responsables véloriens, le débit en aval a baissé de près d'un tiers pendant la dernière saison sèche.",
            "Les attentes sont modestes. Des deux côtés, les responsables présentent la visite comme un effort pour renouer un contact régulier plutôt que pour régler le différend, et aucun des deux gouvernements ne s'est dit prêt à changer de position sur le volume d'eau que le barrage doit laisser passer.",
            "« La première étape, c'est d'être dans la même pièce et de s'accorder sur les chiffres », a déclaré Anselm Drey aux journalistes avant son départ. « On ne peut pas gérer un fleuve si l'on ne s'accorde pas sur la quantité d'eau qu'il transporte. »",
            "En aval, les agriculteurs suivent la visite de près. À Istra, une petite ville de la vallée vélorienne, les producteurs disent être déjà passés à des cultures moins gourmandes en eau et attendent de savoir si le calendrier des semis de la saison prochaine se décidera à Corvan.",
        ),
        faqs=(
            (
                "Quel est le but de la visite du ministre des Affaires étrangères en Estravie ?",
                "Renouer un contact régulier au plus haut niveau et apaiser les tensions autour du Sareth, dont les deux pays dépendent. Les responsables y voient une première étape, pas un règlement.",
            ),
            (
                "Pourquoi le Sareth est-il disputé ?",
                "L'Estravie remplit un grand réservoir hydroélectrique en amont, et Veloria affirme que le débit qui atteint ses terres agricoles a baissé de près d'un tiers pendant la dernière saison sèche.",
            ),
            (
                "Une percée est-elle probable ?",
                "Les responsables des deux pays ont tempéré les attentes. Aucun gouvernement n'a laissé entendre qu'il changerait de position sur les lâchers d'eau du barrage.",
            ),
        ),
        links=(
            ("La diplomatie, expliquée (Wikipédia)", "https://fr.wikipedia.org/wiki/Diplomatie"),
            ("Plus sur la diplomatie", "/fr/tag/diplomacy/"),
        ),
        image_alt="Illustration abstraite sur un dégradé bleu marine, du sombre au clair : des cercles pâles, des bandes dorées translucides et un fin anneau blanc.",
    ),
    DemoTranslation(
        source=WATER,
        language="ar",
        slug="وزير-الخارجية-يتوجه-إلى-إستراڤيا",
        title="وزير الخارجية يتوجه إلى إستراڤيا لإجراء محادثات حاسمة بشأن نهر مشترك",
        excerpt="يصل وزير خارجية ڤيلوريا إلى العاصمة الإستراڤية في أول زيارة على هذا المستوى منذ ست سنوات، ويتصدر جدول الأعمال خلاف حول سد على نهر سارِث. ولا يتوقع أي من الطرفين انفراجًا كبيرًا.",
        paragraphs=(
            "وصل وزير خارجية ڤيلوريا، أنسلم دراي، إلى كورڤان عاصمة إستراڤيا لإجراء محادثات تستمر يومين تهدف إلى تهدئة خلاف مرير حول مياه نهر سارِث، وهي أول زيارة على هذا المستوى بين البلدين الجارين منذ ست سنوات.",
            "ينبع النهر من مرتفعات إستراڤيا ويغذي معظم الأراضي الزراعية في ڤيلوريا، وقد أصبح محور التوتر منذ أن بدأت إستراڤيا ملء خزان كبير لتوليد الكهرباء عند أعلى المجرى. ويقول مسؤولون ڤيلوريون إن تدفق المياه عند أسفل النهر انخفض بنحو الثلث خلال موسم الجفاف الماضي.",
            "التوقعات متواضعة. فقد وصف مسؤولون من الجانبين الزيارة بأنها محاولة لاستعادة الاتصال المنتظم لا لتسوية الخلاف، ولم تُبدِ أي من الحكومتين استعدادًا لتغيير موقفها من كمية المياه التي ينبغي أن يطلقها السد.",
            "وقال دراي للصحفيين قبل مغادرته: «الخطوة الأولى أن نجلس في الغرفة نفسها وأن نتفق على الأرقام. لا يمكننا إدارة نهر إذا لم نتفق على كمية المياه التي تجري فيه».",
            "ويتابع المزارعون عند أسفل النهر الزيارة عن كثب. ففي بلدة إسترا الواقعة في الوادي الڤيلوري، يقول المزارعون إنهم تحولوا بالفعل إلى محاصيل تحتاج إلى مياه أقل، وينتظرون ليعرفوا هل سيُحسم موعد زراعة الموسم المقبل في كورڤان.",
        ),
        faqs=(
            (
                "ما الهدف من زيارة وزير الخارجية إلى إستراڤيا؟",
                "استعادة الاتصال المنتظم على أعلى مستوى وتهدئة التوتر حول نهر سارِث الذي يعتمد عليه البلدان. ويصفها المسؤولون بأنها خطوة أولى لا تسوية نهائية.",
            ),
            (
                "لماذا يدور خلاف حول نهر سارِث؟",
                "تملأ إستراڤيا خزانًا كبيرًا لتوليد الكهرباء عند أعلى المجرى، وتقول ڤيلوريا إن المياه التي تصل إلى أراضيها الزراعية انخفضت بنحو الثلث في موسم الجفاف الماضي.",
            ),
            (
                "هل يُتوقع تحقيق انفراج؟",
                "خفّض المسؤولون في البلدين سقف التوقعات، ولم تُشر أي من الحكومتين إلى أنها ستغير موقفها من إطلاق المياه من السد.",
            ),
        ),
        links=(
            ("الدبلوماسية (ويكيبيديا)", "https://ar.wikipedia.org/wiki/دبلوماسية"),
            ("المزيد عن الدبلوماسية", "/ar/tag/diplomacy/"),
        ),
        image_alt="رسم تجريدي على تدرج لوني أزرق داكن من الغامق إلى الفاتح: دوائر باهتة وأشرطة ذهبية شفافة وحلقة بيضاء رفيعة.",
    ),
    # --- The flu shots, in Spanish, French (source changed since) and Arabic ----
    DemoTranslation(
        source=FLU,
        language="es",
        slug="sanidad-pide-vacunarse-pronto-contra-la-gripe",
        title="Las autoridades sanitarias piden vacunarse pronto contra la gripe ante una temporada intensa",
        excerpt="Con los casos de gripe aumentando antes de lo habitual, las autoridades sanitarias del estado piden a los residentes que se vacunen ya, sobre todo a las personas mayores, los niños pequeños y quienes tienen enfermedades crónicas.",
        paragraphs=(
            "Las autoridades sanitarias del estado piden a los residentes que se pongan ya la vacuna contra la gripe en lugar de esperar, después de que los primeros datos de vigilancia mostraran que los casos aumentan varias semanas antes de lo habitual.",
            "Los casos de gripe confirmados en laboratorio se han duplicado en las últimas tres semanas, según el departamento de salud del estado, y dos distritos escolares registraron tantas ausencias que enviaron cartas a las familias. Los ingresos hospitalarios siguen siendo bajos, pero empiezan a subir.",
            "«Las temporadas de gripe que empiezan pronto suelen ser largas. El mejor momento para estar protegido es antes de que el virus circule ampliamente, y ese momento es ahora», dijo la doctora Miriam Solberg, subdirectora de salud del estado.",
            "Las autoridades recomiendan la vacuna anual a todas las personas a partir de los seis meses de edad, y subrayan que es especialmente importante para los mayores de 65 años, los niños pequeños, las embarazadas y quienes padecen asma, diabetes o enfermedades del corazón.",
            "La vacuna tarda unas dos semanas en proteger. No evita todas las infecciones, pero reduce mucho el riesgo de enfermedad grave y de hospitalización.",
        ),
        faqs=(
            (
                "¿Por qué piden este año vacunarse pronto contra la gripe?",
                "Los casos de gripe aumentan varias semanas antes de lo habitual, y las temporadas que empiezan pronto suelen ser largas.",
            ),
            (
                "¿Quién debe vacunarse contra la gripe?",
                "Todas las personas a partir de los seis meses, y sobre todo los mayores de 65 años, los niños pequeños, las embarazadas y las personas con enfermedades crónicas.",
            ),
            ("¿Cuánto tarda en hacer efecto la vacuna?", "Unas dos semanas después de la inyección."),
        ),
        links=(
            ("La vacuna antigripal, explicada (Wikipedia)", "https://es.wikipedia.org/wiki/Vacuna_antigripal"),
            ("Más sobre salud pública", "/es/tag/public-health/"),
        ),
        image_alt="Ilustración abstracta sobre un degradado verde azulado, de oscuro a claro, con círculos pálidos, bandas doradas translúcidas y un fino anillo blanco.",
    ),
    DemoTranslation(
        source=FLU,
        language="fr",
        slug="les-autorites-sanitaires-appellent-a-se-faire-vacciner-contre-la-grippe",
        title="Les autorités sanitaires appellent à se faire vacciner tôt contre la grippe",
        excerpt="Les cas de grippe augmentant plus tôt que d'habitude, les autorités sanitaires de l'État invitent les habitants à se faire vacciner dès maintenant, en particulier les personnes âgées, les jeunes enfants et les malades chroniques.",
        paragraphs=(
            "Les autorités sanitaires de l'État invitent les habitants à se faire vacciner contre la grippe dès maintenant plutôt que d'attendre, les premières données de surveillance montrant une hausse des cas plusieurs semaines plus tôt que d'habitude.",
            "Les cas de grippe confirmés en laboratoire ont doublé en trois semaines, selon le département de la santé de l'État, et deux districts scolaires ont signalé assez d'absences pour écrire aux parents. Les hospitalisations restent peu nombreuses mais commencent à augmenter.",
            "« Les saisons grippales qui commencent tôt sont souvent longues. Le meilleur moment pour être protégé, c'est avant que le virus circule largement, et ce moment, c'est maintenant », a déclaré la docteure Miriam Solberg, directrice adjointe de la santé de l'État.",
            "Les autorités recommandent un vaccin chaque année à toute personne âgée de six mois et plus, et insistent sur son importance pour les plus de 65 ans, les jeunes enfants, les femmes enceintes et les personnes souffrant d'asthme, de diabète ou de maladies cardiaques.",
            "Le vaccin met environ deux semaines à protéger. Il n'empêche pas toutes les infections, mais réduit fortement le risque de forme grave et d'hospitalisation.",
        ),
        faqs=(
            (
                "Pourquoi les autorités appellent-elles à se faire vacciner tôt cette année ?",
                "Les cas de grippe augmentent plusieurs semaines plus tôt que d'habitude, et les saisons qui commencent tôt sont souvent longues.",
            ),
            (
                "Qui doit se faire vacciner contre la grippe ?",
                "Toute personne de six mois et plus, et surtout les plus de 65 ans, les jeunes enfants, les femmes enceintes et les malades chroniques.",
            ),
            ("En combien de temps le vaccin agit-il ?", "Environ deux semaines après l'injection."),
        ),
        links=(
            ("Le vaccin contre la grippe (Wikipédia)", "https://fr.wikipedia.org/wiki/Vaccin_contre_la_grippe"),
            ("Plus sur la santé publique", "/fr/tag/public-health/"),
        ),
        image_alt="Illustration abstraite sur un dégradé bleu canard, du sombre au clair : des cercles pâles, des bandes dorées translucides et un fin anneau blanc.",
        # Translated when the English headline was shorter and before its paragraph on where to get a shot.
        translated_from={"title": "Health Officials Urge Early Flu Shots", "drop_paragraph": 5},
    ),
    DemoTranslation(
        source=FLU,
        language="ar",
        slug="مسؤولو-الصحة-يدعون-إلى-التطعيم-المبكر-ضد-الإنفلونزا",
        title="مسؤولو الصحة يدعون إلى التطعيم المبكر ضد الإنفلونزا قبل موسم مزدحم",
        excerpt="مع ارتفاع إصابات الإنفلونزا في وقت أبكر من المعتاد، يحث مسؤولو الصحة في الولاية السكان على تلقي اللقاح الآن، ولا سيما كبار السن والأطفال الصغار والمصابين بأمراض مزمنة.",
        paragraphs=(
            "يحث مسؤولو الصحة في الولاية السكان على تلقي لقاح الإنفلونزا الآن بدلًا من الانتظار، بعدما أظهرت بيانات الرصد الأولى أن الإصابات ترتفع قبل موعدها المعتاد بعدة أسابيع.",
            "وبحسب إدارة الصحة في الولاية، تضاعفت حالات الإنفلونزا المؤكدة مخبريًا خلال الأسابيع الثلاثة الماضية، وسجلت منطقتان تعليميتان نسب غياب مرتفعة استدعت إرسال رسائل إلى أولياء الأمور. ولا تزال حالات دخول المستشفيات قليلة لكنها بدأت بالارتفاع.",
            "وقالت الدكتورة ميريام سولبرغ، نائبة مسؤول الصحة في الولاية: «مواسم الإنفلونزا التي تبدأ مبكرًا غالبًا ما تكون طويلة. أفضل وقت للحماية هو قبل أن ينتشر الفيروس على نطاق واسع، وهذا الوقت هو الآن».",
            "ويوصي المسؤولون بلقاح سنوي لكل من بلغ ستة أشهر فأكثر، مؤكدين أهميته الخاصة لمن تجاوزوا الخامسة والستين والأطفال الصغار والحوامل والمصابين بالربو أو السكري أو أمراض القلب.",
            "يحتاج اللقاح إلى نحو أسبوعين ليمنح الحماية. وهو لا يمنع كل إصابة، لكنه يقلل كثيرًا من خطر المرض الشديد ودخول المستشفى.",
        ),
        faqs=(
            (
                "لماذا يدعو مسؤولو الصحة إلى التطعيم المبكر هذا العام؟",
                "لأن إصابات الإنفلونزا ترتفع قبل موعدها المعتاد بعدة أسابيع، والمواسم التي تبدأ مبكرًا غالبًا ما تكون طويلة.",
            ),
            (
                "من ينبغي أن يتلقى لقاح الإنفلونزا؟",
                "كل من بلغ ستة أشهر فأكثر، وبخاصة من تجاوزوا الخامسة والستين والأطفال الصغار والحوامل والمصابون بأمراض مزمنة.",
            ),
            ("متى يبدأ مفعول اللقاح؟", "بعد نحو أسبوعين من تلقي الجرعة."),
        ),
        links=(
            ("لقاح الإنفلونزا (ويكيبيديا)", "https://ar.wikipedia.org/wiki/لقاح_الإنفلونزا"),
            ("المزيد عن الصحة العامة", "/ar/tag/public-health/"),
        ),
        image_alt="رسم تجريدي على تدرج لوني أزرق مخضر من الغامق إلى الفاتح: دوائر باهتة وأشرطة ذهبية شفافة وحلقة بيضاء رفيعة.",
    ),
    # --- The rail link, in Spanish only -------------------------------------------
    DemoTranslation(
        source=RAIL,
        language="es",
        slug="nuevo-tren-une-dos-ciudades-fronterizas-en-menos-de-una-hora",
        title="Una nueva línea de tren acorta a menos de una hora el viaje entre dos ciudades fronterizas",
        excerpt="Los primeros trenes de pasajeros circularon por una nueva línea entre Lisk y la ciudad estraviana de Dorne, que convierte un trayecto de tres horas en autobús en un viaje de 52 minutos y, esperan sus impulsores, une dos mercados de trabajo.",
        paragraphs=(
            "Los primeros trenes de pasajeros con horario regular ya circulan por una nueva línea entre Lisk, en Karsland, y Dorne, al otro lado de la frontera, en Estravia. El trayecto, que en autobús duraba casi tres horas, se queda en 52 minutos.",
            "La línea, construida durante siete años con un coste repartido entre los dos gobiernos y un fondo de desarrollo regional, incluye un túnel bajo la sierra de Ardel y un puente nuevo sobre el río que marca la frontera. Los controles de pasaportes se hacen a bordo.",
            "«Durante veinte años mi hermana y yo hemos vivido a una hora de coche que en realidad eran tres», dijo Oskar Lind, un maestro jubilado que compró billete para la primera salida. «Ahora puedo ir a comer con ella».",
            "Los trenes saldrán cada media hora en las horas punta y cada hora el resto del día. El precio del billete será parecido al del autobús, y durante el primer año habrá un abono mensual con descuento.",
        ),
        faqs=(
            (
                "¿Cuánto dura el nuevo trayecto?",
                "Los trenes entre Lisk y Dorne tardan 52 minutos, frente a casi tres horas en autobús.",
            ),
            (
                "¿Con qué frecuencia pasan los trenes?",
                "Cada media hora en las horas punta y cada hora el resto del día.",
            ),
            (
                "¿Cuánto cuesta el billete?",
                "Más o menos lo mismo que el autobús, con un abono mensual con descuento durante el primer año.",
            ),
        ),
        links=(
            (
                "El transporte ferroviario, explicado (Wikipedia)",
                "https://es.wikipedia.org/wiki/Transporte_ferroviario",
            ),
            ("Más sobre transporte", "/es/tag/transport/"),
        ),
        image_alt="Ilustración abstracta sobre un degradado azul marino, de oscuro a claro, con círculos pálidos, bandas doradas translúcidas y un fino anillo blanco.",
    ),
    # --- The lighthouse film, in French only -------------------------------------
    DemoTranslation(
        source=LIGHTHOUSE,
        language="fr",
        slug="un-drame-sur-un-gardien-de-phare-remporte-le-grand-prix",
        title="Un drame intimiste sur un gardien de phare remporte le grand prix du festival de Port Ameline",
        excerpt="« La Dernière Lumière du cap Orrin », premier film patient sur le dernier hiver d'un gardien, a remporté la Mouette d'or du festival devant plusieurs grosses productions.",
        paragraphs=(
            "« La Dernière Lumière du cap Orrin », premier long métrage intimiste sur le dernier hiver d'un gardien de phare avant l'automatisation de sa station, a remporté le grand prix du festival du film de Port Ameline, devant plusieurs productions plus importantes aux distributions connues.",
            "Le film, réalisé par Ines Valtonen, suit un gardien nommé Aurel pendant les jours courts et les longues nuits de ses derniers mois au phare, avec de longues séquences sans dialogue. Il a été tourné sur deux hivers, sur une côte isolée, avec une équipe de onze personnes.",
            "En recevant la Mouette d'or, Ines Valtonen a remercié les familles de pêcheurs qui avaient prêté leurs bateaux et leurs cuisines au tournage. « Nous avons fait un film sur un homme qui garde une lumière allumée pour des inconnus. Beaucoup d'inconnus ont gardé une lumière allumée pour nous », a-t-elle dit.",
            "Plusieurs distributeurs se disputeraient les droits du film. La réalisatrice espère qu'il sortira en salles avant d'arriver sur les plateformes. « C'est un film sur l'obscurité et la lumière, a-t-elle dit. Il faut le voir dans le noir. »",
        ),
        faqs=(
            (
                "Quel film a remporté le grand prix du festival de Port Ameline ?",
                "« La Dernière Lumière du cap Orrin », réalisé par Ines Valtonen, un drame sur le dernier hiver d'un gardien de phare avant l'automatisation de sa station.",
            ),
            (
                "Qui joue dans le film primé ?",
                "L'acteur de théâtre Bertil Haugen interprète le gardien, dans son premier rôle à l'écran.",
            ),
            (
                "Quand pourra-t-on voir le film ?",
                "Aucune date de sortie n'est fixée. Des distributeurs se disputent les droits et la réalisatrice espère une sortie en salles avant les plateformes.",
            ),
        ),
        links=(
            ("Les festivals de cinéma (Wikipédia)", "https://fr.wikipedia.org/wiki/Festival_de_cin%C3%A9ma"),
            ("Plus sur le cinéma", "/fr/tag/film/"),
        ),
        image_alt="Illustration abstraite sur un dégradé prune, du sombre au clair : des cercles pâles, des bandes dorées translucides et un fin anneau blanc.",
    ),
)

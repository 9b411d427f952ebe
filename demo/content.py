# ruff: noqa: E501  (prose reads and diffs better one paragraph to a line)
"""The demo portal that `manage.py seed_demo` loads: data only, no code.

Every story, person, company, team and place in the articles is invented.
Real countries, leaders and organisations are deliberately absent, so no
real person is ever given words they did not say. The shape follows a BBN
news page: a headline, a one or two sentence excerpt, seven or so short
paragraphs, a primary topic phrase, a few FAQs and "More about" links.

Related links point to pages of this portal (another demo article `/<slug>/`,
a topic `/tag/<slug>/` or a category `/category/<slug>/`) or to Wikipedia.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name: str
    description: str
    colour: str  # the featured images' base colour for this section
    colour_name: str  # that colour in words, for the images' alt text


@dataclass(frozen=True)
class DemoAuthor:
    slug: str
    name: str
    bio: str


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    category: str  # a DemoCategory slug
    author: str  # a DemoAuthor slug: the lead author
    topic: str  # the primary topic, a short lower-case phrase as on BBN
    tags: tuple[str, ...]
    excerpt: str
    paragraphs: tuple[str, ...]
    faqs: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str], ...]
    editors_pick: bool = False
    co_authors: tuple[str, ...] = ()  # DemoAuthor slugs, in the byline after the lead


CATEGORIES = (
    DemoCategory(
        "politics", "Politics", "Statehouse deals, elections and the people who run for office.", "#9b2335", "deep red"
    ),
    DemoCategory("world", "World", "Diplomacy, conflict and daily life beyond our borders.", "#1f4e79", "navy blue"),
    DemoCategory(
        "business", "Business", "Markets, companies, jobs and the money in your pocket.", "#1e6b52", "dark green"
    ),
    DemoCategory(
        "sports", "Sports", "Results, rivalries and the stories behind the scores.", "#c05621", "burnt orange"
    ),
    DemoCategory("entertainment", "Entertainment", "Film, music, television and the stage.", "#6b2f7a", "plum purple"),
    DemoCategory("health", "Health", "Medicine, research and practical advice for staying well.", "#137a7f", "teal"),
)

AUTHORS = (
    DemoAuthor(
        "nadia-calloway",
        "Nadia Calloway",
        "Nadia Calloway covers politics and the statehouse. She has reported on three election cycles and still reads every budget footnote.",
    ),
    DemoAuthor(
        "tomas-ferreira",
        "Tomas Ferreira",
        "Tomas Ferreira writes about world affairs from the international desk, with a particular interest in borders, water and trade.",
    ),
    DemoAuthor(
        "iris-okafor",
        "Iris Okafor",
        "Iris Okafor reports on business and health, from interest rates to hospital waiting rooms, and how both reach household budgets.",
    ),
    DemoAuthor(
        "owen-hartley",
        "Owen Hartley",
        "Owen Hartley covers sports and entertainment. He has sat in press boxes, festival tents and the back rows of small concert halls.",
    ),
    # A guest contributor: a byline with no newsroom account.
    DemoAuthor(
        "selin-aydemir",
        "Selin Aydemir",
        "Selin Aydemir is a freelance writer on oceans and fisheries, contributing to BBN as a guest from the island states she reports on.",
    ),
)

# Bylines without a newsroom account: seed_demo_accounts never gives them one.
GUEST_CONTRIBUTORS = ("selin-aydemir",)

ARTICLES = (
    # --- Politics -----------------------------------------------------------
    DemoArticle(
        slug="senate-committee-advances-rural-broadband-plan",
        title="Senate Committee Advances Bipartisan Plan to Overhaul Rural Broadband Funding",
        category="politics",
        author="nadia-calloway",
        topic="rural broadband funding",
        tags=("technology", "infrastructure"),
        excerpt="A Senate committee voted 14 to 3 to change how rural internet grants are paid, tying the money to the speeds households actually receive. The bill now heads to the full chamber.",
        paragraphs=(
            "A Senate committee voted 14 to 3 to advance a bipartisan bill that would change how billions of dollars in rural broadband grants are handed out, shifting payments away from promised coverage and toward the speeds households actually measure at home.",
            "The proposal, drafted by Senators Corinne Baptiste and Wade Ellison, would hold back a share of every grant until providers submit independent speed tests from the communities they were paid to connect. Companies that fall short would have two years to close the gap before the remaining money is offered to other bidders.",
            "Supporters say the change answers a complaint heard at town halls for years: maps that show a county as served while families still drive to a library parking lot to upload homework. “We have paid for the same road twice, and some people are still waiting at the end of it,” Baptiste told the committee.",
            "Industry groups gave the bill a cautious welcome but warned that strict testing rules could slow construction in areas where crews and equipment are already scarce. A coalition of regional providers asked lawmakers to let satellite and fixed wireless services compete on equal terms.",
            "The committee adopted one of those requests, an amendment allowing any technology to qualify if it meets the same speed and reliability thresholds. Another, which would have delayed the testing requirement by three years, failed on a voice vote.",
            "Budget analysts estimate that the bill would not add to overall spending, because it redirects money from programs that are already funded. It does create a small office to audit the results, with a staff of about forty.",
            "The full Senate is not expected to take up the measure before the autumn recess. A companion bill in the House has gathered co-sponsors from both parties but has not yet been scheduled for a hearing.",
            "For towns like Millbrook Falls, where the nearest fiber line ends eleven miles from the high school, the timetable matters. “Every year we wait is a class of students who graduate without it,” said the district's superintendent, Harold Beck.",
        ),
        faqs=(
            (
                "What would the rural broadband bill change?",
                "It would tie part of every federal rural internet grant to independent speed tests, so providers are paid in full only when households actually receive the promised service.",
            ),
            (
                "Who supports the proposal?",
                "The bill was drafted by senators from both parties and passed the committee 14 to 3. Regional providers welcomed parts of it while asking for more flexibility on technology.",
            ),
            (
                "Does the plan increase federal spending?",
                "According to budget analysts, no. It redirects money already set aside for broadband programs and adds a small audit office.",
            ),
            (
                "When could the bill become law?",
                "The full Senate is unlikely to vote before the autumn recess, and the companion House bill has not had a hearing, so any change is months away.",
            ),
        ),
        links=(
            ("Rural clinics turn to telehealth to fill specialist gaps", "/rural-clinics-turn-to-telehealth/"),
            ("More on technology", "/tag/technology/"),
            ("Broadband, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Broadband"),
        ),
    ),
    DemoArticle(
        slug="governor-signs-budget-after-three-week-standoff",
        title="Governor Signs Budget After Marathon Session Ends Three-Week Standoff",
        category="politics",
        author="nadia-calloway",
        topic="state budget standoff",
        tags=("economy",),
        excerpt="The state's spending plan became law shortly after midnight, ending a standoff that had threatened pay for thousands of public workers. Schools and road repairs gained; a promised tax rebate shrank.",
        paragraphs=(
            "The governor signed the state's two-year budget shortly after midnight, ending a three-week standoff that had left agencies drawing up contingency plans and thousands of public employees unsure whether their next paycheck would arrive on time.",
            "The final agreement, reached after a nineteen-hour session at the statehouse, raises school funding by four percent in each year and sets aside more for road and bridge repairs than either chamber had first proposed.",
            "In exchange, leaders in the Assembly accepted a smaller tax rebate than they had campaigned for. Households will receive a one-time credit worth about half the amount originally promised, paid out next spring.",
            "“Nobody in this building got everything they wanted, which is usually how you know it is a real budget,” said Assembly Speaker Dolores Quinn, who spent much of the final night walking between the two caucus rooms.",
            "The standoff began when the Senate rejected a plan to draw down the state's reserve fund. Budget officials had warned that using the reserve for recurring costs would leave little cushion if revenues fell in a downturn.",
            "The compromise leaves the reserve largely intact and instead delays several new programs, including an expansion of state-funded preschool, by a year. Early education advocates said they were disappointed and would return to the fight next session.",
            "Public-sector unions, which had warned that pay could be delayed if the deadline slipped further, welcomed the deal. The state comptroller's office said payroll would run on schedule.",
            "Credit rating agencies had been watching the impasse closely. One agency said in a note that the final plan was “broadly balanced” and that it did not expect to change the state's outlook.",
        ),
        faqs=(
            (
                "Why was the state budget delayed?",
                "The two chambers disagreed over drawing down the state's reserve fund to pay for recurring costs, which budget officials warned would leave little cushion in a downturn.",
            ),
            (
                "What does the final budget mean for schools?",
                "School funding rises by four percent in each of the two years the budget covers.",
            ),
            (
                "Will households still receive a tax rebate?",
                "Yes, but it is smaller than first proposed: a one-time credit worth roughly half the original amount, paid next spring.",
            ),
            (
                "Were public employees' paychecks affected?",
                "No. The comptroller's office said payroll would run on schedule once the budget was signed.",
            ),
            (
                "Which programs were postponed?",
                "Several new programs were delayed by a year, including an expansion of state-funded preschool.",
            ),
        ),
        links=(
            ("Central bank holds rates steady as inflation cools", "/central-bank-holds-rates-steady/"),
            ("More on the economy", "/tag/economy/"),
            ("Government budgets, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Government_budget"),
        ),
    ),
    DemoArticle(
        slug="lakemont-mayoral-race-tightens",
        title="Voters in Lakemont Face Crowded Ballot as Mayoral Race Tightens",
        category="politics",
        author="nadia-calloway",
        topic="mayoral race",
        tags=("elections",),
        excerpt="Five candidates, a new ranked-choice ballot and a late surge by a first-time candidate have turned Lakemont's race for mayor into the closest in two decades.",
        paragraphs=(
            "With less than a month until election day, the race to become Lakemont's next mayor has narrowed into what local pollsters describe as the closest contest in twenty years, with three of the five candidates within a few points of one another.",
            "The city is also using ranked-choice voting for the first time, asking voters to list candidates in order of preference. Election officials have mailed sample ballots to every household and are holding practice sessions at public libraries.",
            "Council member Priya Anand, who has led most surveys since the spring, has built her campaign around housing and a plan to speed up permits for small apartment buildings. Her main rivals are the former police chief, Raymond Tully, and Simone Achterberg, a schoolteacher who had never run for office before this year.",
            "Achterberg's rise has surprised even her own volunteers. A campaign that began with a dozen supporters and a folding table at the farmers' market now claims more than a thousand door-knockers, many of them parents drawn by her focus on after-school programs.",
            "“People want to talk about the things they see on the way to work: the bus that never comes, the park that closes at dusk,” Achterberg said at a candidate forum. Tully has focused on public safety and emergency response times, while Anand argues that housing costs underlie nearly every other problem.",
            "Under the new system, if no candidate wins a majority of first choices, the last-placed candidate is eliminated and those ballots move to their next choice. Officials say a full result may take several days to count.",
            "Early voting opens in two weeks at four sites across the city. The county clerk has urged residents to check their registration and polling place online before then.",
        ),
        faqs=(
            (
                "Who is running for mayor of Lakemont?",
                "Five candidates are on the ballot. Council member Priya Anand, former police chief Raymond Tully and first-time candidate Simone Achterberg lead in recent polls.",
            ),
            (
                "How does ranked-choice voting work in Lakemont?",
                "Voters rank the candidates in order of preference. If nobody wins a majority of first choices, the last-placed candidate is eliminated and those ballots count for their next choice, round by round.",
            ),
            (
                "When will the result be known?",
                "Because ballots may need several rounds of counting, officials say a full result could take several days after election day.",
            ),
            (
                "When does early voting start?",
                "Early voting opens two weeks before election day at four sites across the city.",
            ),
        ),
        links=(
            ("New election security rules draw praise and questions", "/new-election-security-rules/"),
            ("More on elections", "/tag/elections/"),
            ("Ranked voting, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Ranked_voting"),
        ),
        editors_pick=True,
    ),
    DemoArticle(
        slug="new-election-security-rules",
        title="New Election Security Rules Draw Praise From Clerks, Questions From Watchdogs",
        category="politics",
        author="nadia-calloway",
        topic="election security rules",
        tags=("elections", "technology"),
        excerpt="New state rules require a paper record of every vote and a routine audit after each election. County clerks welcome the clarity; transparency groups want audit results published faster.",
        paragraphs=(
            "The state elections board has adopted new security rules that require a paper record of every ballot cast and a routine audit of results in every county after each election, the most significant change to voting procedures in more than a decade.",
            "Under the rules, counties must compare a random sample of paper ballots with the machine totals before results are certified. If the two disagree beyond a narrow margin, the sample is widened until the discrepancy is explained.",
            "Many clerks said the change formalizes what they already do. “Most of us have been hand-checking samples for years. Now everyone does it the same way, and the public can see the method,” said Ana Whitcombe, the clerk of Briar County and president of the state clerks' association.",
            "The rules also set minimum standards for the computers that tally votes, including a ban on connecting them to the internet and a requirement that software updates be tested by an independent laboratory before use.",
            "Transparency groups welcomed the audits but criticized the timeline for publishing them. Counties will have up to thirty days after certification to post audit reports, which watchdogs say is too long to reassure voters during a close contest.",
            "The board said it would review the deadline after the first full election cycle. New paper-ballot equipment for the dozen counties that still need it will be paid for by a state grant, with the first deliveries due before the spring primaries.",
            "Election officials stressed that voters will notice few differences on election day itself. Ballots will look the same, and most polling places already use paper.",
        ),
        faqs=(
            (
                "What do the new election security rules require?",
                "Every vote must have a paper record, and each county must audit a random sample of paper ballots against the machine totals before certifying results.",
            ),
            (
                "What happens if an audit finds a discrepancy?",
                "The sample is widened until officials can explain the difference between the paper ballots and the machine count.",
            ),
            (
                "Why are transparency groups concerned?",
                "They support the audits but say the thirty-day window for publishing audit reports is too long during a close election.",
            ),
            (
                "Will voting look different for residents?",
                "Very little. Ballots look the same and most polling places already use paper; the changes mostly affect what happens after the polls close.",
            ),
        ),
        links=(
            ("Voters in Lakemont face a crowded ballot", "/lakemont-mayoral-race-tightens/"),
            ("More on elections", "/tag/elections/"),
            (
                "Voter-verified paper audit trail (Wikipedia)",
                "https://en.wikipedia.org/wiki/Voter-verified_paper_audit_trail",
            ),
        ),
    ),
    DemoArticle(
        slug="lawmakers-clash-over-rent-cap-plan",
        title="Lawmakers Clash Over Plan to Cap Rent Increases in Fast-Growing Suburbs",
        category="politics",
        author="nadia-calloway",
        topic="rent cap proposal",
        tags=("housing",),
        excerpt="A proposal to limit yearly rent increases drew hours of testimony from tenants, landlords and builders, and exposed divisions within both parties.",
        paragraphs=(
            "A proposal to limit annual rent increases drew more than six hours of testimony at the statehouse, as tenants from fast-growing suburbs described double-digit rises and landlords warned that a cap would discourage new construction.",
            "The bill would cap yearly increases at seven percent plus inflation for most apartments older than fifteen years. Newer buildings would be exempt, a provision its sponsors say protects the pipeline of housing the state badly needs.",
            "Representative Marcus Oyelaran, the bill's lead sponsor, said rents in several suburbs around the capital had risen by a quarter in three years. “These are nurses, bus drivers and retirees. They are not asking for cheap rent. They are asking to know what next year looks like,” he said.",
            "Opponents argued that caps elsewhere have led owners to cut back on maintenance or convert apartments to condominiums. A representative of a statewide landlords' group said small owners, who make up most of the market outside the big cities, would be hit hardest.",
            "The divisions did not fall neatly along party lines. Several suburban lawmakers from both parties said they had heard from constituents on each side, and a group of rural members questioned whether a statewide rule made sense for towns where rents have barely moved.",
            "Economists invited by the committee offered mixed advice. Most agreed that a cap set well above typical increases would do little harm to new building, but cautioned that it would not make housing more affordable unless more homes were also built.",
            "The committee chair said a vote would not come before next month. Negotiations are expected to focus on the size of the cap and on whether to pair it with measures that speed up permits for new apartments.",
        ),
        faqs=(
            (
                "What does the rent cap proposal do?",
                "It would limit yearly rent increases to seven percent plus inflation for most apartments older than fifteen years.",
            ),
            (
                "Are new buildings covered by the cap?",
                "No. Buildings younger than fifteen years are exempt, which the sponsors say protects new construction.",
            ),
            (
                "What are the main arguments against the plan?",
                "Opponents say caps elsewhere have led owners to cut maintenance or convert rentals, and that small landlords would bear most of the cost.",
            ),
            (
                "When will lawmakers vote?",
                "Not before next month. Talks are expected to focus on the size of the cap and on measures to speed up permits for new homes.",
            ),
        ),
        links=(
            ("Landlords turn empty downtown offices into apartments", "/downtown-office-conversions/"),
            ("More on housing", "/tag/housing/"),
            ("Rent regulation, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Rent_regulation"),
        ),
    ),
    DemoArticle(
        slug="cabinet-reshuffle-energy-transport",
        title="Cabinet Reshuffle Brings New Faces to Energy and Transport Posts",
        category="politics",
        author="nadia-calloway",
        topic="cabinet reshuffle",
        tags=("energy", "transport"),
        excerpt="The governor replaced the heads of two departments criticized over winter power outages and a delayed rail extension, promoting a utility regulator and a former city transit chief.",
        paragraphs=(
            "The governor named new leaders for the state's energy and transport departments in the largest shake-up of the cabinet since taking office, a move that follows months of criticism over winter power outages and delays to a commuter rail extension.",
            "Eleanor Brandt, a longtime member of the utility commission, will lead the energy department. She is known at the statehouse for pressing power companies to publish outage data by neighborhood, an idea the governor's office said it now plans to adopt statewide.",
            "At transport, the governor turned to Samuel Kito, who ran the transit agency in the state's second-largest city for six years and oversaw the opening of two light-rail lines close to their original budgets.",
            "Both departing secretaries had faced sharp questioning at legislative hearings. The outgoing energy secretary will return to the private sector, the governor's office said, while the transport secretary will stay on as an adviser during the handover.",
            "“These are two departments where residents feel every decision, whether it is the lights going out or a train that does not come,” the governor said in a statement. “I want leaders who have already delivered on both.”",
            "Opposition lawmakers said the changes were overdue but questioned whether new leadership alone would fix problems they blamed on years of underinvestment in the grid and the rail network.",
            "Both appointments require confirmation by the Senate, where hearings are expected within weeks. Kito's first task, aides said, will be a public review of the rail extension's schedule and cost.",
        ),
        faqs=(
            (
                "Who are the new energy and transport secretaries?",
                "Utility commissioner Eleanor Brandt will lead the energy department, and former city transit chief Samuel Kito will lead transport.",
            ),
            (
                "Why did the governor reshuffle the cabinet?",
                "Both departments had faced months of criticism, over winter power outages and over delays to a commuter rail extension.",
            ),
            (
                "Do the appointments need approval?",
                "Yes. Both require confirmation by the state Senate, with hearings expected within weeks.",
            ),
        ),
        links=(
            ("A new rail link cuts the journey between two border cities", "/cross-border-rail-link-opens/"),
            ("More on energy", "/tag/energy/"),
        ),
    ),
    # --- World --------------------------------------------------------------
    DemoArticle(
        slug="foreign-minister-visits-estravia-water-dispute",
        title="Foreign Minister Heads to Estravia for High-Stakes Talks on a Shared River",
        category="world",
        author="tomas-ferreira",
        co_authors=("nadia-calloway",),
        topic="high-stakes diplomatic visit",
        tags=("diplomacy",),
        excerpt="Veloria's foreign minister arrives in the Estravian capital for the first visit at that level in six years, with a dispute over a dam on the Sareth River at the top of the agenda. Neither side expects a breakthrough.",
        paragraphs=(
            "Veloria's foreign minister, Anselm Drey, arrived in the Estravian capital of Corvan for two days of talks aimed at easing a bitter dispute over water from the Sareth River, the first visit at that level between the neighbors in six years.",
            "The river, which rises in the Estravian highlands and supplies most of Veloria's farmland, has been at the center of tensions since Estravia began filling a large hydroelectric reservoir upstream. Velorian officials say the flow downstream fell by nearly a third during last year's dry season.",
            "Drey is expected to meet his counterpart, Foreign Minister Lidia Maros, and possibly Estravia's prime minister, according to officials from both governments. Diplomats say the agenda also includes border crossings, trade rules for farm goods and a long-delayed fishing agreement on the lake the two countries share.",
            "Expectations are modest. Officials on both sides have described the visit as an effort to restore regular contact rather than to settle the dispute, and neither government has signaled any willingness to change its position on how much water the dam should release.",
            "“The first step is to be in the same room and to agree on the numbers,” Drey told reporters before departing. “We cannot manage a river if we cannot agree how much water is in it.”",
            "Estravia's foreign ministry said in a statement that the country respected its neighbor's concerns but had the right to develop its own resources. It proposed a joint monitoring station on the river, an idea Veloria has previously rejected as too limited.",
            "The visit was first planned for the spring but was postponed after a row over a detained fishing crew, who were released weeks later. Since then, lower-level officials have met twice, once in Corvan and once at a regional forum.",
            "Analysts say even a small agreement, such as a shared schedule for releases during the dry months, would be a meaningful step. “A timetable is not a treaty, but it would be the first thing in years that both sides could point to,” said Halvard Ness, who studies water disputes at the University of Port Ameline.",
            "Farmers downstream are watching closely. In the Velorian valley town of Istra, growers say they have already switched to crops that need less water, and are waiting to learn whether next season's planting calendar will be decided in Corvan.",
        ),
        faqs=(
            (
                "What is the purpose of the foreign minister's visit to Estravia?",
                "To restore regular high-level contact and ease tensions over the Sareth River, whose water both countries depend on. Officials describe it as a first step rather than a settlement.",
            ),
            (
                "Why is the Sareth River disputed?",
                "Estravia is filling a large hydroelectric reservoir upstream, and Veloria says the flow reaching its farmland fell by nearly a third during last year's dry season.",
            ),
            (
                "Is a breakthrough likely?",
                "Officials on both sides have played down expectations. Neither government has signaled that it will change its position on water releases from the dam.",
            ),
            (
                "What other issues are on the agenda?",
                "Border crossings, trade rules for farm goods and a long-delayed fishing agreement on the lake the two countries share.",
            ),
            (
                "Why was the visit postponed?",
                "It was first planned for the spring but was delayed by a row over a detained fishing crew, who were later released.",
            ),
            (
                "What would count as progress?",
                "Analysts say a shared schedule for water releases during the dry months would be a meaningful first step, even without a wider treaty.",
            ),
        ),
        links=(
            ("Ceasefire holds as aid reaches mountain towns", "/ceasefire-holds-aid-reaches-mountain-towns/"),
            ("More on diplomacy", "/tag/diplomacy/"),
            ("Diplomacy, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Diplomacy"),
        ),
    ),
    DemoArticle(
        slug="ceasefire-holds-aid-reaches-mountain-towns",
        title="Ceasefire Holds for a Fifth Day as Aid Convoys Reach Mountain Towns",
        category="world",
        author="tomas-ferreira",
        topic="humanitarian ceasefire",
        tags=("diplomacy",),
        excerpt="Trucks carrying food, medicine and fuel reached three towns in Merova's Talen highlands that had been cut off for weeks, as a fragile truce between government forces and a regional militia held.",
        paragraphs=(
            "A ceasefire between government forces and a regional militia in Merova's Talen highlands held for a fifth day, allowing the first aid convoys in nearly two months to reach three mountain towns that had been cut off by fighting.",
            "Forty trucks carrying flour, medicine, water purification tablets and fuel for generators arrived in the town of Vasko, according to a coalition of relief agencies. Smaller convoys reached two neighboring villages later in the day.",
            "Aid workers described shortages of basic supplies and a hospital running on a single generator. “Doctors have been choosing which rooms get electricity,” said Mirela Sandor, who coordinates the relief coalition's work in the region. “Today they did not have to.”",
            "The truce was brokered by envoys from two neighboring states. It took effect at dawn with commitments from both sides to halt artillery fire and to open a single road corridor for humanitarian traffic.",
            "Each side has accused the other of minor violations, including small-arms fire near a checkpoint, but monitors said there had been no major attacks. The agreement runs for fourteen days, and mediators hope to use that time to negotiate a longer halt to the fighting.",
            "Talks on a broader settlement face steep obstacles. The militia is demanding more autonomy for the highland provinces, while the government insists that any agreement must begin with the militia handing over its heavy weapons.",
            "For now, relief agencies are focused on moving as much as possible into the towns while the road is open. They say they need at least twice as many trucks to build up stocks before winter, when snow usually closes the mountain passes.",
        ),
        faqs=(
            (
                "Where is the ceasefire in place?",
                "In the Talen highlands of Merova, between government forces and a regional militia. It covers a road corridor used for humanitarian deliveries.",
            ),
            (
                "What aid has reached the mountain towns?",
                "Convoys have delivered flour, medicine, water purification tablets and fuel for generators to the town of Vasko and two nearby villages.",
            ),
            (
                "How long will the ceasefire last?",
                "The current agreement runs for fourteen days. Mediators hope to use that time to negotiate a longer pause in the fighting.",
            ),
            (
                "Why are aid agencies in a hurry?",
                "Snow usually closes the mountain passes in winter, so agencies want to build up stocks of food and fuel while the road is open.",
            ),
        ),
        links=(
            (
                "Foreign minister heads to Estravia for high-stakes talks",
                "/foreign-minister-visits-estravia-water-dispute/",
            ),
            ("More world news", "/category/world/"),
            ("Ceasefire, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Ceasefire"),
        ),
    ),
    DemoArticle(
        slug="island-nations-press-for-binding-ocean-targets",
        title="Island Nations Press for Binding Targets at Regional Ocean Summit",
        category="world",
        author="tomas-ferreira",
        co_authors=("selin-aydemir",),
        topic="ocean summit",
        tags=("climate",),
        excerpt="Leaders of small island states used the opening of a regional ocean summit to call for enforceable limits on overfishing and plastic waste, saying voluntary pledges had failed them.",
        paragraphs=(
            "Leaders from a dozen small island states opened a regional ocean summit with a joint call for binding limits on overfishing and plastic pollution, arguing that a decade of voluntary pledges had done little to protect the waters their economies depend on.",
            "The summit, held in the harbor town of Port Ameline, brings together governments, fishing industry groups and scientists for three days of talks. Organizers say it is the largest gathering of its kind in the region.",
            "“Our reefs do not read press releases,” Talia Moana, the president of the island nation of Nareva, said in the opening address. “We need targets that are checked, and consequences when they are missed.”",
            "The islands' proposal would set catch limits for three species of tuna based on independent surveys, require satellite tracking on large fishing vessels and create a shared fund, paid for by license fees, to clean beaches and monitor the health of reefs.",
            "Larger fishing nations attending the summit have signaled support for better tracking but resisted firm catch limits, arguing that current stock surveys are too uncertain. Several delegations proposed a two-year study before any binding numbers are agreed.",
            "Scientists presenting at the summit said some stocks were already under strain. A regional fisheries survey released on the eve of the meeting found that the average size of fish landed at the main ports had fallen steadily for fifteen years, a common sign of overfishing.",
            "Negotiators said the most likely outcome was a framework agreement setting out goals, with the numbers to be filled in at a follow-up meeting next year. Island delegations said they would push for a firm date.",
        ),
        faqs=(
            (
                "What are island nations asking for at the ocean summit?",
                "Binding catch limits for three tuna species, satellite tracking on large fishing vessels and a shared fund for beach clean-ups and reef monitoring.",
            ),
            (
                "Why do they reject voluntary pledges?",
                "Island leaders say a decade of voluntary commitments has not stopped overfishing or plastic waste, and want targets that are checked and enforced.",
            ),
            (
                "Do larger fishing nations agree?",
                "They support better vessel tracking but have resisted firm catch limits, proposing a two-year study first.",
            ),
            (
                "What does the science say about fish stocks?",
                "A regional survey found that the average size of fish landed at the main ports has fallen for fifteen years, a common sign of overfishing.",
            ),
            (
                "What is the likely outcome?",
                "Negotiators expect a framework agreement with goals now and specific numbers at a follow-up meeting next year.",
            ),
        ),
        links=(
            ("Record heat forces school closures in Veloria", "/record-heat-closes-schools-veloria/"),
            ("More on climate", "/tag/climate/"),
            ("Overfishing, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Overfishing"),
        ),
        editors_pick=True,
    ),
    DemoArticle(
        slug="record-heat-closes-schools-veloria",
        title="Record Heat Forces School Closures Across Veloria's Southern Plains",
        category="world",
        author="tomas-ferreira",
        topic="heat wave",
        tags=("climate", "public health"),
        excerpt="Temperatures above 110 degrees Fahrenheit closed hundreds of schools and strained the power grid in southern Veloria, where authorities opened cooling centers and moved outdoor work to the night.",
        paragraphs=(
            "Hundreds of schools across Veloria's southern plains closed for a third day as temperatures climbed above 110 degrees Fahrenheit, the highest readings since national records began, and authorities urged residents to stay indoors in the afternoon.",
            "The national weather service said a dome of high pressure had settled over the region and was unlikely to shift before the end of the week. Overnight temperatures have stayed above 85 degrees in several cities, giving homes little chance to cool down.",
            "The grid operator asked factories to reduce consumption in the late afternoon, when demand for air conditioning peaks, and warned of rolling outages if usage did not fall. Two large plants in the industrial city of Serat agreed to move their shifts to the night.",
            "Hospitals in the region reported a rise in admissions for heat exhaustion and dehydration, particularly among older residents and outdoor workers. The health ministry opened more than two hundred cooling centers in libraries, community halls and shopping malls.",
            "“The people most at risk are often the ones least able to get away from the heat: older people living alone, and people who work outside,” said Dr. Oriane Castel, an emergency physician in the regional capital. She urged neighbors to check on one another at least once a day.",
            "Farmers said the timing could hardly be worse, with the grain harvest about to begin. Many are working from first light and stopping by late morning, and the agriculture ministry has relaxed rules to allow harvesting at night.",
            "Forecasters expect temperatures to ease slightly by the weekend, though readings will remain well above normal. Schools will reopen only when local officials judge classrooms safe, the education ministry said.",
        ),
        faqs=(
            (
                "Why were schools closed in southern Veloria?",
                "Temperatures rose above 110 degrees Fahrenheit, and officials judged classrooms unsafe without adequate cooling.",
            ),
            (
                "Who is most at risk in a heat wave?",
                "Older people, especially those living alone, outdoor workers and people with chronic illnesses are most vulnerable, according to doctors in the region.",
            ),
            (
                "What are the authorities doing to protect residents?",
                "The health ministry has opened more than two hundred cooling centers, and the grid operator has asked factories to cut consumption at peak hours.",
            ),
            (
                "When will the heat ease?",
                "Forecasters expect only a slight easing by the weekend, with temperatures staying well above normal.",
            ),
        ),
        links=(
            ("What heat does to the body, and how to stay safe", "/heat-safety-guide/"),
            ("More on climate", "/tag/climate/"),
            ("Heat wave, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Heat_wave"),
        ),
        editors_pick=True,
    ),
    DemoArticle(
        slug="karsland-election-result-coalition-talks",
        title="Election Result in Karsland Sets Up Difficult Coalition Talks",
        category="world",
        author="tomas-ferreira",
        topic="coalition talks",
        tags=("elections",),
        excerpt="No party won a majority in Karsland's parliamentary election, leaving a new farmers' party that did not exist two years ago in a position to decide who governs.",
        paragraphs=(
            "Karsland's parliamentary election has left no party with a majority, setting the stage for weeks of coalition talks in which a new farmers' party, founded less than two years ago, may decide who governs.",
            "The center-right Union party finished first with 31 percent of the vote, according to official results, ahead of the Social Democrats on 24 percent and the Greens on 14 percent. The Rural Alliance, founded after protests over fuel taxes, won 11 percent in its first national election.",
            "Union leader Henrik Ostberg claimed a mandate to form the next government but acknowledged that he would need at least two partners. “Voters have asked us to lead, and they have also asked us to listen,” he told supporters in the capital, Velmar.",
            "The most discussed option, a coalition of the Union, the Greens and the Rural Alliance, would join parties with sharply different views on farming, fuel prices and climate policy. Green leaders have said they will not support any rollback of the country's emissions targets.",
            "The Social Democrats, who led the outgoing government, said they were ready to talk to all parties but would not serve as a junior partner to the Union. Turnout was 78 percent, the highest in two decades.",
            "Political scientists say the result reflects a widening gap between cities and the countryside. The Rural Alliance won most of its seats in farming districts, while the Greens did best in the capital and in university towns.",
            "Under Karsland's constitution, the head of state invites the leader of the largest party to begin talks. Past negotiations have lasted anywhere from three weeks to nearly four months.",
        ),
        faqs=(
            (
                "Who won Karsland's election?",
                "The center-right Union party finished first with 31 percent of the vote but fell well short of a majority.",
            ),
            (
                "What is the Rural Alliance?",
                "A farmers' party founded after protests over fuel taxes. It won 11 percent in its first national election and may hold the balance in coalition talks.",
            ),
            (
                "Which coalition is most likely?",
                "The most discussed option joins the Union, the Greens and the Rural Alliance, though the three differ sharply on farming and climate policy.",
            ),
            (
                "How long could coalition talks take?",
                "Past negotiations in Karsland have lasted from three weeks to nearly four months.",
            ),
        ),
        links=(
            ("Voters in Lakemont face a crowded ballot", "/lakemont-mayoral-race-tightens/"),
            ("More on elections", "/tag/elections/"),
            ("Coalition government, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Coalition_government"),
        ),
    ),
    DemoArticle(
        slug="cross-border-rail-link-opens",
        title="New Rail Link Cuts Journey Between Two Border Cities to Under an Hour",
        category="world",
        author="tomas-ferreira",
        topic="cross-border rail link",
        tags=("transport", "trade"),
        excerpt="The first passenger trains ran on a new line between Lisk and the Estravian city of Dorne, turning a three-hour bus ride into a 52-minute trip and, its backers hope, joining two labor markets.",
        paragraphs=(
            "The first scheduled passenger trains have begun running on a new line between the Karsland city of Lisk and Dorne, across the border in Estravia, cutting a journey that took nearly three hours by bus to 52 minutes.",
            "The line, built over seven years at a cost shared by the two governments and a regional development fund, includes a tunnel under the Ardel ridge and a new bridge over the river that marks the border. Passport checks are carried out on board.",
            "Officials hope the link will join two labor markets long separated by a winding mountain road. Thousands of people already cross each day for work, many of them nurses and construction workers from Dorne employed in Lisk's hospitals and building sites.",
            "“For twenty years my sister and I have lived an hour's drive apart that took three,” said Oskar Lind, a retired teacher who bought a ticket for the first departure. “Now I can visit her for lunch.”",
            "Trains will run every half hour at peak times and hourly for the rest of the day. Freight services are due to start next year, which regional business groups say will cut costs for manufacturers that now ship parts by truck.",
            "The project was not without controversy. Environmental groups challenged the route through the Ardel forest in court, and the operators agreed to build wildlife crossings and limit freight traffic at night.",
            "Ticket prices are set at about the same level as the bus, and a monthly commuter pass will be offered at a discount during the first year, the rail operator said.",
        ),
        faqs=(
            (
                "How long does the new journey take?",
                "Trains between Lisk and Dorne take 52 minutes, compared with nearly three hours by bus.",
            ),
            ("How often do trains run?", "Every half hour at peak times and hourly for the rest of the day."),
            (
                "Will the line carry freight?",
                "Yes. Freight services are due to start next year, which business groups say will cut costs for manufacturers.",
            ),
            (
                "How much does a ticket cost?",
                "About the same as the bus, and a discounted monthly commuter pass is offered during the first year.",
            ),
        ),
        links=(
            ("Cabinet reshuffle brings new faces to energy and transport", "/cabinet-reshuffle-energy-transport/"),
            ("More on transport", "/tag/transport/"),
            ("Rail transport, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Rail_transport"),
        ),
    ),
    # --- Business -----------------------------------------------------------
    DemoArticle(
        slug="central-bank-holds-rates-steady",
        title="Central Bank Holds Rates Steady, Signals Patience as Inflation Cools",
        category="business",
        author="iris-okafor",
        topic="interest rate decision",
        tags=("economy",),
        excerpt="Policymakers left the benchmark rate unchanged for a third meeting and said they wanted more evidence that price rises are slowing before cutting borrowing costs.",
        paragraphs=(
            "The central bank left its benchmark interest rate unchanged for a third consecutive meeting, saying inflation was cooling but that policymakers wanted more evidence of a lasting slowdown before lowering borrowing costs.",
            "The decision was widely expected. In its statement, the bank's rate-setting committee noted that consumer prices had risen 3.1 percent over the past year, down from a peak of more than 7 percent, but still above its 2 percent target.",
            "Two of the nine committee members voted for a quarter-point cut, arguing that the labor market was softening and that keeping rates high for too long risked an unnecessary rise in unemployment.",
            "“We have made real progress, and we do not want to undo it by moving too soon,” the bank's governor said at a news conference. “Equally, policy works with a lag, and we will not wait for inflation to reach the target before we act.”",
            "Markets read the remarks as a sign that a cut could come within the next two or three meetings. Government bond yields fell slightly after the announcement, and the currency weakened against its main trading partners.",
            "Borrowers have felt the squeeze. Average rates on new thirty-year mortgages remain close to their highest level in more than a decade, and home sales have fallen by about a fifth from a year ago.",
            "Economists said the bank would be watching wage growth and the prices of services most closely in the coming months. “Goods inflation has largely come down. The last mile is rents, insurance and restaurant meals,” said Ruth Adeyemi, chief economist at a regional bank in Harborview.",
        ),
        faqs=(
            (
                "Why did the central bank keep interest rates unchanged?",
                "Inflation has slowed but is still above the bank's 2 percent target, and policymakers want more evidence of a lasting slowdown before cutting.",
            ),
            (
                "What is the current inflation rate?",
                "Consumer prices rose 3.1 percent over the past year, down from a peak above 7 percent.",
            ),
            (
                "Did all policymakers agree?",
                "No. Two of the nine committee members voted for a quarter-point cut, citing a softening labor market.",
            ),
            (
                "When might rates fall?",
                "Markets took the governor's remarks as a sign that a cut could come within the next two or three meetings, though the bank made no commitment.",
            ),
            (
                "How do high rates affect households?",
                "Mortgage rates remain close to their highest level in more than a decade, and home sales are down about a fifth from a year ago.",
            ),
        ),
        links=(
            ("Governor signs budget after three-week standoff", "/governor-signs-budget-after-three-week-standoff/"),
            ("More business news", "/category/business/"),
            ("Interest rates, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Interest_rate"),
        ),
    ),
    DemoArticle(
        slug="regional-grocer-bets-on-smaller-stores",
        title="Regional Grocer Bets on Smaller Stores as Shoppers Trade Down",
        category="business",
        author="iris-okafor",
        topic="retail strategy",
        tags=("economy",),
        excerpt="Pennywell Markets plans to open forty compact stores over three years and shrink some of its largest suburban locations, betting that shoppers want quick trips and cheaper store brands.",
        paragraphs=(
            "Pennywell Markets, a regional grocery chain with 180 stores, plans to open forty smaller neighborhood shops over the next three years and to close or shrink a dozen of its largest suburban locations, in a bet that shoppers have changed the way they buy food.",
            "The new stores will be about a third of the size of a typical supermarket, with a narrower range of products, more ready-to-eat meals and a larger share of the company's own-label goods, which are on average a fifth cheaper than branded equivalents.",
            "“Our customers are making more trips and buying less each time. They want to be in and out in ten minutes, and they are watching every dollar,” chief executive Maureen Calder told analysts on a call to discuss quarterly results.",
            "The company reported a small rise in sales for the quarter, driven by higher prices rather than more items sold. Sales of its store brands grew three times faster than the rest of the business, a pattern seen across the industry as households trade down.",
            "Analysts were divided. Some praised the plan as a sensible response to changing habits; others noted that small stores are expensive to run per square foot and that competitors have tried similar formats with mixed results.",
            "The shift will also affect jobs. Pennywell said staff at stores that close would be offered positions elsewhere in the chain, and that the new shops would employ more people per square foot because of longer opening hours and fresh food counters.",
            "Shares in the company rose 4 percent after the announcement. The first of the new stores is due to open in downtown Harborview early next year.",
        ),
        faqs=(
            (
                "What is Pennywell Markets changing?",
                "It will open forty smaller neighborhood stores over three years and close or shrink a dozen of its largest suburban supermarkets.",
            ),
            (
                "Why are grocers opening smaller stores?",
                "Shoppers are making more frequent, smaller trips and are increasingly choosing cheaper store-brand products, according to the company.",
            ),
            (
                "What happens to staff at stores that close?",
                "Pennywell says they will be offered jobs elsewhere in the chain.",
            ),
        ),
        links=(
            ("Central bank holds rates steady as inflation cools", "/central-bank-holds-rates-steady/"),
            ("More on the economy", "/tag/economy/"),
        ),
    ),
    DemoArticle(
        slug="port-calder-container-backlog-eases",
        title="Port Calder Container Backlog Eases as Shipping Lines Add Capacity",
        category="business",
        author="iris-okafor",
        co_authors=("tomas-ferreira",),
        topic="shipping backlog",
        tags=("trade", "transport"),
        excerpt="The number of ships waiting to unload off Port Calder has fallen from 38 to nine in a month after shipping lines added vessels and the port extended its hours. Importers say costs are finally coming down.",
        paragraphs=(
            "The queue of container ships waiting to unload off Port Calder has shrunk from 38 vessels to nine in a month, port officials said, easing a backlog that had delayed deliveries of everything from furniture to car parts.",
            "The improvement follows a decision by several large shipping lines to add vessels to the route, and by the port to run its cranes around the clock on weekends. A new yard for empty containers, opened on former rail land, has freed space on the docks.",
            "“A month ago a ship could wait eleven days at anchor. Today it is closer to two,” said Gerald Omondi, the port's director of operations. “We are not back to normal, but we can see it from here.”",
            "Importers say the cost of moving goods has started to fall. The price of shipping a standard container on the port's busiest route has dropped by about a quarter from its peak, according to a freight index tracked by industry groups, though it remains well above its level of two years ago.",
            "The backlog was caused by a combination of bad weather, which closed the port for several days, and a surge in imports as retailers restocked ahead of the holiday season. A shortage of truck drivers in the region made it harder to clear containers from the docks.",
            "Manufacturers that rely on just-in-time deliveries were among the hardest hit. A carmaker with a plant near Port Calder said it had idled one production line for a week while it waited for parts.",
            "Port officials warned that the improvement could prove fragile if storms return or imports rise again before the new year. They are asking shippers to book delivery slots in advance to keep trucks moving.",
        ),
        faqs=(
            (
                "How long is the queue at Port Calder now?",
                "Nine ships were waiting to unload, down from 38 a month earlier, and the average wait fell from eleven days to about two.",
            ),
            (
                "What caused the backlog?",
                "Bad weather that closed the port for several days, a surge in imports ahead of the holidays and a shortage of truck drivers to clear containers.",
            ),
            (
                "Are shipping costs falling?",
                "Yes. Moving a standard container on the port's busiest route costs about a quarter less than at the peak, though still well above the level of two years ago.",
            ),
            (
                "Could the backlog return?",
                "Port officials say the recovery is fragile and could reverse if storms return or imports rise again before the new year.",
            ),
        ),
        links=(
            ("A new rail link cuts the journey between two border cities", "/cross-border-rail-link-opens/"),
            ("More on trade", "/tag/trade/"),
            ("Container ships, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Container_ship"),
        ),
        editors_pick=True,
    ),
    DemoArticle(
        slug="battery-startup-to-build-plant-in-textile-town",
        title="Battery Startup Raises Funding to Build Plant in Former Textile Town",
        category="business",
        author="iris-okafor",
        topic="battery manufacturing",
        tags=("energy", "technology"),
        excerpt="Amberline Cells will build its first factory in Ashford Mills, where the last textile plant closed fifteen years ago. The company says the site will employ 600 people at full production.",
        paragraphs=(
            "Amberline Cells, a three-year-old battery company, has raised $410 million from investors to build its first factory in Ashford Mills, a river town whose last textile plant closed fifteen years ago.",
            "The plant will make batteries for storing power from wind and solar farms rather than for cars, using a chemistry based on iron and sodium that the company says is cheaper and less prone to overheating than the lithium-ion cells common today.",
            "Construction is due to begin in the spring on the site of the former Ashford Weaving Company, whose brick mill buildings will be partly preserved as offices and a training center. The company expects to employ about 600 people at full production.",
            "“This town knows how to make things. It just needed someone to bring the work back,” said Gloria Reinholt, the mayor of Ashford Mills, whose father worked at the weaving plant for thirty years.",
            "State officials offered a package of tax credits and road improvements worth about $60 million, tied to hiring targets. If the company misses those targets, part of the incentives must be repaid.",
            "Energy analysts said demand for large-scale storage was growing quickly as utilities add more renewable power, but cautioned that the technology had yet to be proved at scale. Several rival startups with similar ambitions have struggled to move from pilot lines to mass production.",
            "Amberline's chief executive, Dev Mahadevan, acknowledged the risk. “The chemistry works. Now we have to show we can make it by the million at a price utilities will pay,” he said. The first batteries are scheduled to leave the plant in two years.",
        ),
        faqs=(
            (
                "What will the Ashford Mills plant make?",
                "Batteries for storing electricity from wind and solar farms, using an iron and sodium chemistry rather than lithium-ion.",
            ),
            (
                "How many jobs will it create?",
                "The company expects to employ about 600 people when the plant reaches full production.",
            ),
            (
                "What incentives did the state offer?",
                "A package of tax credits and road improvements worth about $60 million, part of which must be repaid if hiring targets are missed.",
            ),
            (
                "When will production start?",
                "Construction begins in the spring, and the first batteries are scheduled to leave the plant in about two years.",
            ),
        ),
        links=(
            ("Cabinet reshuffle brings new faces to energy and transport", "/cabinet-reshuffle-energy-transport/"),
            ("More on energy", "/tag/energy/"),
            ("Grid energy storage, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Grid_energy_storage"),
        ),
    ),
    DemoArticle(
        slug="downtown-office-conversions",
        title="Remote Work Reshapes Downtown Office Market as Landlords Turn to Conversions",
        category="business",
        author="iris-okafor",
        topic="office-to-housing conversions",
        tags=("housing", "economy"),
        excerpt="With nearly a quarter of downtown Harborview's office space empty, owners of older towers are turning them into apartments, helped by a city program that speeds up permits.",
        paragraphs=(
            "Nearly a quarter of the office space in downtown Harborview now sits empty, according to a commercial property survey, and a growing number of owners of older towers have concluded that their buildings will never fill with office workers again.",
            "Seven buildings are being converted into apartments, the most in the city's history, and developers have applied to convert five more. Together they would add about 1,900 homes to a downtown that has long had more desks than residents.",
            "The conversions have been helped by a city program that fast-tracks permits and relaxes some rules written for new construction, such as parking requirements. In return, developers must set aside a tenth of the units at rents affordable to middle-income households.",
            "Not every building is suitable. Towers with deep floors leave many rooms far from a window, and replumbing a building designed for a few restrooms per floor can be costly. “The best candidates are narrow buildings from the 1920s to the 1960s. The glass boxes of the 1980s are much harder,” said architect Leona Fairbairn, whose firm has worked on three of the projects.",
            "For landlords, the alternative is often a steep loss. Several office towers downtown have sold in the past year for less than half what they fetched a decade ago, and banks have grown wary of refinancing loans on half-empty buildings.",
            "Shop owners downtown hope that new residents will bring back the foot traffic they lost when the offices emptied. “Office workers came at lunch. Neighbors come at lunch, at dinner and on the weekend,” said Benedikt Rieger, who runs a bakery near the financial district.",
            "City officials say the goal is a downtown that is busy seven days a week. The first converted building, a former insurance headquarters with 240 apartments, is due to welcome tenants in the autumn.",
        ),
        faqs=(
            (
                "Why are downtown offices being turned into apartments?",
                "Demand for office space has fallen with remote work, leaving nearly a quarter of downtown Harborview's offices empty.",
            ),
            (
                "How many homes could the conversions add?",
                "The seven buildings under conversion and five more proposed would add about 1,900 homes downtown.",
            ),
            (
                "Can any office building become housing?",
                "No. Narrow older buildings convert most easily; deep modern towers leave many rooms without windows and are costly to replumb.",
            ),
            (
                "What does the city require of developers?",
                "In exchange for faster permits and relaxed rules, a tenth of the units must be offered at rents affordable to middle-income households.",
            ),
        ),
        links=(
            ("Lawmakers clash over plan to cap rent increases", "/lawmakers-clash-over-rent-cap-plan/"),
            ("More on housing", "/tag/housing/"),
            ("Adaptive reuse, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Adaptive_reuse"),
        ),
    ),
    # --- Sports -------------------------------------------------------------
    DemoArticle(
        slug="harborview-wins-cup-final-on-penalties",
        title="Harborview Wins Cup Final in Penalty Shootout After Goalless Draw",
        category="sports",
        author="owen-hartley",
        topic="cup final",
        tags=("soccer",),
        excerpt="Goalkeeper Mateo Brandao saved two penalties as Harborview FC beat Ridgeford United 4-2 in a shootout to lift the national cup for the first time in 31 years.",
        paragraphs=(
            "Harborview FC won the national cup for the first time in 31 years, beating Ridgeford United 4-2 in a penalty shootout after a tense final ended goalless through extra time.",
            "Goalkeeper Mateo Brandao was the hero, diving to his left to save Ridgeford's second penalty and then guessing right again to stop the fourth. Captain Elias Varga scored the winning kick, sending it high into the net before sprinting toward the Harborview supporters behind the goal.",
            "The match itself offered few chances. Ridgeford, the league leaders, controlled possession for long spells but struggled to break down a Harborview defense that had conceded only twice in the entire cup run.",
            "The best opportunity fell to Ridgeford striker Kwame Asante midway through the second half, but his header from six yards struck the crossbar. Harborview substitute Jonas Petit forced a fine save from the Ridgeford goalkeeper late in extra time.",
            "“We knew we would have to suffer. This group never stops running for each other,” Harborview coach Anneliese Brook said afterward. “For the people of this city who waited thirty-one years, I am just glad we could finish it.”",
            "Ridgeford's coach said his team had done enough to win but lacked the final touch. The defeat ends their hopes of a league and cup double, although they remain six points clear at the top of the table with eight games to play.",
            "The victory earns Harborview a place in next season's continental competition. Club officials said the team would parade the trophy through the old harbor district on an open-top bus.",
        ),
        faqs=(
            (
                "Who won the cup final?",
                "Harborview FC beat Ridgeford United 4-2 on penalties after a goalless draw, winning the cup for the first time in 31 years.",
            ),
            (
                "Who was the star of the final?",
                "Goalkeeper Mateo Brandao, who saved two penalties in the shootout. Captain Elias Varga scored the winning kick.",
            ),
            (
                "What does the win mean for Harborview?",
                "A place in next season's continental competition, and a trophy parade through the city's old harbor district.",
            ),
            (
                "Can Ridgeford still win the league?",
                "Yes. They remain six points clear at the top of the table with eight games left.",
            ),
        ),
        links=(
            ("More on soccer", "/tag/soccer/"),
            (
                "Rookie's late three sends Ridgeford into the conference finals",
                "/rookie-sends-ridgeford-to-conference-finals/",
            ),
            (
                "Penalty shoot-outs, explained (Wikipedia)",
                "https://en.wikipedia.org/wiki/Penalty_shoot-out_(association_football)",
            ),
        ),
    ),
    DemoArticle(
        slug="veteran-sprinter-announces-final-season",
        title="Veteran Sprinter Announces This Season Will Be Her Last",
        category="sports",
        author="owen-hartley",
        topic="athlete retirement",
        tags=("athletics",),
        excerpt="Two-time world championship medalist Adaeze Whitmore will retire after the national championships this summer, ending a career that spanned four Olympic cycles.",
        paragraphs=(
            "Adaeze Whitmore, one of the country's most decorated sprinters, said this season would be her last, ending a career that has spanned four Olympic cycles and brought two medals at world championships.",
            "Whitmore, 34, made the announcement in a video filmed on the track at the Ridgeford high school where she began running at the age of twelve.",
            "“My body has given me everything I asked of it, and a bit more. I want to leave while I still love it,” she said. She plans to compete in a handful of meets this summer, finishing at the national championships.",
            "Whitmore first broke through as a teenager in the 200 meters and later moved to the 100 meters, where she set a national record that stood for six years. She was also a fixture of the national relay team, anchoring it to a bronze medal at the world championships.",
            "Her career was not without setbacks. A torn hamstring kept her out for most of a season in her late twenties, and she has spoken openly about the anxiety she struggled with after that injury, which has made her a visible advocate for athletes' mental health.",
            "Teammates and rivals paid tribute. The national athletics federation called her “a sprinter who raised the standard for everyone who came after her” and said it would honor her at the championships.",
            "After retiring, Whitmore said, she plans to finish a degree in sports psychology and to coach young sprinters at the club where she started.",
        ),
        faqs=(
            (
                "When will Adaeze Whitmore retire?",
                "After the national championships this summer. She plans to compete in a few meets before then.",
            ),
            (
                "What are her biggest achievements?",
                "Two medals at world championships, including a relay bronze, and a national 100-meter record that stood for six years.",
            ),
            (
                "What will she do after retiring?",
                "She plans to finish a degree in sports psychology and to coach young sprinters at her first club.",
            ),
        ),
        links=(
            ("City marathon moves its start earlier to beat the heat", "/city-marathon-moves-start-earlier/"),
            ("More on athletics", "/tag/athletics/"),
        ),
    ),
    DemoArticle(
        slug="city-marathon-moves-start-earlier",
        title="City Marathon Moves Start Time Earlier to Beat Summer Heat",
        category="sports",
        author="owen-hartley",
        topic="city marathon",
        tags=("athletics", "public health"),
        excerpt="The Harborview Marathon will start at 6 a.m., ninety minutes earlier than before, after two years in which rising temperatures sent dozens of runners to the medical tents.",
        paragraphs=(
            "The Harborview Marathon will start at 6 a.m. this year, ninety minutes earlier than in the past, organizers said, after two consecutive races in which rising temperatures sent dozens of runners to the medical tents.",
            "Last year's race began in cool conditions, but the temperature climbed past 80 degrees by late morning, when thousands of slower runners were still on the course. Medical staff treated more than 120 people for heat-related illness, and eleven were taken to the hospital.",
            "“The fastest runners barely notice the change. The people who benefit are the ones out there for five or six hours, and they are exactly who we worry about,” said race director Colleen Marsh.",
            "Organizers are also adding four water stations, misting tents at the halfway point and a new rule allowing officials to shorten the course for runners who have not reached the 20-mile mark by a set time if temperatures pass a threshold.",
            "Some runners welcomed the move; others grumbled about a 4 a.m. alarm. The transit agency has agreed to run extra early trains on race day to bring runners and volunteers to the start line.",
            "Sports medicine doctors said the changes reflected what many endurance events are doing as summers grow hotter. They advised runners to train in warm conditions, to drink to thirst rather than to a schedule, and to slow down if the day turns hot.",
            "The race, which attracts about 18,000 runners, is scheduled for early June. Registration opens next month.",
        ),
        faqs=(
            ("What time does the Harborview Marathon start?", "At 6 a.m., ninety minutes earlier than in past years."),
            (
                "Why was the start moved?",
                "In the past two races, rising temperatures sent dozens of runners to the medical tents, mostly slower runners still on the course late in the morning.",
            ),
            (
                "What else is changing on race day?",
                "Four extra water stations, misting tents at halfway, extra early trains and a rule to shorten the course for slower runners on very hot days.",
            ),
            (
                "How can runners prepare for a hot race?",
                "Doctors advise training in warm conditions, drinking to thirst and slowing down if the day turns hot.",
            ),
        ),
        links=(
            ("What heat does to the body, and how to stay safe", "/heat-safety-guide/"),
            ("More on athletics", "/tag/athletics/"),
            ("Marathon, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Marathon"),
        ),
        editors_pick=True,
    ),
    DemoArticle(
        slug="rookie-sends-ridgeford-to-conference-finals",
        title="Rookie Guard's Late Three Sends Ridgeford Into Conference Finals",
        category="sports",
        author="owen-hartley",
        topic="basketball playoffs",
        tags=("basketball",),
        excerpt="Darius Fenwick hit a three-pointer with 2.1 seconds left as the Ridgeford Comets beat the Lakemont Lynx 101-99 in game seven, completing a comeback from 3-1 down.",
        paragraphs=(
            "Rookie guard Darius Fenwick hit a three-pointer from the corner with 2.1 seconds left to give the Ridgeford Comets a 101-99 win over the Lakemont Lynx in game seven, completing a comeback from three games to one down and sending Ridgeford to the conference finals.",
            "Fenwick, 21, had scored only four points before the final minute. With the Comets trailing by one, the play was designed for veteran forward Marcus Dale, but Lakemont sent two defenders toward him and Dale found Fenwick alone in the corner.",
            "“I have taken that shot ten thousand times in an empty gym. This time there were eighteen thousand people, and it felt exactly the same,” Fenwick said, a towel still over his shoulders in the locker room.",
            "Lakemont had one last chance, but a long inbound pass was tipped away at midcourt as time expired. The Lynx had led by eleven early in the fourth quarter before Ridgeford closed on a 20-7 run.",
            "Dale finished with 31 points and 12 rebounds, and center Oren Malik added 18 points. Lakemont's Jamal Whitaker scored a game-high 34 in what his coach called one of the finest performances she had seen in a losing effort.",
            "Only a handful of teams in league history have recovered from a 3-1 series deficit. Ridgeford coach Petra Lindahl credited her team's patience. “Nobody panicked. We kept saying: win one game, then win the next one,” she said.",
            "The Comets open the conference finals on the road in three days against the top-seeded team in the conference.",
        ),
        faqs=(
            (
                "Who won game seven between Ridgeford and Lakemont?",
                "The Ridgeford Comets won 101-99 on a three-pointer by rookie Darius Fenwick with 2.1 seconds left.",
            ),
            (
                "How rare is a comeback from 3-1 down?",
                "Very rare: only a handful of teams in league history have recovered from a 3-1 series deficit.",
            ),
            (
                "Who do the Comets play next?",
                "They open the conference finals on the road against the conference's top-seeded team.",
            ),
        ),
        links=(
            ("Harborview wins the cup final on penalties", "/harborview-wins-cup-final-on-penalties/"),
            ("More on basketball", "/tag/basketball/"),
        ),
    ),
    DemoArticle(
        slug="league-approves-salary-cap-changes",
        title="League Approves Salary Cap Changes After Months of Talks",
        category="sports",
        author="owen-hartley",
        topic="salary cap",
        tags=("soccer", "economy"),
        excerpt="Club owners in the national soccer league voted to raise the salary cap by 12 percent and to allow each team two designated players outside it, ending months of talks with the players' union.",
        paragraphs=(
            "The owners of the national soccer league's clubs voted to raise the salary cap by 12 percent next season and to let each team sign two designated players whose wages sit partly outside the cap, ending months of negotiations with the players' union.",
            "The agreement, approved by 17 of the league's 20 clubs, also raises the minimum salary by nearly a fifth and creates a fund to help players pay for education and training after their careers end.",
            "League officials said the changes were meant to help clubs keep their best players, several of whom have left for bigger leagues abroad in recent seasons. “We have been a good place to develop talent and a bad place to keep it,” the league's commissioner said in a statement.",
            "The players' union called the deal a significant step, particularly for younger and lower-paid players. “Most of our members are not stars. The minimum salary matters more to them than any headline signing,” said union president Rafael Ocampo, a former defender.",
            "Smaller clubs worried that the designated player rule would widen the gap between rich and poor teams. Three clubs voted against the package, and the league agreed to review the rule after two seasons.",
            "The deal runs for five seasons and includes a clause allowing either side to reopen talks on the cap after three years if league revenues grow faster than expected.",
            "The cap increase takes effect at the start of next season. Clubs may begin signing designated players when the transfer window opens in the winter.",
        ),
        faqs=(
            (
                "How much will the salary cap rise?",
                "By 12 percent next season, under an agreement approved by 17 of the league's 20 clubs.",
            ),
            (
                "What is a designated player?",
                "A player whose wages count only partly against the salary cap. Each club may sign two.",
            ),
            (
                "What do players gain from the deal?",
                "A minimum salary that rises by nearly a fifth, and a fund for education and training after their careers.",
            ),
            (
                "Why did some clubs vote against it?",
                "Smaller clubs fear the designated player rule will widen the gap between rich and poor teams. The league will review it after two seasons.",
            ),
        ),
        links=(
            ("Harborview wins the cup final on penalties", "/harborview-wins-cup-final-on-penalties/"),
            ("More on soccer", "/tag/soccer/"),
            ("Salary caps, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Salary_cap"),
        ),
    ),
    # --- Entertainment ------------------------------------------------------
    DemoArticle(
        slug="lighthouse-drama-wins-festival-top-prize",
        title="Quiet Drama About a Lighthouse Keeper Takes Top Prize at Port Ameline Film Festival",
        category="entertainment",
        author="owen-hartley",
        topic="film festival",
        tags=("film",),
        excerpt="“The Last Light at Cape Orrin,” a patient debut about a keeper's final winter, won the festival's Golden Gull ahead of several big-budget contenders.",
        paragraphs=(
            "“The Last Light at Cape Orrin,” a quiet debut feature about a lighthouse keeper's final winter before his station is automated, won the top prize at the Port Ameline Film Festival, beating several larger productions with well-known casts.",
            "The film, directed by Ines Valtonen, follows a keeper named Aurel through the short days and long nights of his last months at the lighthouse, with long stretches that pass without dialogue. It was shot over two winters on a remote stretch of coast with a crew of eleven.",
            "Accepting the festival's Golden Gull award, Valtonen thanked the fishing families who lent their boats and kitchens to the production. “We made a film about a man who keeps a light on for strangers. Many strangers kept a light on for us,” she said.",
            "The jury, led by a veteran cinematographer, praised the film's “patience and precision” and the central performance by stage actor Bertil Haugen, who had never before appeared on screen.",
            "The festival's audience award went to “Sunday Kitchen,” a warm comedy about three generations of a family running a restaurant, while the documentary prize went to a film following a year in the life of a rural ambulance crew.",
            "This year's edition drew record attendance, organizers said, with more than 60,000 tickets sold over ten days. A new open-air screen on the harbor front, showing restored classics each night, proved especially popular.",
            "Several distributors are said to be competing for the rights to the winning film. Valtonen told reporters she hoped it would reach cinemas before it appears on streaming services. “It is a film about darkness and light,” she said. “It should be seen in the dark.”",
        ),
        faqs=(
            (
                "Which film won the top prize at the Port Ameline Film Festival?",
                "“The Last Light at Cape Orrin,” directed by Ines Valtonen, a drama about a lighthouse keeper's last winter before his station is automated.",
            ),
            (
                "Who stars in the winning film?",
                "Stage actor Bertil Haugen plays the keeper, in his first screen role.",
            ),
            (
                "What other films won awards?",
                "The audience award went to the family comedy “Sunday Kitchen,” and the documentary prize to a film about a rural ambulance crew.",
            ),
            (
                "When can audiences see the film?",
                "No release date has been set. Distributors are competing for the rights, and the director hopes it will reach cinemas before streaming.",
            ),
        ),
        links=(
            (
                "Streaming service orders a second season of its detective hit",
                "/detective-series-renewed-for-second-season/",
            ),
            ("More on film", "/tag/film/"),
            ("Film festivals, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Film_festival"),
        ),
    ),
    DemoArticle(
        slug="band-returns-with-first-album-in-eight-years",
        title="The Halyards Return With First Album in Eight Years and a Tour of Small Venues",
        category="entertainment",
        author="owen-hartley",
        topic="comeback album",
        tags=("music",),
        excerpt="The folk-rock band's new record, written in a borrowed farmhouse over two winters, arrives with a tour that skips arenas in favor of halls holding a few hundred people.",
        paragraphs=(
            "The Halyards, the folk-rock band whose harmonies filled festival fields a decade ago, have released their first album in eight years, and are marking the occasion with a tour that deliberately avoids the arenas they once played.",
            "The record, titled “Salt and Static,” was written over two winters in a borrowed farmhouse and recorded mostly live, with the four members playing together in a single room. Its twelve songs range from sparse ballads to the loud, stomping choruses the band was known for.",
            "“We stopped because we were tired of each other and tired of the songs. We came back because we missed both,” singer Maren Holloway said in an interview. She described the band's split after a long tour as exhausted rather than bitter.",
            "Early reviews have been warm. Critics have singled out “Lantern Road,” a slow song about Holloway's late grandmother, and “Weatherproof,” an up-tempo track that has already become a radio favorite.",
            "The tour will visit 28 cities, mostly in venues that hold between 300 and 800 people. The band said it wanted to play rooms where it could hear the audience, and it has capped ticket prices to keep resale markups in check.",
            "Tickets for the first dates sold out within minutes, prompting the band to add a second night in several cities. They have promised to announce a handful of larger outdoor shows for next summer.",
            "Holloway said the band had no plans beyond the tour. “We are not making promises this time. We are just going to play these songs as well as we can, for as long as it feels good,” she said.",
        ),
        faqs=(
            (
                "What is the Halyards' new album called?",
                "“Salt and Static.” It is the band's first album in eight years.",
            ),
            (
                "Why did the band stop recording?",
                "Singer Maren Holloway says the members were exhausted after a long tour and tired of each other and of the songs.",
            ),
            (
                "Where will the band tour?",
                "In 28 cities, mostly in venues holding between 300 and 800 people, with capped ticket prices.",
            ),
            ("Will there be bigger concerts?", "The band has promised a handful of larger outdoor shows next summer."),
        ),
        links=(
            ("Open-air concert series returns to Riverside Park", "/riverside-park-concert-series-returns/"),
            ("More on music", "/tag/music/"),
        ),
    ),
    DemoArticle(
        slug="detective-series-renewed-for-second-season",
        title="Streaming Service Orders Second Season of Surprise Detective Hit",
        category="entertainment",
        author="owen-hartley",
        topic="streaming series",
        tags=("television",),
        excerpt="“Low Tide,” a detective drama set in a fading seaside town, became Northlight's most-watched new series of the year with almost no marketing. A second season begins filming in the spring.",
        paragraphs=(
            "The streaming service Northlight has ordered a second season of “Low Tide,” a detective drama set in a fading seaside town that became the platform's most-watched new series of the year despite arriving with almost no advertising.",
            "The show follows Detective Sergeant Ada Crane, who returns to the town where she grew up to investigate the disappearance of a fisherman, and finds that nearly everyone she questions has known her since childhood.",
            "Viewing grew week by week, largely by word of mouth, the service said. By the final episode the series was being watched in more than three times as many households as its premiere.",
            "“We made a small show about a small town and hoped a few people would find it. It turns out a lot of people grew up somewhere like that,” said its creator and head writer, Callum Redfern.",
            "Sorcha Delaney, who plays Crane, will return along with most of the main cast. Redfern said the second season would move the story to winter and introduce a new case connected to the town's shuttered pier.",
            "Critics said the show's success pointed to an appetite for slower, character-led crime stories. Its six-episode season was also shorter than many rival series, which some viewers cited as the reason they finished it.",
            "Filming for the new season will begin in the spring on the same stretch of coast. No release date has been announced.",
        ),
        faqs=(
            (
                "Has “Low Tide” been renewed?",
                "Yes. Northlight has ordered a second season, which begins filming in the spring.",
            ),
            (
                "What is “Low Tide” about?",
                "A detective returns to her seaside hometown to investigate a fisherman's disappearance, questioning people who have known her since childhood.",
            ),
            ("Will the cast return?", "Lead actor Sorcha Delaney and most of the main cast are returning."),
            ("When will the second season be released?", "No release date has been announced yet."),
        ),
        links=(
            ("Lighthouse drama wins the festival's top prize", "/lighthouse-drama-wins-festival-top-prize/"),
            ("More entertainment news", "/category/entertainment/"),
            ("Streaming television, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Streaming_television"),
        ),
        editors_pick=True,
    ),
    DemoArticle(
        slug="historic-theater-reopens-after-restoration",
        title="Historic Majestic Theater Reopens After Four-Year Restoration",
        category="entertainment",
        author="nadia-calloway",
        topic="theater restoration",
        tags=("theater",),
        excerpt="Lakemont's 1920s Majestic Theater has reopened with its painted ceiling restored and 1,100 new seats, after a residents' campaign saved it from demolition.",
        paragraphs=(
            "The Majestic Theater in Lakemont reopened to a sold-out audience after a four-year restoration, bringing back to life a 1920s movie palace that had been closed for two decades and came within weeks of demolition.",
            "Restorers spent more than a year on the auditorium's painted ceiling, a night sky of gold stars and clouds that had been hidden behind a suspended panel and damaged by leaks. About a third of it had to be repainted by hand from old photographs.",
            "The theater now has 1,100 new seats built to the original design but slightly wider, a larger stage that can host touring musicals, and an elevator and ramps that make every level accessible for the first time.",
            "The project began with a petition. When a developer proposed replacing the building with a parking garage, a group of residents formed the Friends of the Majestic, raised money from more than 9,000 donors and persuaded the city to buy the building.",
            "“People kept coming up to us with stories: a first date here, a grandmother who played the organ for silent films. That is what kept us going,” said Ruth Kaminski, who chairs the group.",
            "The opening season includes a touring musical, classic films with live organ accompaniment and free matinees for school groups. The organ, rebuilt from parts found in storage, will be played before evening shows.",
            "City officials hope the theater will draw visitors to the surrounding blocks, where several storefronts stand empty. Two restaurants have already signed leases across the street.",
        ),
        faqs=(
            (
                "When did the Majestic Theater reopen?",
                "It has just reopened after a four-year restoration, with a sold-out first performance.",
            ),
            (
                "What was restored?",
                "The painted ceiling, the auditorium seating and the theater organ, along with a larger stage and access to every level.",
            ),
            (
                "How was the theater saved?",
                "Residents formed the Friends of the Majestic, raised money from more than 9,000 donors and persuaded the city to buy the building instead of letting it be demolished.",
            ),
            (
                "What is on the program?",
                "A touring musical, classic films with live organ accompaniment and free school matinees.",
            ),
        ),
        links=(
            ("Voters in Lakemont face a crowded ballot", "/lakemont-mayoral-race-tightens/"),
            ("Movie palaces, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Movie_palace"),
        ),
    ),
    DemoArticle(
        slug="riverside-park-concert-series-returns",
        title="Open-Air Concert Series Returns to Riverside Park With Free Tickets",
        category="entertainment",
        author="owen-hartley",
        topic="summer concert series",
        tags=("music",),
        excerpt="Harborview's free summer concerts are back for a 25th season, with twelve Friday nights of jazz, folk and brass bands, and a new lottery to share out the busiest dates.",
        paragraphs=(
            "Harborview's free open-air concert series returns to Riverside Park this summer for its 25th season, with twelve Friday evenings of jazz, folk, brass and world music on the lawn beside the river.",
            "The series, paid for by the city and a group of local businesses, has grown from a handful of shows on a borrowed trailer stage into one of the region's best-attended summer events, drawing up to 15,000 people on a fine evening.",
            "For the first time, organizers will hold a free lottery for the four most popular dates, after crowds last year overwhelmed the park and some families were turned away at the gates. The other eight concerts will remain first come, first served.",
            "“It is a lovely problem to have, but we want everyone who comes to have a good evening, and that means not squeezing twenty thousand people onto a lawn built for fifteen,” said Farah Lindqvist, the city's events coordinator.",
            "This year's lineup includes the city youth orchestra, a brass band founded by the port's dockworkers and a closing night led by the Halyards, the folk-rock band touring their first album in eight years.",
            "The park will also have more drinking fountains, shaded seating near the stage and a quiet area for families with young children. Food trucks will be limited to local vendors.",
            "The lottery for the popular dates opens next month on the city's website. Concerts start at 7 p.m., and organizers encourage visitors to arrive by bike or on the river ferry.",
        ),
        faqs=(
            (
                "Are the Riverside Park concerts free?",
                "Yes. All twelve concerts are free, though four popular dates need a ticket from a free lottery.",
            ),
            (
                "Why is there a lottery this year?",
                "Last year's crowds overwhelmed the park and some families were turned away, so organizers want to limit numbers on the busiest nights.",
            ),
            (
                "Who is performing?",
                "The lineup includes the city youth orchestra, a dockworkers' brass band and, on the closing night, the folk-rock band the Halyards.",
            ),
            (
                "How should visitors get there?",
                "Organizers encourage arriving by bike or on the river ferry. Concerts start at 7 p.m.",
            ),
        ),
        links=(
            (
                "The Halyards return with their first album in eight years",
                "/band-returns-with-first-album-in-eight-years/",
            ),
            ("More on music", "/tag/music/"),
        ),
    ),
    # --- Health -------------------------------------------------------------
    DemoArticle(
        slug="health-officials-urge-early-flu-shots",
        title="Health Officials Urge Early Flu Shots Ahead of a Busy Season",
        category="health",
        author="iris-okafor",
        topic="flu vaccination",
        tags=("public health",),
        excerpt="With flu cases rising earlier than usual, state health officials are urging residents to get vaccinated now, especially older adults, young children and people with chronic conditions.",
        paragraphs=(
            "State health officials are urging residents to get their flu vaccine now rather than waiting, after early surveillance data showed cases rising several weeks ahead of the usual pattern.",
            "Laboratory-confirmed flu cases have doubled over the past three weeks, according to the state health department, and two school districts reported absences high enough to trigger letters to parents. Hospital admissions remain low but are beginning to climb.",
            "“Flu seasons that start early often turn out to be long ones. The best time to be protected is before the virus is circulating widely, and that time is now,” said Dr. Miriam Solberg, the state's deputy health officer.",
            "Officials recommend a yearly flu vaccine for everyone aged six months and older. They stressed that it is especially important for adults over 65, young children, pregnant people and anyone with conditions such as asthma, diabetes or heart disease.",
            "The vaccine takes about two weeks to build up protection. It does not prevent every infection, but health officials say it greatly reduces the chance of severe illness and of a hospital stay.",
            "Vaccines are available at pharmacies, clinics and doctors' offices, and are free for most people with health insurance. The health department is also running walk-in clinics in libraries and community centers for people without a regular doctor.",
            "Besides vaccination, officials repeated familiar advice: wash hands often, cover coughs and sneezes, and stay home when sick. People at higher risk who develop symptoms should contact a doctor early, since antiviral medicines work best when started quickly.",
        ),
        faqs=(
            (
                "Why are health officials urging early flu shots this year?",
                "Flu cases are rising several weeks earlier than usual, and seasons that start early often turn out to be long ones.",
            ),
            (
                "Who should get a flu vaccine?",
                "Everyone aged six months and older, and especially adults over 65, young children, pregnant people and people with chronic conditions.",
            ),
            ("How long does the flu vaccine take to work?", "About two weeks after the shot."),
            (
                "Does the vaccine prevent all flu infections?",
                "No, but it greatly reduces the risk of severe illness and of a hospital stay.",
            ),
            (
                "Where can I get a flu shot?",
                "At pharmacies, clinics and doctors' offices, and at the walk-in clinics the health department runs in libraries and community centers.",
            ),
        ),
        links=(
            (
                "Hospitals report shorter emergency waits after a triage overhaul",
                "/hospitals-report-shorter-emergency-waits/",
            ),
            ("More on public health", "/tag/public-health/"),
            ("Influenza vaccines, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Influenza_vaccine"),
        ),
    ),
    DemoArticle(
        slug="short-daily-walks-linked-to-better-sleep",
        title="Study Links Short Daily Walks to Better Sleep in Older Adults",
        category="health",
        author="iris-okafor",
        topic="exercise and sleep",
        tags=("research",),
        excerpt="Adults over 60 who added a 20-minute walk to their day fell asleep faster and woke less often at night, a year-long study found. Researchers say timing may matter as much as distance.",
        paragraphs=(
            "Older adults who added a brisk 20-minute walk to their daily routine fell asleep faster and woke less often during the night, according to a year-long study by researchers at the University of Port Ameline.",
            "The study followed about 1,400 people aged 60 to 85 who reported trouble sleeping. Half were asked to walk for at least 20 minutes a day, while the others received general advice on sleep habits. Participants wore wrist monitors that tracked their movement and sleep.",
            "After a year, the walking group took on average 14 minutes less to fall asleep and reported fewer nights of broken sleep than the comparison group. The benefits were largest among those who walked in the morning or early afternoon, outdoors in daylight.",
            "“It was not about distance or speed. What mattered most was doing it regularly, and doing it in daylight,” said Dr. Keiko Lindgren, the study's lead author. Daylight helps set the body's internal clock, which tends to weaken with age.",
            "The researchers cautioned that the study could not rule out every other explanation, since people who kept up the walking routine may have differed in other ways. Independent sleep specialists called the findings encouraging but said larger trials were needed.",
            "For people who cannot walk easily, the authors suggested other forms of light activity, such as seated exercises or time spent outdoors, though they did not test these directly.",
            "Doctors advise anyone with persistent sleep problems to speak to a health professional, since poor sleep can be a sign of conditions, such as sleep apnea, that need treatment.",
        ),
        faqs=(
            (
                "What did the study find?",
                "Older adults who walked for 20 minutes a day fell asleep about 14 minutes faster on average and had fewer nights of broken sleep than a comparison group.",
            ),
            (
                "Does the time of day matter?",
                "The benefits were largest among people who walked in the morning or early afternoon, outdoors in daylight.",
            ),
            (
                "Who took part in the study?",
                "About 1,400 people aged 60 to 85 who reported trouble sleeping, followed for a year.",
            ),
            (
                "Are the results conclusive?",
                "Not yet. Independent specialists called them encouraging but said larger trials are needed.",
            ),
        ),
        links=(
            ("Health officials urge early flu shots", "/health-officials-urge-early-flu-shots/"),
            ("More health news", "/category/health/"),
            ("Sleep, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Sleep"),
        ),
    ),
    DemoArticle(
        slug="rural-clinics-turn-to-telehealth",
        title="Rural Clinics Turn to Telehealth to Fill Specialist Gaps",
        category="health",
        author="iris-okafor",
        topic="telehealth",
        tags=("technology", "public health"),
        excerpt="Small clinics in the northern counties are linking patients to heart specialists and psychiatrists by video, cutting waits from months to weeks. Patchy internet remains the biggest obstacle.",
        paragraphs=(
            "A network of small clinics in the state's northern counties is using video consultations to connect patients with heart specialists, psychiatrists and dermatologists based in city hospitals, cutting waiting times that once stretched for months.",
            "Under the program, patients visit their local clinic, where a nurse helps with the call, takes measurements and uses connected devices, such as electronic stethoscopes, that send readings to the specialist in real time.",
            "Since the program began two years ago, the average wait for a first specialist appointment has fallen from about four months to five weeks, according to the regional health cooperative that runs the clinics. Patients also save drives that can exceed two hours each way.",
            "“A farmer who needs to see a cardiologist used to lose a full day of work and a tank of fuel. Now he loses an hour,” said Nora Eklund, a nurse practitioner at the clinic in Millbrook Falls.",
            "The biggest obstacle is the internet itself. In several towns, connections are too slow for reliable video, and calls drop during busy hours. Some clinics have installed satellite links as a backup, at considerable cost.",
            "Doctors involved say video works well for follow-up visits, mental health care and reviewing test results, but that some conditions still require an examination in person. The cooperative schedules those on days when specialists travel to the region.",
            "State lawmakers considering a bill to overhaul rural broadband funding have cited the program as an example of what better connections could make possible across the countryside.",
        ),
        faqs=(
            (
                "How does telehealth work at rural clinics?",
                "Patients visit their local clinic, where a nurse joins the video call and uses connected devices so that a specialist in the city can examine them remotely.",
            ),
            (
                "Has telehealth reduced waiting times?",
                "Yes. The average wait for a first specialist appointment fell from about four months to five weeks.",
            ),
            (
                "What is the main challenge?",
                "Slow or unreliable internet connections in several towns, which can make video calls drop.",
            ),
            (
                "Can every condition be treated by video?",
                "No. Video suits follow-ups, mental health care and test results; some conditions still need an examination in person.",
            ),
        ),
        links=(
            ("Senate committee advances rural broadband plan", "/senate-committee-advances-rural-broadband-plan/"),
            ("More on technology", "/tag/technology/"),
            ("Telehealth, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Telehealth"),
        ),
        editors_pick=True,
    ),
    DemoArticle(
        slug="hospitals-report-shorter-emergency-waits",
        title="Hospitals Report Shorter Emergency Waits After Triage Overhaul",
        category="health",
        author="iris-okafor",
        topic="emergency room wait times",
        tags=("public health",),
        excerpt="Three Harborview hospitals cut the median emergency department wait by 40 minutes after putting senior doctors at the front door and opening fast-track areas for minor injuries.",
        paragraphs=(
            "Three hospitals in Harborview have cut the median time patients wait to see a doctor in their emergency departments by about 40 minutes, after changing how patients are assessed when they first arrive.",
            "Under the new system, an experienced doctor and a nurse work together at the front door during the busiest hours, assessing each patient within minutes, ordering tests straight away and sending people with minor injuries to a separate fast-track area.",
            "Previously, patients were assessed by a nurse and then waited, often for hours, to see a doctor who would order tests. Now many tests are already under way by the time a patient reaches a treatment room.",
            "“We did not add beds. We changed the order in which things happen,” said Dr. Samuel Achebe, who led the project at Harborview General Hospital. “The sickest people still come first, but nobody waits to be told they need an X-ray.”",
            "The share of patients who left before being seen, a measure hospitals watch closely, fell by half. Staff surveys showed that nurses in the waiting area felt less pressure, though doctors said the front-door role was demanding.",
            "The improvements have limits. Patients who need admission still wait for a ward bed, and hospital leaders said shortages of beds, and of staff in nursing homes, which slow discharges, remained the main cause of crowding.",
            "The state health department said it would study the results with a view to encouraging other hospitals to adopt the approach. It reminded residents that urgent care clinics and pharmacists can help with many minor problems.",
        ),
        faqs=(
            (
                "How much have emergency waits fallen?",
                "The median wait to see a doctor fell by about 40 minutes at three Harborview hospitals.",
            ),
            (
                "What changed in the emergency departments?",
                "A senior doctor and a nurse now assess patients together on arrival, order tests straight away and send minor injuries to a fast-track area.",
            ),
            (
                "Does this solve emergency room crowding?",
                "Not entirely. Patients who need a ward bed still wait, and hospitals say shortages of beds and staff remain the main cause of crowding.",
            ),
            (
                "Where else can patients go for minor problems?",
                "Urgent care clinics and pharmacists can help with many minor problems.",
            ),
        ),
        links=(
            ("Health officials urge early flu shots", "/health-officials-urge-early-flu-shots/"),
            ("More on public health", "/tag/public-health/"),
            ("Triage, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Triage"),
        ),
    ),
    DemoArticle(
        slug="heat-safety-guide",
        title="What Heat Does to the Body, and How to Stay Safe This Summer",
        category="health",
        author="iris-okafor",
        topic="heat safety",
        tags=("climate", "public health"),
        excerpt="Extreme heat is one of the deadliest kinds of weather, but most of its harm can be prevented. Doctors explain the warning signs of heat illness and the simple steps that protect those most at risk.",
        paragraphs=(
            "Heat waves rarely make dramatic headlines the way storms and floods do, yet doctors say extreme heat is among the deadliest kinds of weather, and that most of the harm it does can be prevented with simple steps.",
            "The body cools itself mainly by sweating. When the air is very hot or humid, sweat evaporates slowly and the body's core temperature can rise. Older people, young children, people with heart or lung disease and those taking certain medicines are less able to cope.",
            "Heat exhaustion is the milder form of heat illness. Its signs include heavy sweating, cold and clammy skin, headache, dizziness, nausea and muscle cramps. Moving somewhere cooler, loosening clothing and sipping water usually bring relief within an hour.",
            "Heat stroke is a medical emergency. Warning signs include a very high body temperature, hot and red skin, confusion or slurred speech, and loss of consciousness. Call emergency services and start cooling the person with cold water or damp cloths while waiting for help.",
            "“The most important thing people can do is check on each other, especially older neighbors who live alone,” said Dr. Oriane Castel, an emergency physician who treated dozens of heat patients during a recent heat wave. “A phone call in the afternoon can save a life.”",
            "Health agencies recommend staying in air conditioning during the hottest hours, even for a few hours at a library or cooling center, drinking water regularly, avoiding heavy exercise in the afternoon and never leaving children or pets in a parked car.",
            "Homes stay cooler when curtains are closed on sunny windows during the day and windows are opened at night, when the air outside is cooler. Fans help, but at very high temperatures they are not enough on their own.",
        ),
        faqs=(
            (
                "What is the difference between heat exhaustion and heat stroke?",
                "Heat exhaustion causes heavy sweating, dizziness and nausea and usually improves with rest and water. Heat stroke, with a very high body temperature and confusion, is a medical emergency.",
            ),
            (
                "Who is most at risk from extreme heat?",
                "Older people, young children, people with heart or lung disease and people taking certain medicines.",
            ),
            (
                "What should I do if someone shows signs of heat stroke?",
                "Call emergency services and cool the person with cold water or damp cloths while waiting for help.",
            ),
            (
                "Are fans enough to stay cool?",
                "Fans help, but at very high temperatures they are not enough on their own; a few hours in air conditioning is safer.",
            ),
            (
                "How can I keep my home cooler?",
                "Close the curtains on sunny windows during the day and open the windows at night, when the outside air is cooler.",
            ),
            (
                "Why should I check on my neighbors?",
                "Older people living alone are among those most at risk, and a simple phone call can catch heat illness early.",
            ),
        ),
        links=(
            ("Record heat forces school closures in Veloria", "/record-heat-closes-schools-veloria/"),
            ("More on climate", "/tag/climate/"),
            ("Heat stroke, explained (Wikipedia)", "https://en.wikipedia.org/wiki/Heat_stroke"),
        ),
    ),
)


# A correction note on a published article, as an editor appends one (articles.services.correction_add).
@dataclass(frozen=True)
class DemoCorrection:
    article: str  # the article's slug
    kind: str
    placement: str
    text: str


CORRECTIONS = (
    DemoCorrection(
        article="central-bank-holds-rates-steady",
        kind="correction",
        placement="top",
        text=(
            "An earlier version of this article said that <em>three</em> of the nine committee members voted "
            'for a cut. Two did, as the bank\'s <a href="/category/business/">statement</a> shows.'
        ),
    ),
)


# A story covered live: its entries as an editor posts them (articles.services.live_entry_save),
# each so many minutes before the seed runs; `True` marks a key event.
@dataclass(frozen=True)
class DemoLiveCoverage:
    article: str  # the article's slug
    started_minutes_ago: int
    entries: tuple  # (minutes ago, key event, text), oldest first


LIVE_COVERAGE = DemoLiveCoverage(
    article="karsland-election-result-coalition-talks",
    started_minutes_ago=190,
    entries=(
        (
            185,
            True,
            "The first round of coalition talks opens at the presidential palace in Velmar. Union leader Henrik "
            "Ostberg was the first to arrive.",
        ),
        (
            150,
            False,
            "Green leader Maja Lind, arriving an hour later: “We will not support any rollback of the country's "
            "emissions targets, whoever asks us.”",
        ),
        (
            118,
            True,
            "The Rural Alliance says it will join the talks but wants the fuel tax frozen for two years as its "
            "price for any deal.",
        ),
        (
            84,
            False,
            "Farmers' tractors line the avenue outside the palace in support of the Rural Alliance. "
            "Police say the gathering is peaceful.",
        ),
        (
            52,
            False,
            "A reminder of the numbers: the Union won <strong>31 percent</strong>, the Social Democrats 24, the "
            'Greens 14 and the Rural Alliance 11. Our explainer on <a href="/tag/elections/">how the talks work</a>.',
        ),
        (
            21,
            True,
            "Talks break for the day. Ostberg says the three parties have agreed to meet again on Monday and to "
            "start with farming policy.",
        ),
        (
            6,
            False,
            "The Social Democrats, left out of today's round, say they remain ready to talk to all parties but will "
            "not serve as a junior partner to the Union.",
        ),
    ),
)


# An unpublished draft: in the admin only, never on a public page.
DRAFT_ARTICLE = DemoArticle(
    slug="draft-late-night-bus-pilot",
    title="Draft: Council Weighs Late-Night Bus Pilot for Shift Workers",
    category="politics",
    author="nadia-calloway",
    topic="late-night transit",
    tags=("transport",),
    excerpt="A proposal before the Harborview council would run buses every thirty minutes between midnight and 5 a.m. on three routes serving hospitals and the port.",
    paragraphs=(
        "Harborview's city council is considering a one-year pilot that would run buses every thirty minutes through the night on three routes serving the city's hospitals, the port and its largest warehouses.",
        "Supporters say thousands of shift workers, from nurses to cleaners, now rely on expensive ride-hailing trips or long walks to get home after midnight, when regular service ends.",
        "The pilot would cost about $4 million, split between the city and the regional transit agency. Council member Eamon Delacroix, who proposed it, said ridership in the first year would show whether the demand is real.",
        "Transit officials support the idea in principle but warn that they are still short of drivers. They have asked for the pilot to begin in the new year, after a recruitment drive.",
        "Council members are expected to discuss the proposal at a committee meeting next month, with a vote possible before the budget is finalized.",
        "Editor's note: cost figures to be confirmed with the transit agency before publication.",
    ),
    faqs=(
        (
            "What is the late-night bus pilot?",
            "A one-year trial of buses every thirty minutes between midnight and 5 a.m. on three routes serving hospitals, the port and warehouses.",
        ),
        ("How much would it cost?", "About $4 million, split between the city and the regional transit agency."),
        (
            "When could it start?",
            "Transit officials have asked for a start in the new year, after a driver recruitment drive.",
        ),
    ),
    links=(
        ("Cabinet reshuffle brings new faces to energy and transport", "/cabinet-reshuffle-energy-transport/"),
        ("More on transport", "/tag/transport/"),
    ),
)

# Published, but with a publication time a few days ahead: it goes live on its own.
SCHEDULED_ARTICLE = DemoArticle(
    slug="scheduled-season-preview-five-questions",
    title="Scheduled: Five Questions Before the New Soccer Season Kicks Off",
    category="sports",
    author="owen-hartley",
    topic="season preview",
    tags=("soccer",),
    excerpt="Can Ridgeford finally win the double? Will Harborview cope with a continental campaign? And how will the new salary cap rules change the transfer market?",
    paragraphs=(
        "The new national soccer league season kicks off this weekend with a familiar favorite, a cup holder adjusting to life in continental competition and, for the first time, clubs able to sign two designated players outside the salary cap. Here are five questions that will shape the months ahead.",
        "Can Ridgeford finish the job? Last season's league leaders ran away with the title race but lost the cup final on penalties. Their squad is largely unchanged, and their coach has said the only target is both trophies.",
        "How will Harborview handle a busier calendar? The cup winners will play midweek continental matches for the first time in more than three decades. With a small squad, rotation will be essential, and their coach has asked for two more defenders.",
        "Who will use the designated player rule first? Several clubs are said to be negotiating with players abroad. Smaller clubs will be watching for signs that the rule is widening the gap between rich and poor.",
        "Which young players will break through? The league's academies produced a record number of first-team debuts last season, and scouts expect more as clubs look for value.",
        "Will attendance keep rising? Crowds grew for a third straight season, helped by cheaper family tickets, and clubs hope a close title race will keep the stands full.",
    ),
    faqs=(
        ("When does the new season start?", "The national soccer league season kicks off this weekend."),
        (
            "What is new this season?",
            "For the first time, each club may sign two designated players whose wages sit partly outside the salary cap.",
        ),
        (
            "Who are the favorites?",
            "Ridgeford United, last season's league leaders, whose squad is largely unchanged.",
        ),
    ),
    links=(
        ("Harborview wins the cup final on penalties", "/harborview-wins-cup-final-on-penalties/"),
        ("League approves salary cap changes", "/league-approves-salary-cap-changes/"),
    ),
)

# Word lists for the synthetic benchmark articles (`seed_demo --articles N`).
BENCH_PLACES = (
    "Harborview",
    "Lakemont",
    "Ridgeford",
    "Port Calder",
    "Ashford Mills",
    "Millbrook Falls",
    "Briar County",
    "Port Ameline",
)
BENCH_ACTORS = (
    "City council",
    "Transit agency",
    "School board",
    "Health department",
    "Regional bank",
    "Local club",
    "Port authority",
    "Planning commission",
    "Farmers' cooperative",
    "Museum board",
)
BENCH_VERBS = (
    "approves",
    "delays",
    "reviews",
    "expands",
    "questions",
    "backs",
    "rejects",
    "unveils",
    "funds",
    "postpones",
)
BENCH_OBJECTS = (
    "plan for new river crossing",
    "budget for road repairs",
    "proposal to extend library hours",
    "bid to host regional games",
    "study of downtown parking",
    "program for summer jobs",
    "upgrade of water mains",
    "rules for street vendors",
    "new bus timetable",
    "tender for solar panels on schools",
)
BENCH_SENTENCES = (
    "Officials said the decision followed months of public meetings and written comments from residents.",
    "Supporters argue the change is overdue, while critics question the cost and the timetable.",
    "A final vote is expected after a further round of consultation later in the year.",
    "Residents can read the full proposal on the public notice board and at the central library.",
    "The figures will be reviewed again once the next quarterly report is published.",
    "Local businesses said they would welcome clearer rules and a firm start date.",
    "Several speakers asked for more detail on how the work would be paid for.",
    "The committee agreed to publish a summary of the responses it received.",
    "Staff expect the first phase to take about eighteen months to complete.",
    "Neighboring towns are watching the outcome closely as they weigh similar plans.",
    "The chair thanked volunteers who collected signatures over the summer.",
    "An independent review found the earlier estimates were broadly accurate.",
)
BENCH_QUESTIONS = (
    ("What was decided?", "The proposal moved forward after a public meeting; a final vote comes later."),
    ("How can residents comment?", "Written comments can be sent to the clerk's office before the next meeting."),
)

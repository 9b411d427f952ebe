"""A small newsroom that reads like the real site, built with the article factories.

The browser tests and the screenshots look at this content: real-sounding
headlines in every section, authors, topics, FAQs and further reading, so
that what the pages show is what a reader would see.
"""

from datetime import timedelta

from django.core.management import call_command, get_commands
from django.utils import timezone

from articles.tests.factories import make_article, make_author, make_category, make_faq, make_related_link, make_topic

SECTIONS = [
    ("Politics", "politics"),
    ("World", "world"),
    ("Business", "business"),
    ("Sports", "sports"),
    ("Entertainment", "entertainment"),
    ("Health", "health"),
]

AUTHORS = [
    ("Ethan Kim", "ethan-kim", "Ethan covers diplomacy and foreign policy from Washington."),
    ("Maria Lopez", "maria-lopez", "Maria reports on markets, trade and the companies that shape them."),
    ("Grace Okafor", "grace-okafor", "Grace writes about public health and medical research."),
    ("Tom Becker", "tom-becker", "Tom follows football, tennis and the business of sport."),
]

# (section, author index, topic, title, excerpt)
STORIES = [
    (
        "world",
        0,
        "high-stakes diplomatic visit",
        "Secretary of State heads to Beijing for a high-stakes diplomatic visit",
        "The first visit of its kind in five years aims to steady relations between the two largest economies.",
    ),
    (
        "politics",
        0,
        "budget talks",
        "Senate leaders reach a tentative deal to avert a government shutdown",
        "Negotiators agreed on spending levels late on Sunday; both chambers still have to vote.",
    ),
    (
        "business",
        1,
        "interest rates",
        "Central bank holds rates steady and signals patience on cuts",
        "Policymakers said inflation was easing but not yet close enough to their two per cent goal.",
    ),
    (
        "sports",
        3,
        "championship final",
        "Underdogs clinch the championship in a penalty shoot-out",
        "A goalkeeper who joined the club in January saved two penalties to settle a tense final.",
    ),
    (
        "entertainment",
        1,
        "film festival",
        "Quiet drama about a family bakery wins the festival's top prize",
        "The jury praised its warmth and restraint; the director thanked her grandmother's recipes.",
    ),
    (
        "health",
        2,
        "heat and health",
        "Doctors warn of heat-related illness as a long hot spell settles in",
        "Hospitals are preparing for more patients; older people and outdoor workers are most at risk.",
    ),
    (
        "world",
        0,
        "climate summit",
        "Coastal nations press for a loss-and-damage fund at the climate summit",
        "Island states say rising seas already cost them a share of their yearly income.",
    ),
    (
        "business",
        1,
        "electric cars",
        "Carmaker doubles battery output as electric car sales climb",
        "The new plant will employ two thousand people when it reaches full production next year.",
    ),
    (
        "health",
        2,
        "sleep research",
        "A good night's sleep may protect memory in later life, study finds",
        "Researchers followed eight thousand adults for twenty years.",
    ),
    (
        "sports",
        3,
        "tennis",
        "Teenager stuns the top seed to reach her first quarter-final",
        "The seventeen-year-old qualifier won in straight sets on a packed centre court.",
    ),
    (
        "politics",
        0,
        "election reform",
        "States test new ways to count ballots faster on election night",
        "Officials hope earlier processing of postal votes will cut the wait for results.",
    ),
    (
        "entertainment",
        1,
        "streaming",
        "Streaming services bet on live events to keep subscribers",
        "Concerts, award shows and sport are moving from television to the apps.",
    ),
]

BODY = """<p>{excerpt}</p>
<p>Officials and experts spoke to BBN about what the coming weeks could bring. Several said the outcome
would depend on decisions that have not yet been taken, and that the details matter as much as the headlines.</p>
<p>"We are cautiously hopeful," one of them said, "but there is a lot of work still ahead of us."</p>
<p>Critics were less convinced. They pointed to earlier promises that were not kept and asked for clear
timetables that the public can check. A further update is expected before the end of the month.</p>"""


def build_newsroom():
    """Twelve published stories in six sections by four authors, each with FAQs and further reading."""
    now = timezone.now()
    sections = {
        slug: make_category(name=name, slug=slug, menu_order=position, description=f"The latest {name} news.")
        for position, (name, slug) in enumerate(SECTIONS, start=1)
    }
    authors = [make_author(name=name, slug=slug, bio=bio) for name, slug, bio in AUTHORS]
    articles = []
    for hours_ago, (section, author, topic_name, title, excerpt) in enumerate(STORIES):
        topic = make_topic(name=topic_name, slug=topic_name.replace(" ", "-").replace("'", ""))
        article = make_article(
            title=title,
            slug=title.lower().replace(" ", "-").replace("'", "").replace(",", "")[:80].strip("-"),
            category=sections[section],
            author=authors[author],
            topic=topic,
            excerpt=excerpt,
            body=BODY.format(excerpt=excerpt),
            published_at=now - timedelta(hours=3 * hours_ago + 1),
            is_editors_pick=hours_ago % 4 == 0,
        )
        make_faq(
            article,
            question=f"What is the {topic_name} about?",
            answer=excerpt,
            position=1,
        )
        make_faq(
            article,
            question="What happens next?",
            answer="A further update is expected before the end of the month.",
            position=2,
        )
        make_related_link(article, title=f"Background: {topic_name} explained", url=f"/tag/{topic.slug}/", position=1)
        articles.append(article)
    return {"sections": sections, "authors": authors, "articles": articles, "lead": articles[0]}


def seed_demo_content():
    """The project's demo content (and demo comments, when that command exists), else the newsroom above."""
    commands = get_commands()
    if "seed_demo" not in commands:
        return build_newsroom()
    call_command("seed_demo", verbosity=0)
    if "seed_demo_comments" in commands:
        call_command("seed_demo_comments", verbosity=0)
    return None

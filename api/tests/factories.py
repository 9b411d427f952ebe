"""Content of every state, for the API's tests: what is public, and what must never be shown."""

from dataclasses import dataclass, field

from articles.models import Article
from articles.services import article_unpublish
from articles.tests.factories import (
    make_article,
    make_author,
    make_category,
    make_draft,
    make_faq,
    make_related_link,
    make_scheduled,
    make_topic,
)
from comments.models import Comment
from comments.tests.factories import make_comment, make_user


@dataclass
class World:
    public: list = field(default_factory=list)
    hidden_articles: list = field(default_factory=list)
    # Text that is in the database and must appear in no answer.
    secrets: list = field(default_factory=list)


def make_world():
    """Published, draft, in-review, scheduled and unpublished articles; comments of every status."""
    world = World()
    writer = make_user("wanda_login", email="wanda.private@newsroom.example")
    author = make_author(name="Wanda Writer", slug="wanda-writer", user=writer)
    other_author = make_author(name="Oscar Other", slug="oscar-other")
    news = make_category(name="World News", slug="world-news", description="From everywhere.")
    sport = make_category(name="Sport", slug="sport")
    envoy = make_topic(name="Envoy", slug="envoy")
    talks = make_topic(name="Talks", slug="talks")

    story = make_article(
        title="Envoy lands in the capital", slug="envoy-lands", author=author, category=news, topic=envoy
    )
    story.tags.add(envoy, talks)
    make_faq(story, question="Who is the envoy?", answer="A diplomat.")
    make_related_link(story, title="Background", url="/envoy-background/")
    approved = make_comment(
        story,
        name="Ada",
        email="ada.secret@example.org",
        body="A public remark.",
        website="https://ada.example.org",
        ip_address="203.0.113.7",
        user_agent="SecretBrowser/1.0",
    )
    make_comment(
        story,
        name="Bob",
        email="bob.secret@example.org",
        body="A public reply.",
        parent=approved,
        ip_address="198.51.100.23",
    )
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH):
        make_comment(
            story,
            name=f"Hidden {status}",
            email=f"{status}.secret@example.org",
            body=f"Held words {status} never shown.",
            status=status,
            held_reason=f"Reason {status} for the moderators.",
            ip_address="192.0.2.99",
        )
    world.secrets += [
        "ada.secret@example.org",
        "bob.secret@example.org",
        "203.0.113.7",
        "198.51.100.23",
        "192.0.2.99",
        "SecretBrowser",
        "wanda.private@newsroom.example",
        "wanda_login",
        "for the moderators",
        "Held words",
        "Hidden pending",
        "Hidden spam",
        "Hidden trash",
    ]
    second = make_article(title="Match report", slug="match-report", author=other_author, category=sport, topic=talks)
    world.public += [story, second]

    draft = make_draft(
        title="Draft secret headline",
        slug="draft-secret",
        author=author,
        category=news,
        topic=envoy,
        excerpt="Draft secret excerpt",
        body="<p>Draft secret body</p>",
    )
    review = make_article(
        title="Review secret headline",
        slug="review-secret",
        author=author,
        category=news,
        status=Article.Status.REVIEW,
        body="<p>Review secret body</p>",
    )
    scheduled = make_scheduled(
        title="Scheduled secret headline",
        slug="scheduled-secret",
        author=author,
        category=sport,
        topic=talks,
        body="<p>Scheduled secret body</p>",
    )
    scheduled.tags.add(envoy)
    unpublished = make_article(
        title="Unpublished secret headline",
        slug="unpublished-secret",
        author=other_author,
        category=news,
        body="<p>Unpublished secret body</p>",
    )
    make_faq(unpublished, question="Unpublished secret question?", answer="Unpublished secret answer.")
    make_comment(unpublished, body="Comment on unpublished secret", email="unpub.secret@example.org")
    make_comment(draft, body="Comment on draft secret", email="draft.secret@example.org")
    article_unpublish(articles=Article.objects.filter(pk=unpublished.pk))
    # A section, a topic and an author known only from a draft: not public until it is.
    embargoed = make_draft(
        title="Embargoed secret headline",
        slug="embargoed-secret",
        author=make_author(name="Embargoed Author", slug="embargoed-author", bio="Embargoed bio"),
        category=make_category(name="Embargoed Section", slug="embargoed-section"),
        topic=make_topic(name="Embargoed Topic", slug="embargoed-topic"),
    )
    world.hidden_articles += [draft, review, scheduled, unpublished, embargoed]
    world.secrets.append("embargoed")
    world.secrets += [
        "secret headline",
        "secret body",
        "Draft secret",
        "secret question",
        "secret answer",
        "Comment on unpublished",
        "Comment on draft",
        "unpub.secret",
        "draft.secret",
    ]
    world.secrets += [article.slug for article in world.hidden_articles]
    return world

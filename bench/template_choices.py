"""The figures behind the rendering choices in docs/PERFORMANCE.md, measured in one process.

For a page given on the command line (default: the first category) it times, each the median of
many rounds, with the rows already fetched:

- the whole template of the page, as Django renders it (what any template engine could save at most);
- a prototype: the header, the pagination and the footer written for Jinja2
  (`django.template.backends.jinja2`), against the same three templates in Django's engine;
- a card written by `articles/rendering.py` against reading a card back from the shared cache
  under the freshness model (`freshness.lookup`: the entry, its stamp, the clock and the schedule);
- the listing's rows as model instances (`select_related`) against `values()`.

    DATABASE_URL=postgres://… python bench/template_choices.py [/category/world/] [--rounds 200]

Needs Jinja2 (requirements-dev.txt) and `collectstatic` (DJANGO_STATIC_ROOT), as bench/profile_page.py.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# Every answer built, so that the test client hands back its context.
os.environ["PAGE_CACHE_SECONDS"] = "0"

# The same markup as templates/includes/header.html, pagination.html and footer.html, for Jinja2.
JINJA_TEMPLATES = ROOT / "bench" / "jinja2_prototype"
# The header's topbar is left out of the prototype: an empty template stands in for it.
JINJA_STUBS = {"topbar.html": ""}


def median_ms(function, rounds):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    import jinja2
    from django.core.cache import cache
    from django.template import engines
    from django.template.loader import get_template
    from django.templatetags.static import static
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone, translation

    from articles import rendering
    from articles.models import Article, Category
    from articles.templatetags.articles_tags import language_links
    from newsportal import freshness

    setup_test_environment()  # so that the test client hands back each response's context
    path = args.path or Category.objects.with_public_articles().first().get_absolute_url()
    client = Client()
    client.get(path)
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    request = response.wsgi_request
    contexts = response.context
    # The page template's context is the first one rendered (the includes' come after).
    context = (contexts[0] if isinstance(contexts, list) else contexts).flatten()
    context.pop("block", None)
    rounds = args.rounds

    print(f"{path}, {rounds} rounds each, medians")
    page_template = get_template(response.templates[0].name)
    whole = median_ms(lambda: page_template.render(context, request), rounds)
    print(f"   the whole page's template ({response.templates[0].name}), Django's engine: {whole:.2f} ms")

    django_parts = [get_template(f"includes/{name}") for name in ("header.html", "pagination.html", "footer.html")]
    jinja = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(JINJA_TEMPLATES), jinja2.DictLoader(JINJA_STUBS)]),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    jinja.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)

    def mini_item(article):
        freshness.shows(request, keys={f"article-{article.pk}", f"category-{article.category_id}"})
        return jinja2.utils.markupsafe.Markup(rendering.mini_item(article))

    jinja.globals.update(
        static=static,
        mini_item=mini_item,
        language_links=lambda: language_links({"request": request}),
        year=timezone.localdate().year,
    )
    jinja_parts = [jinja.get_template(name) for name in ("header.html", "pagination.html", "footer.html")]
    django_ms = median_ms(lambda: [template.render(context, request) for template in django_parts], rounds)
    jinja_ms = median_ms(lambda: [template.render(context) for template in jinja_parts], rounds)
    print(
        f"   prototype, header + pagination + footer: Django {django_ms:.3f} ms, Jinja2 {jinja_ms:.3f} ms "
        f"({django_ms / jinja_ms:.1f}x)"
    )
    assert "django.template.backends.jinja2" not in str(engines.all())  # a prototype: the site keeps Django's

    articles = list(context["articles"])
    per_card = median_ms(lambda: [rendering.article_card(article, show_excerpt=True) for article in articles], rounds)
    for article in articles:
        freshness.store(
            f"bench:card:{article.pk}",
            rendering.article_card(article, show_excerpt=True),
            freshness.Dependencies(keys={f"article-{article.pk}", f"comments-{article.pk}"}),
            started=cache.get(freshness.CLOCK_KEY),
            timeout=60,
        )
    per_lookup = median_ms(lambda: [freshness.lookup(f"bench:card:{article.pk}") for article in articles], rounds)
    backend = type(cache._cache if hasattr(cache, "_cache") else cache).__name__
    print(
        f"   {len(articles)} cards: written in Python {per_card:.3f} ms; read back under the freshness model "
        f"({backend}) {per_lookup:.3f} ms"
    )

    listing = Article.objects.published().for_listing().newest_first()
    fields = [
        "pk", "slug", "title", "excerpt", "published_at", "comment_count", "category__slug", "category__name",
        "author__slug", "author__name",
    ]  # fmt: skip
    instances = median_ms(lambda: list(listing[:10]), rounds)
    rows = median_ms(lambda: list(listing.values(*fields)[:10]), rounds)
    print(f"   10 listing rows: model instances {instances:.3f} ms, values() {rows:.3f} ms (query included)")


if __name__ == "__main__":
    main()

"""Write a large WordPress export (WXR 1.2) for benchmarking import_wordpress.

    python bench/make_wxr.py big.xml                      # 50,000 posts, 200,000 comments
    python bench/make_wxr.py big.xml --posts 1000 --comments 4000
    python bench/make_wxr.py big.xml --attachments 300 --pages 50 --uploads uploads/   # with pictures

With --attachments, the export starts with that many picture attachments (and
--uploads DIR writes their files, small JPEGs, as a wp-content/uploads copy);
every 4th post then shows one in a [caption], every 10th a [gallery] of three,
every 50th has a featured image (_thumbnail_id). --pages adds static pages,
some under others.

The file is written as it is generated, item by item, so making a file of
any size takes the memory of one post. It looks like a real export: authors,
categories and tags in the head; published, draft and scheduled posts with
classic-editor content (paragraphs separated by blank lines, no <p>), some
Unicode titles with percent-encoded slugs, some posts without an author;
threaded comments (about a third are replies, up to four levels deep) that
are approved, held, spam or trash. The same --seed gives the same file.
"""

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from urllib.parse import quote
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>BBN – Big Big News (benchmark)</title>
\t<link>https://bench.bbn.example</link>
\t<description>Generated for import benchmarks</description>
\t<language>en-US</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>https://bench.bbn.example</wp:base_site_url>
\t<wp:base_blog_url>https://bench.bbn.example</wp:base_blog_url>
"""
TAIL = "</channel>\n</rss>\n"

WORDS = (
    "minister talks trade summit markets election council river storm budget city growth report court vote "
    "energy climate health school league season museum festival harbour bridge research ocean border treaty "
    "farmers prices rally coalition satellite vaccine tournament airport railway housing survey rescue"
).split()
UNICODE_WORDS = ["café", "naïve", "Zürich", "São Paulo", "Ångström", "外交", "München", "crème brûlée", "🙂"]
NAMES = ["LilyRose", "Jane123", "HappyDays", "BookLover27", "Marco P.", "Zoë", "Dad of 3", "QuietReader", "Søren"]
STATUSES = [("1", 90), ("0", 5), ("spam", 3), ("trash", 2)]
POST_STATUSES = [("publish", 90), ("draft", 6), ("future", 4)]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def weighted(rng, choices):
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if rng.random() < 0.1:
        text += " " + rng.choice(UNICODE_WORDS)
    return text.capitalize() + "."


def spread(rng, total, buckets):
    """`total` items over `buckets`, unevenly, summing exactly to total."""
    counts = [0] * buckets
    for _ in range(total):
        counts[rng.randrange(buckets)] += 1
    return counts


def wp_time(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


ATTACHMENT_BASE = 900_000
PAGE_BASE = 800_000


def upload_path(n):
    return f"2020/{1 + n % 12:02d}/photo-{n}.jpg"


def write_attachments(out, count):
    for n in range(count):
        path = upload_path(n)
        out.write(
            "\t<item>\n"
            f"\t\t<title>{cdata(f'Photo {n}')}</title>\n"
            f"\t\t<link>https://bench.bbn.example/?attachment_id={ATTACHMENT_BASE + n}</link>\n"
            f"\t\t<excerpt:encoded>{cdata(f'Caption of photo {n}')}</excerpt:encoded>\n"
            f"\t\t<wp:post_id>{ATTACHMENT_BASE + n}</wp:post_id>\n"
            f"\t\t<wp:post_name>{cdata(f'photo-{n}')}</wp:post_name>\n"
            f"\t\t<wp:status>{cdata('inherit')}</wp:status>\n"
            f"\t\t<wp:post_type>{cdata('attachment')}</wp:post_type>\n"
            f"\t\t<wp:attachment_url>https://bench.bbn.example/wp-content/uploads/{path}</wp:attachment_url>\n"
            f"\t\t<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{cdata(path)}"
            "</wp:meta_value></wp:postmeta>\n"
            f"\t\t<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>"
            f"{cdata(f'Alt text of photo {n}')}</wp:meta_value></wp:postmeta>\n"
            "\t</item>\n"
        )


def write_uploads(folder, count):
    from pathlib import Path

    from PIL import Image

    for n in range(count):
        target = Path(folder) / upload_path(n)
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (640, 427), (n * 37 % 256, n * 91 % 256, 150)).save(target, "JPEG", quality=70)


def media_content(n, attachments):
    """Shortcodes and pictures for post n, when the export has attachments."""
    if not attachments:
        return "", []
    parts, meta = [], []
    if n % 4 == 0:
        k = n % attachments
        url = f"https://bench.bbn.example/wp-content/uploads/{upload_path(k)[:-4]}-300x200.jpg"
        parts.append(
            f'[caption id="attachment_{ATTACHMENT_BASE + k}" width="300"]<img src="{url}" alt="" width="300" '
            f'height="200" /> Photo {k}[/caption]'
        )
    if n % 10 == 0:
        ids = ",".join(str(ATTACHMENT_BASE + (n + j) % attachments) for j in range(3))
        parts.append(f'[gallery columns="3" ids="{ids}"]')
    if n % 50 == 0:
        meta.append(("_thumbnail_id", str(ATTACHMENT_BASE + n % attachments)))
    return "\n\n".join(parts), meta


def write_pages(out, count):
    for n in range(count):
        parent = PAGE_BASE + n - 1 if n % 3 else 0
        out.write(
            "\t<item>\n"
            f"\t\t<title>{cdata(f'Page {n}')}</title>\n"
            f"\t\t<link>https://bench.bbn.example/?page_id={PAGE_BASE + n}</link>\n"
            f"\t\t<content:encoded>{cdata(f'About the site, part {n}.')}</content:encoded>\n"
            f"\t\t<wp:post_id>{PAGE_BASE + n}</wp:post_id>\n"
            f"\t\t<wp:post_name>{cdata(f'page-{n}')}</wp:post_name>\n"
            f"\t\t<wp:status>{cdata('publish')}</wp:status>\n"
            f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n"
            f"\t\t<wp:post_type>{cdata('page')}</wp:post_type>\n"
            "\t</item>\n"
        )


def write_export(out, *, posts, comments, seed, attachments=0, pages=0):
    rng = random.Random(seed)
    out.write(HEAD)
    authors = [
        (f"reporter{n}", f"Reporter {n} {rng.choice(['Kim', 'Nguyen', 'Müller', 'Okafor'])}") for n in range(25)
    ]
    for n, (login, name) in enumerate(authors, start=2):
        out.write(
            f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata(login + '@bbn.example')}</wp:author_email>"
            f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>\n"
        )
    categories = ["World", "Politics", "Business", "Science & Tech", "Health", "Sports", "Culture", "Opinion"]
    for n, name in enumerate(categories, start=1):
        slug = name.lower().replace(" & ", "-").replace(" ", "-")
        out.write(
            f"\t<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata('')}</wp:category_parent><wp:cat_name>{cdata(escape(name))}</wp:cat_name>"
            "</wp:category>\n"
        )
    tags = [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}" for n in range(300)]
    for n, name in enumerate(tags, start=100):
        out.write(
            f"\t<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>{cdata(name.replace(' ', '-'))}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
        )

    write_attachments(out, attachments)
    per_post = spread(rng, comments, posts)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC)
    comment_id = 0
    for n in range(posts):
        post_id = 1000 + n
        published = start + timedelta(minutes=n * 60 + rng.randrange(50))
        status = weighted(rng, POST_STATUSES)
        if status == "future":
            published = now + timedelta(days=rng.randrange(1, 365))
        title = sentence(rng, rng.randrange(5, 11)).rstrip(".")
        if rng.random() < 0.05:
            title = f"{rng.choice(UNICODE_WORDS)} {title}"
        slug = quote(title.lower().replace(" ", "-"), safe="-").lower() + f"-{n}"
        if status == "draft" and rng.random() < 0.5:
            slug = ""
        paragraphs = [" ".join(sentence(rng) for _ in range(rng.randrange(2, 5))) for _ in range(rng.randrange(4, 9))]
        creator = "" if rng.random() < 0.01 else rng.choice(authors)[0]
        category = rng.choice(categories)
        post_tags = rng.sample(tags, rng.randrange(0, 4))
        gmt = "0000-00-00 00:00:00" if status == "draft" else wp_time(published)
        extra, meta = media_content(n, attachments)
        content = "\n" + "\n\n".join(paragraphs + ([extra] if extra else [])) + "\n"  # classic editor: no <p>
        parts = [
            "\t<item>\n",
            f"\t\t<title>{cdata(title)}</title>\n",
            f"\t\t<link>https://bench.bbn.example/{slug or '?p=' + str(post_id)}/</link>\n",
            f"\t\t<pubDate>{published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>\n",
            f"\t\t<dc:creator>{cdata(creator)}</dc:creator>\n",
            f'\t\t<guid isPermaLink="false">https://bench.bbn.example/?p={post_id}</guid>\n',
            "\t\t<description></description>\n",
            f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n",
            f"\t\t<excerpt:encoded>{cdata('')}</excerpt:encoded>\n",
            f"\t\t<wp:post_id>{post_id}</wp:post_id>\n",
            f"\t\t<wp:post_date>{cdata(wp_time(published - timedelta(hours=5)))}</wp:post_date>\n",
            f"\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n",
            f"\t\t<wp:comment_status>{cdata('open')}</wp:comment_status>\n",
            f"\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n",
            f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n",
            f"\t\t<wp:status>{cdata(status)}</wp:status>\n",
            "\t\t<wp:post_parent>0</wp:post_parent>\n",
            "\t\t<wp:menu_order>0</wp:menu_order>\n",
            f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n",
            f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
            "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
            f'\t\t<category domain="category" nicename="{escape(category.lower().replace(" & ", "-"))}">'
            f"{cdata(escape(category))}</category>\n",
        ]
        parts += [
            f'\t\t<category domain="post_tag" nicename="{tag.replace(" ", "-")}">{cdata(tag)}</category>\n'
            for tag in post_tags
        ]
        parts += [
            f"\t\t<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value>{cdata(value)}</wp:meta_value>"
            "</wp:postmeta>\n"
            for key, value in meta
        ]
        thread = []  # (comment id, depth)
        when = published
        for _ in range(per_post[n]):
            comment_id += 1
            when += timedelta(minutes=rng.randrange(1, 600))
            parent, depth = 0, 1
            if thread and rng.random() < 0.35:
                parent, parent_depth = rng.choice(thread)
                if parent_depth < 4:
                    depth = parent_depth + 1
                else:
                    parent = 0
            thread.append((comment_id, depth))
            name = rng.choice(NAMES)
            text = sentence(rng, rng.randrange(6, 30))
            if rng.random() < 0.05:
                text += " 3 < 5 & <b>bold</b> 🙁"
            parts.append(
                "\t\t<wp:comment>\n"
                f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
                f"\t\t\t<wp:comment_author>{cdata(name)}</wp:comment_author>\n"
                f"\t\t\t<wp:comment_author_email>{cdata(f'reader{comment_id % 5000}@example.org')}"
                "</wp:comment_author_email>\n"
                "\t\t\t<wp:comment_author_url></wp:comment_author_url>\n"
                f"\t\t\t<wp:comment_author_IP>{cdata(f'198.51.100.{comment_id % 250}')}</wp:comment_author_IP>\n"
                f"\t\t\t<wp:comment_date>{cdata(wp_time(when - timedelta(hours=5)))}</wp:comment_date>\n"
                f"\t\t\t<wp:comment_date_gmt>{cdata(wp_time(when))}</wp:comment_date_gmt>\n"
                f"\t\t\t<wp:comment_content>{cdata(text)}</wp:comment_content>\n"
                f"\t\t\t<wp:comment_approved>{cdata(weighted(rng, STATUSES))}</wp:comment_approved>\n"
                f"\t\t\t<wp:comment_type>{cdata('comment')}</wp:comment_type>\n"
                f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
                "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
                "\t\t</wp:comment>\n"
            )
        parts.append("\t</item>\n")
        out.write("".join(parts))
    write_pages(out, pages)
    out.write(TAIL)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="file to write, or - for standard output")
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--attachments", type=int, default=0, help="picture attachments, used by the posts")
    parser.add_argument("--pages", type=int, default=0, help="static pages")
    parser.add_argument("--uploads", metavar="DIR", help="write the attachments' files here")
    args = parser.parse_args(argv)
    options = {"posts": args.posts, "comments": args.comments, "seed": args.seed}
    options.update(attachments=args.attachments, pages=args.pages)
    if args.output == "-":
        write_export(sys.stdout, **options)
    else:
        with open(args.output, "w", encoding="utf-8", buffering=1 << 20) as out:
            write_export(out, **options)
    if args.uploads:
        write_uploads(args.uploads, args.attachments)


if __name__ == "__main__":
    main()

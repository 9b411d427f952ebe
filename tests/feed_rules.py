"""The rules of RSS 2.0 and Atom (RFC 4287) that the W3C Feed Validation Service applies.

No maintained Python package validates feeds as the W3C service does
(feedparser parses anything and only flags XML that is not well formed), so
this is a focused checker of those rules, the ones feed readers trip on:
required elements, full URLs (links, guids that are permalinks, ids,
atom:link rel="self"), RFC 822 dates in RSS and RFC 3339 dates in Atom,
unique ids, an e-mail address in RSS's <author>, and no control characters.

`feed_errors(content, url)` returns a list of messages, empty for a valid feed.
"""

import re
from datetime import date
from urllib.parse import urlsplit

from defusedxml import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 822 as updated by RFC 1123 and RFC 2822, as the W3C validator accepts it: a four-digit year.
RFC_822 = re.compile(
    r"^(?:(?P<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(?P<day>\d{1,2}) "
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)? (?:UT|GMT|[ECMP][SD]T|[A-IK-Z]|[+-]\d{4})$"
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
RFC_3339 = re.compile(
    r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$"
)
# XML 1.0 forbids C0 controls other than tab, line feed and carriage return; C1 controls and
# the noncharacters are allowed by XML but flagged by the validator, and garble feed readers.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
EMAIL_ADDRESS = re.compile(r"^[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+(?: \([^()]*\))?$")
RELATIVE_REFERENCE = re.compile(r"""\b(?:href|src)\s*=\s*["'](?![a-z][a-z0-9+.-]*:|#)""", re.IGNORECASE)


def is_full_url(value):
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def rfc_822_problem(value):
    match = RFC_822.match(value or "")
    if match is None:
        return f"{value!r} is not an RFC 822 date-time (like 'Wed, 02 Oct 2002 13:00:00 +0000')"
    try:
        day = date(int(match["year"]), MONTHS.index(match["month"]) + 1, int(match["day"]))
    except ValueError:
        return f"{value!r} is not a date"
    if match["weekday"] and WEEKDAYS[day.weekday()] != match["weekday"]:
        return f"{value!r} names the wrong day of the week"
    return None


def feed_errors(content, url=None):
    """What the W3C validator would call an error in this RSS 2.0 or Atom document.

    `url` is the address the feed was read from: its rel="self" link must name it.
    """
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    errors = [
        f"control character U+{ord(match.group()):04X} at offset {match.start()}"
        for match in CONTROL_CHARACTERS.finditer(text)
    ]
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        return [*errors, f"not well-formed XML: {error}"]
    if root.tag == "rss":
        errors += rss_errors(root, url)
    elif root.tag == f"{ATOM}feed":
        errors += atom_errors(root, url)
    else:
        errors.append(f"the root element is {root.tag}, neither <rss> nor Atom's <feed>")
    return errors


def rss_errors(rss, url):
    errors = []
    if rss.get("version") != "2.0":
        errors.append(f"<rss version={rss.get('version')!r}>: this checker knows RSS 2.0")
    channels = rss.findall("channel")
    if len(channels) != 1:
        return [*errors, f"{len(channels)} <channel> elements; RSS has exactly one"]
    channel = channels[0]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            errors.append(f"<channel> lacks its required <{name}>")
    link = channel.findtext("link")
    if link and not is_full_url(link):
        errors.append(f"channel <link> {link!r} is not a full URL")
    errors += self_link_errors(channel.findall(f"{ATOM}link"), url, "channel")
    for name in ("pubDate", "lastBuildDate"):
        value = channel.findtext(name)
        if value is not None and (problem := rfc_822_problem(value)):
            errors.append(f"channel <{name}>: {problem}")
    language = channel.findtext("language")
    if language is not None and not re.fullmatch(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*", language):
        errors.append(f"channel <language> {language!r} is not a language code")

    guids = set()
    for number, item in enumerate(channel.findall("item"), start=1):
        where = f"item {number}"
        if not (item.findtext("title") or item.findtext("description") or "").strip():
            errors.append(f"{where} has neither a <title> nor a <description>")
        link = item.findtext("link")
        if link is not None and not is_full_url(link):
            errors.append(f"{where} <link> {link!r} is not a full URL")
        guid = item.find("guid")
        if guid is not None:
            permalink = guid.get("isPermaLink", "true")
            if permalink not in ("true", "false"):
                errors.append(f"{where} <guid isPermaLink={permalink!r}>: must be true or false")
            if permalink != "false" and not is_full_url(guid.text):
                errors.append(f"{where} <guid> {guid.text!r} is a permalink but not a full URL")
            if guid.text in guids:
                errors.append(f"{where} <guid> {guid.text!r} is not unique in the feed")
            guids.add(guid.text)
        pub_date = item.findtext("pubDate")
        if pub_date is not None and (problem := rfc_822_problem(pub_date)):
            errors.append(f"{where} <pubDate>: {problem}")
        author = item.findtext("author")
        if author is not None and not EMAIL_ADDRESS.match(author):
            errors.append(f"{where} <author> {author!r} is not an e-mail address (dc:creator is for names)")
        for category in item.findall("category"):
            if not (category.text or "").strip():
                errors.append(f"{where} has an empty <category>")
        for enclosure in item.findall("enclosure"):
            if not is_full_url(enclosure.get("url")):
                errors.append(f"{where} <enclosure> url {enclosure.get('url')!r} is not a full URL")
            if not (enclosure.get("length") or "").isdigit() or not enclosure.get("type"):
                errors.append(f"{where} <enclosure> needs a length in bytes and a type")
        if RELATIVE_REFERENCE.search(item.findtext("description") or ""):
            errors.append(f"{where} <description> links with a relative address")
    return errors


def self_link_errors(links, url, where):
    selves = [link for link in links if link.get("rel") == "self"]
    if len(selves) != 1:
        return [f'{where} has {len(selves)} links rel="self"; it needs exactly one']
    href = selves[0].get("href")
    if not is_full_url(href):
        return [f'{where} rel="self" link {href!r} is not a full URL']
    if url is not None and urlsplit(href).path != urlsplit(url).path:
        return [f'{where} rel="self" link {href!r} does not name the feed\'s own address {url!r}']
    return []


def atom_date_errors(element, where, required):
    errors = []
    for name in ("updated", "published"):
        value = element.findtext(f"{ATOM}{name}")
        if value is None:
            if name in required:
                errors.append(f"{where} lacks its required <{name}>")
        elif not RFC_3339.match(value):
            errors.append(f"{where} <{name}> {value!r} is not an RFC 3339 date-time")
    return errors


def atom_person_errors(element, where):
    errors = []
    for person in element.findall(f"{ATOM}author") + element.findall(f"{ATOM}contributor"):
        if not (person.findtext(f"{ATOM}name") or "").strip():
            errors.append(f"{where} <{person.tag.removeprefix(ATOM)}> lacks its <name>")
        uri = person.findtext(f"{ATOM}uri")
        if uri is not None and not is_full_url(uri):
            errors.append(f"{where} author <uri> {uri!r} is not a full URL")
    return errors


def atom_errors(feed, url):
    errors = []
    ids = set()

    def check_common(element, where):
        found = []
        id_ = element.findtext(f"{ATOM}id")
        if not id_:
            found.append(f"{where} lacks its required <id>")
        elif not urlsplit(id_).scheme:
            found.append(f"{where} <id> {id_!r} is not an absolute IRI")
        elif id_ in ids:
            found.append(f"{where} <id> {id_!r} is not unique")
        ids.add(id_)
        if element.find(f"{ATOM}title") is None:
            found.append(f"{where} lacks its required <title>")
        for link in element.findall(f"{ATOM}link"):
            if not is_full_url(link.get("href")):
                found.append(f"{where} <link rel={link.get('rel')!r}> {link.get('href')!r} is not a full URL")
        for name in ("title", "subtitle", "summary", "rights"):
            text_construct = element.find(f"{ATOM}{name}")
            if text_construct is not None and text_construct.get("type", "text") not in ("text", "html", "xhtml"):
                found.append(f"{where} <{name} type={text_construct.get('type')!r}>: text, html or xhtml")
        return found + atom_person_errors(element, where)

    errors += check_common(feed, "feed")
    errors += atom_date_errors(feed, "feed", required={"updated"})
    errors += self_link_errors(feed.findall(f"{ATOM}link"), url, "feed")
    feed_has_author = feed.find(f"{ATOM}author") is not None
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        errors += check_common(entry, where)
        errors += atom_date_errors(entry, where, required={"updated"})
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            errors.append(f"{where} has no <author>, and neither has the feed")
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if not alternates and entry.find(f"{ATOM}content") is None:
            errors.append(f'{where} has neither a link rel="alternate" nor <content>')
        summary = entry.find(f"{ATOM}summary")
        if summary is not None and summary.get("type") == "html" and RELATIVE_REFERENCE.search(summary.text or ""):
            errors.append(f"{where} <summary> links with a relative address")
    return errors

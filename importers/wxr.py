"""Reading a WordPress export (WXR, an RSS file with `wp:` elements) as a stream.

`read_wxr(binary_file)` yields, in file order: one WxrSite (before anything
else), then WxrAuthor and WxrTerm records from the channel's head, then one
WxrPost per <item> with its comments. Each <item> is dropped from the tree as
soon as it has been read, so an export of any size is read in the memory of
one post.

The XML is parsed by defusedxml: a DOCTYPE, entity declarations and external
references are refused before anything is expanded, so a "billion laughs"
file or one that reads local files is an error, not an attack. Any problem
raises WxrError with the line and column when the parser knows them.
"""

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, XMLPullParser

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

CHUNK_SIZE = 64 * 1024
# Every spelling of WXR 1.x WordPress has written (http or https, 1.0 to 1.2,
# with or without the final slash), as its importer reads whatever `xmlns:wp`
# the file declares.
WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/?(?P<excerpt>excerpt/?)?$")
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


class WxrError(ValueError):
    def __init__(self, message, line=None, column=None):
        self.message, self.line, self.column = message, line, column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message)


@dataclass
class WxrSite:
    url: str
    title: str
    wxr_version: str


@dataclass
class WxrAuthor:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class WxrTerm:
    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str
    description: str = ""


@dataclass
class WxrComment:
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int = 0


@dataclass
class WxrPost:
    wp_id: int
    title: str = ""
    link: str = ""
    pub_date: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    comment_status: str = "open"
    slug: str = ""
    status: str = ""
    post_type: str = ""
    password: str = ""
    parent: int = 0
    menu_order: int = 0
    guid: str = ""
    attachment_url: str = ""
    meta: dict = field(default_factory=dict)  # only the keys in KEPT_META
    terms: list = field(default_factory=list)  # [(taxonomy, slug, name)]
    comments: list = field(default_factory=list)


_names = {}


def short_name(tag):
    """'{http://wordpress.org/export/1.2/}post_id' -> 'wp:post_id' (any WXR version)."""
    name = _names.get(tag)
    if name is None:
        if tag.startswith("{"):
            uri, local = tag[1:].split("}", 1)
            wxr = WXR_NAMESPACE.match(uri)
            if wxr:
                prefix = "excerpt" if wxr["excerpt"] else "wp"
            else:
                prefix = NAMESPACES.get(uri, uri)
            name = f"{prefix}:{local}"
        else:
            name = tag
        _names[tag] = name
    return name


def _text(element):
    return (element.text or "").strip()


def _int(value, what, after):
    try:
        return int(value or 0)
    except ValueError:
        raise WxrError(f"{what} “{value}” is not a number{_after(after)}") from None


def _after(post_id):
    return f" (in the item after post {post_id})" if post_id else " (in the first item)"


def _fields(element):
    return {short_name(child.tag): child for child in element}


def _author(element):
    values = {name: _text(child) for name, child in _fields(element).items()}
    return WxrAuthor(
        login=values.get("wp:author_login", ""),
        email=values.get("wp:author_email", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
    )


def _term(element, kind):
    values = {name: child.text or "" for name, child in _fields(element).items()}
    if kind == "category":
        return WxrTerm(
            "category",
            values.get("wp:category_nicename", "").strip(),
            values.get("wp:cat_name", "").strip(),
            values.get("wp:category_description", "").strip(),
        )
    if kind == "tag":
        return WxrTerm(
            "post_tag",
            values.get("wp:tag_slug", "").strip(),
            values.get("wp:tag_name", "").strip(),
            values.get("wp:tag_description", "").strip(),
        )
    # <wp:term>: any taxonomy, in newer exports
    return WxrTerm(
        values.get("wp:term_taxonomy", "").strip(),
        values.get("wp:term_slug", "").strip(),
        values.get("wp:term_name", "").strip(),
        values.get("wp:term_description", "").strip(),
    )


def _comment(element, after):
    comment = WxrComment(wp_id=0)
    for child in element:
        name = short_name(child.tag)
        value = child.text or ""
        if name == "wp:comment_id":
            comment.wp_id = _int(value.strip(), "wp:comment_id", after)
        elif name == "wp:comment_author":
            comment.author = value.strip()
        elif name == "wp:comment_author_email":
            comment.email = value.strip()
        elif name == "wp:comment_author_url":
            comment.url = value.strip()
        elif name == "wp:comment_author_IP":
            comment.ip = value.strip()
        elif name == "wp:comment_date":
            comment.date = value.strip()
        elif name == "wp:comment_date_gmt":
            comment.date_gmt = value.strip()
        elif name == "wp:comment_content":
            comment.content = value
        elif name == "wp:comment_approved":
            comment.approved = value.strip()
        elif name == "wp:comment_type":
            comment.type = value.strip()
        elif name == "wp:comment_parent":
            comment.parent = _int(value.strip(), "wp:comment_parent", after)
    if not comment.wp_id:
        raise WxrError(f"a comment without wp:comment_id{_after(after)}")
    return comment


POST_FIELDS = {
    "title": "title",
    "link": "link",
    "pubDate": "pub_date",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:comment_status": "comment_status",
    "wp:post_name": "slug",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:post_password": "password",
}
VERBATIM = {"content", "excerpt"}
POST_NUMBERS = {"wp:post_parent": "parent", "wp:menu_order": "menu_order"}
# The post meta the import uses; the rest (often large serialised PHP) is not kept.
KEPT_META = {"_thumbnail_id", "_wp_attachment_image_alt", "_wp_attached_file"}


def _meta(element, post):
    key = value = ""
    for child in element:
        name = short_name(child.tag)
        if name == "wp:meta_key":
            key = _text(child)
        elif name == "wp:meta_value":
            value = _text(child)
    if key in KEPT_META:
        post.meta[key] = value


def _post(element, after):
    post = WxrPost(wp_id=0)
    for child in element:
        name = short_name(child.tag)
        attribute = POST_FIELDS.get(name)
        if attribute is not None:
            value = child.text or ""
            setattr(post, attribute, value if attribute in VERBATIM else value.strip())
        elif name == "wp:post_id":
            post.wp_id = _int(_text(child), "wp:post_id", after)
        elif name in POST_NUMBERS:
            setattr(post, POST_NUMBERS[name], _int(_text(child), name, after))
        elif name == "guid":
            post.guid = _text(child)
        elif name == "wp:attachment_url":
            post.attachment_url = _text(child)
        elif name == "wp:postmeta":
            _meta(child, post)
        elif name == "category":
            post.terms.append((child.get("domain", "category"), child.get("nicename", ""), (child.text or "").strip()))
        elif name == "wp:comment":
            post.comments.append(_comment(child, after))
    if not post.wp_id:
        raise WxrError(f"an <item> without wp:post_id{_after(after)}")
    return post


class _Reader:
    def __init__(self, source):
        self.source = source
        self.site = None
        self.version = ""
        self.url = ""
        self.blog_url = ""
        self.title = ""
        self.last_post_id = None

    def site_record(self):
        if not self.version:
            raise WxrError(
                "this is not a WordPress export: it has no wp:wxr_version "
                "(export it from WordPress with Tools › Export)"
            )
        self.site = WxrSite(url=self.blog_url or self.url, title=self.title, wxr_version=self.version)
        return self.site

    def __iter__(self):
        depth = 0
        channel = None
        parser = SafeElementTree.DefusedXMLParser(
            target=SafeElementTree._TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        pull = XMLPullParser(events=("start", "end"), _parser=parser)
        try:
            while True:
                chunk = self.source.read(CHUNK_SIZE)
                if chunk:
                    pull.feed(chunk)
                else:
                    pull.close()
                for event, element in pull.read_events():
                    if event == "start":
                        depth += 1
                        if depth == 1 and element.tag != "rss":
                            raise WxrError(
                                f"this is not a WordPress export: it starts with <{element.tag}>, not <rss>"
                            )
                        if depth == 2 and element.tag == "channel":
                            channel = element
                        continue
                    depth -= 1
                    if depth != 2 or channel is None:
                        continue
                    yield from self.channel_child(element)
                    # The child is read: drop it (and its subtree) from the tree.
                    channel.clear()
                if not chunk:
                    break
        except ParseError as error:
            line, column = getattr(error, "position", (None, None))
            raise WxrError(f"malformed XML ({_expat_reason(error)})", line, column) from None
        except DTDForbidden:
            raise WxrError(
                "the file declares a DTD (<!DOCTYPE …>); WordPress exports never do, and one can hide an "
                "entity-expansion (“billion laughs”) attack, so it is refused",
                *_position(parser),
            ) from None
        except EntitiesForbidden as error:
            raise WxrError(
                f"the file declares an XML entity ({error.name}); entities are refused", *_position(parser)
            ) from None
        except ExternalReferenceForbidden:
            raise WxrError("the file refers to an external resource; that is refused", *_position(parser)) from None
        except DefusedXmlException as error:  # pragma: no cover - any other refusal of defusedxml
            raise WxrError(f"refused: {error}", *_position(parser)) from None
        if channel is None:
            raise WxrError("this is not a WordPress export: it has no <channel>")
        if self.site is None:
            yield self.site_record()

    def channel_child(self, element):
        name = short_name(element.tag)
        if name == "wp:wxr_version":
            self.version = _text(element)
            return
        if name == "wp:base_blog_url":
            self.blog_url = _text(element)
            return
        if name == "link":
            self.url = _text(element)
            return
        if name == "title":
            self.title = _text(element)
            return
        if name not in ("wp:author", "wp:category", "wp:tag", "wp:term", "item"):
            return
        if self.site is None:
            yield self.site_record()
        if name == "wp:author":
            yield _author(element)
        elif name == "wp:category":
            yield _term(element, "category")
        elif name == "wp:tag":
            yield _term(element, "tag")
        elif name == "wp:term":
            yield _term(element, "term")
        else:
            post = _post(element, self.last_post_id)
            self.last_post_id = post.wp_id
            yield post


def _position(parser):
    """Where expat is now: the line and column of the declaration being refused."""
    expat = getattr(parser, "parser", None)
    if expat is None:  # pragma: no cover
        return None, None
    return expat.CurrentLineNumber, expat.CurrentColumnNumber + 1


def _expat_reason(error):
    return str(error).split(":")[0]


def read_wxr(source):
    """Records of a WXR export, read from a binary file object (see the module's docstring)."""
    return iter(_Reader(source))

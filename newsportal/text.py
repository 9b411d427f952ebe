"""Text as readers type it: which characters are refused, which are stripped
before text reaches XML, and when two texts count as the same.

Three rules, shared by every form and every feed:

- `validate_reader_text`: reader-typed fields refuse C0 control characters
  (tab and line breaks excepted), which XML 1.0 cannot carry, and the
  bidirectional embedding, override and isolate characters, which make text
  display in another order than it is stored (a name that reads as someone
  else's, a link that hides where it goes).
- `strip_unsafe_text`: what a feed or sitemap writes has those characters, and
  anything else XML 1.0 forbids, removed. Text stored before the rule (or by
  an editor, or an import) must never turn a feed into a 500.
- `comparable_text`: the text as a person reads it, for "is this the same
  comment again?": compatibility forms folded (NFKC), case folded, invisible
  format characters (zero-width spaces, joiners, soft hyphens) removed and
  every run of white space made one space.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except tab (09), line feed (0A) and carriage return (0D); the
# bidirectional embeddings and overrides (202A-202E) and isolates (2066-2069).
REFUSED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]")
# The refused ones, plus what XML 1.0 cannot carry at all: lone surrogates and U+FFFE, U+FFFF.
XML_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


@deconstructible
class ReaderTextValidator:
    message = _(
        "This contains an invisible control or text-direction character (%(character)s). "
        "Please remove it (retyping the text removes it) and send it again."
    )
    code = "unsafe_character"

    def __call__(self, value):
        found = REFUSED_CHARACTERS.search(str(value or ""))
        if found:
            raise ValidationError(self.message, code=self.code, params={"character": f"U+{ord(found.group()):04X}"})

    def __eq__(self, other):
        return isinstance(other, ReaderTextValidator)


validate_reader_text = ReaderTextValidator()


def strip_unsafe_text(value):
    """`value` without the characters XML cannot carry or that reorder text; non-text values as they are."""
    if isinstance(value, str):
        return XML_UNSAFE_CHARACTERS.sub("", value)
    return value


def comparable_text(value):
    """The text as a reader sees it, for telling whether two texts are the same."""
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch.isspace())
    text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split())


def comparable_email(value):
    """An email address as it is compared with others: trimmed, NFKC, case folded."""
    return unicodedata.normalize("NFKC", (value or "").strip()).casefold()


class SafeXMLFeedMixin:
    """A syndication feed whose every text value is stripped of what XML cannot carry.

    Django's feed writer raises UnserializableContentError on a control
    character, which made a whole feed a 500 for one comment.
    """

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = _stripped(feed.feed)
        feed.items = [_stripped(item) for item in feed.items]
        return feed


def _stripped(values):
    cleaned = {}
    for name, value in values.items():
        if isinstance(value, (list, tuple)):
            value = type(value)(strip_unsafe_text(part) for part in value)
        cleaned[name] = strip_unsafe_text(value)
    return cleaned

import hashlib

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsportal.links import is_web_address
from newsportal.text import comparable_email, comparable_text

WEB_SCHEMES = ("http", "https")
validate_web_address = URLValidator(
    schemes=list(WEB_SCHEMES), message=_("Enter a web address that starts with http:// or https://.")
)


def comment_fingerprint(*, article_id, parent_id, email, user_id, body):
    """What makes two comments "the same comment": same article, same place
    in the thread, same person, same text as a reader reads it (whatever
    its case, invisible characters or spacing: newsportal.text.comparable_text).

    Stored with a unique constraint, so duplicates are refused by the
    database itself, even when two copies arrive at the same instant.
    """
    who = f"user:{user_id}" if user_id else f"email:{comparable_email(email)}"
    raw = "\x00".join([str(article_id), str(parent_id or ""), who, comparable_text(body)])
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class CommentDisplay:
    """How a comment shows on the page; shared by the model and the thread's light rows."""

    __slots__ = ()

    @property
    def is_pending(self):
        return self.status == Comment.Status.PENDING

    @property
    def shows_as_featured(self):
        """Featured by an editor, and approved: a held or removed comment is never shown as featured."""
        return self.is_featured and self.status == Comment.Status.APPROVED

    @property
    def safe_website(self):
        """The website, only when it is a web address; anything else is never a link."""
        return self.website if is_web_address(self.website) else ""

    @property
    def initials(self):
        letters = [part[0] for part in self.name.split() if part[:1].isalnum()][:2]
        return "".join(letters).upper() or "?"

    @property
    def avatar_colour(self):
        """One of eight colours, the same for the same person on every visit.

        An account's colour comes from the account, not from its email: an
        anonymous comment typing someone's email must not wear their colour.
        """
        seed = f"user:{self.user_id}" if self.user_id else f"email:{(self.email or self.name).lower()}"
        seed = seed.encode("utf-8", "surrogatepass")
        return hashlib.md5(seed, usedforsecurity=False).digest()[0] % 8


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """The comments everyone may see, and the only ones counted."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, *, own_ids=(), user=None):
        """Approved comments, plus the reader's own held ones.

        A held comment is shown to its author only: recognised by the ids in
        their signed cookie, or by their account when they are signed in.
        """
        own = Q(pk__in=[int(pk) for pk in own_ids]) if own_ids else Q(pk__in=[])
        if user is not None and user.is_authenticated:
            own |= Q(user_id=user.pk)
        return self.filter(Q(status=Comment.Status.APPROVED) | (Q(status=Comment.Status.PENDING) & own))

    def oldest_first(self):
        return self.order_by("created_at", "id")


class Comment(CommentDisplay, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments")
    # A deleted comment's replies stay, shown at the top level of the thread:
    # a reader's words are not lost because an editor removed the parent.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_replies",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    website = models.URLField(_("website"), max_length=200, blank=True, validators=[validate_web_address])
    body = models.TextField(_("comment"), max_length=5000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # What the comment was before it went to spam or trash, for "Restore".
    previous_status = models.CharField(
        _("status before spam or trash"), max_length=10, choices=Status.choices, blank=True, editable=False
    )
    held_reason = models.CharField(_("why it was held"), max_length=255, blank=True)
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown above the thread as one of the best contributions.")
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    # The digest of the posting browser's token (comments/trust.py), for anonymous comments.
    browser_token = models.CharField(max_length=64, blank=True, editable=False)
    # When its author last changed its text (comments/editing.py); the earlier texts are CommentRevisions.
    edited_at = models.DateTimeField(_("edited by its author"), null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # The thread under an article, and its approved-comment count.
            models.Index(fields=["article", "status", "created_at", "id"], name="comment_thread"),
            # The moderation queue and the admin's status filter, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_status_recent"),
            # "Has a comment from this browser been approved?" (the moderation rule).
            models.Index(fields=["browser_token"], name="comment_approved_browser", condition=Q(status="approved")),
            # A signed-in reader's own held comments.
            models.Index(fields=["user"], name="comment_user_pending", condition=Q(status="pending")),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).chars(60)}"

    def save(self, *args, **kwargs):
        self.fingerprint = self.compute_fingerprint()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A permanent address that finds the page of the thread it is on."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def compute_fingerprint(self):
        return comment_fingerprint(
            article_id=self.article_id,
            parent_id=self.parent_id,
            email=self.email,
            user_id=self.user_id,
            body=self.body,
        )


class CommentRevision(models.Model):
    """A text a comment had before its author edited it: moderators see every one."""

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("earlier text"))
    status = models.CharField(_("status then"), max_length=10, choices=Comment.Status.choices)
    replaced_at = models.DateTimeField(_("replaced"), default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "id"]
        verbose_name = _("earlier text")
        verbose_name_plural = _("earlier texts")

    def __str__(self):
        return Truncator(self.body).chars(60)


class CommentReportQuerySet(models.QuerySet):
    def active(self):
        """The reports a moderator has not dismissed: the ones that count."""
        return self.filter(dismissed_at__isnull=True)


class CommentReport(models.Model):
    """A reader's report that a comment breaks the rules: one per reader and comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abuse or harassment")
        OFF_TOPIC = "off-topic", _("Off-topic")
        MISINFORMATION = "misinformation", _("Misinformation")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports")
    # Who reported, as the reader's account ("user:<id>") or a digest of their
    # IP address ("ip:<digest>"): enough to count each reader once, and no address kept.
    reader = models.CharField(_("reader"), max_length=80, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    objects = CommentReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # One report per reader per comment, even when two arrive at the same instant.
            models.UniqueConstraint(fields=["comment", "reader"], name="comment_report_once_per_reader"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment_id}"


class ReplyNoticeAddress(models.Model):
    """An address that asked to hear of replies. Notices go to it only once it has confirmed
    (double opt-in): the first request mails a confirmation link instead."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply notice address")
        verbose_name_plural = _("reply notice addresses")

    def __str__(self):
        return self.email


class ReplySubscription(models.Model):
    """The author of `comment` wants to hear of replies to it ("Notify me of replies to my comment")."""

    comment = models.OneToOneField(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reply_subscription"
    )
    email = models.EmailField(_("email"), max_length=254)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    stopped_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reply subscription")
        verbose_name_plural = _("reply subscriptions")

    def __str__(self):
        return f"{self.email}: {self.comment_id}"

    @property
    def is_active(self):
        return self.stopped_at is None


class ReplyNotice(models.Model):
    """A notice mailed about `reply`: at most one per reply, whatever happens to it later."""

    reply = models.OneToOneField(Comment, verbose_name=_("reply"), on_delete=models.CASCADE, related_name="notice")
    subscription = models.ForeignKey(
        ReplySubscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="notices"
    )
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)

    class Meta:
        verbose_name = _("reply notice")
        verbose_name_plural = _("reply notices")

    def __str__(self):
        return f"{self.reply_id}"

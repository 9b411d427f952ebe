#!/usr/bin/env python
"""Post comments concurrently against a running server and check the database.

Each client (a thread with its own keep-alive connection and cookies) loads
the article page like a browser, takes its CSRF token and signed form
timestamp from the token address as comments.js does, waits the form's
minimum age, then posts its comments one after another. Every --duplicate-every'th comment is sent twice, and the
second copy must be refused (409). At the end the script reads the database:
every accepted comment (a 303 to #comment-<id>) must be stored exactly once,
nothing refused may be stored, and the article's comment_count must equal its
approved comments.

A moderator (a thread of this script, through comments.services, as the
admin's Approve does) approves the run's held comments every --moderate-every
seconds, except those readers' reports held. Meanwhile --reporters readers
(5 by default) report comments: each reads
the thread (oldest and newest first) as an anonymous reader would, opens the
report page of a comment of this run, and sends the form; every fourth
report repeats one it sent already, which must add nothing. At the end every
report answered 303 the first time must be stored exactly once per reader
and comment, none more; a comment reported by COMMENTS_REPORT_HOLD_AT
readers must be held; and no held comment may be on the thread as served.

Replies with notices (--reply-every, on by default): the bench prepares one
parent comment per client whose author asked for reply notices (confirmed
address); every --reply-every'th posting of a client replies to one of them,
and every --held-reply-every'th reply carries two links, so moderation holds
it whatever the browser's trust and the moderator leaves it held. Each
client's first comment also ticks "Notify me of replies" (a confirmation mail
for its address). The script runs the SMTP server the site mails to (on
--smtp-port, taking --smtp-seconds per message, 2 s by default: a slow
server), waits for the task workers to send every notice due, and checks:
every visible reply notified exactly once (one mail at the server, one
ReplyNotice row), none for a held reply. Start the server and its workers
with DJANGO_EMAIL_HOST=127.0.0.1 DJANGO_EMAIL_PORT=<--smtp-port>
DJANGO_EMAIL_USE_TLS=0, and several `manage.py db_worker` processes.

The server has to allow that many postings: start it with a high rate limit,
e.g. COMMENTS_RATE_LIMITS=100000/1h and COMMENTS_REPORT_RATE_LIMITS=100000/1h
(the defaults allow one comment per 15 seconds per IP, and every client here
comes from 127.0.0.1). The reporters are told apart by their address, sent
in X-Forwarded-For: start the server with
COMMENTS_CLIENT_IP_HEADER=X-Forwarded-For (else they are one reader).

    DATABASE_URL=postgres://… DJANGO_SECRET_KEY=… python bench/comment_flood.py \
        --base-url http://127.0.0.1:8102 --clients 20 --comments 50

The database settings must be the server's (the same environment): the
script prepares its article through Django and checks the result there.
Only the loopback address is allowed as a target.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")

BENCH_SLUG = "comment-flood-bench"
BROWSER_COOKIE = "comment_browser"  # comments.trust.BROWSER_COOKIE
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def prepare_article(known_tokens, fresh=False):
    """The bench's own article, open for comments, with an approved comment
    posted from each "known" browser (its browser token, comments/trust.py)
    so that those clients' comments go live at once."""
    import django

    django.setup()
    from django.utils import timezone

    from articles.models import Article, Author, Category
    from comments.models import Comment
    from comments.services import article_recount_comments
    from comments.trust import token_digest

    author, _ = Author.objects.get_or_create(slug="bench-author", defaults={"name": "Bench Author"})
    category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    article, _ = Article.objects.update_or_create(
        slug=BENCH_SLUG,
        defaults={
            "title": "Comment flood bench",
            "author": author,
            "category": category,
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timezone.timedelta(hours=1),
            "comments_open": True,
            "body": "<p>An article for the comment benchmark.</p>",
        },
    )
    if fresh:
        Comment.objects.filter(article=article).delete()
    for number, token in enumerate(known_tokens):
        Comment.objects.create(
            article=article,
            name="Known reader",
            email=f"known-{number}@bench.example",
            body=f"Earlier comment from known browser {number} ({token[:8]})",
            status=Comment.Status.APPROVED,
            browser_token=token_digest(token),
        )
    article_recount_comments([article.pk])
    return article


def prepare_parents(article, run_id, count):
    """One approved comment per client whose author wants reply notices (their address confirmed)."""
    from django.utils import timezone

    from comments.models import Comment, ReplyNoticeAddress, ReplySubscription

    parents = []
    for n in range(count):
        email = f"parent-{run_id}-{n}@bench.example"
        parent = Comment.objects.create(
            article=article,
            name=f"Parent {n}",
            email=email,
            body=f"Parent {n} of run {run_id}: tell me when someone answers.",
            status=Comment.Status.APPROVED,
        )
        ReplySubscription.objects.create(comment=parent, email=email)
        ReplyNoticeAddress.objects.create(email=email, confirmed_at=timezone.now())
        parents.append(parent.pk)
    from comments.services import article_recount_comments

    article_recount_comments([article.pk])
    return parents


class Browser:
    """One reader: a keep-alive connection and a cookie jar."""

    def __init__(self, base_url, timeout, headers=None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.headers = dict(headers or {})
        self.cookies = {}
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        headers = {**self.headers, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                # The server closed the keep-alive connection; reopen it once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response, content.decode("utf-8", "replace")


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if not match:
        raise RuntimeError(f"no {name} field in the article page")
    return match.group(1)


def run_client(number, args, run_id, results, lock, browser_cookie=None, parents=()):
    browser = Browser(args.base_url, args.timeout)
    if browser_cookie:
        browser.cookies[BROWSER_COOKIE] = browser_cookie
    response, page = browser.request("GET", f"/{BENCH_SLUG}/")
    if response.status != 200:
        raise RuntimeError(f"client {number}: the article page answered {response.status}")
    # As comments.js does: the page may be a shared (cached) one, so the
    # reader's own CSRF token and form timestamp come from the token address.
    article_id = hidden(page, "article")
    response, body = browser.request(
        "GET", f"/comments/form-token/{article_id}/", headers={"Accept": "application/json"}
    )
    if response.status != 200:
        raise RuntimeError(f"client {number}: the token address answered {response.status}")
    form = {**json.loads(body), "article": article_id}
    time.sleep(args.form_wait)  # a person takes a moment to write
    email = f"bench-{run_id}-{number}@bench.example"
    outcomes = []
    rng = random.Random(number)
    replies = 0
    for n in range(args.comments):
        body = f"[{run_id}] client {number}, comment {n}: the flood goes on."
        parent = ""
        if parents and args.reply_every and n % args.reply_every == args.reply_every - 1:
            parent = str(rng.choice(parents))
            replies += 1
            if args.held_reply_every and replies % args.held_reply_every == 0:
                # Two links: held by moderation whoever posts it, and left held by the moderator.
                body += " keep-held https://bench.example/a https://bench.example/b"
        fields = {
            **form,
            "name": f"Bench client {number}",
            "email": email,
            "website": "",
            "subject": "",
            "parent": parent,
            "comment": body,
        }
        if n == 0:
            fields["notify_replies"] = "on"
        copies = 2 if args.duplicate_every and n % args.duplicate_every == args.duplicate_every - 1 else 1
        for copy in range(copies):
            started = time.perf_counter()
            response, _html = browser.request(
                "POST",
                "/comments/post/",
                body=urlencode(fields),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            elapsed = time.perf_counter() - started
            location = response.headers.get("Location", "")
            match = re.search(r"#comment-(\d+)$", location)
            outcomes.append(
                {
                    "status": response.status,
                    "comment_id": int(match.group(1)) if response.status == 303 and match else None,
                    "reply": bool(parent),
                    "body": body,
                    "copy": copy,
                    "seconds": elapsed,
                }
            )
    with lock:
        results.extend(outcomes)


REPORT_REASONS = ("spam", "abuse", "off-topic", "misinformation", "other")


def reporter_address(number):
    """Each reporter's own address, from the range kept for benchmarks (RFC 2544)."""
    return f"198.18.0.{number + 1}"


def run_reporter(number, args, first_id, posting_done, reports, lock):
    """One reader who reports comments of this run while they are being posted."""
    browser = Browser(args.base_url, args.timeout, headers={"X-Forwarded-For": reporter_address(number)})
    rng = random.Random(number)
    sent = []  # comments this reader reported, answered 303 the first time
    outcomes = []
    attempts = 0
    while attempts < args.reports:
        order = "?order=newest" if attempts % 2 else ""
        response, page = browser.request("GET", f"/{BENCH_SLUG}/{order}")
        if response.status != 200:
            raise RuntimeError(f"reporter {number}: the article page answered {response.status}")
        seen = [int(pk) for pk in re.findall(r'href="/comments/(\d+)/report/"', page) if int(pk) >= first_id]
        fresh = [pk for pk in seen if pk not in sent]
        repeat = bool(sent) and attempts % 4 == 3
        if not fresh and not repeat:
            if posting_done.is_set():
                break
            time.sleep(0.05)
            continue
        # Most readers report what catches their eye among the newest; some go back to older ones.
        comment_id = rng.choice(sent) if repeat else rng.choice(fresh[:10] if rng.random() < 0.7 else fresh)
        attempts += 1
        started = time.perf_counter()
        response, form_page = browser.request("GET", f"/comments/{comment_id}/report/")
        if response.status == 404:  # held by other readers' reports since the page was served
            outcomes.append({"reporter": number, "comment_id": comment_id, "status": 404, "repeat": repeat})
            continue
        token = hidden(form_page, "csrfmiddlewaretoken") if 'name="csrfmiddlewaretoken"' in form_page else ""
        response, _html = browser.request(
            "POST",
            f"/comments/{comment_id}/report/",
            body=urlencode(
                {"csrfmiddlewaretoken": token, "reason": rng.choice(REPORT_REASONS), "text": f"bench {number}"}
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Sec-Fetch-Site": "same-origin",
                "Origin": args.base_url.rstrip("/"),
            },
        )
        elapsed = time.perf_counter() - started
        if response.status == 303 and comment_id not in sent:
            sent.append(comment_id)
        outcomes.append(
            {
                "reporter": number,
                "comment_id": comment_id,
                "status": response.status,
                "repeat": repeat,
                "seconds": elapsed,
            }
        )
        time.sleep(args.report_pause)
    with lock:
        reports.extend(outcomes)


def run_moderator(run_id, every, posting_done, approved):
    """Approve this run's held comments, as a moderator working the queue does,
    leaving alone the ones readers' reports sent back (they have reports)."""
    from django.db import connection

    from comments.models import Comment
    from comments.services import comment_set_status

    try:
        while True:
            finished = posting_done.is_set()
            queue = Comment.objects.filter(body__startswith=f"[{run_id}]", status=Comment.Status.PENDING)
            queue = queue.exclude(body__contains="keep-held")
            ids = list(queue.filter(reports__isnull=True).values_list("pk", flat=True))
            if ids:
                approved[0] += comment_set_status(
                    comments=Comment.objects.filter(pk__in=ids), status=Comment.Status.APPROVED
                )
            if finished:
                return
            posting_done.wait(every)
    finally:
        connection.close()


def check_reports(run_id, first_id, reports, reporters):
    """Every report accepted is stored once per reader and comment; enough readers hold a comment."""
    from django.conf import settings

    from articles.models import Article
    from comments.models import Comment, CommentReport
    from comments.reports import reader_of_address

    article = Article.objects.get(slug=BENCH_SLUG)
    readers = {reader_of_address(reporter_address(n)): n for n in range(reporters)}
    stored = Counter(
        (comment_id, readers.get(reader))
        for comment_id, reader in CommentReport.objects.filter(
            comment__article=article, comment_id__gte=first_id
        ).values_list("comment_id", "reader")
    )
    accepted = {(r["comment_id"], r["reporter"]) for r in reports if r["status"] == 303}
    problems = []
    if any(count > 1 for count in stored.values()):
        problems.append("a reader's report on one comment is stored twice")
    if None in {reporter for _comment, reporter in stored}:
        problems.append("a report is stored under a reader the bench does not know")
    if set(stored) != accepted:
        problems.append(
            f"reports accepted but not stored: {len(accepted - set(stored))}; "
            f"stored but never accepted: {len(set(stored) - accepted)}"
        )
    per_comment = Counter(comment_id for comment_id, _reporter in stored)
    hold_at = settings.COMMENTS_REPORT_HOLD_AT
    statuses = dict(Comment.objects.filter(pk__in=list(per_comment)).values_list("pk", "status"))
    not_held = [
        pk
        for pk, count in per_comment.items()
        if hold_at and count >= hold_at and statuses.get(pk) == Comment.Status.APPROVED
    ]
    if not_held:
        problems.append(f"{len(not_held)} comments reported by {hold_at}+ readers are still approved")
    held = {pk for pk, status in statuses.items() if status == Comment.Status.PENDING}
    return {
        "stored": sum(stored.values()),
        "comments_reported": len(per_comment),
        "held": len(held),
        "held_ids": held,
        "by_readers": Counter(per_comment.values()),
        "problems": problems,
    }


def held_on_pages(args, held_ids):
    """Held comments still in the thread as an anonymous reader is served it (both orders)."""
    browser = Browser(args.base_url, args.timeout)
    shown = set()
    for query in ("", "?order=newest", "?order=featured"):
        _response, page = browser.request("GET", f"/{BENCH_SLUG}/{query}")
        shown |= {int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', page)}
    return shown & set(held_ids)


NOTICE_LINK = re.compile(r"/comments/(\d+)/\s*$", re.MULTILINE)


def notified_replies(sink):
    """Reply id → how many reply notices the SMTP server took for it."""
    with sink.lock:
        messages = list(sink.messages)
    sent = Counter()
    for message in messages:
        if str(message["Subject"]).startswith("New reply"):
            match = NOTICE_LINK.search(message.get_content())
            sent[int(match.group(1)) if match else None] += 1
    return sent


def due_notices(run_id):
    """The run's replies: those that must have been notified once, those that may have been, those never.

    Must: approved now, to a parent whose author asked. May (once at most):
    approved and then held again by readers' reports, perhaps before the
    worker came to them. Never: the replies held for good (two links) and any
    other reply still held with no report.
    """
    from comments.models import Comment

    replies = Comment.objects.filter(body__startswith=f"[{run_id}]", parent__isnull=False)
    visible = replies.filter(status=Comment.Status.APPROVED, parent__reply_subscription__stopped_at__isnull=True)
    due = set(visible.values_list("pk", flat=True))
    held = replies.exclude(status=Comment.Status.APPROVED)
    maybe = set(held.filter(reports__isnull=False).exclude(body__contains="keep-held").values_list("pk", flat=True))
    never = set(held.values_list("pk", flat=True)) - maybe
    return due, maybe, never


def check_notices(run_id, sink, wait_seconds, settle_seconds, stall_seconds):
    """Wait for the workers to send every notice due, then check: each exactly once, none for held replies.

    Waiting stops early when no mail at all has arrived for `stall_seconds`
    (no worker running, or one mailing elsewhere).
    """
    from comments.models import ReplyNotice

    started = last_progress = time.monotonic()
    seen = -1
    while time.monotonic() - started < wait_seconds:
        due, maybe, never = due_notices(run_id)
        if due <= set(notified_replies(sink)):
            break
        with sink.lock:
            taken = sink.attempts
        if taken != seen:
            seen, last_progress = taken, time.monotonic()
        elif time.monotonic() - last_progress > stall_seconds:
            print(
                f"  no mail reached 127.0.0.1:{sink.port} for {stall_seconds:.0f} s: are the task workers "
                "running, with DJANGO_EMAIL_HOST/DJANGO_EMAIL_PORT pointing here?"
            )
            break
        time.sleep(1)
    drained = time.monotonic() - started
    time.sleep(settle_seconds)  # a second copy would arrive now
    due, maybe, never = due_notices(run_id)
    sent = notified_replies(sink)
    rows = Counter(ReplyNotice.objects.filter(reply_id__in=due | maybe | never).values_list("reply_id", flat=True))
    problems = []
    if None in sent:
        problems.append("a reply notice without a link to its reply")
    if any(count > 1 for count in sent.values()):
        problems.append(f"{sum(1 for c in sent.values() if c > 1)} replies were notified more than once")
    if due - set(sent):
        problems.append(f"{len(due - set(sent))} visible replies were never notified (after {wait_seconds:.0f} s)")
    if set(sent) & never:
        problems.append(f"{len(set(sent) & never)} replies that were never visible were notified")
    if set(sent) - due - maybe - never:
        problems.append("notices for replies the bench did not post")
    if set(rows) != set(sent) or any(count != 1 for count in rows.values()):
        problems.append("the ReplyNotice rows are not one per reply notified")
    with sink.lock:
        total_mails = len(sink.messages)
    return {
        "due": len(due),
        "maybe": len(maybe),
        "held": len(never),
        "sent": sum(sent.values()),
        "total_mails": total_mails,
        "drained_seconds": drained,
        "problems": problems,
    }


def check_database(run_id, results):
    from django.db.models import Count

    from articles.models import Article
    from comments.models import Comment

    article = Article.objects.get(slug=BENCH_SLUG)
    stored = list(Comment.objects.filter(body__startswith=f"[{run_id}]").values_list("id", "body", "status"))
    stored_ids = Counter(pk for pk, _body, _status in stored)
    body_counts = Counter(body for _pk, body, _status in stored)
    accepted = [r for r in results if r["comment_id"]]
    accepted_ids = Counter(r["comment_id"] for r in accepted)
    problems = []
    if any(count > 1 for count in accepted_ids.values()):
        problems.append("one comment id was answered to two postings")
    if set(accepted_ids) != set(stored_ids):
        missing = set(accepted_ids) - set(stored_ids)
        extra = set(stored_ids) - set(accepted_ids)
        problems.append(f"accepted but not stored: {len(missing)}; stored but never accepted: {len(extra)}")
    if any(count > 1 for count in body_counts.values()):
        problems.append("a comment text is stored twice")
    approved_now = Comment.objects.approved().filter(article=article).count()
    article.refresh_from_db()
    if article.comment_count != approved_now:
        problems.append(f"comment_count is {article.comment_count}, approved comments are {approved_now}")
    by_status = dict(
        Comment.objects.filter(body__startswith=f"[{run_id}]").values_list("status").annotate(n=Count("pk"))
    )
    return {
        "stored": len(stored),
        "stored_by_status": by_status,
        "article_comment_count": article.comment_count,
        "approved_in_db": approved_now,
        "problems": problems,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8102")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--comments", type=int, default=50, help="comments per client")
    parser.add_argument("--duplicate-every", type=int, default=10, help="send every Nth comment twice (0: never)")
    parser.add_argument("--known-share", type=float, default=0.5, help="share of clients whose browser is trusted")
    parser.add_argument("--form-wait", type=float, default=3.5, help="seconds between loading the form and posting")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--fresh", action="store_true", help="delete the bench article's earlier comments first")
    parser.add_argument("--reporters", type=int, default=5, help="readers reporting comments meanwhile (0: none)")
    parser.add_argument("--reports", type=int, default=40, help="reports each reporter sends at most")
    parser.add_argument("--report-pause", type=float, default=0.1, help="seconds between a reporter's reports")
    parser.add_argument(
        "--moderate-every", type=float, default=1.0, help="seconds between the moderator's rounds (0: no moderator)"
    )
    parser.add_argument("--reply-every", type=int, default=3, help="every Nth posting is a reply (0: no replies)")
    parser.add_argument("--held-reply-every", type=int, default=4, help="every Nth reply is held for good (0: none)")
    parser.add_argument("--smtp-port", type=int, default=8125, help="port of the SMTP server the site mails to")
    parser.add_argument("--smtp-seconds", type=float, default=2.0, help="seconds the SMTP server takes per message")
    parser.add_argument("--mail-wait", type=float, default=900, help="seconds to wait for every notice due")
    parser.add_argument("--mail-stall", type=float, default=30, help="stop waiting after this long without any mail")
    args = parser.parse_args()

    host = urlsplit(args.base_url).hostname
    if host not in LOCAL_HOSTS and not host.startswith("127."):
        parser.error("the bench only targets a server on this machine (127.0.0.0/8, localhost, ::1)")
    if not 1 <= args.clients <= 200 or not 1 <= args.comments <= 1000:
        parser.error("--clients must be 1-200 and --comments 1-1000")
    if not 0 <= args.reporters <= 200 or not 1 <= args.reports <= 10000:
        parser.error("--reporters must be 0-200 and --reports 1-10000")

    run_id = uuid.uuid4().hex[:10]
    known = [secrets.token_urlsafe(32) for _ in range(int(args.clients * args.known_share))]
    article = prepare_article(known, fresh=args.fresh)
    from comments.models import Comment
    from comments.trust import signed_browser_cookie

    cookies = [signed_browser_cookie(token) for token in known]

    sink = None
    parents = []
    if args.reply_every:
        from newsportal.tests.smtp_server import SmtpServer

        sink = SmtpServer(port=args.smtp_port, seconds_per_message=args.smtp_seconds).start()
        parents = prepare_parents(article, run_id, args.clients)

    # Reports go to comments of this run only: those with a higher id than any before it.
    first_id = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    results, reports, lock, errors = [], [], threading.Lock(), []
    posting_done = threading.Event()

    def worker(number):
        try:
            cookie = cookies[number] if number < len(cookies) else None
            run_client(number, args, run_id, results, lock, cookie, parents)
        except Exception as error:  # reported below; one broken client must not hide the others
            errors.append(f"client {number}: {error!r}")

    def reporter(number):
        try:
            run_reporter(number, args, first_id, posting_done, reports, lock)
        except Exception as error:
            errors.append(f"reporter {number}: {error!r}")

    moderator_approved = [0]

    def moderator():
        try:
            run_moderator(run_id, args.moderate_every, posting_done, moderator_approved)
        except Exception as error:
            errors.append(f"moderator: {error!r}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.clients)]
    reporting = [threading.Thread(target=reporter, args=(n,)) for n in range(args.reporters)]
    if args.moderate_every > 0:
        reporting.append(threading.Thread(target=moderator))
    started = time.perf_counter()
    for thread in threads + reporting:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started - args.form_wait
    posting_done.set()
    for thread in reporting:
        thread.join()

    refused = Counter(r["status"] for r in results if not r["comment_id"])
    accepted = sum(1 for r in results if r["comment_id"])
    latencies = sorted(r["seconds"] for r in results)
    report = check_database(run_id, results)

    print(f"run {run_id}: {args.clients} clients x {args.comments} comments against {args.base_url}")
    print(f"  postings sent:     {len(results)} (every {args.duplicate_every}th sent twice)")
    print(f"  accepted (303):    {accepted}")
    print(f"  rejected:          {len(results) - accepted}  by status: {dict(sorted(refused.items()))}")
    print(f"  stored in the DB:  {report['stored']}  by status: {report['stored_by_status']}")
    print(f"  comment_count:     {report['article_comment_count']} (approved in the DB: {report['approved_in_db']})")
    if args.moderate_every > 0:
        print(f"  approved by the moderator: {moderator_approved[0]}")
    if latencies:
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"  POST latency:      median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
        print(f"  throughput:        {len(results) / wall:.0f} postings/s over {wall:.1f} s")
    problems = list(report["problems"])
    if args.reporters:
        outcome = check_reports(run_id, first_id, reports, args.reporters)
        problems += outcome["problems"]
        shown_held = held_on_pages(args, outcome["held_ids"])
        if shown_held:
            problems.append(f"{len(shown_held)} held comments are still on the served thread")
        statuses = Counter(r["status"] for r in reports)
        repeats = [r for r in reports if r["repeat"]]
        report_times = sorted(r["seconds"] for r in reports if "seconds" in r)
        by_status = dict(sorted(statuses.items()))
        print(f"  reports sent:      {len(reports)} by {args.reporters} readers, by status: {by_status}")
        print(f"    of them repeats: {len(repeats)} (must add nothing)")
        print(
            f"  reports stored:    {outcome['stored']} on {outcome['comments_reported']} comments; "
            f"comments by number of readers: {dict(sorted(outcome['by_readers'].items()))}"
        )
        print(f"  held by reports:   {outcome['held']} (none of them on the served thread: {not shown_held})")
        if report_times:
            print(
                f"  report latency:    median {statistics.median(report_times) * 1000:.0f} ms "
                f"(form page + POST), max {report_times[-1] * 1000:.0f} ms"
            )
    if sink is not None:
        notices = check_notices(
            run_id, sink, args.mail_wait, settle_seconds=max(5, 2 * args.smtp_seconds), stall_seconds=args.mail_stall
        )
        sink.stop()
        problems += notices["problems"]
        reply_times = sorted(r["seconds"] for r in results if r["reply"])
        print(
            f"  replies:           {sum(1 for r in results if r['reply'] and r['comment_id'])} accepted; "
            f"{notices['due']} visible, {notices['maybe']} visible then held by reports, {notices['held']} held"
        )
        print(
            f"  reply notices:     {notices['sent']} mailed by the workers ({notices['total_mails']} mails in all, "
            f"the SMTP server taking {args.smtp_seconds:g} s each), all due sent after "
            f"{notices['drained_seconds']:.0f} s of waiting"
        )
        if reply_times:
            p95 = reply_times[max(0, int(len(reply_times) * 0.95) - 1)]
            median = statistics.median(reply_times)
            print(f"  reply POST:        median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    for error in errors:
        print(f"  ERROR {error}")
    for problem in problems:
        print(f"  PROBLEM {problem}")
    ok = not errors and not problems and report["stored"] == accepted
    verdict = "every accepted comment is stored exactly once"
    if args.reporters:
        verdict += ", every report once per reader"
    if sink is not None:
        verdict += ", every visible reply notified once, no held one"
    print("  result:            " + (verdict if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

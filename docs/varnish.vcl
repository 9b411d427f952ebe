vcl 4.1;
# Varnish 7 in front of gunicorn: keeps every anonymous page as long as
# Django says purged caches may (Surrogate-Control: PAGE_CACHE_SECONDS, 10
# minutes by default), and drops it the moment anything it shows changes:
# Django sends `PURGE /` with `xkey-purge: article-12 list ...`
# (newsportal/http_purge.py) to each address in HTTP_CACHE_PURGE_URLS, e.g.
# http://127.0.0.1:6081/, and each page names its keys in its `xkey` header.
#
# The rules of docs/nginx.conf hold here too: only GET and HEAD are cached;
# readers with a session or a comment of their own always reach Django and
# never get a stored copy; only what Django marks `public` is stored, never
# an answer that sets a cookie or is private, no-cache or no-store. While
# Django is down or failing, readers get the last stored copy of a page.
#
# Goes in /etc/varnish/default.vcl (Debian; needs varnish-modules for xkey).
# varnishd's own parameters are the operator's to set (Debian: ExecStart in
# varnish.service):
#
#   varnishd -a :6081 -f /etc/varnish/default.vcl -s malloc,512m \
#            -p timeout_idle=5 -p send_timeout=60 -p idle_send_timeout=10
#
# They are what keeps slow clients away from gunicorn's sync workers, each of
# which serves one connection at a time:
# - timeout_idle (5 s, the default): a client must send its complete request
#   headers within it, and may pause no longer between two pieces of a
#   request body, or the connection is closed. Django is asked nothing until
#   the headers are complete, and a body is read whole before Django is
#   asked (std.cache_req_body below), so a slowloris client holds Varnish's
#   cheap connections, not a gunicorn worker.
# - send_timeout (whole answer) and idle_send_timeout (between two writes):
#   how long a client that reads slowly may take. Varnish reads Django's
#   answer at once, into the cache or transient storage, so the gunicorn
#   worker is free while Varnish feeds the slow reader.
#
# newsportal/tests/test_varnish.py tests this file as it is: tools/varnish_local.py
# only swaps the backend's port.

import std;
import xkey;

# Whether gunicorn answers at all: /healthz never touches the database, so a
# database outage does not make Varnish refuse what Django can still answer
# (its own 503 page, which gives a posted form back; pages from its cache).
# Two failed polls out of three (about two seconds) and the backend is sick.
# Starting healthy means a restart of Varnish answers at once.
probe newsportal_alive {
    .url = "/healthz";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend newsportal_app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    # Beyond gunicorn's own 30 s worker timeout (GUNICORN_TIMEOUT), so that
    # gunicorn is the one that gives up on a slow request, and says so in its log.
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 10s;
    .probe = newsportal_alive;
}

# Who may purge: Django on this machine. client.ip is the address of whoever
# opened the connection, so a TLS terminator on this machine would make every
# reader look local: give it a listener of its own that speaks the PROXY
# protocol (`-a 127.0.0.1:6086,PROXY`), so that client.ip (and the
# X-Forwarded-For Django gets) is the reader's, and keep the plain one for
# Django's purges. A PURGE that came through a proxy is refused anyway (below).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.restarts == 0) {
        # Ours alone (set below and in vcl_synth): never a client's.
        unset req.http.X-Newsportal-Cookie;
        unset req.http.X-Newsportal-Stale-If-Error;
        # One id ties this request's log lines together, Django's included
        # (a terminator in front may have made one already); vcl_deliver sends
        # it back, so a stored answer carries its own request's id.
        if (!req.http.X-Request-ID) {
            set req.http.X-Request-ID = "varnish-" + std.integer(time=now) + "-" + req.xid;
        }
    }

    if (req.method == "PURGE") {
        # Varnish adds the peer's address to X-Forwarded-For itself; a comma
        # means another hop was before it, so this came through a proxy.
        if (client.ip !~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # A hard purge, not a soft one: a page showing what changed must
        # never be served again, not even in grace while Django is down.
        set req.http.X-Newsportal-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Newsportal-Purged));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        # POSTs go to Django with all their cookies (the CSRF cookie above
        # all), never through the cache. The body is read whole first, so a
        # slow client holds no gunicorn worker: 3 MB at most, as nginx's
        # client_max_body_size (Django's own limit is 2.5 MB).
        if (std.integer(req.http.Content-Length, 0) > 3145728) {
            return (synth(413, "Request body too large"));
        }
        if (!std.cache_req_body(3MB)) {
            return (synth(413, "Request body too large"));
        }
        return (pass);
    }

    # Django drops every query parameter a page does not declare before it
    # builds it, so `?utm_source=…` is the page without it: drop the usual
    # tracking ones here too, and put the rest in one order, so that they
    # share one copy instead of one each. (Any other parameter still makes
    # a copy of its own, which Django answers from its cache.)
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url,
            "(?i)(?<=[?&])(utm_[a-z0-9_]*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl)=[^&#]*&?",
            "");
        set req.url = regsub(std.querysort(req.url), "[?&]+$", "");
    }

    # Readers with a session (signed in) or with a comment awaiting
    # moderation see a page of their own: never from the cache, never stored.
    if (req.http.Cookie ~ "(?i)(sessionid|comment_author|comment_edit)=") {
        return (pass);
    }
    # Every other reader gets the page every anonymous reader gets, whatever
    # cookies they carry (csrftoken, analytics), as from Django's page cache.
    # The cookies are set aside, not dropped: with no Cookie header, Django's
    # `Vary: Cookie` makes no variant per reader, and Django still sees them
    # when it is asked (vcl_backend_fetch), so that the CSRF cookie a reader
    # has is the one Django keeps using (a new one would break the forms
    # open in the reader's other tabs).
    if (req.http.Cookie) {
        set req.http.X-Newsportal-Cookie = req.http.Cookie;
        unset req.http.Cookie;
    }

    # Grace: a stale copy is served only while gunicorn does not answer its
    # probe, or (after a restart from vcl_synth) when Django failed just now.
    # Otherwise a copy at most 10 seconds past its lifetime is served while
    # one request asks Django in the background; an older one is not.
    if (req.http.X-Newsportal-Stale-If-Error || !std.healthy(req.backend_hint)) {
        set req.grace = 24h;
    } else {
        set req.grace = 10s;
    }
    # On to the built-in vcl_recv: lower-case Host, pass requests with Authorization.
}

sub vcl_hash {
    # Django answers http with a redirect to https: never give one scheme's
    # page to the other. (Set by the TLS terminator in front.)
    hash_data(req.http.X-Forwarded-Proto);
    # On to the built-in vcl_hash: the URL and the Host.
}

sub vcl_backend_fetch {
    if (bereq.is_bgfetch && bereq.http.X-Newsportal-Stale-If-Error) {
        # The stale copy is being served because Django failed this reader a
        # moment ago: do not ask it again for the same page at once.
        return (abandon);
    }
    if (bereq.http.X-Newsportal-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Newsportal-Cookie;
        unset bereq.http.X-Newsportal-Cookie;
    }
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        # A pass (a POST, a reader with a session): Django's answer as it is.
        return (deliver);
    }

    if (beresp.status >= 500) {
        # Django failed (a 503 while the database is down). Never store that
        # over a good copy, and let the reader have the copy instead: a
        # background fetch just leaves the stale copy in place, a reader's
        # own fetch ends in vcl_synth, which looks again allowing any age.
        if (bereq.is_bgfetch || !bereq.http.X-Newsportal-Stale-If-Error) {
            return (abandon);
        }
        # No copy to fall back on: the reader gets Django's own error page.
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # Caches that are purged may keep a page as long as Django keeps it:
    # Surrogate-Control says how long, to us alone. Without it, Varnish
    # follows Cache-Control (s-maxage) as usual.
    if (beresp.http.Surrogate-Control ~ "(?i)(^|[,\s])max-age=\d+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "(?i)^(.*[,\s])?max-age=(\d+).*$", "\2") + "s",
            0s);
    }
    # Removed before the built-in checks below: while it is present they
    # ignore Cache-Control's private, no-cache and no-store.
    unset beresp.http.Surrogate-Control;

    # Store only what Django says every reader may share (`public`, as on
    # every @public_page answer). Anything else may have been made for the
    # reader whose cookies Django saw: a 404 page or robots.txt perhaps not,
    # a form with that reader's CSRF token surely. Never an answer that sets
    # a cookie or is private, no-cache or no-store either. As a short
    # hit-for-miss: the requests after it go to Django side by side, not one
    # after the other, and a later answer that may be stored is stored.
    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(private|no-cache|no-store)" ||
        beresp.http.Cache-Control !~ "(?i)(^|[,\s])public([,\s]|$)") {
        set beresp.ttl = 10s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # Django says `Vary: Cookie` because it looked for a session. Varnish
    # would compare the Cookie Django was sent (vcl_backend_fetch), making
    # one copy per reader; but the cookies that change a page never get
    # here, and the others do not change it. Browsers still get the header
    # as Django sent it (vcl_deliver).
    if (beresp.http.Vary ~ "(?i)(^|,)\s*cookie\s*(,|$)") {
        set beresp.http.X-Newsportal-Vary = beresp.http.Vary;
        set beresp.http.Vary = regsub(
            regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", ""), "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }

    # Kept a day past its lifetime, for readers to get while Django is down
    # (vcl_recv decides when a stale copy may be served).
    set beresp.grace = 24h;
    # On to the built-in vcl_backend_response (a TTL of 0 and Vary: * are not stored).
}

sub vcl_backend_error {
    # gunicorn did not answer (refused, timed out, sick): as for a 5xx above.
    # abandon leaves no object behind, so the stale copy stays the one found.
    if (!bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Newsportal-Stale-If-Error)) {
        return (abandon);
    }
}

sub vcl_synth {
    set resp.http.X-Request-ID = req.http.X-Request-ID;
    if (resp.status == 413) {
        # Answer at once and close, rather than first reading a body we refused.
        set resp.http.Connection = "close";
        return (deliver);
    }
    # A page Django or gunicorn failed to give: look once more, taking a
    # stale copy of any age in grace (vcl_recv). Without one, the second
    # fetch's answer (Django's 503 page) is what the reader gets.
    if (resp.status == 503 && req.restarts == 0 &&
        (req.method == "GET" || req.method == "HEAD") && !req.http.Cookie) {
        set req.http.X-Newsportal-Stale-If-Error = "1";
        return (restart);
    }
}

sub vcl_deliver {
    # The surrogate keys and lifetime are for this cache, not for browsers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    if (resp.http.X-Newsportal-Vary) {
        set resp.http.Vary = resp.http.X-Newsportal-Vary;
        unset resp.http.X-Newsportal-Vary;
    }
    set resp.http.X-Request-ID = req.http.X-Request-ID;
    # For operators and tests. PASS: not from the cache and not stored (a
    # reader with a session, a POST, an answer that may not be shared);
    # STALE: a stored copy past its lifetime (grace).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0 && obj.ttl < 0s) {
        set resp.http.X-Cache = "STALE";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

vcl 4.1;
# Varnish in front of gunicorn (docs/operations.md, "An HTTP cache in front").
#
# What is cached is decided by the application, not here: a response is stored only when it
# carries `s-maxage` (core/page_cache.py marks exactly the anonymous reading pages its own page
# cache would keep). Everything else — forms, receipts, search, the admin, anything with a
# session — is passed through and never stored, whatever its other headers say.
#
# Publishing anything bans every page at once (a PURGE from the application through
# wagtail.contrib.frontend_cache): a published draft also changes the home page, the indexes and
# its points' pages, and publishing is rare next to reading.
#
# A template: `manage.py varnish_vcl --backend HOST:PORT [--purger IP …]` fills in the
# backend and purger markers (BACKEND_HOST, BACKEND_PORT, PURGERS between @ signs;
# docs/operations.md);
# tests/core/test_varnish.py runs the result against a live server.

import std;

backend default {
    .host = "@BACKEND_HOST@";
    .port = "@BACKEND_PORT@";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
@PURGERS@}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!(client.ip ~ purgers)) {
            return (synth(405, "Not allowed"));
        }
        # Every page, whatever host it was read under (www. and the bare name, an IP behind a
        # load balancer): one site per installation, and over-purging is only a few misses.
        ban("req.url ~ .");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in editors and visitors with flash messages see live pages (as in the application).
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The reading preferences (text size, contrast) change the page: they are part of the key.
    # Every other cookie (csrftoken, analytics) does not, and is dropped from a cacheable request.
    if (req.http.Cookie ~ "(^|;\s*)lb_reading=") {
        set req.http.X-Reading = regsub(req.http.Cookie, "^(.*;\s*)?lb_reading=([^;]*).*$", "\2");
    } else {
        set req.http.X-Reading = "";
    }
    unset req.http.Cookie;
    # The language is in the path (/en/…); Django's "Vary: Accept-Language" must not split the
    # cache into one copy per browser setting.
    unset req.http.Accept-Language;
    if (req.http.X-Reading != "") {
        set req.http.Cookie = "lb_reading=" + req.http.X-Reading;
    }
    # Tracking parameters never change a page (the application strips them too).
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|from|isappinstalled|spm)=[^&]*", "\1");
    set req.url = regsuball(req.url, "[?&]+$", "");
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    hash_data(req.http.X-Reading);
    return (lookup);
}

sub vcl_backend_response {
    # Only what the application marked as shared is stored (s-maxage); never a response that
    # sets a cookie.
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Readers' browsers keep a page a minute; Varnish keeps it until the next publish or s-maxage.
    set beresp.grace = 1m;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

"""
Q: What is the difference between a GET and a POST request?

A: A GET carries its data in the URL's query string, which Flask parses into ``request.args``;
a POST carries it in the body, which Flask parses into ``request.form`` (or ``get_json()``).
``request.values`` merges both, but on a GET it ignores any body, since Werkzeug 2.0 (while
``request.form`` still parses a GET's form body if one is sent).

The source's security claims need correcting. A GET's data is in the URL, so it lands in
places a body does not: the server's access log (proven below on a real server), browser
history and ``Referer`` headers (not proven here). That is a real reason to keep secrets out
of GET. But "POST is more secure" is false where it matters most: on plain HTTP both travel as
readable text, and anyone on the path reads a POST's password as easily as a GET's (a
recording relay on loopback below sees it). Only TLS (HTTPS) protects either.

Size: HTTP sets no limit on either, but servers do. Werkzeug's development server refuses a
request line over 64 KiB with 414 URI Too Long, while the test client, which has no server,
accepts the same URL; Gunicorn and proxies have their own limits. A POST body is limited by
Flask's ``MAX_CONTENT_LENGTH`` (413 when exceeded), which the app sets.

GET is meant to be safe (no change on the server) and idempotent, so browsers, crawlers and
caches repeat it freely; POST is neither. A form POST should answer with a redirect to a GET
page (post/redirect/get), so that reloading the page repeats the GET, not the POST.

Claims:
  C1. A GET's query string is in ``request.args``, a form body in ``request.form``;
      ``request.values`` merges both on a POST but ignores a GET's body, which ``request.form``
      still parses.
  C2. A GET's data appears in a real server's access log; a POST's body does not.
  C3. Correction: on plain HTTP a POST's password crosses the wire as readable text: a relay
      between client and server records it.
  C4. Werkzeug's development server answers a 70,000-character URL with 414; the test client
      passes the same URL to the app.
  C5. ``MAX_CONTENT_LENGTH`` refuses a larger POST body with 413.
  C6. Post/redirect/get: the form POST answers 303 to the page, which a reload fetches with GET.
  C7. A GET that changes state (the source's silence allows it) is repeated by any client that
      replays GETs; the book's counter changes only on POST and GET leaves it alone.

Try it:
  flask --app chapters.ch29_get_vs_post run
  curl -i 'http://127.0.0.1:5000/search?q=flask'
  curl -i -d 'password=secret' http://127.0.0.1:5000/login
"""

from flask import Flask, redirect, request, url_for

TOPICS = ("http_methods", "security", "serving")


def create_app(config=None):
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # a form post of 1 MiB at most
    app.config.update(config or {})
    state = {"likes": 0, "unsafe_likes": 0}

    @app.route("/echo", methods=["GET", "POST"])
    def echo():
        return {"args": request.args.to_dict(), "form": request.form.to_dict(),
                "values": request.values.to_dict(), "query_length": len(request.query_string)}

    @app.route("/login", methods=["GET", "POST"])
    def login():
        return "checked" if request.values.get("password") else "no password"

    @app.post("/likes")
    def like():
        state["likes"] += 1
        return redirect(url_for("likes"), code=303)

    @app.get("/likes")
    def likes():
        return {"likes": state["likes"]}

    @app.get("/unsafe-like")
    def unsafe_like():  # a state change on GET: the anti-pattern, for contrast
        state["unsafe_likes"] += 1
        return {"unsafe_likes": state["unsafe_likes"]}

    return app

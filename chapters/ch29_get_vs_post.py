"""
Q: What is the difference between a GET and a POST request?

A: A GET carries its data in the URL's query string, which Flask parses into ``request.args``;
a POST carries it in the body, which Flask parses into ``request.form`` for a form.
``request.values`` merges both, but on a GET (Werkzeug 3.1) it leaves out any body, which
``request.form`` still parses if one is sent.

The source's security claims need correcting. A GET's data is in the URL, so it lands in
places a body does not: the server's access log (proven below on a real server), browser
history and ``Referer`` headers (not proven here). The book's advice: keep secrets out of GET
for that reason. But "POST is more secure" is false where it matters most: on plain HTTP both
travel as readable text, and anyone on the path reads a POST's password as easily as a GET's
(a recording relay on loopback below sees it). Only TLS (HTTPS) protects either (not proven
here).

Size: HTTP itself sets no limit on either (not proven here), but servers do. The development
server refuses a request line over 64 KiB with 414 (Request URI Too Long), while the test
client, which has no server, hands the same URL to the app; Gunicorn and proxies have their own
limits (not proven here). A body, of a POST or of any request, is limited by Flask's
``MAX_CONTENT_LENGTH``, which this app sets to 1 MiB: 413 (Request Entity Too Large), but only
when the view reads the body. Flask 3.1 adds ``MAX_FORM_MEMORY_SIZE`` (500,000 bytes by
default): a text field of a multipart form larger than that is refused with 413 too, while a
url-encoded body and an uploaded file of the same size pass.

HTTP defines GET as safe (no change on the server) and idempotent, so clients may repeat it
freely, and POST as neither (RFC 9110, not proven here); a GET that changes state anyway
changes it again on every repeat. The book's advice: answer a form POST with a redirect to a
GET page (post/redirect/get), so that reloading the page repeats the GET, not the POST.

Claims:
  C1. A GET's query string is in ``request.args``, a form body in ``request.form``;
      ``request.values`` merges both on a POST but leaves out a GET's body, which
      ``request.form`` still parses.
  C2. A GET's data appears in a real server's access log; a POST's body does not.
  C3. Correction: on plain HTTP a POST's password crosses the wire as readable text: a relay
      between client and server records it.
  C4. The development server (``flask run``) answers 414 to a request line longer than 65,536
      bytes (its line ending counted) and serves one of 65,536; the test client passes a
      70,000-character URL to the app.
  C5. ``MAX_CONTENT_LENGTH`` (1 MiB here) answers 413 to a larger body the view reads; a view
      that never reads the body answers as usual.
  C6. Flask 3.1's ``MAX_FORM_MEMORY_SIZE`` answers 413 to a multipart text field over 500,000
      bytes; a url-encoded body and an uploaded file of 500,001 bytes pass.
  C7. Post/redirect/get: the form POST answers 303 to the page, which a reload fetches with GET.
  C8. A GET that changes state (the source's silence allows it) is repeated by any client that
      replays GETs; the book's counter changes only on POST and GET leaves it alone.

Try it:
  $ flask --app chapters.ch29_get_vs_post run
  $ curl -i 'http://127.0.0.1:5000/echo?q=flask'              → 200 OK
  → "args":{"q":"flask"}
  $ curl -i -d 'password=secret' http://127.0.0.1:5000/login   → checked  # not in the server's log
  $ curl -i 'http://127.0.0.1:5000/login?password=secret'      → checked  # in the server's log line
  $ curl -i -d '' http://127.0.0.1:5000/likes                  → 303 SEE OTHER
  → Location: /likes
"""

from flask import Flask, redirect, request, url_for

TOPICS = ("http_methods", "security", "serving")


def create_app(config=None):
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # a body of 1 MiB at most
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

"""
Q: How do you deploy a Flask application?

A: In production a Flask app is served by a WSGI server such as Gunicorn, usually behind a
reverse proxy (nginx, a load balancer) that terminates TLS. Gunicorn imports the app, or calls
its factory when the command names it with parentheses
(``gunicorn -w 2 -b 127.0.0.1:8000 'chapters.ch25_deployment:create_app()'``), runs several
worker processes that each hold their own copy of the app, and stops gracefully on SIGTERM.
Flask's development server, by contrast, warns that it is not for production (chapter 8).

Behind a proxy, the app sees the proxy's connection: without help, ``request.scheme`` is
``http`` and ``request.remote_addr`` is the proxy's address even when the client used HTTPS.
Gunicorn helps with the scheme only: it believes ``X-Forwarded-Proto`` from the addresses in
its ``forwarded_allow_ips`` (``127.0.0.1`` and ``::1`` unless ``FORWARDED_ALLOW_IPS`` or
``--forwarded-allow-ips`` says otherwise), so behind a proxy on the same host the app already
sees ``https``, but still the proxy's address and host.
``werkzeug.middleware.proxy_fix.ProxyFix`` reads the ``X-Forwarded-*`` headers the proxy adds,
trusting exactly as many hops as you declare, so the app builds ``https`` URLs and sees the
client's address, while a client cannot spoof more hops than that.

Production settings: debug off, and a secret key from the environment, never from the code;
this factory takes the key from its config, else from the environment, and refuses to start
without one. Debug off is the default only while the server's environment has no
``FLASK_DEBUG``: Flask reads that variable when the app is created, under Gunicorn too, so
``FLASK_DEBUG=1`` left in a production environment turns debug on. Each worker is a process of
its own (C2), so state kept in a Python object is per worker (chapter 21 shows it for caches).

The source's other options are stated here, not proven, since this machine has no network:
uWSGI is another WSGI server used the same way; Heroku and AWS (Elastic Beanstalk, ECS, Lambda
through an adapter) run the same WSGI app with a platform-specific start command.

Claims:
  C1. Gunicorn serves the app for real, calling the factory named on its command line
      (``GUNICORN``, the command shown under Try it).
  C2. ``-w 2`` runs two worker processes: requests are answered by two different PIDs.
  C3. On SIGTERM Gunicorn shuts down gracefully: a worker that has served a request exits,
      then the master exits with status 0 and logs its shutdown.
  C4. Without ProxyFix the app ignores ``X-Forwarded-*``: on a plain WSGI server (the test
      client) it sees ``http``, the proxy's address and the inner host.
  C5. With ProxyFix trusting one hop, the app sees the client's scheme, host and address, and
      ``url_for(_external=True)`` builds an ``https`` URL.
  C6. A client cannot spoof past the trusted hops: with one hop trusted, only the last
      ``X-Forwarded-For`` entry (added by the proxy) is used; with two, the second from the
      right, and likewise for the scheme and host.
  C7. The factory takes ``SECRET_KEY`` from its config, else from the environment; outside
      testing it refuses to start with neither.
  C8. The factory runs with debug off when the environment has no ``FLASK_DEBUG``;
      ``FLASK_DEBUG=1`` turns debug on, in the factory and under Gunicorn.
  C9. Without ProxyFix, Gunicorn sets the scheme to ``https`` for ``X-Forwarded-Proto: https``
      from ``127.0.0.1``, one of its default ``forwarded_allow_ips``, and ignores
      ``X-Forwarded-For`` and ``X-Forwarded-Host``; from an address not in the list, the
      header is ignored too.

Try it:
  $ export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ gunicorn -w 2 -b 127.0.0.1:8000 'chapters.ch25_deployment:create_app()'   → Booting worker with pid
  $ curl http://127.0.0.1:8000/whoami   → "debug":false
  → "scheme":"http"
  $ curl -H 'X-Forwarded-Proto: https' http://127.0.0.1:8000/whoami   → "scheme":"https"  # C9
"""

import os

from flask import Flask, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

TOPICS = ("deployment", "serving", "security")

# The command under Try it; the tests run it with a free port in place of 8000.
GUNICORN = ["gunicorn", "-w", "2", "-b", "127.0.0.1:8000", "chapters.ch25_deployment:create_app()"]


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")
    if not app.testing and not app.config["SECRET_KEY"]:
        raise RuntimeError("set SECRET_KEY in the environment: the book keeps no secret in code")
    hops = app.config.get("PROXY_HOPS")  # the proxies in front of the app: trust no more
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.route("/whoami")
    def whoami():
        return {"pid": os.getpid(), "scheme": request.scheme, "host": request.host,
                "remote_addr": request.remote_addr, "debug": app.debug,
                "url": url_for("whoami", _external=True)}

    return app

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
``werkzeug.middleware.proxy_fix.ProxyFix`` reads the ``X-Forwarded-*`` headers the proxy adds,
trusting exactly as many hops as you declare, so the app builds ``https`` URLs and sees the
client's address, while a client cannot spoof more hops than that.

Production settings: debug off, and a secret key from the environment, never from the code;
this factory refuses to start without one. Each worker process has its own memory, so state
kept in a Python object is per worker (chapter 21 shows the same for caches).

The source's other options are stated here, not proven, since this machine has no network:
uWSGI is another WSGI server used the same way; Heroku and AWS (Elastic Beanstalk, ECS, Lambda
through an adapter) run the same WSGI app with a platform-specific start command.

Claims:
  C1. Gunicorn serves the app for real, calling the factory named on its command line.
  C2. ``-w 2`` runs two worker processes: requests are answered by two different PIDs.
  C3. On SIGTERM Gunicorn shuts down gracefully: the master exits with status 0 and logs its
      shutdown.
  C4. Without ProxyFix the app ignores ``X-Forwarded-*``: it sees ``http`` and the proxy's
      address.
  C5. With ProxyFix trusting one hop, the app sees the client's scheme, host and address, and
      ``url_for(_external=True)`` builds an ``https`` URL.
  C6. A client cannot spoof past the trusted hop: with one hop trusted, only the last
      ``X-Forwarded-For`` entry (added by the proxy) is used.
  C7. Outside testing, the factory refuses to start without ``SECRET_KEY`` in the environment,
      and runs with debug off.

Try it:
  SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))') \\
    gunicorn -w 2 -b 127.0.0.1:8000 'chapters.ch25_deployment:create_app()'
  curl http://127.0.0.1:8000/whoami
"""

import os

from flask import Flask, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

TOPICS = ("deployment", "serving", "security")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")
    if not app.testing and not app.config["SECRET_KEY"]:
        raise RuntimeError("set SECRET_KEY in the environment: the book keeps no secret in code")
    if app.config.get("PROXY_HOPS"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"],
                                x_proto=app.config["PROXY_HOPS"], x_host=app.config["PROXY_HOPS"])

    @app.route("/whoami")
    def whoami():
        return {"pid": os.getpid(), "scheme": request.scheme, "host": request.host,
                "remote_addr": request.remote_addr, "debug": app.debug,
                "url": url_for("whoami", _external=True)}

    return app

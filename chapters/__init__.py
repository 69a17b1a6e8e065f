"""The chapters of the book: one module per interview question.

This package holds only the topic vocabulary, so importing it costs nothing. Each chapter
module names its topics in ``TOPICS``; every name must be a key here. The plugin in
``textbook`` reads this dictionary (statically) and registers one pytest marker per topic, so
``pytest -k routing`` and ``pytest -m routing`` select a topic.
"""

VOCABULARY = {
    "basics": "what Flask is and what a minimal app looks like",
    "wsgi": "Flask as a WSGI application",
    "extensions": "what Flask leaves to extensions",
    "async": "async views and what they need",
    "install": "installing Flask and reading its metadata",
    "command_line": "the flask command line and custom commands",
    "routing": "URL rules, converters, methods and url_for",
    "serving": "running an app on a real server",
    "redirects": "redirect() and its status codes",
    "errors": "error handlers and what reaches the client",
    "security": "attacks that fail and the safe version of unsafe code",
    "forms": "Flask-WTF forms and validation",
    "csrf": "cross-site request forgery protection",
    "blueprints": "organising an app into blueprints",
    "templates": "Jinja templates and their lookup",
    "database": "Flask-SQLAlchemy, models and connections",
    "migrations": "Flask-Migrate and Alembic",
    "rest_api": "REST APIs with Flask-RESTful and MethodView",
    "jwt": "JSON Web Tokens with PyJWT",
    "caching": "Flask-Caching",
    "socketio": "Flask-SocketIO and real-time messages",
    "deployment": "Gunicorn, proxies and production settings",
    "mvc": "models, views and templates kept apart",
    "contexts": "application and request contexts",
    "http_methods": "GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS",
    "debugging": "debug mode and the debugger",
    "test_client": "Flask's test client and CLI runner",
    "sessions": "Flask's signed cookie session",
    "cookies": "cookies and the flags that protect them",
    "config": "the application factory and its configuration",
    "login": "logging users in: password hashes and Flask-Login",
    "hooks": "request hooks and g",
    "uploads": "file uploads and sending files",
    "threads": "threads, background work and context locals",
    "json": "JSON requests and responses",
}

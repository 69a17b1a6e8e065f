"""Fresh, isolated databases for the database chapters.

SQLite is always there: a new file in the test's temporary directory. PostgreSQL runs when
``TEXTBOOK_DATABASE_URL`` names a server on loopback (``.ci/with-postgres`` starts one); each
test then gets a schema of its own on it, through ``search_path``, and the schema is dropped
with everything in it when the test ends.
"""

import contextlib
import os
import secrets
from urllib.parse import quote, urlsplit

from textbook import network

ENVIRONMENT = "TEXTBOOK_DATABASE_URL"
DIALECTS = ("sqlite", "postgresql")


class Unavailable(Exception):
    """No PostgreSQL server was named for this run, or the one named does not answer."""


def sqlite_url(directory):
    return f"sqlite:///{directory}/book.db"


_opened = []  # the connections SQLAlchemy's pools opened in this process, oldest first


def record_connections():
    """From now on, note every connection any SQLAlchemy pool opens (idempotent)."""
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    if not event.contains(Pool, "connect", _note):
        event.listen(Pool, "connect", _note)


def _note(dbapi_connection, _):
    _opened.append(dbapi_connection)


def connections_opened():
    return len(_opened)


def close_connections_since(mark):
    """Close the connections opened since ``connections_opened()`` was ``mark``: apps are
    thrown away with their pools, and a connection left to the garbage collector warns."""
    while len(_opened) > mark:
        _opened.pop().close()


@contextlib.contextmanager
def fresh(dialect, directory, server=None):
    """The URL of a new empty database: a file in ``directory``, or a schema on ``server``."""
    if dialect == "sqlite":
        yield sqlite_url(directory)
        return
    record_connections()
    mark = connections_opened()
    name, url = server.create()
    try:
        yield url
    finally:
        close_connections_since(mark)  # before the drop: it waits for no open session
        server.drop(name)


class PostgreSQL:
    """The server named by ``TEXTBOOK_DATABASE_URL``, handing out one schema per test."""

    def __init__(self, url):
        self.url = url.split("?")[0]
        host = urlsplit(self.url).hostname
        if not network.is_loopback((host, 0)):
            raise ValueError(f"{ENVIRONMENT} must name a server on loopback, not {host!r}")
        self._admin = None

    @classmethod
    def from_environment(cls):
        url = os.environ.get(ENVIRONMENT)
        if not url:
            raise Unavailable(f"no PostgreSQL server: set {ENVIRONMENT} or run under .ci/with-postgres")
        return cls(url)

    def admin(self):
        if self._admin is None:
            import psycopg

            libpq_url = self.url.replace("postgresql+psycopg://", "postgresql://", 1)
            try:
                # lock_timeout: a drop blocked by a connection left open fails instead of hanging
                self._admin = psycopg.connect(libpq_url, autocommit=True, connect_timeout=10,
                                              options="-c lock_timeout=10s")
            except psycopg.OperationalError as error:
                raise Unavailable(f"no PostgreSQL server answers at {self.shown_url()}: {error}") from None
        return self._admin

    def shown_url(self):
        """The URL without its password, for messages and logs."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)).geturl()

    def create(self):
        """A new empty schema and a URL whose connections use it (and only it) by default."""
        name = f"book_{secrets.token_hex(6)}"
        self.admin().execute(f"CREATE SCHEMA {name}")
        return name, f"{self.url}?options={quote(f'-csearch_path={name}')}"

    def drop(self, name):
        """Drop the schema and everything in it (``fresh`` has closed its connections)."""
        self.admin().execute(f"DROP SCHEMA {name} CASCADE")

    def close(self):
        if self._admin is not None:
            self._admin.close()


REDIS_ENVIRONMENT = "TEXTBOOK_REDIS_URL"


def redis_url():
    """The Redis server named by ``TEXTBOOK_REDIS_URL``, once it answers; ``Unavailable`` if none
    is named or it does not answer, ``ValueError`` if it is not on loopback."""
    url = os.environ.get(REDIS_ENVIRONMENT)
    if not url:
        raise Unavailable(f"no Redis server: set {REDIS_ENVIRONMENT} or run under .ci/with-redis")
    host = urlsplit(url).hostname
    if not network.is_loopback((host, 0)):
        raise ValueError(f"{REDIS_ENVIRONMENT} must name a server on loopback, not {host!r}")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        raise Unavailable(f"no Redis server answers at {url}: {error}") from None
    return url

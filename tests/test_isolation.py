"""The suite's own rules, proven: no network beyond loopback, for the tests and their database."""

import socket

import pytest

from textbook import network


@pytest.mark.parametrize("address", [("192.0.2.1", 80), ("10.0.0.1", 443), ("example.org", 80)])
def test_a_connection_beyond_loopback_is_refused(address):
    with socket.socket() as sock, pytest.raises(network.NetworkRefused, match="only loopback"):
        sock.connect(address)


def test_a_connection_on_loopback_is_allowed():
    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client.connect(server.getsockname())
        assert client.getpeername() == server.getsockname()


# The database server the tests may use is on loopback too, and its password stays out of logs.

def test_a_postgresql_server_beyond_loopback_is_refused():
    from textbook import databases

    with pytest.raises(ValueError, match="must name a server on loopback, not '192.0.2.1'"):
        databases.PostgreSQL("postgresql+psycopg://book@192.0.2.1:5432/postgres")


def test_a_named_server_that_does_not_answer_is_unavailable_without_its_password():
    from textbook import databases

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    server = databases.PostgreSQL(f"postgresql+psycopg://book:hunter2@127.0.0.1:{port}/postgres")
    with pytest.raises(databases.Unavailable) as missing:
        server.admin()
    assert str(missing.value).startswith(f"no PostgreSQL server answers at postgresql+psycopg://book:***@127.0.0.1:{port}/postgres: ")
    assert "hunter2" not in str(missing.value)


def test_the_connections_a_test_opened_are_closed_after_it():
    """Python 3.13 warns about a sqlite3 connection the garbage collector finds open (an error
    here, in whichever later test the collector runs); the plugin closes them at teardown."""
    import sqlite3

    from sqlalchemy import create_engine

    from textbook import databases

    databases.record_connections()
    mark = databases.connections_opened()
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
    assert databases.connections_opened() == mark + 1  # back in the pool, still open
    databases.close_connections_since(mark)
    with pytest.raises(sqlite3.ProgrammingError, match="Cannot operate on a closed database"):
        raw.execute("select 1")
    engine.dispose()


def test_a_redis_server_beyond_loopback_is_refused(monkeypatch):
    from textbook import databases

    monkeypatch.setenv("TEXTBOOK_REDIS_URL", "redis://192.0.2.1:6379/0")
    with pytest.raises(ValueError, match="must name a server on loopback, not '192.0.2.1'"):
        databases.redis_url()


def test_free_ports_are_never_handed_out_twice():
    from textbook import live

    # Thousands of picks: the kernel alone repeats a released port many times over (birthday
    # odds), which once made two Try it servers share one port.
    ports = [live.free_port() for _ in range(3000)]
    assert len(set(ports)) == len(ports)

"""The suite's own rules, proven: no network beyond loopback."""

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

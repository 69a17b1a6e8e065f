"""Refuse, inside the test process, any socket connection beyond loopback.

``.ci/run`` also runs the suite in a network namespace with only loopback, which covers child
processes too; this guard gives the same rule a clear error in a developer's own run.
"""

import ipaddress
import socket

_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex


class NetworkRefused(OSError):
    pass


def is_loopback(address):
    host = address[0] if isinstance(address, tuple) else None
    if host is None:  # AF_UNIX paths and the like stay on this machine
        return True
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name here would need a lookup beyond this machine


def _guard(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
        raise NetworkRefused(f"the book reaches only loopback; refused a connection to {address!r}")


def _connect(self, address):
    _guard(self, address)
    return _original_connect(self, address)


def _connect_ex(self, address):
    _guard(self, address)
    return _original_connect_ex(self, address)


def install():
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex

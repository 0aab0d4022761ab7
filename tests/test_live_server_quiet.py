"""The live-server fixture's wait (tests/conftest.py, InFlight): the test database is
emptied only once the server has finished each request, the work after its answer
included."""

from __future__ import annotations

import socket
import socketserver
import threading
import time

import pytest

from tests.conftest import InFlight


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True  # as Django's live server

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Answer)
        self.finished = threading.Event()


class Answer(socketserver.StreamRequestHandler):
    """Answers at once, then works on for a while, as a response's close and Django's
    request_finished do after the client has its answer."""

    def handle(self) -> None:
        self.rfile.readline()
        self.wfile.write(b"ok\n")
        self.wfile.flush()
        time.sleep(0.3)
        self.server.finished.set()


@pytest.fixture
def server():
    server = Server()
    in_flight = InFlight(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, in_flight
    server.shutdown()
    server.server_close()


def _ask(server) -> socket.socket:
    conn = socket.create_connection(server.server_address)
    conn.sendall(b"hello\n")
    assert conn.makefile("rb").readline() == b"ok\n"
    return conn


def test_it_waits_for_the_work_after_the_answer(server):
    server, in_flight = server
    _ask(server).close()
    assert not server.finished.is_set()  # the client has its answer, the server works on
    in_flight.wait_quiet(timeout=5)
    assert server.finished.is_set()
    assert in_flight.count == 0


def test_it_returns_at_once_when_nothing_was_asked(server):
    _, in_flight = server
    started = time.monotonic()
    in_flight.wait_quiet(timeout=5)
    assert time.monotonic() - started < 0.2


def test_a_connection_left_open_fails_the_test_instead_of_hanging(server):
    server, in_flight = server
    conn = socket.create_connection(server.server_address)  # never sends its request
    try:
        with pytest.raises(AssertionError, match="still handles 1 connection"):
            in_flight.wait_quiet(timeout=0.5)
    finally:
        conn.close()
    in_flight.wait_quiet(timeout=5)

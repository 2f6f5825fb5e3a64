"""One end of a render worker's socket: pickled messages, each after its length (no Qt).

The window and its render worker talk over a socket pair per role. A message is the 8-byte
big-endian length of its pickle, then the pickle: what ``multiprocessing.connection`` does,
without multiprocessing's imports in either process (about 2 MiB of each one's heap).
"""

from __future__ import annotations

import pickle
import select
import socket
import struct
from typing import Any

_LENGTH = struct.Struct("!Q")


class Channel:
    """``send``/``recv`` whole messages; ``poll`` and ``fileno`` for the caller's event loop."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def fileno(self) -> int:
        return self._sock.fileno()

    def send(self, message: Any) -> None:
        """Write one message (blocks until the socket took all of it). OSError: closed."""
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        self._sock.sendall(_LENGTH.pack(len(data)))
        self._sock.sendall(data)

    def recv(self) -> Any:
        """Read one message, waiting for it. EOFError: the other end closed first."""
        (length,) = _LENGTH.unpack(self._read(_LENGTH.size))
        return pickle.loads(self._read(length))

    def poll(self, timeout: float = 0.0) -> bool:
        """True when something (a message, or the other end's closing) is waiting."""
        return bool(select.select([self._sock], [], [], timeout)[0])

    def close(self) -> None:
        self._sock.close()

    def _read(self, size: int) -> bytearray:
        data = bytearray(size)
        view = memoryview(data)
        done = 0
        while done < size:
            got = self._sock.recv_into(view[done:])
            if not got:
                raise EOFError("the other end of the render channel closed")
            done += got
        view.release()
        return data


def channel_pair() -> tuple[Channel, socket.socket]:
    """(this process's channel, the socket to hand to the other process)."""
    ours, theirs = socket.socketpair()
    return Channel(ours), theirs


def write_shared_socket(stream: Any, sock: socket.socket, pid: int) -> None:
    """Windows: hand ``sock`` to process ``pid`` through ``stream`` (its stdin), length first;
    the child reads it with :func:`read_shared_socket`."""
    data = sock.share(pid)  # type: ignore[attr-defined]  # Windows only
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def read_shared_socket(stream: Any) -> socket.socket:
    """Windows: the next socket :func:`write_shared_socket` wrote to ``stream``."""
    (length,) = _LENGTH.unpack(stream.read(_LENGTH.size))
    return socket.fromshare(stream.read(length))  # type: ignore[attr-defined]

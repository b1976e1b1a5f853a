"""A small client for the ClamAV daemon (clamd) over its socket: PING and INSTREAM.

INSTREAM: send "zINSTREAM\\0", then the bytes in chunks, each preceded by its length as a 4-byte
big-endian integer, then a zero length. clamd answers "stream: OK", "stream: <name> FOUND" or
"<message> ERROR", terminated by "\\0" (the "z" prefix asks for NUL-terminated replies).

settings.CLAMD_SOCKET is a Unix socket path, or "tcp://host:port".
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ClamdUnavailable(Exception):
    """The daemon could not be reached or gave an answer we don't understand."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def _connect() -> socket.socket:
    address = settings.CLAMD_SOCKET
    timeout = settings.CLAMD_TIMEOUT
    try:
        if address.startswith("tcp://"):
            host, _, port = address.removeprefix("tcp://").rpartition(":")
            return socket.create_connection((host, int(port)), timeout=timeout)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address)
        return sock
    except (OSError, ValueError) as exc:
        raise ClamdUnavailable(f"clamd injoignable ({type(exc).__name__})") from exc


def _read_reply(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) > 64 * 1024:
            raise ClamdUnavailable("réponse de clamd trop longue")
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()


def ping() -> bool:
    try:
        with _connect() as sock:
            sock.sendall(b"zPING\0")
            return _read_reply(sock) == "PONG"
    except (OSError, ClamdUnavailable):
        return False


def scan_bytes(content: bytes) -> ScanResult:
    """Scans `content`; raises ClamdUnavailable when no verdict could be obtained."""
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            view = memoryview(content)
            for start in range(0, len(content), CHUNK):
                chunk = view[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = _read_reply(sock)
    except OSError as exc:
        raise ClamdUnavailable(f"échange avec clamd interrompu ({type(exc).__name__})") from exc
    if reply.endswith("OK") and "FOUND" not in reply:
        return ScanResult(clean=True)
    if reply.endswith("FOUND"):
        signature = reply.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature[:200])
    raise ClamdUnavailable(f"réponse inattendue de clamd : {reply[:200]}")

"""Downloads sent while they are made: text in pieces, gathered into chunks for the wire."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

CHUNK = 64 * 1024


def chunks(pieces: Iterable[str], size: int = CHUNK) -> Iterator[bytes]:
    """UTF-8 chunks of SIZE characters (the last one shorter) from pieces of any length."""
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            text = "".join(buffer)
            whole = len(text) - len(text) % size
            for start in range(0, whole, size):
                yield text[start : start + size].encode()
            buffer, held = [text[whole:]], len(text) - whole
    if held:
        yield "".join(buffer).encode()


def streamed(pieces: Iterable[str], content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks(pieces), content_type=content_type)
    response["Cache-Control"] = "no-store"  # health data: no copies in shared caches
    return response

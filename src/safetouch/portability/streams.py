"""Downloads sent while they are made: text in pieces, gathered into chunks for the wire."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

CHUNK = 64 * 1024


def chunks(pieces: Iterable[str], size: int = CHUNK) -> Iterator[bytes]:
    """UTF-8 chunks of about SIZE characters from many small pieces of text."""
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(buffer).encode()
            buffer, held = [], 0
    if buffer:
        yield "".join(buffer).encode()


def streamed(pieces: Iterable[str], content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks(pieces), content_type=content_type)
    response["Cache-Control"] = "no-store"  # health data: no copies in shared caches
    return response

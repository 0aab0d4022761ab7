"""Streamed downloads: text in pieces of any length goes out in even UTF-8 chunks."""

from __future__ import annotations

import pytest

from safetouch.portability.streams import chunks


@pytest.mark.parametrize(
    "pieces",
    [[], [""], ["a"], ["ab", "c", "défg"], ["x" * 25], ["é" * 7, "ü" * 11, "z"]],
)
def test_the_chunks_hold_the_text_in_order(pieces):
    out = list(chunks(pieces, size=5))
    assert b"".join(out).decode() == "".join(pieces)
    assert all(len(c.decode()) == 5 for c in out[:-1])
    assert all(c for c in out)

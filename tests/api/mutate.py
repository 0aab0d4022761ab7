"""Hypothesis strategies that break one thing in a valid JSON document.

Each draws (path, document): the path, written like the API's error fields
("items[0].pressure"), of the one place that was changed, removed or added.
"""

from __future__ import annotations

import copy

from hypothesis import strategies as st

from safetouch.core.errors import field_path

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "calf", "2026-02-30", "1e3", "3", "true", "\x00", "calf_left"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def locations(node, loc=()):
    """Every place in a document: its location tuple and value."""
    yield loc, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from locations(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from locations(value, (*loc, i))


def _set(doc, loc, value):
    if not loc:
        return value
    parent = doc
    for part in loc[:-1]:
        parent = parent[part]
    parent[loc[-1]] = value
    return doc


def _remove(doc, loc):
    parent = doc
    for part in loc[:-1]:
        parent = parent[part]
    del parent[loc[-1]]
    return doc


@st.composite
def broken(draw, valid: dict):
    doc = copy.deepcopy(valid)
    places = list(locations(doc))
    loc, value = draw(st.sampled_from(places))
    kind = draw(st.sampled_from(["replace", "remove", "add"]))
    if kind == "remove" and loc and isinstance(_parent(doc, loc), dict):
        return field_path(loc), _remove(doc, loc)
    if kind == "add" and isinstance(value, dict):
        key = draw(st.text(min_size=1, max_size=8).filter(lambda k: k not in value))
        value[key] = draw(JUNK)
        return field_path((*loc, key)), doc
    return field_path(loc), _set(doc, loc, draw(JUNK if loc else ANY_JSON))


def _parent(doc, loc):
    parent = doc
    for part in loc[:-1]:
        parent = parent[part]
    return parent


def related(field: str, path: str) -> bool:
    """The error names the changed place, something inside it, or what holds it."""
    if path == "body":  # the whole document was replaced
        return True

    def within(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return within(field, path) or within(path, field)

"""FastSelect writes the same select as Django's own widget, only faster."""

from __future__ import annotations

import re

import pytest
from django import forms

from safetouch.clients.models import REGION_CHOICES
from safetouch.core.widgets import FastSelect


def _options(html: str) -> list[tuple[str, bool, str]]:
    pattern = r'<option value="([^"]*)"( selected)?>([^<]*)</option>'
    return [(v, bool(s), label) for v, s, label in re.findall(pattern, html)]


@pytest.mark.parametrize("value", ["calf_left", "", None])
def test_it_renders_the_options_django_renders(value):
    attrs = {"id": "id_region", "aria-invalid": "true"}
    ours = FastSelect(choices=REGION_CHOICES).render("region", value, attrs)
    django = forms.Select(choices=REGION_CHOICES).render("region", value, attrs)
    assert _options(ours) == _options(django)
    assert len(_options(ours)) == len(REGION_CHOICES)
    for attribute in ['id="id_region"', 'name="region"', 'aria-invalid="true"']:
        assert attribute in ours


def test_it_escapes_labels():
    html = FastSelect(choices=[("a", "<b>")]).render("x", "a")
    assert "&lt;b&gt;" in html and "<b>" not in html

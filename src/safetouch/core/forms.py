"""A form mixin that holds every text and date field to `safetouch.core.inputs`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxLengthValidator

from safetouch.core import inputs


def _validate_moment(value: dt.datetime) -> None:
    inputs.validate_date(value.date())


class CheckedInputs:
    """Mix into a form: one-line fields refuse line breaks and control characters, text
    areas refuse control characters, no text field is unbounded, dates stay in range."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _hold(field)


def _hold(field: forms.Field) -> None:
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
        if field.max_length is None:
            field.max_length = inputs.NOTE_MAX
            field.validators.append(MaxLengthValidator(inputs.NOTE_MAX))
            field.widget.attrs.setdefault("maxlength", str(inputs.NOTE_MAX))
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators.append(inputs.validate_text if multiline else inputs.validate_line)
    elif isinstance(field, forms.DateTimeField):
        field.validators.append(_validate_moment)
    elif isinstance(field, forms.DateField):
        field.validators.append(inputs.validate_date)

from django import forms

from safetouch.core.forms import CheckedInputs


class TokenForm(CheckedInputs, forms.Form):
    name = forms.CharField(
        label="What will use it?",
        max_length=60,
        help_text="A name to recognise it by, e.g. 'spreadsheet sync' or 'clinic app'.",
    )

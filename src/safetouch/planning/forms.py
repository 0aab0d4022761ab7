"""Forms for the plan page: the session length, and the plan's items as she adjusts them."""

from __future__ import annotations

from django import forms

from safetouch.engine.catalog import REGIONS, TECHNIQUES
from safetouch.records.models import PRESSURE_CHOICES, REGION_CHOICES, TECHNIQUE_CHOICES
from safetouch.widgets import FastSelect


class MinutesForm(forms.Form):
    minutes = forms.IntegerField(
        min_value=10, max_value=180, label="Hands-on minutes", help_text="From 10 to 180."
    )


class PlanItemForm(forms.Form):
    region = forms.ChoiceField(choices=REGION_CHOICES, widget=FastSelect)
    technique = forms.ChoiceField(choices=TECHNIQUE_CHOICES, widget=FastSelect)
    pressure = forms.TypedChoiceField(choices=PRESSURE_CHOICES, coerce=int, widget=FastSelect)
    minutes = forms.IntegerField(min_value=1, max_value=180)
    why = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    was = forms.RegexField(
        regex=r"^([a-z_]+\|[a-z_]+\|[1-5]\|\d{1,3})?$",
        required=False,
        widget=forms.HiddenInput,
    )

    def clean_was(self) -> str:
        was = self.cleaned_data["was"]
        region, technique = (was.split("|") + ["", ""])[:2]
        # A tampered value would only change a label, but keep it to known ids.
        if was and (region not in REGIONS or technique not in TECHNIQUES):
            raise forms.ValidationError("Unknown planned item.")
        return was


class BasePlanFormSet(forms.BaseFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Leave this out"


PlanItemFormSet = forms.formset_factory(
    PlanItemForm,
    formset=BasePlanFormSet,
    extra=0,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


def plan_formset(plan, data=None) -> forms.BaseFormSet:
    """The formset that carries a plan through the page: each item one form.

    Bound to posted `data` when given; otherwise filled from `plan`.
    """
    if data is not None:
        return PlanItemFormSet(data, prefix="item")
    fields = ("region", "technique", "pressure", "minutes", "why")
    initial = [
        {**{name: getattr(item, name) for name in fields}, "was": item.was or item.key}
        for item in plan.items
    ]
    return PlanItemFormSet(initial=initial, prefix="item")

"""Public guidance pages: plain templates, no records, no login."""

from __future__ import annotations

from django.views.generic import TemplateView

from safetouch.engine.stretches import UNSAFE_STRETCHES, UNSAFE_VERDICT

GUIDES = [
    ("guide_massage", "Should I get a massage?"),
    ("guide_positioning", "Positioning on the table"),
    ("guide_stretches", "Stretches that spare the SI joints"),
]


class GuideView(TemplateView):
    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            "guides": GUIDES,
            # The stretches to avoid come from the library the routine page uses too.
            "unsafe": UNSAFE_STRETCHES,
            "unsafe_verdict": UNSAFE_VERDICT,
        }


index = GuideView.as_view(template_name="guidance/index.html")
massage = GuideView.as_view(template_name="guidance/massage.html")
positioning = GuideView.as_view(template_name="guidance/positioning.html")
stretches = GuideView.as_view(template_name="guidance/stretches.html")

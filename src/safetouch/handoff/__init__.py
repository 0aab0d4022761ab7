"""The hand-off: a one-page sheet for a new therapist, as HTML and PDF, and share links."""

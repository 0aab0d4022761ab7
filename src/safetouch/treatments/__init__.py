"""Treatments: massage sessions, what was done in them, and how the joints took it."""

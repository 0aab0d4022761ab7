"""Plumbing every app shares and no app owns: log safety and deploy checks."""

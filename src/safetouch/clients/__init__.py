"""Clients: the profile, the body map of zones, banned techniques, positioning, care team."""

"""Accounts: people who log in (clients and therapists), sign-up and the demo practice."""

"""The client's record: its tables, the access service, and the code that reads it.

A plain package, not an app: each model keeps the label of the app that created its
table (`clients`, `treatments`, `checkins`, `audit`), so the database and migrations stay
where they are. Feature apps sit above this package; it imports none of them.
"""

"""The client's record: its tables, the loader, the access service, its serializers."""

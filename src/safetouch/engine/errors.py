"""The engine's one error type."""


class EngineError(ValueError):
    """A request broke the contract; the message starts with the offending field's path."""

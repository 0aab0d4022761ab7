"""The planning engine: pure Python, no Django, no database, no clock.

`recommend(request) -> response` is its one entry point (../shared/engine-contract.md).
"""

from safetouch.engine.errors import EngineError

__all__ = ["EngineError"]

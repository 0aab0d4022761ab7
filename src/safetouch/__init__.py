"""SafeTouch: massage that relieves tight muscles without setbacks to fragile joints."""

__version__ = "0.1.0"

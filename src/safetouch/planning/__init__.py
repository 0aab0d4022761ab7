"""The next-session plan: the engine's proposal on the body map, adjusted and re-checked."""

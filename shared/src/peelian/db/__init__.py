"""Async database access: engine, sessions at the edge, models' base pieces, repositories."""

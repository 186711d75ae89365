"""Peelian's benchmarks: `make bench` (or `uv run python -m bench [name ...]`)."""

"""Peelian reporting service."""

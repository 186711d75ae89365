"""Peelian gateway service."""

"""Peelian scheduling service."""

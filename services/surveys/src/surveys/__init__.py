"""Peelian surveys service."""

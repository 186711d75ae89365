"""Peelian messaging service."""

"""Complaints: a route from any citizen to a supervisor."""

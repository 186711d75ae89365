"""Peelian referrals service."""

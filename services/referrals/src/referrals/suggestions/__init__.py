"""Referrals suggested by rule when a report is submitted, confirmed or dismissed by officers."""

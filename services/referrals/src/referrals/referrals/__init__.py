"""Referrals of reports to partner agencies, from the officer's referral to the outcome."""

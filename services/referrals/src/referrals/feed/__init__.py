"""What each partner receives: its copy of every event about its referrals."""

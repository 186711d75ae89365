"""Answering surveys: one-time response tokens, partial responses, submissions."""

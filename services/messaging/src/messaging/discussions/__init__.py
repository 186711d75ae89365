"""Deliberation: public discussions, citizens' proposals and votes, the force's response."""

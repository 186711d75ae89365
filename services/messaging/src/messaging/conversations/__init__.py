"""Conversations: threads between a citizen and the force, and the officers' team inbox."""
